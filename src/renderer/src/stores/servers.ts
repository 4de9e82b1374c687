/**
 * 2FA server profiles (views without tokens), each server's last status, unfinished enrollments
 * and the audit log. The token and the Vantage password pass through an action once and are not
 * kept here.
 */
import { create } from 'zustand'
import type { ErrorShape } from '../../../shared/errors'
import type { PendingEnrollment } from '../../../shared/ipc/enroll'
import type {
  AuditEntryView,
  AuditExportResult,
  ServerProfileView,
  ServerStatusInfo,
  ServerTypeName
} from '../../../shared/ipc/servers'
import { api } from '../api'

export type ServerStatusState =
  | { kind: 'checking' }
  | { kind: 'ok'; status: ServerStatusInfo }
  | { kind: 'error'; error: ErrorShape }

export interface ServerFormInput {
  name: string
  type: ServerTypeName
  baseUrl: string
  /** Empty when editing means "keep the stored token". Mithril and Barycenter: none. */
  token: string
  /** Mithril: the email the account signs in with. */
  email?: string
  /** Mithril: the client ID the administrator gave for Tessera. */
  clientId?: string
}

/**
 * Mithril and Barycenter have no enrollment status to ask for: Mithril's card shows whether a
 * sign-in is stored, Barycenter's is an admin tool.
 */
export const hasEnrollStatus = (type: ServerTypeName): boolean =>
  type === 'ucloud' || type === 'vantage'

const mithrilOf = (input: ServerFormInput) =>
  input.type === 'mithril'
    ? { mithril: { email: input.email ?? '', clientId: input.clientId ?? '' } }
    : {}

interface ServersState {
  servers: ServerProfileView[]
  loaded: boolean
  error: ErrorShape | null
  statusById: Record<string, ServerStatusState>
  pending: PendingEnrollment[]
  audit: AuditEntryView[]
  auditLoaded: boolean
  auditError: ErrorShape | null
  load(): Promise<void>
  refreshStatus(id: string): Promise<void>
  loadPending(): Promise<void>
  add(input: ServerFormInput): Promise<ErrorShape | null>
  update(id: string, input: ServerFormInput): Promise<ErrorShape | null>
  remove(id: string): Promise<ErrorShape | null>
  enableEmail(id: string): Promise<ErrorShape | null>
  disable(id: string, password: string): Promise<ErrorShape | null>
  discard(accountId: string, force?: boolean): Promise<ErrorShape | null>
  /** Mithril: a sign-in stored (or forgot) the profile's access token. */
  setHasToken(id: string, hasToken: boolean): void
  loadAudit(): Promise<void>
  exportAudit(): Promise<{ ok: true; value: AuditExportResult } | { ok: false; error: ErrorShape }>
  reset(): void
}

const initial = {
  servers: [] as ServerProfileView[],
  loaded: false,
  error: null,
  statusById: {} as Record<string, ServerStatusState>,
  pending: [] as PendingEnrollment[],
  audit: [] as AuditEntryView[],
  auditLoaded: false,
  auditError: null
}

export const useServersStore = create<ServersState>()((set, get) => ({
  ...initial,
  async load() {
    const result = await api().servers.list()
    if (!result.ok) {
      set({ loaded: true, error: result.error })
      return
    }
    set({ servers: result.value, loaded: true, error: null })
    await Promise.all([
      get().loadPending(),
      ...result.value.filter((s) => hasEnrollStatus(s.type)).map((s) => get().refreshStatus(s.id))
    ])
  },
  async refreshStatus(id) {
    set((s) => ({ statusById: { ...s.statusById, [id]: { kind: 'checking' } } }))
    const result = await api().servers.status({ id })
    set((s) => ({
      statusById: {
        ...s.statusById,
        [id]: result.ok
          ? { kind: 'ok', status: result.value }
          : { kind: 'error', error: result.error }
      }
    }))
  },
  async loadPending() {
    const result = await api().enroll.pending({})
    if (result.ok) set({ pending: result.value })
  },
  async add(input) {
    const result = await api().servers.add({
      name: input.name,
      type: input.type,
      baseUrl: input.baseUrl,
      token: hasEnrollStatus(input.type) ? input.token : '',
      ...mithrilOf(input)
    })
    if (!result.ok) return result.error
    const added = result.value
    set((s) => ({
      servers: [...s.servers, added].sort((a, b) => a.name.localeCompare(b.name))
    }))
    if (hasEnrollStatus(added.type)) await get().refreshStatus(added.id)
    return null
  },
  async update(id, input) {
    const result = await api().servers.update({
      id,
      name: input.name,
      type: input.type,
      baseUrl: input.baseUrl,
      ...(input.token.trim() && hasEnrollStatus(input.type) ? { token: input.token } : {}),
      ...mithrilOf(input)
    })
    if (!result.ok) return result.error
    const edited = result.value
    set((s) => ({
      servers: s.servers
        .map((x) => (x.id === id ? edited : x))
        .sort((a, b) => a.name.localeCompare(b.name))
    }))
    if (hasEnrollStatus(edited.type)) await get().refreshStatus(id)
    return null
  },
  async remove(id) {
    const result = await api().servers.remove({ id })
    if (!result.ok) return result.error
    set((s) => {
      const statusById = { ...s.statusById }
      delete statusById[id]
      return { servers: s.servers.filter((x) => x.id !== id), statusById }
    })
    return null
  },
  async enableEmail(id) {
    const result = await api().servers.enableEmail({ id })
    // Failures are recorded too.
    void get().loadAudit()
    if (!result.ok) return result.error
    set((s) => ({
      statusById: { ...s.statusById, [id]: { kind: 'ok', status: result.value.status } }
    }))
    return null
  },
  async disable(id, password) {
    const result = await api().servers.disable({ id, password })
    // Failures are recorded too.
    void get().loadAudit()
    if (!result.ok) return result.error
    set((s) => ({
      statusById: { ...s.statusById, [id]: { kind: 'ok', status: result.value.status } }
    }))
    return null
  },
  async discard(accountId, force) {
    const result = await api().enroll.discard({ accountId, ...(force ? { force } : {}) })
    // Failures are recorded too.
    void get().loadAudit()
    if (!result.ok) return result.error
    set((s) => ({ pending: s.pending.filter((p) => p.account.id !== accountId) }))
    return null
  },
  setHasToken(id, hasToken) {
    set((s) => ({ servers: s.servers.map((x) => (x.id === id ? { ...x, hasToken } : x)) }))
  },
  async loadAudit() {
    const result = await api().audit.list({ limit: 500 })
    if (result.ok) set({ audit: [...result.value].reverse(), auditLoaded: true, auditError: null })
    else set({ auditLoaded: true, auditError: result.error })
  },
  exportAudit() {
    return api().audit.export({})
  },
  reset() {
    set({ ...initial })
  }
}))
