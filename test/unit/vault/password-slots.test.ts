/**
 * Changing how the vault opens needs the current password once there is one: anyone at an
 * unlocked, unattended Tessera could otherwise replace the password (then drop the keychain slot)
 * and lock the owner out. Real scrypt (at its lowest cost), real files, an in-memory keychain.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AppError } from '../../../src/shared/errors'
import { MemoryKeychain } from '../../helpers/memory-keychain'
import { MIN_SCRYPT_N, Vault } from '../../../src/main/core/vault'

const FAST = { n: MIN_SCRYPT_N, r: 8, p: 1 }
const OLD = 'old password 1'
const NEW = 'new password 2'
let dir: string

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tessera-slots-'))
})
afterEach(() => {
  rmSync(dir, { recursive: true, force: true })
})

async function failure(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e
  )
  if (!(err instanceof AppError)) throw new Error(`expected an AppError, got ${String(err)}`)
  return err
}

async function fresh(keychain = new MemoryKeychain(), password: string | null = OLD) {
  const vault = new Vault({ dataDir: dir, keychain })
  await vault.create({ keychain: true, ...(password ? { password } : {}), scrypt: FAST })
  return { vault, keychain, bytes: () => readFileSync(vault.paths.vault) }
}

describe('setPassword: changing the password', () => {
  it('without or with a wrong current password: WRONG_PASSWORD, the file byte-identical, the old password still opens', async () => {
    const { vault, keychain, bytes } = await fresh()
    const before = bytes()
    for (const current of [undefined, '', 'not it at all', OLD.toUpperCase()]) {
      const e = await failure(
        vault.setPassword(NEW, { ...(current !== undefined ? { current } : {}), scrypt: FAST })
      )
      expect(e.code, String(current)).toBe('WRONG_PASSWORD')
      expect(e.message).toMatch(/password/)
    }
    expect(bytes().equals(before)).toBe(true)
    const other = new Vault({ dataDir: dir, keychain })
    await other.unlockWithPassword(OLD)
    expect((await failure(other.unlockWithPassword(NEW))).code).toBe('WRONG_PASSWORD')
  })

  it('with the right current password: the new password opens the vault and the old one no longer does', async () => {
    const { vault, keychain } = await fresh()
    await vault.setPassword(NEW, { current: OLD, scrypt: FAST })
    const other = new Vault({ dataDir: dir, keychain })
    expect((await failure(other.unlockWithPassword(OLD))).code).toBe('WRONG_PASSWORD')
    await other.unlockWithPassword(NEW)
    expect(other.isUnlocked).toBe(true)
    expect((await other.status()).slots.sort()).toEqual(['keychain', 'password'])
  })

  it('adding the first password to a keychain-only vault needs no current password', async () => {
    const { vault, keychain } = await fresh(new MemoryKeychain(), null)
    await vault.setPassword(NEW, { scrypt: FAST })
    const other = new Vault({ dataDir: dir, keychain })
    await other.unlockWithPassword(NEW)
    expect(other.isUnlocked).toBe(true)
  })

  it('a password another process set meanwhile is what gets checked, under the lock', async () => {
    const { vault: app, keychain, bytes } = await fresh()
    const cli = new Vault({ dataDir: dir, keychain })
    await cli.unlockWithPassword(OLD)
    await cli.setPassword(NEW, { current: OLD, scrypt: FAST })
    const afterCli = bytes()
    // the app still holds the old key, where OLD fits; the change re-keyed the file, so the app
    // is locked (not told the vault is damaged) and must unlock with NEW
    const e = await failure(app.setPassword('third password', { current: OLD, scrypt: FAST }))
    expect(e.code).toBe('VAULT_LOCKED')
    expect(e.message).toMatch(/password .*changed/)
    expect(app.isUnlocked).toBe(false)
    expect(bytes().equals(afterCli)).toBe(true)
    expect((await failure(app.unlockWithPassword(OLD))).code).toBe('WRONG_PASSWORD')
    await app.unlockWithPassword(NEW)
    await app.setPassword('third password', { current: NEW, scrypt: FAST })
    cli.lock()
    await cli.unlockWithPassword('third password')
  })
})

describe('removeSlot: needs the password when the vault has one', () => {
  it('removing the keychain slot without or with a wrong password changes nothing, keychain item included', async () => {
    const { vault, keychain, bytes } = await fresh()
    const before = bytes()
    for (const current of [undefined, 'wrong wrong']) {
      expect((await failure(vault.removeSlot('keychain', current))).code).toBe('WRONG_PASSWORD')
    }
    expect(bytes().equals(before)).toBe(true)
    expect(keychain.items.size).toBe(1)
    await vault.removeSlot('keychain', OLD)
    expect((await vault.status()).slots).toEqual(['password'])
    expect(keychain.items.size).toBe(0)
  })

  it('removing the password slot needs that password', async () => {
    const { vault, keychain, bytes } = await fresh()
    const before = bytes()
    expect((await failure(vault.removeSlot('password'))).code).toBe('WRONG_PASSWORD')
    expect((await failure(vault.removeSlot('password', NEW))).code).toBe('WRONG_PASSWORD')
    expect(bytes().equals(before)).toBe(true)
    await vault.removeSlot('password', OLD)
    const other = new Vault({ dataDir: dir, keychain })
    expect((await other.status()).slots).toEqual(['keychain'])
    await other.unlockWithKeychain()
  })

  it('the last way in is refused as such (INVALID_INPUT), before any password is asked', async () => {
    const { vault, bytes } = await fresh(new MemoryKeychain(), null)
    const before = bytes()
    expect((await failure(vault.removeSlot('keychain'))).code).toBe('INVALID_INPUT')
    expect(bytes().equals(before)).toBe(true)
  })
})

describe('enableKeychain: storing the key in the keychain needs the password when there is one', () => {
  async function passwordOnly() {
    const keychain = new MemoryKeychain()
    const vault = new Vault({ dataDir: dir, keychain })
    await vault.create({ keychain: false, password: OLD, scrypt: FAST })
    return { vault, keychain, bytes: () => readFileSync(vault.paths.vault) }
  }

  it('without or with a wrong password: WRONG_PASSWORD, the file byte-identical, no keychain item, the keychain does not open it', async () => {
    const { vault, keychain, bytes } = await passwordOnly()
    const before = bytes()
    for (const current of [undefined, '', 'wrong wrong', OLD.toUpperCase()]) {
      const e = await failure(vault.enableKeychain(current))
      expect(e.code, String(current)).toBe('WRONG_PASSWORD')
      expect(e.message).toMatch(/password/)
    }
    expect(bytes().equals(before)).toBe(true)
    expect(keychain.items.size).toBe(0)
    const other = new Vault({ dataDir: dir, keychain })
    expect((await other.status()).slots).toEqual(['password'])
    expect((await failure(other.unlockWithKeychain())).code).not.toBe('VAULT_LOCKED')
  })

  it('with the right password: the keychain slot is recorded and opens the vault in another process', async () => {
    const { vault, keychain } = await passwordOnly()
    await vault.enableKeychain(OLD)
    expect(keychain.items.size).toBe(1)
    const other = new Vault({ dataDir: dir, keychain })
    expect([...(await other.status()).slots].sort()).toEqual(['keychain', 'password'])
    await other.unlockWithKeychain()
  })

  it('re-storing a missing keychain item needs the password too, and then the keychain opens again', async () => {
    const { vault, keychain, bytes } = await fresh()
    keychain.items.clear()
    const before = bytes()
    expect((await failure(vault.enableKeychain())).code).toBe('WRONG_PASSWORD')
    expect(keychain.items.size).toBe(0)
    expect(bytes().equals(before)).toBe(true)
    await vault.enableKeychain(OLD)
    await new Vault({ dataDir: dir, keychain }).unlockWithKeychain()
  })

  it('a keychain-only vault (no password) needs nothing', async () => {
    const { vault, keychain } = await fresh(new MemoryKeychain(), null)
    keychain.items.clear()
    await vault.enableKeychain()
    await new Vault({ dataDir: dir, keychain }).unlockWithKeychain()
  })
})

describe('status while locked: the auto-lock minutes', () => {
  it('after a lock the status keeps the minutes that were in force; a new process does not know them', async () => {
    const { vault, keychain } = await fresh()
    await vault.updateSettings({ autoLockMinutes: 7 })
    expect((await vault.status()).autoLockMinutes).toBe(7)
    vault.lock('idle')
    expect(await vault.status()).toMatchObject({ state: 'locked', autoLockMinutes: 7 })
    const other = new Vault({ dataDir: dir, keychain })
    expect(await other.status()).toMatchObject({ state: 'locked', autoLockMinutes: null })
  })

  it('a different vault in the file is not described with the old one’s minutes', async () => {
    const { vault } = await fresh()
    await vault.updateSettings({ autoLockMinutes: 9 })
    vault.lock()
    rmSync(vault.paths.vault)
    rmSync(vault.paths.backup, { force: true })
    const other = new Vault({ dataDir: dir, keychain: new MemoryKeychain() })
    await other.create({ keychain: true, scrypt: FAST })
    expect(await vault.status()).toMatchObject({ state: 'locked', autoLockMinutes: null })
  })
})
