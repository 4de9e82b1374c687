/**
 * What the authenticator window shows: which screen (the shell switches on it), the search, the
 * tag filter, the selected row and the account being edited. Screens and the header read it; only
 * the shell decides what a screen change means for focus.
 */
import { create } from 'zustand'

export type Screen = 'codes' | 'add' | 'settings' | 'servers'

interface ViewState {
  screen: Screen
  query: string
  tag: string | null
  /** The row arrow keys move and Enter copies. */
  selectedId: string | null
  /** The account whose edit dialog is open. */
  editingId: string | null
  /** Bumped to ask the list to move keyboard focus to the selected row. */
  focusToken: number
  setScreen(screen: Screen): void
  setQuery(query: string): void
  setTag(tag: string | null): void
  select(id: string | null, focus?: boolean): void
  edit(id: string | null): void
  reset(): void
}

const initial = {
  screen: 'codes' as Screen,
  query: '',
  tag: null,
  selectedId: null,
  editingId: null,
  focusToken: 0
}

export const useViewStore = create<ViewState>()((set) => ({
  ...initial,
  setScreen: (screen) => set({ screen }),
  setQuery: (query) => set({ query }),
  setTag: (tag) => set({ tag }),
  select: (id, focus = false) =>
    set((s) => ({ selectedId: id, focusToken: focus ? s.focusToken + 1 : s.focusToken })),
  edit: (editingId) => set({ editingId }),
  reset: () => set(initial)
}))
