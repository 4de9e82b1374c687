/**
 * Server-profile and audit-log handlers, plus the enrollment ones (see ./enroll). The access
 * token only ever travels renderer→main (add, update); every answer is a token-free view.
 */
import { AppError } from '../../shared/errors'
import type { Channel, Emit } from '../../shared/ipc'
import type { AuditLog } from '../core/audit/log'
import type { EnrollService } from '../core/enroll/service'
import type { ServerStore } from '../core/servers/store'
import { toServerView, type ServerPatch, type ServerView } from '../core/servers/model'
import { assertUserServersAllowed, policyForbidden, type PolicyGetter } from '../core/policy'
import type { ManagedServer } from '../../shared/policy'
import type { Handler } from '../handlers'
import type { SaveFilePort } from '../ports'
import { createEnrollHandlers, type EnrollHandlers } from './enroll'

/** The enrollment service with the profile store and audit log it writes to. */
export interface EnrollmentParts {
  service: EnrollService
  servers: ServerStore
  audit: AuditLog
}

export interface ServersDeps {
  /**
   * The enrollment parts over the current account store. A getter, so the app can hand out the
   * vault-backed ones once the vault is open (and throw VAULT_LOCKED before).
   */
  enrollment: () => EnrollmentParts
  /** The save dialog `audit:export` writes through. */
  saveFile: SaveFilePort
}

/** The id a preset server has in the list until the user stores a token for it. */
const PRESET_PREFIX = 'managed:'

const sameUrl = (a: string, b: string): boolean =>
  a.replace(/\/+$/, '').toLowerCase() === b.replace(/\/+$/, '').toLowerCase()

/** Whether a stored profile is the one IT preset (same type and address). */
const isPreset = (p: { type: string; baseUrl: string }, m: ManagedServer): boolean =>
  p.type === m.type && sameUrl(p.baseUrl, m.url)

type ServersChannel = Extract<Channel, `servers:${string}` | `audit:${string}`>
type ServersHandlers = { readonly [K in ServersChannel]: Handler<K> }

