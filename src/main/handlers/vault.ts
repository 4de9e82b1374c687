/**
 * The vault's IPC handlers, the guard that answers VAULT_LOCKED on every other channel while the
 * vault is locked, and `connectVault`, which forwards the vault's lock/unlock/change events to the
 * renderer and watches the file for the CLI's saves while unlocked.
 */
import { AppError } from '../../shared/errors'
import type { Channel, Emit } from '../../shared/ipc'
import {
  CHANNELS_OPEN_WHILE_LOCKED,
  type VaultLockReason,
  type VaultSettingsView,
  type VaultStatusView
} from '../../shared/ipc/vault'
import type { ScryptParams, Vault, VaultStatus } from '../core/vault'
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
}

type VaultChannel = Extract<Channel, `vault:${string}`>
type VaultHandlers = { readonly [K in VaultChannel]: Handler<K> }

export function vaultLockedError(): AppError {
  return new AppError(
    'VAULT_LOCKED',
    'The vault is locked. Unlock it with the keychain or your password to continue.'
  )
}

function statusView(s: VaultStatus): VaultStatusView {
  return {
    state: s.state,
    path: s.path,
    backupPath: s.backupPath,
    slots: [...s.slots],
    autoLockMinutes: s.autoLockMinutes,
    ...(s.error ? { error: { code: s.error.code, message: s.error.message } } : {})
  }
}

function settingsView(s: { autoLockMinutes: number; lockOnSuspend?: unknown }): VaultSettingsView {
  return { autoLockMinutes: s.autoLockMinutes, lockOnSuspend: s.lockOnSuspend !== false }
}

/** The handlers of the `vault:*` channels. */
export function vaultHandlers(deps: VaultDeps): VaultHandlers {
  const { vault } = deps
  const status = async () => statusView(await vault.status())
  return {
    'vault:status': status,
    'vault:create': async ({ keychain, password }) => {
      await vault.create({
        keychain,
        ...(password !== undefined ? { password } : {}),
        ...(deps.scrypt ? { scrypt: deps.scrypt } : {})
      })
      return status()
    },
    'vault:unlock': async (input) => {
      if (!vault.isUnlocked) {
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
    'vault:getSettings': async () => settingsView(vault.getSettings()),
    'vault:updateSettings': async (patch) => {
      const next: { autoLockMinutes?: number; lockOnSuspend?: boolean } = {}
      if (patch.autoLockMinutes !== undefined) next.autoLockMinutes = patch.autoLockMinutes
      if (patch.lockOnSuspend !== undefined) next.lockOnSuspend = patch.lockOnSuspend
      return settingsView(await vault.updateSettings(next))
    },
    'vault:setPassword': async ({ password, current }) => {
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
      await vault.removeSlot(slot, current)
      return status()
    }
  }
}

/**
 * Wraps a handler table so that, while the vault is locked, every channel except those in
 * CHANNELS_OPEN_WHILE_LOCKED answers VAULT_LOCKED before its handler runs (so no service does
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
