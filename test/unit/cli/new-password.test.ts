import { describe, expect, it } from 'vitest'
import type { CliContext } from '../../../src/cli/command'
import { readNewPassword } from '../../../src/cli/new-password'

const WORDS = {
  piped: 'the password for the export',
  noTerminal: 'An encrypted export needs a password: pipe it in with --password-stdin.',
  prompt: 'Password for the export: ',
  runAgain: 'export'
}

/** Only what readNewPassword reads; the rest of the context is never reached. */
function ctx(opts: { stdin?: string; tty?: boolean; typed?: string[] }): {
  ctx: CliContext
  prompts: string[]
} {
  const prompts: string[] = []
  const typed = [...(opts.typed ?? [])]
  const c = {
    flags: opts.stdin === undefined ? {} : { 'password-stdin': true },
    stdinIsTTY: opts.tty ?? false,
    readStdin: async () => opts.stdin ?? '',
    promptSecret: async (p: string) => {
      prompts.push(p)
      return typed.shift() ?? ''
    }
  }
  return { ctx: c as unknown as CliContext, prompts }
}

describe('readNewPassword (tessera export and backup setup)', () => {
  it('takes stdin less one final newline, without asking', async () => {
    const { ctx: c, prompts } = ctx({ stdin: 'pass word\r\n' })
    await expect(readNewPassword(c, WORDS)).resolves.toBe('pass word')
    expect(prompts).toEqual([])
  })

  it('refuses an empty stdin in the command’s words', async () => {
    await expect(readNewPassword(ctx({ stdin: '\n' }).ctx, WORDS)).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: 'stdin was empty. Pipe the password for the export in.'
    })
  })

  it('without a terminal or --password-stdin it is PASSWORD_REQUIRED and asks nothing', async () => {
    const { ctx: c, prompts } = ctx({ tty: false })
    await expect(readNewPassword(c, WORDS)).rejects.toMatchObject({
      code: 'PASSWORD_REQUIRED',
      message: WORDS.noTerminal
    })
    expect(prompts).toEqual([])
  })

  it('asks twice on a terminal; the same password twice is taken', async () => {
    const { ctx: c, prompts } = ctx({ tty: true, typed: ['s3cret', 's3cret'] })
    await expect(readNewPassword(c, WORDS)).resolves.toBe('s3cret')
    expect(prompts).toEqual(['Password for the export: ', 'Repeat the password: '])
  })

  it('two different passwords are refused with the command to run again', async () => {
    const { ctx: c } = ctx({ tty: true, typed: ['s3cret', 's3cert'] })
    await expect(readNewPassword(c, WORDS)).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: 'The two passwords differ. Run export again.'
    })
  })
})
