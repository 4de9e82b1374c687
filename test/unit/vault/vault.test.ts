import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AppError } from '../../../src/shared/errors'
import type { NewAccount } from '../../../src/shared/model'
import { type KeychainItemRef } from '../../../src/main/core/keychain'
import { MemoryKeychain } from '../../helpers/memory-keychain'
import { Vault, type Timers, type VaultEvent } from '../../../src/main/core/vault'

const FAST = { n: 2 ** 10, r: 8, p: 1 }

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

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p
  } catch (err) {
    if (err instanceof AppError) return err.code
    throw err
  }
  return 'OK'
}

function codeOfSync(fn: () => unknown): string {
  try {
    fn()
  } catch (err) {
    if (err instanceof AppError) return err.code
    throw err
  }
  return 'OK'
}

class FakeTimers implements Timers {
  pending: Array<{ at: number; fn: () => void; id: number }> = []
  t = 0
  private next = 1
  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.next++
    this.pending.push({ at: this.t + ms, fn, id })
    return id
  }
  clearTimeout(h: unknown): void {
    this.pending = this.pending.filter((p) => p.id !== h)
  }
  advance(ms: number): void {
    const end = this.t + ms
    for (;;) {
      const due = this.pending.filter((p) => p.at <= end).sort((a, b) => a.at - b.at)[0]
      if (!due) break
      this.pending = this.pending.filter((p) => p !== due)
      this.t = due.at
      due.fn()
    }
    this.t = end
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** A keychain whose write waits until the test opens the gate (a keyring unlock prompt). */
class PromptingKeychain extends MemoryKeychain {
  private open: () => void = () => undefined
  readonly gate = new Promise<void>((r) => (this.open = r))
  release(): void {
    this.open()
  }
  override async writeKey(ref: KeychainItemRef, key: Uint8Array): Promise<void> {
    await this.gate
    return super.writeKey(ref, key)
  }
}

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tessera-vault-'))
})
afterEach(() => {
  rmSync(dir, { recursive: true, force: true })
})

