/**
 * Settings the settings screen edits: the app's own (clipboard, theme, screen capture) and the
 * vault's (auto-lock, lock on suspend). Main keeps them; this store mirrors them.
 */
import { create } from 'zustand'
import type { ErrorShape } from '../../../shared/errors'
import { DEFAULT_APP_SETTINGS, type AppSettings } from '../../../shared/ipc/settings'
import type { VaultSettingsView } from '../../../shared/ipc/vault'
import { api } from '../api'

interface SettingsState {
  app: AppSettings
  /** Null while unknown (the vault answered with an error, e.g. it has none). */
  vault: VaultSettingsView | null
  loaded: boolean
  error: ErrorShape | null
  load(): Promise<void>
  updateApp(patch: Partial<AppSettings>): Promise<ErrorShape | null>
  updateVault(patch: Partial<VaultSettingsView>): Promise<ErrorShape | null>
  /** Main announced new settings (another window changed them). */
  received(settings: AppSettings): void
  reset(): void
}

export const useSettingsStore = create<SettingsState>()((set, get) => ({
  app: { ...DEFAULT_APP_SETTINGS },
  vault: null,
  loaded: false,
  error: null,
  async load() {
    const [app, vault] = await Promise.all([api().settings.get(), api().vault.getSettings()])
    set({
      app: app.ok ? app.value : { ...DEFAULT_APP_SETTINGS },
      vault: vault.ok ? vault.value : null,
      loaded: true,
      error: app.ok ? null : app.error
    })
  },
  // Both updates show the change at once (a checkbox must not flip back while main saves) and
  // put the old value back when main refuses.
  async updateApp(patch) {
    const before = get().app
    set({ app: { ...before, ...patch } })
    const result = await api().settings.update(patch)
    if (!result.ok) {
      set({ app: before })
      return result.error
    }
    set({ app: result.value })
    return null
  },
  async updateVault(patch) {
    const before = get().vault
    if (before) set({ vault: { ...before, ...patch } })
    const result = await api().vault.updateSettings(patch)
    if (!result.ok) {
      set({ vault: before })
      return result.error
    }
    set({ vault: result.value })
    return null
  },
  received(settings) {
    set({ app: settings })
  },
  reset() {
    set({ app: { ...DEFAULT_APP_SETTINGS }, vault: null, loaded: false, error: null })
  }
}))
