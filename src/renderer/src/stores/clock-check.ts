/**
 * The clock check as the window knows it: the measured offset, what the user agreed to, the
 * correction, and the last check's answer (with each server's verdict). Main does the asking.
 */
import { create } from 'zustand'
import type { ErrorShape } from '../../../shared/errors'
import type { ClockCheckView, ClockStatusView, ClockSampleView } from '../../../shared/ipc/clock'
import { api } from '../api'

interface ClockCheckState {
  status: ClockStatusView | null
  checking: boolean
  /** The last check's answer in this window (null before one). */
  result: { ok: boolean; message: string; samples: ClockSampleView[] } | null
  error: ErrorShape | null
  load(): Promise<void>
  update(patch: {
    useTimeUrl?: boolean
    timeUrl?: string | null
    correct?: boolean
  }): Promise<ErrorShape | null>
  check(): Promise<void>
  changed(status: ClockStatusView): void
  reset(): void
}

export const useClockCheckStore = create<ClockCheckState>()((set, get) => ({
  status: null,
  checking: false,
  result: null,
  error: null,
  async load() {
    const r = await api().clock.status()
    if (r.ok) set({ status: r.value })
  },
  async update(patch) {
    const r = await api().clock.update(patch)
    if (!r.ok) return r.error
    set({ status: r.value })
    return null
  },
  async check() {
    if (get().checking) return
    set({ checking: true, error: null })
    const r = await api().clock.check()
    if (!r.ok) {
      set({ checking: false, error: r.error, result: null })
      return
    }
    const v: ClockCheckView = r.value
    set({
      checking: false,
      status: v.status,
      result: { ok: v.ok, message: v.message, samples: v.samples }
    })
  },
  changed(status) {
    set({ status })
  },
  reset() {
    set({ status: null, checking: false, result: null, error: null })
  }
}))
