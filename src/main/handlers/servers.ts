/**
 * Server-profile and audit-log handlers, plus the enrollment ones (see ./enroll). The access
 * token only ever travels renderer→main (add, update); every answer is a token-free view.
 */
import { AppError } from '../../shared/errors'
import type { Channel, Emit } from '../../shared/ipc'
import type { AuditLog } from '../core/audit/log'
import type { EnrollService } from '../core/enroll/service'
import type { ServerStore } from '../core/servers/store'
import {
  givenMithrilFields,
  managedServerProfiles,
  type ManagedServerProfiles,
  type ServerEdit
} from '../core/servers/managed'
import type { PolicyGetter } from '../core/policy'
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

type ServersChannel = Extract<Channel, `servers:${string}` | `audit:${string}`>
type ServersHandlers = { readonly [K in ServersChannel]: Handler<K> }

/** Every handler of the servers, audit and enroll channels. */
export function createServersHandlers(
  d: ServersDeps,
  emit: Emit,
  policy: PolicyGetter
): ServersHandlers & EnrollHandlers {
  const parts = (): EnrollmentParts => d.enrollment()
  const profiles = (): ManagedServerProfiles => managedServerProfiles(parts().servers, policy)
  const archivedChanged = (ids: string[]): void => {
    if (ids.length > 0) emit('accounts:changed', { reason: 'updated', ids })
  }
  return {
    'servers:list': async () => profiles().list(),
    'servers:add': async (input) => profiles().add(input),
    'servers:update': async ({ id, ...fields }) => {
      const edit: ServerEdit = {}
      if (fields.name !== undefined) edit.name = fields.name
      if (fields.type !== undefined) edit.type = fields.type
      if (fields.baseUrl !== undefined) edit.baseUrl = fields.baseUrl
      // An empty token field means "keep the stored one".
      if (fields.token !== undefined && fields.token.trim() !== '') edit.token = fields.token
      if (fields.mithril !== undefined) edit.mithril = givenMithrilFields(fields.mithril)
      return profiles().update(id, edit)
    },
    'servers:remove': async ({ id }) => {
      const { service } = parts()
      await profiles().remove(id, (profile) => {
        if (service.pending(profile.id).length > 0) {
          throw new AppError(
            'INVALID_INPUT',
            `An unfinished enrollment with "${profile.name}" is waiting. Finish or discard it first, then remove the server.`
          )
        }
      })
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
