import { useEffect, type ReactNode } from 'react'
import { api } from '../../api'
import { usePolicyStore } from '../../stores/policy'
import { useVaultStore } from '../../stores/vault'
import { CorruptVault } from './corrupt'
import { FirstRun } from './first-run'
import { PasswordFirst } from './password-first'
import { Unlock } from './unlock'

/**
 * Shows the app only while the vault is unlocked: first run, unlock or the damaged-vault screen
 * otherwise. Owns the vault's events, the lock shortcut and the activity signal for auto-lock.
 */
export function VaultGate({ children }: { children: ReactNode }) {
  const phase = useVaultStore((s) => s.phase)
  // RequireAppLock on a vault without a password: adding one comes before anything else.
  const appLockRequired = usePolicyStore((s) => s.snapshot?.values.RequireAppLock === true)
  const hasNoPassword = useVaultStore(
    (s) => s.status !== null && !s.status.slots.includes('password')
  )

  useEffect(() => {
    const store = useVaultStore.getState()
    void store.load()
    // Policies first run and unlock obey (RequireAppLock) are answered while locked.
    void usePolicyStore.getState().load()
    const offs = [
      api().on('policy:changed', (s) => usePolicyStore.getState().received(s)),
      api().on('vault:locked', ({ reason }) => useVaultStore.getState().locked(reason)),
      api().on('vault:unlocked', () => useVaultStore.getState().unlocked())
    ]
    // An event can be missed (the window was reloading); coming back checks with main.
    const onFocus = (): void => {
      if (useVaultStore.getState().phase === 'unlocked') void useVaultStore.getState().load()
    }
    window.addEventListener('focus', onFocus)
    return () => {
      offs.forEach((off) => off())
      window.removeEventListener('focus', onFocus)
    }
  }, [])

  useEffect(() => {
    const onInput = (): void => useVaultStore.getState().touch()
    const onKey = (e: KeyboardEvent): void => {
      if (
        (e.ctrlKey || e.metaKey) &&
        !e.altKey &&
        !e.shiftKey &&
        e.key.toLowerCase() === 'l' &&
        useVaultStore.getState().phase === 'unlocked'
      ) {
        e.preventDefault()
        void useVaultStore.getState().lock()
        return
      }
      onInput()
    }
    window.addEventListener('keydown', onKey, true)
    window.addEventListener('pointerdown', onInput, { capture: true, passive: true })
    return () => {
      window.removeEventListener('keydown', onKey, true)
      window.removeEventListener('pointerdown', onInput, true)
    }
  }, [])

  switch (phase) {
    case 'loading':
      return <div className="app" aria-busy="true" data-vault-state="loading" />
    case 'missing':
      return <FirstRun />
    case 'locked':
      return <Unlock />
    case 'corrupt':
      return <CorruptVault />
    default:
      return appLockRequired && hasNoPassword ? <PasswordFirst /> : <>{children}</>
  }
}
