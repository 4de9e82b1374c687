/**
 * Current codes, computed in main, for the accounts on screen only: the list says which ids are
 * visible, the store asks main for just those, and refreshes them when one expires.
 */
import { create } from 'zustand'
import type { ErrorShape, Result } from '../../../shared/errors'
import type { CopyResult } from '../../../shared/ipc/codes'
import type { CodeView } from '../../../shared/model'
import { api } from '../api'

interface CodesState {
  byId: Record<string, CodeView>
  /** Accounts the list shows now; only their codes are fetched. */
  visible: string[]
  error: ErrorShape | null
  /** Tells the store what is on screen; fetches codes it does not have yet. */
  setVisible(ids: string[]): void
  /** Fetches the codes of the visible accounts again. */
  refresh(): Promise<void>
  /** Refreshes when any visible code has expired at `now`. */
  refreshIfStale(now: number): void
  /** HOTP: shows the next code (main moves the counter on). */
  advance(id: string): Promise<ErrorShape | null>
  /** Main copies the current code to the clipboard. */
  copy(id: string): Promise<Result<CopyResult>>
  reset(): void
}

let inflight: Promise<void> | null = null
let again = false

const sameIds = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((id, i) => id === b[i])

export const useCodesStore = create<CodesState>()((set, get) => ({
  byId: {},
  visible: [],
  error: null,
  setVisible(ids) {
    if (!sameIds(ids, get().visible)) set({ visible: ids })
    const { byId } = get()
    if (ids.some((id) => byId[id] === undefined)) void get().refresh()
  },
  refresh() {
    if (inflight) {
      // What is visible may have changed since that call started: ask once more after it.
      again = true
      return inflight
    }
    inflight = (async () => {
      do {
        again = false
        const ids = get().visible
        if (ids.length === 0) {
          set({ byId: {}, error: null })
          continue
        }
        const result = await api().codes.listFor({ ids })
        if (result.ok) {
          set({ byId: Object.fromEntries(result.value.map((c) => [c.id, c])), error: null })
        } else {
          set({ error: result.error })
        }
      } while (again)
    })().finally(() => {
      inflight = null
      // Asked again after the loop's last check: run once more.
      if (again) void get().refresh()
    })
    return inflight
  },
  refreshIfStale(now) {
    if (inflight) return
    const { byId, visible } = get()
    const stale = visible.some((id) => {
      const c = byId[id]
      return c !== undefined && c.validUntil !== null && c.validUntil <= now
    })
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
    set({ byId: {}, visible: [], error: null })
  }
}))
