/**
 * What the window does while it is open, whichever screen it shows: one clock for every code,
 * the accounts and settings loaded and kept fresh from main's events, and the user's theme.
 */
import { useEffect } from 'react'
import { api } from '../api'
import { useAccountsStore } from '../stores/accounts'
import { useClockStore } from '../stores/clock'
import { useCodesStore } from '../stores/codes'
import { useSettingsStore } from '../stores/settings'

export function useAppEffects(): void {
  useEffect(() => useClockStore.getState().start(), [])
  useEffect(
    () =>
      useClockStore.subscribe((s) => {
        if (s.visible) useCodesStore.getState().refreshIfStale(s.now)
      }),
    []
  )
  useEffect(() => {
    void useAccountsStore.getState().load()
    void useSettingsStore.getState().load()
    const offAccounts = api().on('accounts:changed', () => void useAccountsStore.getState().load())
    const offSettings = api().on('settings:changed', (s) => useSettingsStore.getState().received(s))
    return () => {
      offAccounts()
      offSettings()
    }
  }, [])
  useTheme()
}

/**
 * The user's theme on the root element: `data-theme="light"|"dark"` pins the colour scheme the
 * token sheet (tokens.css) resolves every colour against; none follows the system.
 */
function useTheme(): void {
  const theme = useSettingsStore((s) => s.app.theme)
  useEffect(() => {
    const root = document.documentElement
    if (theme === 'system') delete root.dataset['theme']
    else root.dataset['theme'] = theme
  }, [theme])
}
