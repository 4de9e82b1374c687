/**
 * The Quick copy window's state: what was typed, the rows main ranked for it (codes for those
 * rows only), which row is selected, and the copy. Replies that arrive out of order (fast typing)
 * are dropped; a VAULT_LOCKED answer sends the window to its unlock prompt.
 */
import { create } from 'zustand'
import type { ErrorShape } from '../../../shared/errors'
import type { QuickCopyRow } from '../../../shared/ipc/quick-copy'
import { accountName } from '../../../shared/code-format'
import { api } from '../api'
import { useVaultStore } from './vault'

interface QuickCopyState {
  query: string
  rows: QuickCopyRow[]
  more: number
  /** Active accounts in the vault; null until main answered. */
  total: number | null
  /** Index into `rows`. */
  selected: number
  error: ErrorShape | null
  /** What the live region says (a copy, a failure). */
  status: string
  busy: boolean
  setQuery(query: string): void
  /** Moves the selection by `delta` rows, stopping at either end. */
  move(delta: number): void
  select(index: number): void
  refresh(): Promise<void>
  /** Copies the selected row's code; asks main to hide the window once it is copied. */
  copySelected(): Promise<void>
  hide(): Promise<void>
  openMain(): Promise<void>
  /** The window was shown again: an empty search from the top. */
  shown(): void
  reset(): void
}

let requestSeq = 0

const initial = {
  query: '',
  rows: [] as QuickCopyRow[],
  more: 0,
  total: null as number | null,
  selected: 0,
  error: null as ErrorShape | null,
  status: '',
  busy: false
}

export const useQuickCopyStore = create<QuickCopyState>()((set, get) => ({
  ...initial,
  setQuery(query) {
    set({ query, selected: 0 })
    void get().refresh()
  },
  move(delta) {
    const { rows, selected } = get()
    if (rows.length === 0) return
    set({ selected: Math.min(rows.length - 1, Math.max(0, selected + delta)) })
  },
  select(index) {
    if (index >= 0 && index < get().rows.length) set({ selected: index })
  },
  async refresh() {
    const seq = ++requestSeq
    const result = await api().quickCopy.list({ query: get().query })
    if (seq !== requestSeq) return
    if (!result.ok) {
      if (result.error.code === 'VAULT_LOCKED') {
        set({ rows: [], more: 0, total: null, selected: 0 })
        useVaultStore.getState().locked(null)
        return
      }
      set({ error: result.error, rows: [], more: 0 })
      return
    }
    const keep = get().rows[get().selected]?.id
    const rows = result.value.rows
    const index = keep ? rows.findIndex((r) => r.id === keep) : -1
    set({
      rows,
      more: result.value.more,
      total: result.value.total,
      error: null,
      selected: index >= 0 && get().selected !== 0 ? index : 0
    })
  },
  async copySelected() {
    const row = get().rows[get().selected]
    if (!row || get().busy) return
    const name = accountName(row.issuer, row.label)
    if (row.code.error) {
      set({ status: `${name}: ${row.code.error.message}` })
      return
    }
    set({ busy: true })
    const result = await api().quickCopy.copy({ id: row.id })
    set({ busy: false })
    if (!result.ok) {
      if (result.error.code === 'VAULT_LOCKED') {
        useVaultStore.getState().locked(null)
        return
      }
      set({ status: `Could not copy the code of ${name}. ${result.error.message}` })
      return
    }
    const clears = result.value.clearsInSeconds
    set({
      status:
        clears === null
          ? `Copied the code of ${name}.`
          : `Copied the code of ${name}. The clipboard clears in ${clears} s.`
    })
    await get().hide()
  },
  async hide() {
    await api().quickCopy.hide()
  },
  async openMain() {
    await api().quickCopy.openMain()
  },
  shown() {
    set({ query: '', selected: 0, status: '', error: null })
    void get().refresh()
  },
  reset() {
    requestSeq++
    set({ ...initial })
  }
}))

// A lock takes every code off the page at once, whatever reply is still in flight.
useVaultStore.subscribe((s, prev) => {
  if (s.phase !== 'unlocked' && prev.phase === 'unlocked') useQuickCopyStore.getState().reset()
})
