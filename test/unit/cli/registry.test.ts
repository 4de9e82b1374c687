import { describe, expect, it } from 'vitest'
import { COMMANDS } from '../../../src/cli/registry'
import { mainHelp } from '../../../src/cli/run'

// The registry repeats each command's name, usage and summary so `tessera --help` can print the
// list without loading any command; these tests keep the two copies equal.
describe('tessera command registry', () => {
  it.each(COMMANDS.map((e) => [e.name, e] as const))(
    '%s: the help line matches the command module',
    async (_name, entry) => {
      const command = await entry.load()
      expect({ name: entry.name, usage: entry.usage, summary: entry.summary }).toEqual({
        name: command.name,
        usage: command.usage,
        summary: command.summary
      })
    }
  )

  it('every command name appears once, and in the main help', () => {
    const names = COMMANDS.map((e) => e.name)
    expect(new Set(names).size).toBe(names.length)
    const help = mainHelp()
    for (const n of names) expect(help).toMatch(new RegExp(`^  ${n} `, 'm'))
  })
})