describe('vault: create, lock, unlock', () => {
  it('round-trips accounts through a password slot and a keychain slot, in a new instance', async () => {
    const keychain = new MemoryKeychain()
    const v = new Vault({ dataDir: dir, keychain })
    await v.create({ keychain: true, password: 'correct horse', scrypt: FAST })
    const [a] = await v.addMany([acct(1)])
    v.lock()

    const byPassword = new Vault({ dataDir: dir, keychain: new MemoryKeychain() })
    await byPassword.unlockWithPassword('correct horse')
    expect(byPassword.list().map((x) => x.id)).toEqual([a!.id])

    const byKeychain = new Vault({ dataDir: dir, keychain })
    await byKeychain.unlockWithKeychain()
    expect(byKeychain.get(a!.id)?.otp.secret).toBe('JBSWY3DPEHPK3PXP')
    expect((await byKeychain.status()).slots.sort()).toEqual(['keychain', 'password'])
  })

  it('stores no secret in clear and files are private (0600, dir 0700)', async () => {
    const v = new Vault({ dataDir: join(dir, 'data'), keychain: new MemoryKeychain() })
    await v.create({ keychain: false, password: 'pw', scrypt: FAST })
    await v.addMany([acct(1)])
    const text = readFileSync(v.paths.vault, 'utf8')
    expect(text).not.toContain('JBSWY3DPEHPK3PXP')
    expect(text).not.toContain('Issuer 1')
    if (process.platform !== 'win32') {
      expect(statSync(v.paths.vault).mode & 0o777).toBe(0o600)
      expect(statSync(v.paths.backup).mode & 0o777).toBe(0o600)
      expect(statSync(join(dir, 'data')).mode & 0o777).toBe(0o700)
    }
  })

  it('a vault restored by hand with a loose mode (0644) leaves a private backup after a save', async () => {
    if (process.platform === 'win32') {
      console.info('skipped: Windows has no POSIX file modes')
      return
    }
    const v = new Vault({ dataDir: dir, keychain: new MemoryKeychain() })
    await v.create({ keychain: false, password: 'pw', scrypt: FAST })
    chmodSync(v.paths.vault, 0o644) // cp vault.json.bak vault.json under umask 022
    await v.addMany([acct(1)])
    expect(statSync(v.paths.vault).mode & 0o777).toBe(0o600)
    expect(statSync(v.paths.backup).mode & 0o777).toBe(0o600)
  })

  it('uses a fresh nonce on every save', async () => {
    const v = new Vault({ dataDir: dir, keychain: new MemoryKeychain() })
    await v.create({ keychain: false, password: 'pw', scrypt: FAST })
    const nonces = new Set<string>()
    for (let i = 0; i < 5; i++) {
      // a different value each time: a save that changes nothing writes nothing
      await v.updateSettings({ autoLockMinutes: 5 + i })
      nonces.add(JSON.parse(readFileSync(v.paths.vault, 'utf8')).nonce)
    }
    expect(nonces.size).toBe(5)
  })

  it('answers WRONG_PASSWORD to a wrong password and stays locked', async () => {
    const v = new Vault({ dataDir: dir, keychain: new MemoryKeychain() })
    await v.create({ keychain: false, password: 'right', scrypt: FAST })
    v.lock()
    expect(await codeOf(v.unlockWithPassword('wrong'))).toBe('WRONG_PASSWORD')
    expect(v.isUnlocked).toBe(false)
  })

  it('answers VAULT_LOCKED to every secret-touching call once locked, and zeroes the key', async () => {
    const v = new Vault({ dataDir: dir, keychain: new MemoryKeychain() })
    await v.create({ keychain: false, password: 'pw', scrypt: FAST })
    const [a] = await v.addMany([acct(1)])
    const key = (v as unknown as { open: { key: Buffer } }).open.key
    const events: VaultEvent[] = []
    v.onEvent((e) => events.push(e))
    v.lock()
    expect(key.every((b) => b === 0)).toBe(true)
    expect(events).toEqual([{ type: 'locked', reason: 'user' }])
    expect(codeOfSync(() => v.list())).toBe('VAULT_LOCKED')
    expect(codeOfSync(() => v.get(a!.id))).toBe('VAULT_LOCKED')
    expect(codeOfSync(() => v.readCollection('servers'))).toBe('VAULT_LOCKED')
    expect(codeOfSync(() => v.getSettings())).toBe('VAULT_LOCKED')
    expect(await codeOf(v.addMany([acct(2)]))).toBe('VAULT_LOCKED')
    expect(await codeOf(v.update(a!.id, { label: 'x' }))).toBe('VAULT_LOCKED')
    expect(await codeOf(v.remove(a!.id))).toBe('VAULT_LOCKED')
    expect(await codeOf(v.advanceCounter(a!.id))).toBe('VAULT_LOCKED')
    expect(await codeOf(v.writeCollection('servers', []))).toBe('VAULT_LOCKED')
    expect(await codeOf(v.refresh())).toBe('VAULT_LOCKED')
    expect((await v.status()).state).toBe('locked')
  })

  it('auto-locks after the idle minutes from settings (default 5), postponed by user activity only', async () => {
    const timers = new FakeTimers()
    const v = new Vault({
      dataDir: dir,
      keychain: new MemoryKeychain(),
      timers,
      now: () => timers.t
    })
    const events: VaultEvent[] = []
    v.onEvent((e) => events.push(e))
    await v.create({ keychain: false, password: 'pw', scrypt: FAST })
    expect(v.getSettings().autoLockMinutes).toBe(5)
    timers.advance(4 * 60_000)
    v.touch() // user input
    timers.advance(4 * 60_000)
    expect(v.isUnlocked).toBe(true)
    await v.addMany([acct(1)]) // a save is activity too
    timers.advance(4 * 60_000)
    expect(v.isUnlocked).toBe(true)
    // reads are not: the app polls codes every second and must still lock when nobody is there
    let polls = 0
    while (v.isUnlocked && polls < 10 * 60) {
      v.list()
      timers.advance(1_000)
      polls++
    }
    expect(polls).toBe(60) // 5 minutes after the save, polling or not
    expect(v.isUnlocked).toBe(false)
    timers.advance(60_001)
    expect(v.isUnlocked).toBe(false)
    expect(events.at(-1)).toEqual({ type: 'locked', reason: 'idle' })

    await v.unlockWithPassword('pw')
    await v.updateSettings({ autoLockMinutes: 0 })
    timers.advance(24 * 60 * 60_000)
    expect(v.isUnlocked).toBe(true)
  })
})

