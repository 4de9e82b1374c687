/**
 * Issue 14, finding 4: changing the password (or removing a way in) must re-key the vault. An
 * old copy of vault.json plus the old password gives the old master key; nothing written after
 * the change may open with it, the backup included. Real scrypt (lowest cost), real files, an
 * in-memory keychain.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AppError } from '../../../src/shared/errors'
import { MemoryKeychain } from '../../helpers/memory-keychain'
import { MIN_SCRYPT_N, Vault } from '../../../src/main/core/vault'
import {
  openDb,
  parseEnvelope,
  unwrapPasswordSlot,
  type PasswordSlot
} from '../../../src/main/core/vault/format'
import { decodeKeychainItem } from '../../../src/main/core/keychain'

const FAST = { n: MIN_SCRYPT_N, r: 8, p: 1 }
const OLD = 'old password 1'
const NEW = 'new password 2'
const SECRET_A = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'
const SECRET_B = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'
let dir: string

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tessera-rekey-'))
})
afterEach(() => {
  rmSync(dir, { recursive: true, force: true })
})

const account = (issuer: string, secret: string) => ({
  issuer,
  label: 'me@example.com',
  otp: {
    type: 'totp' as const,
    secret,
    algorithm: 'SHA1' as const,
    digits: 6,
    period: 30,
    counter: 0
  }
})

async function failure(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e
  )
  if (!(err instanceof AppError)) throw new Error(`expected an AppError, got ${String(err)}`)
  return err
}

function envelopeAt(path: string) {
  return parseEnvelope(readFileSync(path, 'utf8'))
}

/** The master key an attacker gets from a file and a password. */
async function keyFrom(path: string, password: string): Promise<Buffer> {
  const slot = envelopeAt(path).header.slots.find((s): s is PasswordSlot => s.type === 'password')
  if (!slot) throw new Error('no password slot')
  return unwrapPasswordSlot(slot, password)
}

/** True when `key` decrypts the file at `path`. */
function opens(path: string, key: Buffer): boolean {
  try {
    openDb(envelopeAt(path), key)
    return true
  } catch {
    return false
  }
}

async function setup() {
  const keychain = new MemoryKeychain()
  const vault = new Vault({ dataDir: dir, keychain })
  await vault.create({ keychain: true, password: OLD, scrypt: FAST })
  await vault.addMany([account('Old', SECRET_A)])
  const oldCopy = join(dir, 'stolen-copy.json')
  copyFileSync(vault.paths.vault, oldCopy)
  return { vault, keychain, oldCopy }
}

describe('finding 4: a password change re-keys the vault', () => {
  it('an old copy + the old password opens neither the new vault nor its backup, accounts added later included', async () => {
    const { vault, keychain, oldCopy } = await setup()
    const oldKeychainItems = [...keychain.items.values()]
    const oldKey = await keyFrom(oldCopy, OLD)
    expect(opens(oldCopy, oldKey)).toBe(true) // the attack works on the copy itself

    await vault.setPassword(NEW, { current: OLD, scrypt: FAST })
    await vault.addMany([account('Later', SECRET_B)])

    expect(opens(vault.paths.vault, oldKey)).toBe(false)
    expect(opens(vault.paths.backup, oldKey)).toBe(false)
    // the old keychain item's key (a copy of it) opens nothing either
    for (const item of oldKeychainItems) {
      expect(opens(vault.paths.vault, decodeKeychainItem(item))).toBe(false)
      expect(opens(vault.paths.backup, decodeKeychainItem(item))).toBe(false)
    }
    expect(readFileSync(vault.paths.backup, 'utf8')).not.toContain(
      JSON.stringify(envelopeAt(oldCopy).header.slots[1])
    )

    // the new password and the (new) keychain item open everything, in another process
    const newKey = await keyFrom(vault.paths.vault, NEW)
    expect(opens(vault.paths.backup, newKey)).toBe(true)
    expect((await failure(keyFrom(vault.paths.vault, OLD))).code).toBe('WRONG_PASSWORD')
    const other = new Vault({ dataDir: dir, keychain })
    await other.unlockWithKeychain()
    expect(other.list().map((a) => a.otp.secret)).toEqual([SECRET_A, SECRET_B])
    other.lock()
    await other.unlockWithPassword(NEW)
    expect(other.list()).toHaveLength(2)
    // exactly one keychain item is left: the old one was deleted after the new file was in place
    expect(keychain.items.size).toBe(1)
    expect([...keychain.items.values()]).not.toEqual(oldKeychainItems)
  })

  it('the process that changed it keeps working under the new key; another open process is locked, not told the vault is damaged', async () => {
    const { vault, keychain } = await setup()
    const app = new Vault({ dataDir: dir, keychain })
    await app.unlockWithKeychain()
    await vault.setPassword(NEW, { current: OLD, scrypt: FAST })
    await vault.addMany([account('Later', SECRET_B)])
    expect(vault.list()).toHaveLength(2)
    const e = await failure(app.refresh())
    expect(e.code).toBe('VAULT_LOCKED')
    expect(e.message).toMatch(/Unlock it again/)
    await app.unlockWithKeychain()
    expect(app.list()).toHaveLength(2)
  })

  it('a crash before the rename leaves the old vault opening with the old password and no new keychain item behind', async () => {
    const keychain = new MemoryKeychain()
    let crash = false
    const vault = new Vault({
      dataDir: dir,
      keychain,
      hooks: {
        afterTempWritten: () => {
          if (crash) throw new Error('simulated crash')
        }
      }
    })
    await vault.create({ keychain: true, password: OLD, scrypt: FAST })
    await vault.addMany([account('Old', SECRET_A)])
    await vault.addMany([account('Old 2', SECRET_B)])
    const before = readFileSync(vault.paths.vault)
    const backupBefore = readFileSync(vault.paths.backup)
    const items = new Map(keychain.items)
    crash = true
    await failure(vault.setPassword(NEW, { current: OLD, scrypt: FAST }))
    expect(readFileSync(vault.paths.vault).equals(before)).toBe(true)
    expect(readFileSync(vault.paths.backup).equals(backupBefore)).toBe(true)
    expect(keychain.items).toEqual(items)
    const other = new Vault({ dataDir: dir, keychain })
    await other.unlockWithPassword(OLD)
    other.lock()
    await other.unlockWithKeychain()
    expect(other.list()).toHaveLength(2)
    // and the process that failed still works with what it holds
    crash = false
    await vault.addMany([account('After', SECRET_A)])
  })
})

