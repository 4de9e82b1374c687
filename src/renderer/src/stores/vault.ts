/**
 * Where the vault stands, as the renderer knows it, and the actions of the first-run, unlock and
 * lock screens. On lock every account and code the page holds is dropped.
 */
import { create } from 'zustand'
import type { ErrorShape, Result } from '../../../shared/errors'
import type { VaultLockReason, VaultSlot, VaultStatusView } from '../../../shared/ipc/vault'
import { api } from '../api'
import { useAccountsStore } from './accounts'
import { useCodesStore } from './codes'

export type VaultPhase = 'loading' | 'missing' | 'locked' | 'unlocked' | 'corrupt'

/** How often (at most) user input tells main that someone is there. */
export const TOUCH_INTERVAL_MS = 15_000

interface VaultStoreState {
  phase: VaultPhase
  status: VaultStatusView | null
  /** Why the vault locked last (shown on the unlock screen); null after an unlock. */
  lockReason: VaultLockReason | null
  /** A corrupt vault found at unlock time (the file parses but does not decrypt). */
  corruptError: ErrorShape | null
  busy: boolean
  /** Reads the status from main and shows the matching screen. */
  load(): Promise<void>
  /** Resolves to the error to show, or null when the vault was created (and is unlocked). */
  create(input: { keychain: boolean; password?: string }): Promise<ErrorShape | null>
  unlockWithKeychain(): Promise<ErrorShape | null>
  /**
   * `repairKeychain`: the keychain's item was missing or damaged, so store the key there again
   * once the password opened the vault (what the keychain error promised the user).
   */
  unlockWithPassword(
    password: string,
    options?: { repairKeychain?: boolean }
  ): Promise<ErrorShape | null>
  lock(): Promise<void>
  /** Sets or changes the vault password; changing it needs the `current` one. */
  setPassword(password: string, current?: string): Promise<ErrorShape | null>
  /** Stores the key in the OS keychain (again); needs the `current` password when the vault has one. */
  enableKeychain(current?: string): Promise<ErrorShape | null>
  /**
   * Removes one way of opening the vault (main refuses to remove the last one); needs the
   * `current` password when the vault has one.
   */
  removeSlot(slot: VaultSlot, current?: string): Promise<ErrorShape | null>
  /** User input: postpones auto-lock (sent at most every TOUCH_INTERVAL_MS). */
  touch(now?: number): void
  /** Main said the vault locked (or a call answered VAULT_LOCKED). */
  locked(reason: VaultLockReason | null): void
  /** Main said the vault unlocked (in this window or another). */
  unlocked(): void
  reset(): void
}

let lastTouch = Number.NEGATIVE_INFINITY

/** Drops every account and code the page holds. */
function dropSecrets(): void {
  useAccountsStore.getState().reset()
  useCodesStore.getState().reset()
}

function phaseOf(status: VaultStatusView): VaultPhase {
  return status.state
}

export const useVaultStore = create<VaultStoreState>()((set, get) => {
  const afterUnlock = async (result: Result<VaultStatusView>): Promise<ErrorShape | null> => {
    if (!result.ok) {
      set({ busy: false })
      if (result.error.code === 'VAULT_CORRUPT') {
        dropSecrets()
        set({ phase: 'corrupt', corruptError: result.error })
      }
      return result.error
    }
    set({
      busy: false,
      status: result.value,
      phase: phaseOf(result.value),
      lockReason: null,
      corruptError: null
    })
    lastTouch = Number.NEGATIVE_INFINITY
    return null
  }

  const afterSlotChange = (result: Result<VaultStatusView>): ErrorShape | null => {
    if (!result.ok) return result.error
    set({ status: result.value })
    return null
  }

  return {
    phase: 'loading',
    status: null,
    lockReason: null,
    corruptError: null,
    busy: false,
    async load() {
      const result = await api().vault.status()
      if (!result.ok) {
        // Main could not even say where the vault stands: treat it as locked and let unlock explain.
        set({ phase: 'locked', status: null })
        return
      }
      const phase = phaseOf(result.value)
      if (phase !== 'unlocked') dropSecrets()
      set({ status: result.value, phase })
    },
    async create(input) {
      set({ busy: true })
      return afterUnlock(await api().vault.create(input))
    },
    async unlockWithKeychain() {
      set({ busy: true })
      return afterUnlock(await api().vault.unlock({ method: 'keychain' }))
    },
    async unlockWithPassword(password, options) {
      set({ busy: true })
      const err = await afterUnlock(await api().vault.unlock({ method: 'password', password }))
      if (!err && options?.repairKeychain && get().status?.slots.includes('keychain')) {
        // Best effort: if the keychain still fails, the next keychain unlock says so again. The
        // password just opened the vault, so it is the proof main asks for: no second prompt.
        await get().enableKeychain(password)
      }
      return err
    },
    async lock() {
      // Drop at once: the screen must not show codes while main is still locking.
      get().locked('user')
      await api().vault.lock()
    },
    async setPassword(password, current) {
      return afterSlotChange(
        await api().vault.setPassword({ password, ...(current !== undefined ? { current } : {}) })
      )
    },
    async enableKeychain(current) {
      return afterSlotChange(
        await api().vault.enableKeychain(current !== undefined ? { current } : {})
      )
    },
    async removeSlot(slot, current) {
      return afterSlotChange(
        await api().vault.removeSlot({ slot, ...(current !== undefined ? { current } : {}) })
      )
    },
    touch(now = Date.now()) {
      if (get().phase !== 'unlocked' || now - lastTouch < TOUCH_INTERVAL_MS) return
      lastTouch = now
      void api().vault.touch()
    },
    locked(reason) {
      dropSecrets()
      const { phase, status } = get()
      if (phase === 'locked' && reason === null) return
      set({
        phase: phase === 'corrupt' || phase === 'missing' ? phase : 'locked',
        lockReason: reason ?? get().lockReason,
        status: status ? { ...status, state: 'locked', autoLockMinutes: null } : status
      })
      // The slots may have changed while unlocked; ask main again (it also says the auto-lock
      // minutes in force when the vault locked).
      void api()
        .vault.status()
        .then((r) => {
          if (r.ok && get().phase === 'locked') set({ status: r.value, phase: phaseOf(r.value) })
        })
    },
    unlocked() {
      if (get().phase === 'unlocked') return
      void get().load()
    },
    reset() {
      lastTouch = Number.NEGATIVE_INFINITY
      set({ phase: 'loading', status: null, lockReason: null, corruptError: null, busy: false })
    }
  }
})

// A reply that was already in flight when the vault locked must not bring accounts or codes back
// into the page: whatever lands while the vault is not open is dropped at once.
useAccountsStore.subscribe((s) => {
  if (s.accounts.length > 0 && useVaultStore.getState().phase !== 'unlocked') s.reset()
})
useCodesStore.subscribe((s) => {
  if (Object.keys(s.byId).length > 0 && useVaultStore.getState().phase !== 'unlocked') s.reset()
})
