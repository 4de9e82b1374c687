/**
 * The vault's IPC handlers, the guard that answers VAULT_LOCKED on every other channel while the
 * vault is locked, and `connectVault`, which forwards the vault's lock/unlock/change events to the
 * renderer and watches the file for the CLI's saves while unlocked.
 */
import { AppError } from '../../shared/errors'
import { CHANNELS_OPEN_WHILE_LOCKED, type Channel, type Emit } from '../../shared/ipc'
import type { VaultLockReason, VaultSettingsView, VaultStatusView } from '../../shared/ipc/vault'
import {
  assertAutoLockChoice,
  assertLockOnSuspendChoice,
  assertPasswordLength,
  effectiveAutoLockMinutes,
  effectiveLockOnSuspend,
  policyForbidden,
  type PolicyGetter
} from '../core/policy'
import type { ScryptParams, Vault, VaultStatus } from '../core/vault'
import type { PolicySnapshotView, PolicyValues } from '../../shared/policy'
import type { Handler, HandlerTable } from '../handlers'

/** What the handlers need of the vault (the real `Vault` in the app and the e2e harness). */
export type VaultPort = Pick<
  Vault,
  | 'status'
  | 'create'
  | 'unlockWithKeychain'
  | 'unlockWithPassword'
  | 'lock'
  | 'touch'
  | 'isUnlocked'
  | 'getSettings'
  | 'updateSettings'
  | 'setPassword'
  | 'enableKeychain'
  | 'removeSlot'
>

export interface VaultDeps {
  vault: VaultPort
  /** scrypt cost of new password slots; the vault's default (N=2^17) unless a test lowers it. */
  scrypt?: ScryptParams
  /** The policies in force (RequireAppLock, PasswordMinLength, the auto-lock ceiling). */
  policy: PolicyGetter
}

type VaultChannel = Extract<Channel, `vault:${string}`>
type VaultHandlers = { readonly [K in VaultChannel]: Handler<K> }

export function vaultLockedError(): AppError {
  return new AppError(
    'VAULT_LOCKED',
    'The vault is locked. Unlock it with the keychain or your password to continue.'
  )
}

function statusView(s: VaultStatus, values: PolicyValues): VaultStatusView {
  return {
    state: s.state,
    path: s.path,
    backupPath: s.backupPath,
    slots: [...s.slots],
    autoLockMinutes:
      s.autoLockMinutes === null ? null : effectiveAutoLockMinutes(s.autoLockMinutes, values),
    ...(s.error ? { error: { code: s.error.code, message: s.error.message } } : {})
  }
}

/** The settings in force: the user's choices under AutoLockMaxMinutes and LockOnScreenLock. */
function settingsView(
  s: { autoLockMinutes: number; lockOnSuspend?: unknown },
  values: PolicyValues
): VaultSettingsView {
  return {
    autoLockMinutes: effectiveAutoLockMinutes(s.autoLockMinutes, values),
    lockOnSuspend: effectiveLockOnSuspend(s.lockOnSuspend !== false, values)
  }
}

/** RequireAppLock refuses a vault (or a change) that would open without a password. */
function requireAppLockError(snapshot: PolicySnapshotView, what: string): AppError {
  return policyForbidden(snapshot, 'RequireAppLock', what)
}

/**
 * The handlers of the `vault:*` channels. Policies apply here, in main: RequireAppLock (no vault
 * without a password, the password cannot be removed, the keychain alone does not open a vault
 * that has one), PasswordMinLength, and the auto-lock and lock-on-suspend rules.
 */
export function vaultHandlers(deps: VaultDeps): VaultHandlers {
  const { vault, policy } = deps
  const status = async () => statusView(await vault.status(), policy().values)
  return {
    'vault:status': status,
    'vault:create': async ({ keychain, password }) => {
      const snapshot = policy()
      if (password === undefined && snapshot.values.RequireAppLock) {
        throw requireAppLockError(
          snapshot,
          'Your organization requires a vault password; choose one to create the vault'
        )
      }
      if (password !== undefined) assertPasswordLength(snapshot, password)
      await vault.create({
        keychain,
        ...(password !== undefined ? { password } : {}),
        ...(deps.scrypt ? { scrypt: deps.scrypt } : {})
      })
      return status()
    },
    'vault:unlock': async (input) => {
      if (!vault.isUnlocked) {
        const snapshot = policy()
        if (input.method === 'keychain' && snapshot.values.RequireAppLock) {
          // A vault without a password may still open with the keychain: the user is then asked
          // to add one before anything else (see requirePasswordFirst).
          const { slots } = await vault.status()
          if (slots.includes('password')) {
            throw requireAppLockError(
              snapshot,
              'Your organization requires the vault password to open Tessera; type your password'
            )
          }
        }
        if (input.method === 'keychain') await vault.unlockWithKeychain()
        else await vault.unlockWithPassword(input.password)
      }
      return status()
    },
    'vault:lock': async () => {
      vault.lock('user')
      return null
    },
    'vault:touch': async () => {
      vault.touch()
      return null
    },
    'vault:getSettings': async () => settingsView(vault.getSettings(), policy().values),
    'vault:updateSettings': async (patch) => {
      const snapshot = policy()
      if (patch.autoLockMinutes !== undefined) assertAutoLockChoice(snapshot, patch.autoLockMinutes)
      if (patch.lockOnSuspend !== undefined)
        assertLockOnSuspendChoice(snapshot, patch.lockOnSuspend)
      const next: { autoLockMinutes?: number; lockOnSuspend?: boolean } = {}
      if (patch.autoLockMinutes !== undefined) next.autoLockMinutes = patch.autoLockMinutes
      if (patch.lockOnSuspend !== undefined) next.lockOnSuspend = patch.lockOnSuspend
      return settingsView(await vault.updateSettings(next), policy().values)
    },
    'vault:setPassword': async ({ password, current }) => {
      assertPasswordLength(policy(), password)
      await vault.setPassword(password, {
        ...(current !== undefined ? { current } : {}),
        ...(deps.scrypt ? { scrypt: deps.scrypt } : {})
      })
      return status()
    },
    'vault:enableKeychain': async ({ current }) => {
      await vault.enableKeychain(current)
      return status()
    },
    'vault:removeSlot': async ({ slot, current }) => {
      const snapshot = policy()
      if (slot === 'password' && snapshot.values.RequireAppLock) {
        throw requireAppLockError(
          snapshot,
          'Your organization requires a vault password, so it cannot be removed'
        )
      }
      await vault.removeSlot(slot, current)
      return status()
    }
  }
}

