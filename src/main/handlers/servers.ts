/**
 * Server-profile and audit-log handlers, plus the enrollment ones (see ./enroll). The access
 * token only ever travels renderer→main (add, update); every answer is a token-free view.
 */
import { join } from 'node:path'
import { AppError } from '../../shared/errors'
import type { Channel, Emit } from '../../shared/ipc'
import type { AccountStore } from '../core/accounts/store'
import { AuditLog } from '../core/audit/log'
import { AUDIT_DIR_NAME } from '../core/enroll/wire'
import { EnrollService, type EnrollServiceDeps } from '../core/enroll/service'
import { generateCode } from '../core/otp'
import { parseOtpauthUri } from '../core/otpauth'
import { MemoryServerStore, type ServerStore } from '../core/servers/store'
import { toServerView, type ServerPatch } from '../core/servers/model'
import type { Handler } from '../handlers'
import { createEnrollHandlers, type EnrollHandlers } from './enroll'

/** The enrollment service with the profile store and audit log it writes to. */
export interface EnrollmentParts {
  service: EnrollService
  servers: ServerStore
  audit: AuditLog
}

/** Where an exported file goes: Electron's save dialog, or a recorder under test. */
export interface SaveFilePort {
  /** Asks where to save `content` (suggesting `defaultName`) and writes it; null: cancelled. */
  save(opts: { defaultName: string; content: string }): Promise<{ path: string } | null>
}

export interface ServersDeps {
  /**
   * The enrollment parts over the current account store. A getter, so the app can hand out the
   * vault-backed ones once the vault is open (and throw VAULT_LOCKED before).
   */
  enrollment: () => EnrollmentParts
  /** Without one, `audit:export` answers UNSUPPORTED. */
  saveFile?: SaveFilePort
}

type ServersChannel = Extract<Channel, `servers:${string}` | `audit:${string}`>
type ServersHandlers = { readonly [K in ServersChannel]: Handler<K> }

/**
 * Enrollment parts over any account store, with profiles kept in memory and the audit log in
 * `<dataDir>/audit/`. For the app until profiles live in the vault (`enrollServiceForVault`),
 * and for the e2e harness.
 */
export function memoryEnrollment(
  accounts: AccountStore,
  dataDir: string,
  extra: Partial<EnrollServiceDeps> = {}
): EnrollmentParts {
  const now = extra.now ?? Date.now
  const servers = new MemoryServerStore(now)
  const audit = new AuditLog(join(dataDir, AUDIT_DIR_NAME), now)
  const service = new EnrollService({
    servers,
    accounts,
    generateCode,
    parseUri: parseOtpauthUri,
    audit,
    ...extra
  })
  return { service, servers, audit }
}

function unsupported(): never {
  throw new AppError(
    'UNSUPPORTED',
    'Enrolling with 2FA servers is not available in this Tessera. Update or reinstall the app.'
  )
}

/** Every handler of the servers, audit and enroll channels. */
export function createServersHandlers(
  deps: ServersDeps | undefined,
  emit: Emit
): ServersHandlers & EnrollHandlers {
  const d: ServersDeps = deps ?? { enrollment: unsupported }
  const parts = (): EnrollmentParts => d.enrollment()
  const archivedChanged = (ids: string[]): void => {
    if (ids.length > 0) emit('accounts:changed', { reason: 'updated', ids })
  }
  return {
    'servers:list': async () => parts().servers.list().map(toServerView),
    'servers:add': async (input) => toServerView(await parts().servers.add(input)),
    'servers:update': async ({ id, ...fields }) => {
      const patch: ServerPatch = {}
      if (fields.name !== undefined) patch.name = fields.name
      if (fields.type !== undefined) patch.type = fields.type
      if (fields.baseUrl !== undefined) patch.baseUrl = fields.baseUrl
      // An empty token field means "keep the stored one".
      if (fields.token !== undefined && fields.token.trim() !== '') patch.token = fields.token
      return toServerView(await parts().servers.update(id, patch))
    },
    'servers:remove': async ({ id }) => {
      const { servers, service } = parts()
      const profile = servers.get(id)
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
      if (!d.saveFile) {
        throw new AppError(
          'UNSUPPORTED',
          'Saving files is not available here. Use "tessera" on the command line to export the audit log.'
        )
      }
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
