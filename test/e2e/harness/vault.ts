/**
 * The e2e harness's vault: a real `Vault` in a temporary data directory, with an in-memory
 * keychain that a test can make fail the ways a real one does (unavailable, locked, item missing
 * or damaged), and timers that run when the test moves the shared clock, so auto-lock is tested
 * without waiting.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  classifyKeychainError,
  decodeKeychainItem,
  keychainItemMissing,
  type KeychainItemRef
} from '../../../src/main/core/keychain'
import { MemoryKeychain } from '../../helpers/memory-keychain'
import { MIN_SCRYPT_N, Vault, type Timers } from '../../../src/main/core/vault'

/** Fast scrypt for vaults the tests create (the real cost is covered by the vault's own tests). */
export const TEST_SCRYPT = { n: MIN_SCRYPT_N, r: 8, p: 1 }
/** The password of vaults the harness creates with a password slot. */
export const TEST_PASSWORD = 'correct horse battery staple'

export type KeychainMode = 'ok' | 'unavailable' | 'locked' | 'missing' | 'corrupt'

export interface VaultStart {
  /** How the vault is when the page opens. Default: unlocked, keychain slot only. */
  state: 'missing' | 'locked' | 'unlocked' | 'corrupt'
  /** Key slots of a vault the harness creates; default keychain only. */
  slots?: ('keychain' | 'password')[]
  /** How the keychain behaves from the start. */
  keychain?: KeychainMode
}

/** Timers that fire only when the test moves the clock past them. */
export class ClockTimers implements Timers {
  private readonly pending = new Set<{ at: number; fn: () => void }>()
  constructor(private readonly now: () => number) {}

  setTimeout(fn: () => void, ms: number): unknown {
    const t = { at: this.now() + ms, fn }
    this.pending.add(t)
    return t
  }

  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as { at: number; fn: () => void })
  }

  /** Runs every timer due at the current time (including ones that reschedule themselves). */
  runDue(): void {
    for (let guard = 0; guard < 1000; guard++) {
      const due = [...this.pending].filter((t) => t.at <= this.now()).sort((a, b) => a.at - b.at)[0]
      if (!due) return
      this.pending.delete(due)
      due.fn()
    }
    throw new Error('ClockTimers: a timer keeps rescheduling itself at the same time')
  }
}

/** A keychain that can be told to fail the way @napi-rs/keyring does, with the real messages. */
export class FlakyKeychain extends MemoryKeychain {
  mode: KeychainMode = 'ok'

  setMode(mode: KeychainMode): void {
    this.mode = mode
    this.failWith =
      mode === 'unavailable'
        ? classifyKeychainError(
            new Error('Platform secure storage failure: failed to connect to the D-Bus session bus')
          )
        : mode === 'locked'
          ? classifyKeychainError(new Error('Platform secure storage failure: Item is locked'))
          : undefined
  }

  override async readKey(ref: KeychainItemRef): Promise<Buffer> {
    if (this.mode === 'missing') throw keychainItemMissing()
    if (this.mode === 'corrupt') return decodeKeychainItem('tessera-key-v1:not-a-key')
    return super.readKey(ref)
  }
}

export interface TestVault {
  vault: Vault
  keychain: FlakyKeychain
  dataDir: string
  timers: ClockTimers
  /** Makes the keychain behave differently from now on. */
  setKeychain(mode: KeychainMode): void
  /** Damages vault.json so that it no longer parses (the backup stays as it is). */
  corrupt(): void
  dispose(): void
}

export async function startTestVault(start: VaultStart, now: () => number): Promise<TestVault> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tessera-e2e-vault-'))
  const keychain = new FlakyKeychain()
  const timers = new ClockTimers(now)
  const vault = new Vault({ dataDir, keychain, now, timers })
  const corrupt = () => {
    const file = vault.paths.vault
    writeFileSync(file, readFileSync(file, 'utf8').slice(0, 120))
  }
  if (start.state !== 'missing') {
    const slots = start.slots ?? ['keychain']
    await vault.create({
      keychain: slots.includes('keychain'),
      ...(slots.includes('password') ? { password: TEST_PASSWORD } : {}),
      scrypt: TEST_SCRYPT
    })
    if (start.state === 'corrupt') {
      // One save first, so there is a good backup to point the user at (a real change: a save
      // that changes nothing writes nothing).
      await vault.updateSettings({ autoLockMinutes: 6 })
      vault.lock()
      corrupt()
    } else if (start.state === 'locked') {
      vault.lock()
    }
  }
  keychain.setMode(start.keychain ?? 'ok')
  return {
    vault,
    keychain,
    dataDir,
    timers,
    setKeychain: (mode) => keychain.setMode(mode),
    corrupt,
    dispose() {
      vault.lock()
      rmSync(dataDir, { recursive: true, force: true })
    }
  }
}
