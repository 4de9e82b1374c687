/** The account list (views without secrets) and the actions that change it. */
import { create } from 'zustand'
import type { ErrorShape } from '../../../shared/errors'
import type { AccountView } from '../../../shared/model'
import { api } from '../api'
import { useCodesStore } from './codes'

interface AccountsState {
  accounts: AccountView[]
  loaded: boolean
  error: ErrorShape | null
  load(): Promise<void>
  /** Resolves to the error to show next to the field, or null when the account was added. */
  addFromUri(uri: string): Promise<ErrorShape | null>
  remove(id: string): Promise<ErrorShape | null>
  reset(): void
}

export const useAccountsStore = create<AccountsState>()((set, get) => ({
  accounts: [],
  loaded: false,
  error: null,
  async load() {
    const result = await api().accounts.list()
    if (result.ok) set({ accounts: result.value, loaded: true, error: null })
    else set({ loaded: true, error: result.error })
    await useCodesStore.getState().refresh()
  },
  async addFromUri(uri) {
    const result = await api().accounts.addFromUri({ uri })
    if (!result.ok) return result.error
    const added = result.value
    set((s) => ({ accounts: [...s.accounts.filter((a) => a.id !== added.id), added] }))
    await useCodesStore.getState().refresh()
    return null
  },
  async remove(id) {
    const result = await api().accounts.remove({ id })
    if (!result.ok) return result.error
    set({ accounts: get().accounts.filter((a) => a.id !== id) })
    await useCodesStore.getState().refresh()
    return null
  },
  reset() {
    set({ accounts: [], loaded: false, error: null })
  }
}))
