/**
 * A vault double for tests that are about handlers, not about the vault: accounts, settings and
 * collections in memory, unlocked from the start, `lock()` and `unlockWithKeychain()` firing the
 * events the real `Vault` fires. Key slots are not modelled: tests of slots use a real `Vault`
 * in a temporary folder with a MemoryKeychain.
 */
import { AppError } from '../../src/shared/errors'
import type { MainVault } from '../../src/main/compose'
import {
  DEFAULT_SETTINGS,
  type LockReason,
  type VaultEvent,
  type VaultSettings,
  type VaultStatus
} from '../../src/main/core/vault'
import { MemoryAccountStore } from './memory-account-store'

function noSlots(): never {
  throw new AppError('UNSUPPORTED', 'MemoryVault has no key slots: use a real Vault for that test.')
}

export class MemoryVault extends MemoryAccountStore implements MainVault {
  private unlocked = true
  private settings: VaultSettings = { ...DEFAULT_SETTINGS }
  private readonly collections = new Map<string, unknown[]>()
  private readonly listeners = new Set<(e: VaultEvent) => void>()

  constructor(now: () => number = Date.now) {
    super(now)
  }

  get isUnlocked(): boolean {
    return this.unlocked
  }

  onEvent(listener: (e: VaultEvent) => void): () => boolean {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  private fire(e: VaultEvent): void {
    for (const l of [...this.listeners]) l(e)
  }

  watch(): () => void {
    return () => undefined
  }

  async status(): Promise<VaultStatus> {
    return {
      state: this.unlocked ? 'unlocked' : 'locked',
      path: '',
      backupPath: null,
      slots: ['keychain'],
      autoLockMinutes: this.settings.autoLockMinutes
    }
  }

  async create(): Promise<void> {
    noSlots()
  }

  async unlockWithKeychain(): Promise<void> {
    if (this.unlocked) return
    this.unlocked = true
    this.fire({ type: 'unlocked', method: 'keychain' })
  }

  async unlockWithPassword(): Promise<void> {
    noSlots()
  }

  lock(reason: LockReason = 'user'): void {
    if (!this.unlocked) return
    this.unlocked = false
    this.fire({ type: 'locked', reason })
  }

  touch(): void {}

  /** The auto-lock ceiling the composition set last (MemoryVault has no idle timer). */
  autoLockCeiling: number | null = null
  setAutoLockCeiling(maxMinutes: number | null): void {
    this.autoLockCeiling = maxMinutes
  }

  getSettings(): VaultSettings {
    return { ...this.settings }
  }

  async updateSettings(patch: Partial<VaultSettings>): Promise<VaultSettings> {
    const next = { ...this.settings }
    for (const [k, v] of Object.entries(patch)) if (v !== undefined) next[k] = v
    this.settings = next
    return { ...next }
  }

  async setPassword(): Promise<void> {
    noSlots()
  }

  async enableKeychain(): Promise<void> {
    noSlots()
  }

  async removeSlot(): Promise<void> {
    noSlots()
  }

  readCollection(name: string): unknown[] {
    return structuredClone(this.collections.get(name) ?? [])
  }

  async writeCollection(name: string, items: unknown[]): Promise<void> {
    this.collections.set(name, structuredClone(items))
  }
}