describe('vault: auto-lock timer', () => {
  it('a long auto-lock (100,000 minutes) never asks for a timer Node would fire at once', async () => {
    // Node runs a setTimeout longer than 2^31-1 ms after 1 ms: the idle check would spin
    const asked: number[] = []
    const timers: Timers = {
      setTimeout: (_fn, ms) => asked.push(ms),
      clearTimeout: () => undefined
    }
    const v = new Vault({ dataDir: dir, keychain: new MemoryKeychain(), timers })
    await v.create({ keychain: false, password: 'pw', scrypt: FAST })
    await v.updateSettings({ autoLockMinutes: 100_000 })
    expect(asked.length).toBeGreaterThan(0)
    for (const ms of asked) expect(ms).toBeLessThanOrEqual(2 ** 31 - 1)
  })
})

describe('vault: keychain failures change nothing', () => {
  it('a locked keychain on create leaves no vault; a password-only vault still works', async () => {
    const keychain = new MemoryKeychain()
    keychain.failWith = new AppError('KEYCHAIN_LOCKED', 'locked')
    const v = new Vault({ dataDir: dir, keychain })
    expect(await codeOf(v.create({ keychain: true, scrypt: FAST }))).toBe('KEYCHAIN_LOCKED')
    expect(readdirSync(dir)).toEqual([])
    await v.create({ keychain: false, password: 'pw', scrypt: FAST })
    expect((await v.status()).slots).toEqual(['password'])
  })

  it('missing and corrupt keychain items give their codes, the file is untouched, the password still opens', async () => {
    const keychain = new MemoryKeychain()
    const v = new Vault({ dataDir: dir, keychain })
    await v.create({ keychain: true, password: 'pw', scrypt: FAST })
    await v.addMany([acct(1)])
    v.lock()
    const before = readFileSync(v.paths.vault)
    const [itemKey] = [...keychain.items.keys()]
    keychain.items.set(itemKey!, 'tessera-key-v1:' + Buffer.alloc(32, 7).toString('base64'))
    expect(await codeOf(v.unlockWithKeychain())).toBe('KEYCHAIN_ITEM_CORRUPT')
    keychain.items.set(itemKey!, 'garbage')
    expect(await codeOf(v.unlockWithKeychain())).toBe('KEYCHAIN_ITEM_CORRUPT')
    keychain.items.clear()
    expect(await codeOf(v.unlockWithKeychain())).toBe('KEYCHAIN_ITEM_MISSING')
    expect(readFileSync(v.paths.vault).equals(before)).toBe(true)
    await v.unlockWithPassword('pw')
    await v.enableKeychain('pw')
    v.lock()
    await v.unlockWithKeychain()
    expect(v.list()).toHaveLength(1)
  })
})

describe('vault: damaged files are never overwritten', () => {
  it('reports VAULT_CORRUPT with the backup path and refuses to save or re-create', async () => {
    const v = new Vault({ dataDir: dir, keychain: new MemoryKeychain() })
    await v.create({ keychain: false, password: 'pw', scrypt: FAST })
    await v.addMany([acct(1)])
    await v.addMany([acct(2)]) // now a backup exists
    const env = JSON.parse(readFileSync(v.paths.vault, 'utf8'))
    const ct = Buffer.from(env.ciphertext, 'base64')
    ct[10] = ct[10]! ^ 1
    env.ciphertext = ct.toString('base64')
    writeFileSync(v.paths.vault, JSON.stringify(env))
    const damaged = readFileSync(v.paths.vault)

    const e = await v.addMany([acct(3)]).catch((err: AppError) => err)
    expect(e).toBeInstanceOf(AppError)
    expect((e as AppError).code).toBe('VAULT_CORRUPT')
    expect((e as AppError).message).toContain(v.paths.backup)
    expect((e as AppError).details?.path).toBe(v.paths.backup)
    v.lock()
    expect(await codeOf(v.unlockWithPassword('pw'))).toBe('VAULT_CORRUPT')
    expect(await codeOf(v.create({ keychain: false, password: 'x', scrypt: FAST }))).toBe(
      'VAULT_EXISTS'
    )
    // without the key the damage is invisible to status(); unlocking reports it (above)
    expect((await v.status()).backupPath).toBe(v.paths.backup)
    expect(readFileSync(v.paths.vault).equals(damaged)).toBe(true)

    // the backup is the previous good vault and opens
    writeFileSync(v.paths.vault, readFileSync(v.paths.backup))
    await v.unlockWithPassword('pw')
    expect(v.list().map((a) => a.issuer)).toEqual(['Issuer 1'])
  })

  it('a non-JSON vault is VAULT_CORRUPT and a missing one VAULT_MISSING', async () => {
    const v = new Vault({ dataDir: dir, keychain: new MemoryKeychain() })
    expect(await codeOf(v.unlockWithPassword('pw'))).toBe('VAULT_MISSING')
    expect((await v.status()).state).toBe('missing')
    writeFileSync(v.paths.vault, 'not json{')
    expect(await codeOf(v.unlockWithPassword('pw'))).toBe('VAULT_CORRUPT')
    const st = await v.status()
    expect(st.state).toBe('corrupt')
    expect(st.error?.code).toBe('VAULT_CORRUPT')
    expect(readFileSync(v.paths.vault, 'utf8')).toBe('not json{')
  })
})

