/**
 * Locks the vault when the computer locks its screen or goes to sleep, if the vault's
 * `lockOnSuspend` setting says so (default on). Electron's powerMonitor is injected, so unit tests
 * drive it with a plain event emitter.
 */
import type { PowerMonitor } from 'electron'
import type { Vault } from '../core/vault'

/** powerMonitor events after which nobody is at the computer. */
export const LOCKING_POWER_EVENTS = ['lock-screen', 'suspend'] as const

type PowerEvents = Pick<PowerMonitor, 'on' | 'removeListener'>

/** Subscribes to the power events; returns the function that unsubscribes. */
export function lockOnSuspend(
  power: PowerEvents,
  vault: Pick<Vault, 'isUnlocked' | 'getSettings' | 'lock'>,
  /** The choice in force (LockOnScreenLock forces it on); default the user's own. */
  effective: (chosen: boolean) => boolean = (chosen) => chosen
): () => void {
  const onEvent = (): void => {
    if (!vault.isUnlocked) return
    let wanted: boolean
    try {
      wanted = effective(vault.getSettings().lockOnSuspend !== false)
    } catch {
      // locked meanwhile: nothing to do
      return
    }
    if (wanted) vault.lock('system')
  }
  for (const name of LOCKING_POWER_EVENTS) power.on(name as 'suspend', onEvent)
  return () => {
    for (const name of LOCKING_POWER_EVENTS) power.removeListener(name as 'suspend', onEvent)
  }
}
