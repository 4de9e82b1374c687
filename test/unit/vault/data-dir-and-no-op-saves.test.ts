import {
  chmodSync,
  chownSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AppError } from '../../../src/shared/errors'
import type { NewAccount } from '../../../src/shared/model'
import { MemoryKeychain } from '../../helpers/memory-keychain'
import { Vault } from '../../../src/main/core/vault'

const FAST = { n: 2 ** 10, r: 8, p: 1 }
const posix = process.platform !== 'win32'

function acct(i: number): NewAccount {
  return {
    issuer: `Issuer ${i}`,
    label: `user${i}@example.com`,
    otp: {
      type: 'totp',
      secret: 'JBSWY3DPEHPK3PXP',
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
      counter: 0
    }
  }
}

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tessera-datadir-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('the data directory', () => {
  it('an existing folder (like the home folder) keeps its mode; the vault files are 0600', async () => {
    if (!posix) return console.info('skipped: Windows has no POSIX folder modes')
    const home = join(dir, 'home')
    mkdirSync(home)
    chmodSync(home, 0o755)
    const v = new Vault({ dataDir: home, keychain: new MemoryKeychain() })
    await v.create({ keychain: false, password: 'pw', scrypt: FAST })
    await v.addMany([acct(1)])
    expect(statSync(home).mode & 0o777).toBe(0o755)
    expect(statSync(v.paths.vault).mode & 0o777).toBe(0o600)
    expect(statSync(v.paths.backup).mode & 0o777).toBe(0o600)
  })

  it('a folder Tessera creates (with its parents) is 0700', async () => {
    if (!posix) return console.info('skipped: Windows has no POSIX folder modes')
    const data = join(dir, 'a', 'b', 'Tessera')
    const v = new Vault({ dataDir: data, keychain: new MemoryKeychain() })
    await v.create({ keychain: false, password: 'pw', scrypt: FAST })
    expect(statSync(data).mode & 0o777).toBe(0o700)
  })

  it("an existing 0775 folder of the user's own group (umask 002) is used as it is", async () => {
    if (!posix) return console.info('skipped: Windows has no POSIX folder modes')
    const own = join(dir, 'own-group')
    mkdirSync(own)
    chmodSync(own, 0o775)
    const v = new Vault({ dataDir: own, keychain: new MemoryKeychain() })
    await v.create({ keychain: false, password: 'pw', scrypt: FAST })
    expect(statSync(own).mode & 0o777).toBe(0o775)
    expect(statSync(v.paths.vault).mode & 0o777).toBe(0o600)
  })

  it.each([
    { mode: 0o775, octal: '775, another group', otherGroup: true },
    { mode: 0o777, octal: '777', otherGroup: false },
    { mode: 0o1777, octal: '1777', otherGroup: false }
  ])(
    'an existing folder others may write to ($octal) is refused and nothing is written',
    async ({ mode, otherGroup }) => {
      if (!posix) return console.info('skipped: Windows has no POSIX folder modes')
      const shared = join(dir, 'shared')
      mkdirSync(shared)
      chmodSync(shared, mode)
      if (otherGroup) {
        if (process.getuid?.() !== 0) return console.info('skipped: only root can chgrp here')
        chownSync(shared, process.getuid(), (process.getgid?.() ?? 0) + 4242)
      }
      const v = new Vault({ dataDir: shared, keychain: new MemoryKeychain() })
      const err = await v.create({ keychain: false, password: 'pw', scrypt: FAST }).then(
        () => null,
        (e: unknown) => e
      )
      expect(err).toBeInstanceOf(AppError)
      expect((err as AppError).code).toBe('IO')
      expect((err as AppError).message).toContain('chmod go-w')
      expect(statSync(shared).mode & 0o7777).toBe(mode)
      expect((await v.status()).state).toBe('missing')
    }
  )
})

describe('saves that change nothing write nothing', () => {
  async function harness() {
    let saves = 0
    const v = new Vault({
      dataDir: join(dir, 'data'),
      keychain: new MemoryKeychain(),
      hooks: { afterTempWritten: () => void saves++ }
    })
    await v.create({ keychain: false, password: 'pw', scrypt: FAST })
    await v.addMany([acct(1)])
    await v.addMany([acct(2)])
    saves = 0
    return { v, saves: () => saves }
  }

  it('addMany([]) and updateMany([]) leave the file and its backup alone', async () => {
    const { v, saves } = await harness()
    const file = readFileSync(v.paths.vault, 'utf8')
    const backup = readFileSync(v.paths.backup, 'utf8')
    expect(await v.addMany([])).toEqual([])
    expect(await v.updateMany([])).toEqual([])
    expect(await v.addMany([])).toEqual([])
    expect(saves()).toBe(0)
    expect(readFileSync(v.paths.vault, 'utf8')).toBe(file)
    // the last different copy is still the backup
    expect(readFileSync(v.paths.backup, 'utf8')).toBe(backup)
    expect(backup).not.toBe(file)
  })

  it('writeCollection with the items it already holds writes nothing; a change writes once', async () => {
    const { v, saves } = await harness()
    await v.writeCollection('servers', [{ id: 's1', name: 'Corp', nested: { a: [1, 2] } }])
    expect(saves()).toBe(1)
    await v.writeCollection('servers', v.readCollection('servers'))
    await v.writeCollection('servers', [{ id: 's1', name: 'Corp', nested: { a: [1, 2] } }])
    await v.writeCollection('empty', [])
    expect(saves()).toBe(1)
    await v.writeCollection('servers', [{ id: 's1', name: 'Corp', nested: { a: [1, 3] } }])
    expect(saves()).toBe(2)
    expect(v.readCollection('servers')).toEqual([{ id: 's1', name: 'Corp', nested: { a: [1, 3] } }])
  })

  it('updateSettings with the values it already has writes nothing', async () => {
    const { v, saves } = await harness()
    await v.updateSettings({ autoLockMinutes: 7 })
    expect(saves()).toBe(1)
    expect(await v.updateSettings({ autoLockMinutes: 7 })).toMatchObject({ autoLockMinutes: 7 })
    expect(saves()).toBe(1)
  })
})