describe('vault: never writes what it cannot read back', () => {
  it('an HOTP counter at 2^53-1 does not advance into a vault that no longer opens', async () => {
    const v = new Vault({ dataDir: dir, keychain: new MemoryKeychain() })
    await v.create({ keychain: false, password: 'pw', scrypt: FAST })
    const max: NewAccount = {
      ...acct(1),
      otp: { ...acct(1).otp, type: 'hotp', counter: Number.MAX_SAFE_INTEGER }
    }
    const [a] = await v.addMany([max, acct(2)])
    const before = readFileSync(v.paths.vault)
    const e = await v.advanceCounter(a!.id).catch((err: unknown) => err)
    expect((e as AppError).code).toBe('INVALID_INPUT')
    expect((e as AppError).message).toMatch(/nothing was saved/)
    expect(readFileSync(v.paths.vault).equals(before)).toBe(true)
    const again = new Vault({ dataDir: dir, keychain: new MemoryKeychain() })
    await again.unlockWithPassword('pw')
    expect(again.list()).toHaveLength(2)
  })

  it('an account with a number JSON cannot hold (NaN digits) is refused, not saved', async () => {
    const v = new Vault({ dataDir: dir, keychain: new MemoryKeychain() })
    await v.create({ keychain: false, password: 'pw', scrypt: FAST })
    const bad: NewAccount = { ...acct(1), otp: { ...acct(1).otp, digits: Number.NaN } }
    expect(await codeOf(v.addMany([acct(2), bad]))).toBe('INVALID_INPUT')
    expect(v.list()).toEqual([])
    const again = new Vault({ dataDir: dir, keychain: new MemoryKeychain() })
    await again.unlockWithPassword('pw')
    expect(again.list()).toEqual([])
  })
})

describe('vault: a lone backup is never lost', () => {
  it('with vault.json gone but its backup there, create refuses and unlock says how to restore', async () => {
    const v = new Vault({ dataDir: dir, keychain: new MemoryKeychain() })
    await v.create({ keychain: false, password: 'pw', scrypt: FAST })
    await v.addMany([acct(1)])
    await v.addMany([acct(2)])
    v.lock()
    rmSync(v.paths.vault) // deleted by hand, a sync tool, a bad restore...
    const backup = readFileSync(v.paths.backup)

    const made = await v.create({ keychain: false, password: 'new', scrypt: FAST }).catch((e) => e)
    expect(made).toBeInstanceOf(AppError)
    expect((made as AppError).code).toBe('VAULT_EXISTS')
    expect((made as AppError).message).toContain(v.paths.backup)
    expect((made as AppError).message).toMatch(/rename it to vault\.json/)
    expect(readdirSync(dir).sort()).toEqual(['vault.json.bak'])

    const opened = await v.unlockWithPassword('pw').catch((e) => e)
    expect((opened as AppError).code).toBe('VAULT_MISSING')
    expect((opened as AppError).message).toContain(v.paths.backup)
    expect((opened as AppError).details?.path).toBe(v.paths.backup)
    expect(readFileSync(v.paths.backup).equals(backup)).toBe(true)

    // following the advice gets the accounts back
    writeFileSync(v.paths.vault, backup)
    await v.unlockWithPassword('pw')
    expect(v.list().map((a) => a.issuer)).toEqual(['Issuer 1'])
  })
})

