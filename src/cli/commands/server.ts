import { AppError } from '../../shared/errors'
import { enrollServiceForVault } from '../../main/core/enroll/wire'
import { toServerView, type ServerProfile, type ServerView } from '../../main/core/servers'
import { assertUserServersAllowed } from '../../main/core/policy/enforce'
import type { CliCommand, CliContext } from '../command'

/** The server's access token: from stdin with --token-stdin, else asked on the terminal. */
async function readToken(ctx: CliContext): Promise<string> {
  if (ctx.flags['token-stdin']) return (await ctx.readStdin()).trim()
  if (ctx.stdinIsTTY) return ctx.promptSecret('Access token: ')
  throw new AppError(
    'INVALID_INPUT',
    'Give the access token on stdin with --token-stdin (it is never taken as an argument, so it stays out of the process list).'
  )
}

/** Finds a profile by name or says how to list them. */
export function profileByName(
  servers: { getByName(name: string): ServerProfile | undefined },
  name: string
): ServerProfile {
  const p = servers.getByName(name)
  if (!p) {
    throw new AppError(
      'NOT_FOUND',
      `There is no server named "${name}". See the names with "tessera server list".`
    )
  }
  return p
}

function line(v: ServerView): string {
  return `${v.name.padEnd(20)} ${v.type.padEnd(8)} ${v.baseUrl}`
}

export const serverCommand: CliCommand = {
  name: 'server',
  summary: 'Manage 2FA server profiles: add, edit, list, remove.',
  usage: 'add|edit|list|remove [<name>]',
  description: [
    'tessera server add <name> --type ucloud|vantage --url <url> [--token-stdin]',
    'tessera server edit <name> [--type T] [--url U] [--token-stdin]',
    'tessera server list            JSON: [{id, name, type, baseUrl, hasToken, ...}]',
    'tessera server remove <name>',
    'The access token is kept inside the vault and is never printed. https is required except',
    'for addresses on this machine (127.0.0.1, ::1, localhost).'
  ].join('\n'),
  flags: {
    type: { type: 'string', valueName: '<ucloud|vantage>', description: 'Server API type.' },
    url: { type: 'string', valueName: '<url>', description: 'Base URL of the server.' },
    'token-stdin': { type: 'boolean', description: 'Read the access token from stdin.' }
  },
  args: { min: 1, max: 2 },
  async run(ctx) {
    const [sub, name] = ctx.args
    const needsName = sub === 'add' || sub === 'edit' || sub === 'remove'
    if (!['add', 'edit', 'list', 'remove'].includes(sub ?? '') || (needsName && !name)) {
      throw new AppError(
        'INVALID_INPUT',
        'Use "tessera server add <name> ...", "edit <name>", "list" or "remove <name>".'
      )
    }
    const vault = await ctx.openVault()
    const { servers, service } = enrollServiceForVault(vault, ctx.dataDir)
    if (sub === 'list') {
      const views = servers.list().map(toServerView)
      ctx.print(
        views,
        views.length
          ? views.map(line).join('\n')
          : 'No servers yet. Add one with "tessera server add".'
      )
      return
    }
    if (sub === 'add') {
      const type = ctx.flags.type
      const url = ctx.flags.url
      if (typeof type !== 'string' || typeof url !== 'string') {
        throw new AppError(
          'INVALID_INPUT',
          'Give the server type and address: --type ucloud|vantage --url <url>.'
        )
      }
      assertUserServersAllowed(await ctx.policies())
      const token = await readToken(ctx)
      const added = await servers.add({ name: name!, type: type as 'ucloud', baseUrl: url, token })
      ctx.print(toServerView(added), `Added server "${added.name}".`)
      return
    }
    const profile = profileByName(servers, name!)
    if (sub === 'remove') {
      if (service.pending(profile.id).length > 0) {
        throw new AppError(
          'INVALID_INPUT',
          `An unfinished enrollment with "${profile.name}" is waiting. Run "tessera enroll ${profile.name} --finish" or --discard first.`
        )
      }
      await servers.remove(profile.id)
      ctx.print({ removed: profile.name }, `Removed server "${profile.name}".`)
      return
    }
    const patch: { type?: 'ucloud'; baseUrl?: string; token?: string } = {}
    if (typeof ctx.flags.type === 'string') patch.type = ctx.flags.type as 'ucloud'
    if (typeof ctx.flags.url === 'string') patch.baseUrl = ctx.flags.url
    if (ctx.flags['token-stdin']) patch.token = await readToken(ctx)
    const edited = await servers.update(profile.id, patch)
    ctx.print(toServerView(edited), `Updated server "${edited.name}".`)
  }
}