/** Every handler of the servers, audit and enroll channels. */
export function createServersHandlers(
  d: ServersDeps,
  emit: Emit,
  policy: PolicyGetter
): ServersHandlers & EnrollHandlers {
  const parts = (): EnrollmentParts => d.enrollment()
  const archivedChanged = (ids: string[]): void => {
    if (ids.length > 0) emit('accounts:changed', { reason: 'updated', ids })
  }
  return {
    'servers:list': async () => {
      const presets = policy().values.EnrollmentServers
      const stored = parts().servers.list()
      const views: ServerView[] = stored.map((p) =>
        presets.some((m) => isPreset(p, m))
          ? { ...toServerView(p), managed: true }
          : toServerView(p)
      )
      // A preset the user has not stored a token for yet still shows, marked managed.
      presets.forEach((m, i) => {
        if (stored.some((p) => isPreset(p, m))) return
        views.push({
          id: `${PRESET_PREFIX}${i}`,
          name: m.name,
          type: m.type,
          baseUrl: m.url,
          hasToken: false,
          managed: true,
          createdAt: 0,
          updatedAt: 0
        })
      })
      return views.sort((a, b) => a.name.localeCompare(b.name))
    },
    'servers:add': async (input) => {
      assertUserServersAllowed(policy())
      return toServerView(await parts().servers.add(input))
    },
    'servers:update': async ({ id, ...fields }) => {
      const snapshot = policy()
      const presets = snapshot.values.EnrollmentServers
      const stored = id.startsWith(PRESET_PREFIX) ? undefined : parts().servers.get(id)
      const preset = id.startsWith(PRESET_PREFIX)
        ? presets[Number(id.slice(PRESET_PREFIX.length))]
        : stored && presets.find((m) => isPreset(stored, m))
      if (id.startsWith(PRESET_PREFIX) && !preset) {
        throw new AppError(
          'NOT_FOUND',
          'That server is no longer set up by your organization. Refresh the list.'
        )
      }
      if (preset) {
        const edits =
          (fields.name !== undefined && fields.name !== preset.name) ||
          (fields.type !== undefined && fields.type !== preset.type) ||
          (fields.baseUrl !== undefined && !sameUrl(fields.baseUrl, preset.url))
        if (edits) {
          throw policyForbidden(
            snapshot,
            'EnrollmentServers',
            `"${preset.name}" was set up by your organization; its name, type and address cannot be changed`
          )
        }
        // The access token is the user's: storing one for a preset creates its profile.
        if (!stored) {
          const token = fields.token?.trim() ?? ''
          if (token === '' && preset.type !== 'barycenter' && preset.type !== 'mithril') {
            throw new AppError('INVALID_INPUT', `Enter your access token for "${preset.name}".`)
          }
          const input: Parameters<ServerStore['add']>[0] = {
            name: preset.name,
            type: preset.type,
            baseUrl: preset.url,
            token
          }
          if (fields.mithril?.email !== undefined && fields.mithril.clientId !== undefined) {
            input.mithril = {
              email: fields.mithril.email,
              clientId: fields.mithril.clientId,
              ...(fields.mithril.scope !== undefined ? { scope: fields.mithril.scope } : {})
            }
          }
          return { ...toServerView(await parts().servers.add(input)), managed: true }
        }
      } else {
        assertUserServersAllowed(snapshot)
      }
      const patch: ServerPatch = {}
      if (fields.name !== undefined) patch.name = fields.name
      if (fields.type !== undefined) patch.type = fields.type
      if (fields.baseUrl !== undefined) patch.baseUrl = fields.baseUrl
      // An empty token field means "keep the stored one".
      if (fields.token !== undefined && fields.token.trim() !== '') patch.token = fields.token
      if (fields.mithril !== undefined) {
        const m: NonNullable<ServerPatch['mithril']> = {}
        if (fields.mithril.email !== undefined) m.email = fields.mithril.email
        if (fields.mithril.clientId !== undefined) m.clientId = fields.mithril.clientId
        if (fields.mithril.scope !== undefined) m.scope = fields.mithril.scope
        patch.mithril = m
      }
      const view = toServerView(await parts().servers.update(id, patch))
      return preset ? { ...view, managed: true } : view
    },
    'servers:remove': async ({ id }) => {
      const { servers, service } = parts()
      const snapshot = policy()
      const presets = snapshot.values.EnrollmentServers
      const profile = id.startsWith(PRESET_PREFIX) ? undefined : servers.get(id)
      const preset = id.startsWith(PRESET_PREFIX)
        ? presets[Number(id.slice(PRESET_PREFIX.length))]
        : profile && presets.find((m) => isPreset(profile, m))
      if (preset) {
        throw policyForbidden(
          snapshot,
          'EnrollmentServers',
          `"${preset.name}" was set up by your organization and cannot be removed`
        )
      }
      if (!profile) {
        throw new AppError('NOT_FOUND', 'That server profile no longer exists. Refresh the list.')
      }
      if (service.pending(id).length > 0) {
        throw new AppError(
          'INVALID_INPUT',
          `An unfinished enrollment with "${profile.name}" is waiting. Finish or discard it first, then remove the server.`
        )
      }
      await servers.remove(id)
      return null
    },
    'servers:status': async ({ id }) => parts().service.status(id),
    'servers:enableEmail': async ({ id }) => {
      const result = await parts().service.enableEmail(id)
      archivedChanged(result.archived.map((a) => a.id))
      return result
    },
    'servers:disable': async ({ id, password }) => {
      const result = await parts().service.disable(id, password)
      archivedChanged(result.archived.map((a) => a.id))
      return result
    },
    'audit:list': async (input) =>
      parts().audit.list({
        ...(input?.serverId !== undefined ? { serverId: input.serverId } : {}),
        ...(input?.limit !== undefined ? { limit: input.limit } : {})
      }),
    'audit:export': async (input) => {
      const { audit } = parts()
      const filter = input?.serverId !== undefined ? { serverId: input.serverId } : {}
      const entries = await audit.list(filter)
      const content = await audit.exportJson(filter)
      const saved = await d.saveFile.save({
        defaultName: `tessera-audit-${new Date().toISOString().slice(0, 10)}.json`,
        content
      })
      return saved
        ? { saved: true, path: saved.path, count: entries.length }
        : { saved: false, count: entries.length }
    },
    ...createEnrollHandlers(d, emit)
  }
}