describe('vault: two instances on one file merge instead of overwriting', () => {
  it('watch() picks up a save by another process and emits changed', async () => {
    const a = new Vault({ dataDir: dir, keychain: new MemoryKeychain() })
    await a.create({ keychain: false, password: 'pw', scrypt: FAST })
    const b = new Vault({ dataDir: dir, keychain: new MemoryKeychain() })
    await b.unlockWithPassword('pw')
    const changed = new Promise<void>((resolve) =>
      a.onEvent((e) => e.type === 'changed' && resolve())
    )
    const stop = a.watch(20)
    try {
      const [x] = await b.addMany([acct(7)])
      await changed
      expect(a.get(x!.id)?.issuer).toBe('Issuer 7')
    } finally {
      stop()
    }
  })

  it('accounts, removals, HOTP counters and collections merge by id', async () => {
    const a = new Vault({ dataDir: dir, keychain: new MemoryKeychain() })
    await a.create({ keychain: false, password: 'pw', scrypt: FAST })
    const b = new Vault({ dataDir: dir, keychain: new MemoryKeychain() })
    await b.unlockWithPassword('pw')

    const [x] = await a.addMany([acct(1)])
    const [y] = await b.addMany([acct(2)]) // b had not seen x
    expect(b.list().map((q) => q.id)).toEqual([x!.id, y!.id])
    await a.refresh()
    expect(a.list()).toHaveLength(2)

    const first = await a.advanceCounter(x!.id)
    const second = await b.advanceCounter(x!.id)
    expect([first.otp.counter, second.otp.counter]).toEqual([0, 1])

    await a.writeCollection('servers', [{ id: 's1', token: 't1' }])
    await b.writeCollection('servers', [{ id: 's2', token: 't2' }]) // b never saw s1: kept
    expect(b.readCollection('servers')).toEqual([
      { id: 's2', token: 't2' },
      { id: 's1', token: 't1' }
    ])
    await b.writeCollection('servers', [{ id: 's2', token: 't2b' }]) // b saw s1 and dropped it
    expect(b.readCollection('servers')).toEqual([{ id: 's2', token: 't2b' }])
    expect(await codeOf(b.writeCollection('servers', [{ name: 'no id' }]))).toBe('INVALID_INPUT')

    await b.remove(y!.id)
    expect(await codeOf(a.update(y!.id, { label: 'gone' }))).toBe('NOT_FOUND')
  })
})

describe('vault lock file', () => {
  it('a live holder keeps its lock however long it works: a second create waits, then finds the vault', async () => {
    const lock = { staleMs: 300, timeoutMs: 20_000 }
    const prompting = new PromptingKeychain()
    const first = new Vault({ dataDir: dir, keychain: prompting, lock })
    const second = new Vault({ dataDir: dir, keychain: new MemoryKeychain(), lock })
    const creating = first.create({ keychain: true })
    while (!existsSync(join(dir, 'vault.lock'))) await sleep(5)
    const competing = codeOf(second.create({ keychain: false, password: 'pw', scrypt: FAST }))
    // the user takes far longer than staleMs to answer the keyring prompt
    await sleep(1_500)
    prompting.release()
    expect(await codeOf(creating)).toBe('OK')
    expect(await competing).toBe('VAULT_EXISTS')
    const onDisk = JSON.parse(readFileSync(join(dir, 'vault.json'), 'utf8'))
    expect(onDisk.header.slots.map((s: { type: string }) => s.type)).toEqual(['keychain'])
    expect(readdirSync(dir).sort()).toEqual(['vault.json'])
  })

  it('create never replaces a vault that appeared while it was writing, even without the lock', async () => {
    const other = '{"written by":"a process that ignored the lock"}'
    const v = new Vault({
      dataDir: dir,
      keychain: new MemoryKeychain(),
      hooks: { afterTempWritten: () => writeFileSync(join(dir, 'vault.json'), other) }
    })
    expect(await codeOf(v.create({ keychain: false, password: 'pw', scrypt: FAST }))).toBe(
      'VAULT_EXISTS'
    )
    expect(readFileSync(join(dir, 'vault.json'), 'utf8')).toBe(other)
    expect(v.isUnlocked).toBe(false)
    expect(readdirSync(dir).sort()).toEqual(['vault.json'])
  })
})
