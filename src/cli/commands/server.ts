import { AppError } from '../../shared/errors'
import { enrollServiceForVault } from '../../main/core/enroll/wire'
import {
  managedServerProfiles,
  type ServerEdit,
  type ServerProfile,
  type ServerView
} from '../../main/core/servers'
import { assertUserServersAllowed } from '../../main/core/policy/enforce'
import { adminUrlWarnings } from '../../main/core/barycenter/client'
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
  const managed = v.managed ? (v.hasToken ? '  (managed)' : '  (managed, no token yet)') : ''
  return `${v.name.padEnd(20)} ${v.type.padEnd(10)} ${v.baseUrl}${v.mithril ? `  ${v.mithril.email}` : ''}${v.type === 'mithril' ? (v.hasToken ? ' (signed in)' : ' (not signed in)') : ''}${managed}`
}

export const serverCommand: CliCommand = {
  name: 'server',
  summary: 'Manage 2FA server profiles: add, edit, list, remove.',
  usage: 'add|edit|list|remove [<name>]',
  description: [
    'tessera server add <name> --type ucloud|vantage --url <url> [--token-stdin]',
    'tessera server add <name> --type mithril --url <url> --email <e> --client-id <id> [--scope S]',
    'tessera server add <name> --type barycenter --url <admin-url>   (no token: the admin API has',
    '                                                  no authentication; default port 8081)',
    'tessera server edit <name> [--type T] [--url U] [--token-stdin] [--email E] [--client-id C]',
    'tessera server list            JSON: [{id, name, type, baseUrl, hasToken, managed?, ...}]',
    'tessera server remove <name>',
    'Servers your organization set up (policy EnrollmentServers) are listed as managed: they',
    'cannot be edited or removed (exit 6), but "edit <name> --token-stdin" stores your token.',
    'Under AllowUserAddedServers=false, add and edit of your own servers exit 6.',
    'The access token is kept inside the vault and is never printed. https is required except',
    'for addresses on this machine (127.0.0.1, ::1, localhost). Mithril: sign in afterwards with',
    '"tessera mithril sign-in <name>"; Barycenter: "tessera barycenter status|enforce|undo".'
  ].join('\n'),
  flags: {
    type: {
      type: 'string',
      valueName: '<ucloud|vantage|mithril|barycenter>',
      description: 'Server API type.'
    },
    email: { type: 'string', valueName: '<email>', description: 'Mithril: the sign-in email.' },
    'client-id': { type: 'string', valueName: '<id>', description: 'Mithril: the client ID.' },
    scope: { type: 'string', valueName: '<scope>', description: 'Mithril: scope (app:authorize).' },
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
    const { servers: store, service } = enrollServiceForVault(vault, ctx.dataDir)
    const snapshot = await ctx.policies()
    const servers = managedServerProfiles(store, () => snapshot)
    if (sub === 'list') {
      const views = servers.list()
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
          'Give the server type and address: --type ucloud|vantage|mithril|barycenter --url <url>.'
        )
      }
      // Refused before the token is read: nothing is asked for that cannot be stored.
      assertUserServersAllowed(snapshot)
      const noToken = type === 'mithril' || type === 'barycenter'
      const token = noToken && !ctx.flags['token-stdin'] ? '' : await readToken(ctx)
      const mithril =
        type === 'mithril'
          ? {
              email: typeof ctx.flags.email === 'string' ? ctx.flags.email : '',
              clientId: typeof ctx.flags['client-id'] === 'string' ? ctx.flags['client-id'] : '',
              ...(typeof ctx.flags.scope === 'string' ? { scope: ctx.flags.scope } : {})
            }
          : undefined
      const added = await servers.add({
        name: name!,
        type: type as 'ucloud',
        baseUrl: url,
        token,
        ...(mithril ? { mithril } : {})
      })
      if (added.type === 'barycenter') {
        for (const w of adminUrlWarnings(added.baseUrl)) ctx.stderr(`warning: ${w}\n`)
      }
      const next =
        added.type === 'mithril'
          ? ` Sign in: tessera mithril sign-in ${added.name}`
          : added.type === 'barycenter'
            ? ` Check users: tessera barycenter status ${added.name} <user>`
            : ''
      ctx.print(added, `Added server "${added.name}".${next}`)
      return
    }
    const row = servers.findByName(name!)
    if (!row) {
      throw new AppError(
        'NOT_FOUND',
        `There is no server named "${name}". See the names with "tessera server list".`
      )
    }
    const id = row.id
    if (sub === 'remove') {
      await servers.remove(id, (profile) => {
        if (service.pending(profile.id).length > 0) {
          throw new AppError(
            'INVALID_INPUT',
            `An unfinished enrollment with "${profile.name}" is waiting. Run "tessera enroll ${profile.name} --finish" or --discard first.`
          )
        }
      })
      ctx.print({ removed: row.name }, `Removed server "${row.name}".`)
      return
    }
    const edit: ServerEdit = {}
    const m: NonNullable<ServerEdit['mithril']> = {}
    if (typeof ctx.flags.email === 'string') m.email = ctx.flags.email
    if (typeof ctx.flags['client-id'] === 'string') m.clientId = ctx.flags['client-id']
    if (typeof ctx.flags.scope === 'string') m.scope = ctx.flags.scope
    if (Object.keys(m).length > 0) edit.mithril = m
    if (typeof ctx.flags.type === 'string') edit.type = ctx.flags.type as 'ucloud'
    if (typeof ctx.flags.url === 'string') edit.baseUrl = ctx.flags.url
    if (ctx.flags['token-stdin']) edit.token = await readToken(ctx)
    const edited = await servers.update(id, edit)
    ctx.print(edited, `Updated server "${edited.name}".`)
  }
}
