/** The account list (views without secrets) and the actions that change it. */
import { create } from 'zustand'
import type { ErrorShape, Result } from '../../../shared/errors'
import type { ManualAccountInput, RemoveResult } from '../../../shared/ipc/accounts'
import type { AccountView } from '../../../shared/model'
import { api } from '../api'
import { useCodesStore } from './codes'

export interface AccountEdit {
  issuer?: string
  label?: string
  tags?: string[]
  favorite?: boolean
}

interface AccountsState {
  /** In the user's manual order. */
  accounts: AccountView[]
  /** Lower-cased issuer, label and tags of each account (same index), for search. */
  haystack: string[]
  loaded: boolean
  error: ErrorShape | null
  load(): Promise<void>
  addFromUri(uri: string, allowDuplicate?: boolean): Promise<Result<AccountView>>
  add(fields: ManualAccountInput): Promise<Result<AccountView>>
  update(id: string, edit: AccountEdit): Promise<ErrorShape | null>
  /** Places `id` just before `beforeId` in the manual order (the end when null). */
  move(id: string, beforeId: string | null): Promise<ErrorShape | null>
  sortByName(): Promise<ErrorShape | null>
  remove(id: string): Promise<Result<RemoveResult>>
  restore(id: string): Promise<Result<AccountView>>
  reset(): void
}

function haystackOf(a: AccountView): string {
  return `${a.issuer}\n${a.label}\n${a.tags.map((t) => `#${t}`).join(' ')}`.toLowerCase()
}

function withIndex(accounts: AccountView[]): Pick<AccountsState, 'accounts' | 'haystack'> {
  const sorted = [...accounts].sort((a, b) => a.order - b.order)
  return { accounts: sorted, haystack: sorted.map(haystackOf) }
}

/** Accounts to show for a search and a tag: favourites first, then the manual order. */
export function filterAccounts(
  accounts: readonly AccountView[],
  haystack: readonly string[],
  query: string,
  tag: string | null
): AccountView[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean)
  const favorites: AccountView[] = []
  const others: AccountView[] = []
  for (let i = 0; i < accounts.length; i++) {
    const a = accounts[i]!
    if (tag !== null && !a.tags.includes(tag)) continue
    if (words.length > 0) {
      const text = haystack[i] ?? ''
      let all = true
      for (const w of words) {
        if (!text.includes(w)) {
          all = false
          break
        }
      }
      if (!all) continue
    }
    ;(a.favorite ? favorites : others).push(a)
  }
  return favorites.length === 0 ? others : favorites.concat(others)
}

/** Every tag in use, sorted. */
export function allTags(accounts: readonly AccountView[]): string[] {
  const set = new Set<string>()
  for (const a of accounts) for (const t of a.tags) set.add(t)
  return [...set].sort((a, b) => a.localeCompare(b))
}

export const useAccountsStore = create<AccountsState>()((set, get) => {
  const replace = (view: AccountView, removeId?: string): void => {
    const rest = get().accounts.filter((a) => a.id !== view.id && a.id !== removeId)
    set(withIndex([...rest, view]))
  }
  return {
    accounts: [],
    haystack: [],
    loaded: false,
    error: null,
    async load() {
      const result = await api().accounts.list()
      if (result.ok) set({ ...withIndex(result.value), loaded: true, error: null })
      else set({ loaded: true, error: result.error })
      await useCodesStore.getState().refresh()
    },
    async addFromUri(uri, allowDuplicate = false) {
      const result = await api().accounts.addFromUri({ uri, allowDuplicate })
      if (result.ok) replace(result.value)
      return result
    },
    async add(fields) {
      const result = await api().accounts.add(fields)
      if (result.ok) replace(result.value)
      return result
    },
    async update(id, edit) {
      const result = await api().accounts.update({ id, ...edit })
      if (!result.ok) return result.error
      replace(result.value)
      return null
    },
    async move(id, beforeId) {
      const result = await api().accounts.move({ id, beforeId })
      if (!result.ok) return result.error
      replace(result.value)
      return null
    },
    async sortByName() {
      const result = await api().accounts.sortByName()
      if (!result.ok) return result.error
      await get().load()
      return null
    },
    async remove(id) {
      const result = await api().accounts.remove({ id })
      if (result.ok) set(withIndex(get().accounts.filter((a) => a.id !== id)))
      return result
    },
    async restore(id) {
      const result = await api().accounts.restore({ id })
      if (result.ok) replace(result.value, id)
      return result
    },
    reset() {
      set({ accounts: [], haystack: [], loaded: false, error: null })
    }
  }
})
