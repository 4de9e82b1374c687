/**
 * Barycenter rollouts on the Servers screen, per server: the users loaded from a file and their
 * 2FA status, who the admin forces, the run in progress (filled by `barycenter:progress`
 * events), its results and the earlier runs.
 */
import { create } from 'zustand'
import type { ErrorShape } from '../../../shared/errors'
import type {
  Barycenter2faRow,
  RolloutReportView,
  RolloutRunView,
  RolloutUserView
} from '../../../shared/ipc/barycenter'
import { api } from '../api'
import { useServersStore } from './servers'

export interface RolloutEntry {
  file: string | null
  users: string[]
  rows: Barycenter2faRow[]
  /** Not-ready users the admin chose to enforce anyway. */
  force: string[]
  /** The run shown: running, finished or opened from the list. */
  runId: string | null
  running: boolean
  done: number
  total: number
  results: RolloutUserView[]
  report: RolloutReportView | null
  runs: RolloutRunView[]
  busy: 'loading' | 'status' | 'undo' | 'save' | null
  error: ErrorShape | null
  /** A plain-words line after an action ("Saved barycenter-….csv"). */
  notice: string | null
}

const EMPTY: RolloutEntry = {
  file: null,
  users: [],
  rows: [],
  force: [],
  runId: null,
  running: false,
  done: 0,
  total: 0,
  results: [],
  report: null,
  runs: [],
  busy: null,
  error: null,
  notice: null
}

interface RolloutState {
  byId: Record<string, RolloutEntry>
  /** Listens to progress events; returns the function that stops listening. */
  listen(): () => void
  loadRuns(id: string): Promise<void>
  pickUsers(id: string): Promise<void>
  toggleForce(id: string, username: string): void
  enforce(id: string, runId?: string): Promise<void>
  stop(id: string): Promise<void>
  openRun(id: string, runId: string): Promise<void>
  undo(id: string, only?: string[]): Promise<void>
  saveReport(id: string, format: 'json' | 'csv'): Promise<void>
  reset(): void
}

export const useRolloutStore = create<RolloutState>()((set, get) => {
  const entry = (id: string): RolloutEntry => get().byId[id] ?? EMPTY
  const patch = (id: string, p: Partial<RolloutEntry>): void =>
    set((s) => ({ byId: { ...s.byId, [id]: { ...(s.byId[id] ?? EMPTY), ...p } } }))
  const audit = (): void => void useServersStore.getState().loadAudit()
  return {
    byId: {},
    listen() {
      return api().on('barycenter:progress', (e) => {
        const cur = entry(e.serverId)
        // A new run's id is known from its first event ('' until then).
        const fresh = cur.running && cur.runId === ''
        if (!fresh && cur.runId !== e.runId) return
        patch(e.serverId, {
          runId: e.runId,
          done: Math.max(cur.done, e.done),
          total: e.total,
          results: [...cur.results, ...e.results]
        })
      })
    },
    async loadRuns(id) {
      const r = await api().barycenter.runs({ id })
      if (r.ok) patch(id, { runs: r.value })
      else patch(id, { error: r.error })
    },
    async pickUsers(id) {
      patch(id, { busy: 'loading', error: null, notice: null })
      const picked = await api().barycenter.pickUsers()
      if (!picked.ok) return patch(id, { busy: null, error: picked.error })
      if (picked.value === null) return patch(id, { busy: null })
      const { name, users } = picked.value
      patch(id, { file: name, users, rows: [], force: [], busy: 'status' })
      const st = await api().barycenter.status({ id, users })
      if (!st.ok) return patch(id, { busy: null, error: st.error })
      patch(id, { rows: st.value, busy: null })
    },
    toggleForce(id, username) {
      const force = entry(id).force
      patch(id, {
        force: force.includes(username) ? force.filter((u) => u !== username) : [...force, username]
      })
    },
    async enforce(id, runId) {
      const cur = entry(id)
      if (cur.running) return
      // The run id is known only when main answers; events for a new run are taken from the start.
      patch(id, {
        running: true,
        runId: runId ?? '',
        done: 0,
        total: runId ? 0 : cur.users.length,
        results: [],
        report: null,
        error: null,
        notice: null
      })
      const r = await api().barycenter.enforce(
        runId ? { id, runId } : { id, users: cur.users, force: cur.force }
      )
      if (r.ok) {
        patch(id, {
          running: false,
          runId: r.value.runId,
          report: r.value,
          results: r.value.results,
          done: r.value.results.length,
          total: r.value.results.length
        })
      } else {
        patch(id, { running: false, error: r.error })
      }
      audit()
      await get().loadRuns(id)
    },
    async stop(id) {
      await api().barycenter.stop({ id })
    },
    async openRun(id, runId) {
      patch(id, { busy: 'loading', error: null, notice: null })
      const r = await api().barycenter.report({ id, runId })
      if (!r.ok) return patch(id, { busy: null, error: r.error })
      const run = entry(id).runs.find((x) => x.runId === runId)
      patch(id, {
        busy: null,
        runId,
        report: r.value,
        results: r.value.results,
        done: r.value.results.length,
        total: run?.total ?? r.value.results.length
      })
    },
    async undo(id, only) {
      const runId = entry(id).runId
      if (!runId) return
      patch(id, { busy: 'undo', error: null, notice: null })
      const r = await api().barycenter.undo({ id, runId, ...(only ? { only } : {}) })
      audit()
      if (!r.ok) return patch(id, { busy: null, error: r.error })
      const undone = r.value.results.filter((x) => x.outcome === 'undone').length
      const failed = r.value.results.length - undone
      const rep = await api().barycenter.report({ id, runId })
      patch(id, {
        busy: null,
        ...(rep.ok ? { report: rep.value, results: rep.value.results } : {}),
        notice:
          r.value.results.length === 0
            ? 'Nothing to undo: this run enforced nobody who is still enforced.'
            : `2FA is no longer required for ${undone} user${undone === 1 ? '' : 's'}${failed ? `; ${failed} failed` : ''}.`
      })
      await get().loadRuns(id)
    },
    async saveReport(id, format) {
      const runId = entry(id).runId
      if (!runId) return
      patch(id, { busy: 'save', error: null, notice: null })
      const r = await api().barycenter.saveReport({ id, runId, format })
      if (!r.ok) return patch(id, { busy: null, error: r.error })
      patch(id, {
        busy: null,
        notice: r.value.saved
          ? `Report saved (${r.value.count} users)${r.value.path ? `: ${r.value.path}` : ''}.`
          : null
      })
    },
    reset() {
      set({ byId: {} })
    }
  }
})