describe('finding 4: removing a way in re-keys the vault', () => {
  it('removing the keychain slot: the old key (from the keychain item or the old copy) opens nothing new', async () => {
    const { vault, keychain, oldCopy } = await setup()
    const stolenItem = decodeKeychainItem([...keychain.items.values()][0] ?? '')
    await vault.removeSlot('keychain', OLD)
    await vault.addMany([account('Later', SECRET_B)])
    expect(opens(vault.paths.vault, stolenItem)).toBe(false)
    expect(opens(vault.paths.backup, stolenItem)).toBe(false)
    expect(opens(vault.paths.vault, await keyFrom(oldCopy, OLD))).toBe(false)
    expect(keychain.items.size).toBe(0)
    const other = new Vault({ dataDir: dir, keychain })
    await other.unlockWithPassword(OLD)
    expect(other.list()).toHaveLength(2)
  })

  it('removing the password slot: an old copy + the old password opens nothing new; the keychain does', async () => {
    const { vault, keychain, oldCopy } = await setup()
    await vault.removeSlot('password', OLD)
    await vault.addMany([account('Later', SECRET_B)])
    const oldKey = await keyFrom(oldCopy, OLD)
    expect(opens(vault.paths.vault, oldKey)).toBe(false)
    expect(opens(vault.paths.backup, oldKey)).toBe(false)
    expect(readFileSync(vault.paths.backup, 'utf8')).not.toContain('"password"')
    expect(keychain.items.size).toBe(1)
    const other = new Vault({ dataDir: dir, keychain })
    await other.unlockWithKeychain()
    expect(other.list()).toHaveLength(2)
  })
})

describe('issue 14 (low): a removed secret does not stay in the backup', () => {
  it('after removing an account neither vault.json nor vault.json.bak holds its secret', async () => {
    const { vault } = await setup()
    const [b] = await vault.addMany([account('Other', SECRET_B)])
    const key = await keyFrom(vault.paths.vault, OLD)
    const secretsIn = (path: string) =>
      openDb(envelopeAt(path), key).accounts.map((a) => a.otp.secret)
    const a = vault.list().find((x) => x.otp.secret === SECRET_A)
    await vault.remove(a?.id ?? '')
    expect(secretsIn(vault.paths.vault)).toEqual([SECRET_B])
    expect(secretsIn(vault.paths.backup)).toEqual([SECRET_B])
    // the backup is still a good copy: it opens, and holds what is left
    const other = new Vault({ dataDir: dir, keychain: new MemoryKeychain() })
    await other.unlockWithPassword(OLD)
    expect(other.list().map((x) => x.id)).toEqual([b?.id])
  })
})