/**
 * Wraps a handler table so that, while the vault is locked, every channel except those declared
 * `openWhileLocked` in the contract answers VAULT_LOCKED before its handler runs (so no service does
 * anything, network included, without the key).
 */
export function gateWhileLocked(
  deps: VaultDeps,
  table: HandlerTable,
  open: ReadonlySet<string> = CHANNELS_OPEN_WHILE_LOCKED
): HandlerTable {
  const { vault } = deps
  const gated: Record<string, unknown> = {}
  for (const [name, handler] of Object.entries(table) as [string, (...a: never[]) => unknown][]) {
    gated[name] = open.has(name)
      ? handler
      : (...args: never[]) => {
          if (!vault.isUnlocked) return Promise.reject(vaultLockedError())
          return handler(...args)
        }
  }
  return gated as HandlerTable
}

export interface ConnectVaultOptions {
  /** Where the renderer is told (`vault:locked`, `vault:unlocked`, `vault:changed`). */
  emit: Emit
  /** Watch the vault file while unlocked (the app: yes; unit tests may say no). */
  watch?: boolean
  /** Debounce of the file watcher, ms. */
  watchDebounceMs?: number
  /** Called after the vault locked, e.g. to clear the clipboard. */
  onLocked?: (reason: VaultLockReason) => void
}

/**
 * Forwards the vault's events to the renderer and watches the vault file while unlocked, so
 * accounts the CLI adds appear in the open app. A change also sends `accounts:changed`, which
 * makes the account list reload. Returns the function that disconnects.
 */
export function connectVault(
  vault: Pick<Vault, 'onEvent' | 'watch' | 'isUnlocked'>,
  options: ConnectVaultOptions
): () => void {
  let stopWatching: (() => void) | null = null
  const startWatching = () => {
    if (options.watch === false || stopWatching) return
    stopWatching = vault.watch(options.watchDebounceMs)
  }
  const stop = () => {
    stopWatching?.()
    stopWatching = null
  }
  if (vault.isUnlocked) startWatching()
  const off = vault.onEvent((e) => {
    if (e.type === 'unlocked') {
      startWatching()
      options.emit('vault:unlocked', { method: e.method })
    } else if (e.type === 'locked') {
      stop()
      options.onLocked?.(e.reason)
      options.emit('vault:locked', { reason: e.reason })
    } else {
      options.emit('vault:changed', {})
      options.emit('accounts:changed', { reason: 'updated', ids: [] })
    }
  })
  return () => {
    off()
    stop()
  }
}

/** Channels a vault without a password still answers under RequireAppLock (to add one). */
const OPEN_UNTIL_PASSWORD: ReadonlySet<string> = new Set([
  'policy:get',
  'settings:get',
  'quickCopy:hide',
  'quickCopy:openMain'
])

/**
 * RequireAppLock on a vault that has no password yet: until one is added, every channel but the
 * vault's own, `policy:get` and `settings:get` answers POLICY_FORBIDDEN saying so. Enforced here,
 * in main, so no window or script can skip the prompt that asks for the password.
 */
export function requirePasswordFirst(deps: VaultDeps, table: HandlerTable): HandlerTable {
  const { vault, policy } = deps
  const gated: Record<string, unknown> = {}
  for (const [name, handler] of Object.entries(table) as [
    string,
    (...a: never[]) => Promise<unknown>
  ][]) {
    gated[name] =
      name.startsWith('vault:') || OPEN_UNTIL_PASSWORD.has(name)
        ? handler
        : async (...args: never[]) => {
            const snapshot = policy()
            if (snapshot.values.RequireAppLock && vault.isUnlocked) {
              const { slots } = await vault.status()
              if (!slots.includes('password')) {
                throw requireAppLockError(
                  snapshot,
                  'Your organization requires a vault password; add one before using Tessera'
                )
              }
            }
            return handler(...args)
          }
  }
  return gated as HandlerTable
}
