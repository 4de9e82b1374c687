/**
 * IPC channels and events of the vault domain: where the vault stands, creating it on first run,
 * unlocking and locking, its key slots and its settings (auto-lock, lock on suspend).
 *
 * While the vault is locked, main refuses every channel not declared `openWhileLocked` with
 * VAULT_LOCKED, and the renderer shows the unlock screen.
 */
import { z } from 'zod'
import { MAX_AUTO_LOCK_MINUTES, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../limits'
import type { ErrorShape } from '../errors'
import { channel, event } from './contract'

export type VaultState = 'missing' | 'locked' | 'unlocked' | 'corrupt'
export type VaultSlot = 'keychain' | 'password'
export type VaultLockReason = 'user' | 'idle' | 'replaced' | 'system'

/** Where the vault stands; no secrets (paths are the user's own files). */
export interface VaultStatusView {
  state: VaultState
  /** The vault file. */
  path: string
  /** The previous good copy, when there is one. */
  backupPath: string | null
  /** Ways the vault opens (empty when missing or corrupt). */
  slots: VaultSlot[]
  /**
   * Idle minutes before auto-lock. While locked: the value in force when the vault last locked in
   * this run of the app (the unlock screen says "Locked after 5 minutes without use"); null when
   * the app has not had it open since it started.
   */
  autoLockMinutes: number | null
  /** Why a corrupt vault cannot be opened, and what to do. */
  error?: ErrorShape
}

/** The vault's own settings, as the settings screen edits them. */
export interface VaultSettingsView {
  /** Lock after this many minutes without user input; 0 = never. */
  autoLockMinutes: number
  /** Lock when the computer locks its screen or goes to sleep. */
  lockOnSuspend: boolean
}

export { MAX_AUTO_LOCK_MINUTES, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../limits'

const newPassword = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters for the password.`)
  .max(MAX_PASSWORD_LENGTH, `A password can have at most ${MAX_PASSWORD_LENGTH} characters.`)

const anyPassword = z
  .string()
  .min(1, 'Type your vault password first.')
  .max(MAX_PASSWORD_LENGTH, `A password can have at most ${MAX_PASSWORD_LENGTH} characters.`)

/** The password the vault has now, asked before its slots change. */
const currentPassword = z
  .string()
  .max(MAX_PASSWORD_LENGTH, `A password can have at most ${MAX_PASSWORD_LENGTH} characters.`)

export const vaultChannels = {
  /** Where the vault stands: missing (first run), locked, unlocked or corrupt. */
  'vault:status': channel<VaultStatusView>({ openWhileLocked: true })(z.undefined()),
  /**
   * Creates the vault on first run and leaves it unlocked: the key goes to the OS keychain unless
   * `keychain` is false, and is also protected by `password` when one is given.
   */
  'vault:create': channel<VaultStatusView>({ openWhileLocked: true })(
    z.strictObject({ keychain: z.boolean().default(true), password: newPassword.optional() })
  ),
  /** Unlocks with the key in the OS keychain, or with the vault password. */
  'vault:unlock': channel<VaultStatusView>({ openWhileLocked: true })(
    z.discriminatedUnion('method', [
      z.strictObject({ method: z.literal('keychain') }),
      z.strictObject({ method: z.literal('password'), password: anyPassword })
    ])
  ),
  /** Locks now: main forgets the key and every decrypted account. */
  'vault:lock': channel<null>({ openWhileLocked: true })(z.undefined()),
  /** The user is here (a key press or click): postpones auto-lock. */
  'vault:touch': channel<null>({ openWhileLocked: true })(z.undefined()),
  'vault:getSettings': channel<VaultSettingsView>()(z.undefined()),
  /** Changes some settings; answers all of them. */
  'vault:updateSettings': channel<VaultSettingsView>()(
    z.strictObject({
      autoLockMinutes: z
        .number()
        .int('Auto-lock takes whole minutes.')
        .min(0, 'Auto-lock minutes must be 0 (never) or more.')
        .max(MAX_AUTO_LOCK_MINUTES, `Auto-lock can wait ${MAX_AUTO_LOCK_MINUTES} minutes at most.`)
        .optional(),
      lockOnSuspend: z.boolean().optional()
    })
  ),
  /**
   * Sets (or changes) the vault password. Changing it needs the `current` one (WRONG_PASSWORD,
   * nothing changed, when it is missing or wrong); setting the first password does not.
   */
  'vault:setPassword': channel<VaultStatusView>()(
    z.strictObject({ password: newPassword, current: currentPassword.optional() })
  ),
  /**
   * Stores the key in the OS keychain (again), so the vault opens without the password. When the
   * vault has a password, it is needed as `current` (WRONG_PASSWORD, nothing changed, otherwise).
   */
  'vault:enableKeychain': channel<VaultStatusView>()(
    z.strictObject({ current: currentPassword.optional() })
  ),
  /**
   * Removes one way of opening the vault; the last one cannot be removed. When the vault has a
   * password, removing either slot needs it as `current` (WRONG_PASSWORD otherwise).
   */
  'vault:removeSlot': channel<VaultStatusView>()(
    z.strictObject({
      slot: z.enum(['keychain', 'password']),
      current: currentPassword.optional()
    })
  )
}

export const vaultEvents = {
  /** The vault locked (the user, idle time, the system, or another vault replaced it). */
  'vault:locked': event<{ reason: VaultLockReason }>(),
  'vault:unlocked': event<{ method: VaultSlot | 'created' }>(),
  /** Another process (the CLI) changed the vault; reload what is shown. */
  'vault:changed': event<Record<string, never>>()
}
