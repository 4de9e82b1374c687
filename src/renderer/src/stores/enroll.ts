/**
 * The enrollment in progress (or just ended): its steps as main reports them (`enroll:step`),
 * and its outcome. One at a time from this window; main refuses a second one per server anyway.
 */
import { create } from 'zustand'
import type { ErrorShape } from '../../../shared/errors'
import type { EnrollOutcome, EnrollStepEvent } from '../../../shared/ipc/enroll'
import { api } from '../api'
import { useServersStore } from './servers'

export type EnrollPhase = 'idle' | 'running' | 'done' | 'failed'

export interface EnrollRun {
  serverId: string
  serverName: string
  /** 'enroll' starts from scratch; 'finish' completes an unfinished one. */
  kind: 'enroll' | 'finish'
  /** The pending account being finished. */
  accountId?: string
  steps: EnrollStepEvent[]
  phase: Exclude<EnrollPhase, 'idle'>
  result?: EnrollOutcome
  error?: ErrorShape
  /** Page time (ms) when it ended, for "try again in N s". */
  endedAt?: number
  cancelling: boolean
}

interface EnrollState {
  run: EnrollRun | null
  /** Listens to main's step events; returns the function that stops listening. */
  listen(): () => void
  start(serverId: string, serverName: string, label?: string): Promise<void>
  finish(accountId: string, serverId: string, serverName: string): Promise<void>
  cancel(): Promise<void>
  /** Closes the progress view (only once it ended). */
  close(): void
  reset(): void
}

export const useEnrollStore = create<EnrollState>()((set, get) => {
  const settle = async (
    run: EnrollRun,
    call: Promise<{ ok: true; value: EnrollOutcome } | { ok: false; error: ErrorShape }>
  ): Promise<void> => {
    const result = await call
    const current = get().run
    if (current !== run && current?.serverId !== run.serverId) return
    set((s) =>
      s.run
        ? {
            run: result.ok
              ? {
                  ...s.run,
                  phase: 'done',
                  result: result.value,
                  cancelling: false,
                  endedAt: Date.now()
                }
              : {
                  ...s.run,
                  phase: 'failed',
                  error: result.error,
                  cancelling: false,
                  endedAt: Date.now()
                }
          }
        : s
    )
    const servers = useServersStore.getState()
    await Promise.all([
      servers.loadPending(),
      servers.refreshStatus(run.serverId),
      servers.loadAudit()
    ])
  }

  return {
    run: null,
    listen() {
      return api().on('enroll:step', (e) => {
        set((s) =>
          s.run && s.run.serverId === e.serverId && s.run.phase === 'running'
            ? { run: { ...s.run, steps: [...s.run.steps, e] } }
            : s
        )
      })
    },
    async start(serverId, serverName, label) {
      if (get().run?.phase === 'running') return
      const run: EnrollRun = {
        serverId,
        serverName,
        kind: 'enroll',
        steps: [],
        phase: 'running',
        cancelling: false
      }
      set({ run })
      await settle(run, api().enroll.start({ serverId, ...(label ? { label } : {}) }))
    },
    async finish(accountId, serverId, serverName) {
      if (get().run?.phase === 'running') return
      const run: EnrollRun = {
        serverId,
        serverName,
        kind: 'finish',
        accountId,
        steps: [],
        phase: 'running',
        cancelling: false
      }
      set({ run })
      await settle(run, api().enroll.finish({ accountId }))
    },
    async cancel() {
      const run = get().run
      if (!run || run.phase !== 'running') return
      set({ run: { ...run, cancelling: true } })
      const result = await api().enroll.cancel({ serverId: run.serverId })
      if (!result.ok || !result.value.cancelled) {
        set((s) => (s.run ? { run: { ...s.run, cancelling: false } } : s))
      }
    },
    close() {
      if (get().run?.phase !== 'running') set({ run: null })
    },
    reset() {
      set({ run: null })
    }
  }
})
