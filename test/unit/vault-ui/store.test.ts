/**
 * The renderer's vault store over the real contract API, the real handler table and a real Vault
 * in a temporary folder: the current password reaches main, a wrong one comes back as the error
 * the dialog shows, and after an idle lock the store learns the minutes the unlock screen says.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { MemoryKeychain } from '../../helpers/memory-keychain'
import { MIN_SCRYPT_N, Vault } from '../../../src/main/core/vault'
import { composeForTest } from '../../helpers/compose'
import type { ErrorShape } from '../../../src/shared/errors'
import { createTesseraApi } from '../../../src/shared/ipc'
import type { VaultLockReason, VaultStatusView } from '../../../src/shared/ipc/vault'

const FAST = { n: MIN_SCRYPT_N, r: 8, p: 1 }
const OLD = 'old vault password'
const NEW = 'new vault password'

/*
 * The store is renderer code, which the node project that type-checks tests does not include; it
 * is loaded at run time and typed here by the parts the tests use.
 */
interface VaultState {
  phase: string
  status: VaultStatusView | null
  lockReason: VaultLockReason | null
  load(): Promise<void>
  setPassword(password: string, current?: string): Promise<ErrorShape | null>
  removeSlot(slot: 'keychain' | 'password', current?: string): Promise<ErrorShape | null>
  enableKeychain(current?: string): Promise<ErrorShape | null>
  unlockWithPassword(
    password: string,
    options?: { repairKeychain?: boolean }
  ): Promise<ErrorShape | null>
  locked(reason: VaultLockReason | null): void
  reset(): void
}
const src = new URL('../../../src/renderer/src/', import.meta.url).href
const { useVaultStore } = (await import(/* @vite-ignore */ `${src}stores/vault.ts`)) as {
  useVaultStore: { getState(): VaultState }
}
const { lockReasonText } = (await import(
  /* @vite-ignore */ `${src}features/vault/messages.ts`
)) as {
  lockReasonText(reason: VaultLockReason | null, minutes?: number | null): string | null
}

let dir: string
let vault: Vault
let keychain: MemoryKeychain

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tessera-vault-store-'))
  keychain = new MemoryKeychain()
  vault = new Vault({ dataDir: dir, keychain })
  await vault.create({ keychain: true, password: OLD, scrypt: FAST })
  const { dispatch } = composeForTest({ vault, services: { scrypt: FAST, watchVault: false } })
  const tessera = createTesseraApi({
    invoke: (channel, input) => dispatch(channel, input, { transport: 'direct' }),
    subscribe: () => () => undefined
  })
  ;(globalThis as unknown as { window: { tessera: typeof tessera } }).window = { tessera }
  useVaultStore.getState().reset()
  await useVaultStore.getState().load()
})

afterEach(() => {
  vault.lock()
  rmSync(dir, { recursive: true, force: true })
  delete (globalThis as { window?: unknown }).window
})

describe('vault store: vault access', () => {
  it('change password: a wrong current password is the error to show and changes nothing; the right one switches', async () => {
    const s = useVaultStore.getState()
    const before = readFileSync(vault.paths.vault)
    expect(await s.setPassword(NEW, 'not it')).toMatchObject({ code: 'WRONG_PASSWORD' })
    expect(await s.setPassword(NEW)).toMatchObject({ code: 'WRONG_PASSWORD' })
    expect(readFileSync(vault.paths.vault).equals(before)).toBe(true)
    expect(await s.setPassword(NEW, OLD)).toBeNull()
    const other = new Vault({ dataDir: dir, keychain })
    await other.unlockWithPassword(NEW)
    other.lock()
  })

  it('remove the keychain: needs the password; the status the screen shows follows', async () => {
    const s = useVaultStore.getState()
    expect(await s.removeSlot('keychain', 'not it')).toMatchObject({ code: 'WRONG_PASSWORD' })
    expect(useVaultStore.getState().status?.slots).toEqual(['keychain', 'password'])
    expect(await s.removeSlot('keychain', OLD)).toBeNull()
    expect(useVaultStore.getState().status?.slots).toEqual(['password'])
    expect(keychain.items.size).toBe(0)
  })

  it('store in the keychain: needs the password; a wrong one changes nothing, the right one turns it on', async () => {
    const s = useVaultStore.getState()
    expect(await s.removeSlot('keychain', OLD)).toBeNull()
    const before = readFileSync(vault.paths.vault)
    expect(await s.enableKeychain()).toMatchObject({ code: 'WRONG_PASSWORD' })
    expect(await s.enableKeychain('not it')).toMatchObject({ code: 'WRONG_PASSWORD' })
    expect(readFileSync(vault.paths.vault).equals(before)).toBe(true)
    expect(keychain.items.size).toBe(0)
    expect(await s.enableKeychain(OLD)).toBeNull()
    expect(useVaultStore.getState().status?.slots).toEqual(['keychain', 'password'])
    const other = new Vault({ dataDir: dir, keychain })
    await other.unlockWithKeychain()
    other.lock()
  })

  it('unlocking with the password after the keychain item went missing stores it again without asking twice', async () => {
    const s = useVaultStore.getState()
    keychain.items.clear()
    vault.lock()
    useVaultStore.getState().locked('user')
    expect(await s.unlockWithPassword(OLD, { repairKeychain: true })).toBeNull()
    expect(keychain.items.size).toBe(1)
    const other = new Vault({ dataDir: dir, keychain })
    await other.unlockWithKeychain()
    other.lock()
  })
})

describe('vault store: after an idle lock', () => {
  it('learns the auto-lock minutes from main, so the unlock screen can say them', async () => {
    await vault.updateSettings({ autoLockMinutes: 7 })
    vault.lock('idle')
    useVaultStore.getState().locked('idle')
    await expect.poll(() => useVaultStore.getState().status?.autoLockMinutes).toBe(7)
    const { lockReason, status } = useVaultStore.getState()
    expect(lockReasonText(lockReason, status?.autoLockMinutes)).toBe(
      'Locked after 7 minutes without use.'
    )
    expect(lockReasonText('idle', null)).toBe(
      'Tessera locked itself because nobody used it for a while.'
    )
    expect(lockReasonText('idle', 1)).toBe('Locked after 1 minute without use.')
  })
})
