import { AppError } from '../../shared/errors'
import { enrollServiceForVault } from '../../main/core/enroll/wire'
import type { CliCommand } from '../command'
import { profileByName } from './server'

export const disableCommand: CliCommand = {
  name: 'disable',
  summary: 'Turn two-factor off on a Vantage server; its local account is archived.',
  usage: '<server-name>',
  description: [
    "The server account's password comes from stdin with --password-stdin, or is asked on the",
    'terminal. JSON: {"server", "enrolled": false, "archived": [account ids]}'
  ].join('\n'),
  flags: {
    'password-stdin': {
      type: 'boolean',
      description: "Read the server account's password from stdin."
    }
  },
  args: { min: 1, max: 1 },
  async run(ctx) {
    let password: string
    if (ctx.flags['password-stdin']) password = (await ctx.readStdin()).replace(/\r?\n$/, '')
    else if (ctx.stdinIsTTY) password = await ctx.promptSecret('Server account password: ')
    else {
      throw new AppError(
        'INVALID_INPUT',
        "Give the server account's password on stdin with --password-stdin."
      )
    }
    const vault = await ctx.openVault()
    const { service, servers } = enrollServiceForVault(vault, ctx.dataDir)
    const profile = profileByName(servers, ctx.args[0]!)
    const out = await service.disable(profile.id, password)
    ctx.print(
      {
        server: profile.name,
        enrolled: out.status.enrolled,
        archived: out.archived.map((a) => a.id)
      },
      `Two-factor is off on "${profile.name}". Archived ${out.archived.length} account(s).`
    )
  }
}
