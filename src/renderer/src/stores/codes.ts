/** Current codes, computed in main; refreshed when one expires. */
import { create } from 'zustand'
import type { ErrorShape, Result } from '../../../shared/errors'
import type { CopyResult } from '../../../shared/ipc/codes'
import type { CodeView } from '../../../shared/model'
import { api } from '../api'

interface CodesState {
  byId: Record<string, CodeView>
  error: ErrorShape | null
  refresh(): Promise<void>
  /** Refreshes when any shown code has expired at `now`. */
  refreshIfStale(now: number): void
  /** HOTP: shows the next code (main moves the counter on). */
  advance(id: string): Promise<ErrorShape | null>
  /** Main copies the current code to the clipboard. */
  copy(id: string): Promise<Result<CopyResult>>
  reset(): void
}

let inflight: Promise<void> | null = null

export const useCodesStore = create<CodesState>()((set, get) => ({
  byId: {},
  error: null,
  refresh() {
    inflight ??= (async () => {
      const result = await api().codes.list()
      if (result.ok) {
        set({ byId: Object.fromEntries(result.value.map((c) => [c.id, c])), error: null })
      } else {
        set({ error: result.error })
      }
    })().finally(() => {
      inflight = null
    })
    return inflight
  },
  refreshIfStale(now) {
    if (inflight) return
    const stale = Object.values(get().byId).some(
      (c) => c.validUntil !== null && c.validUntil <= now
    )
    if (stale) void get().refresh()
  },
  async advance(id) {
    const result = await api().codes.advanceCounter({ id })
    if (!result.ok) return result.error
    set((s) => ({ byId: { ...s.byId, [id]: result.value } }))
    return null
  },
  copy(id) {
    return api().codes.copy({ id })
  },
  reset() {
    set({ byId: {}, error: null })
  }
}))
