/**
 * The vault channels as the renderer calls them (through the dispatcher, so schemas and the Result
 * envelope apply), over a real Vault in a temporary folder and an in-memory keychain: first run,
 * unlock, lock, key slots, settings, the events the window hears, and VAULT_LOCKED on every
 * channel of the contract that is not needed to unlock.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { classifyKeychainError } from '../../../src/main/core/keychain'
import { MemoryKeychain } from '../../helpers/memory-keychain'
import { parseOtpauthUri } from '../../../src/main/core/otpauth'
import { MIN_SCRYPT_N, Vault } from '../../../src/main/core/vault'
import type { CallContext } from '../../../src/main/handlers'
import { composeForTest } from '../../helpers/compose'
import type { Result } from '../../../src/shared/errors'
import {
  CHANNEL_NAMES,
  CHANNELS_OPEN_WHILE_LOCKED,
  channels,
  type EventName,
  type PayloadOf
} from '../../../src/shared/ipc'
import { SECRET, TOTP_URI, secretEncodings } from '../ipc/fixtures'

const ctx: CallContext = { transport: 'direct' }
const FAST = { n: MIN_SCRYPT_N, r: 8, p: 1 }
const PASSWORD = 'correct horse battery staple'
const dirs: string[] = []

afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

type Emitted = { [E in EventName]: { event: E; payload: PayloadOf<E> } }[EventName]

function setup() {
  const dataDir = mkdtempSync(join(tmpdir(), 'tessera-vault-ui-'))
  dirs.push(dataDir)
  const keychain = new MemoryKeychain()
  const vault = new Vault({ dataDir, keychain })
  const emitted: Emitted[] = []
  const emit = (event: EventName, payload: unknown) =>
    void emitted.push({ event, payload } as Emitted)
  const internal: string[] = []
  const main = composeForTest({
    vault,
    ports: { emit },
    services: { scrypt: FAST, watchVault: false },
    dispatcher: { onInternalError: (c) => internal.push(c) }
  })
  const { table, dispatch } = main
  const crossed: unknown[] = []
  const call = async (channel: string, input?: unknown): Promise<Result<unknown>> => {
    const result = await dispatch(channel, input, ctx)
    crossed.push(result)
    return result
  }
  return {
    dataDir,
    keychain,
    vault,
    table,
    call,
    emitted,
    internal,
    crossed,
    disconnect: main.dispose
  }
}

const value = <T>(r: Result<T>): T => {
  if (!r.ok) throw new Error(`expected ok, got ${r.error.code}: ${r.error.message}`)
  return r.value
}
const code = (r: Result<unknown>): string => (r.ok ? 'OK' : r.error.code)

describe('vault channels: first run', () => {
  it('reports a missing vault, creates one with the keychain and leaves it unlocked', async () => {
    const { call, keychain, emitted } = setup()
    expect(value(await call('vault:status'))).toMatchObject({ state: 'missing', slots: [] })
    const status = value(await call('vault:create', { keychain: true }))
    expect(status).toMatchObject({ state: 'unlocked', slots: ['keychain'], autoLockMinutes: 5 })
    expect(keychain.items.size).toBe(1)
    expect(emitted).toContainEqual({ event: 'vault:unlocked', payload: { method: 'created' } })
  })

  it('keychain by default when the page sends no choice', async () => {
    const { call } = setup()
    expect(value(await call('vault:create', {}))).toMatchObject({ slots: ['keychain'] })
  })

  it('an unavailable keychain fails with its code and leaves nothing; password-only then works', async () => {
    const { call, keychain, dataDir } = setup()
    keychain.failWith = classifyKeychainError(new Error('failed to connect to the D-Bus session'))
    const failed = await call('vault:create', { keychain: true, password: PASSWORD })
    expect(code(failed)).toBe('KEYCHAIN_UNAVAILABLE')
    if (!failed.ok) expect(failed.error.message).toMatch(/password only/)
    expect(value(await call('vault:status'))).toMatchObject({ state: 'missing' })
    const status = value(await call('vault:create', { keychain: false, password: PASSWORD }))
    expect(status).toMatchObject({ state: 'unlocked', slots: ['password'] })
    expect(readFileSync(join(dataDir, 'vault.json'), 'utf8')).not.toContain(PASSWORD)
  })

  it.each([
    [{ keychain: false }, 'INVALID_INPUT'],
    [{ keychain: false, password: 'short' }, 'INVALID_INPUT'],
    [{ keychain: true, password: 'x'.repeat(1025) }, 'INVALID_INPUT'],
    [{ keychain: 'yes' }, 'INVALID_INPUT'],
    [{ keychain: true, extra: 1 }, 'INVALID_INPUT']
  ])('refuses %j', async (input, expected) => {
    const { call } = setup()
    expect(code(await call('vault:create', input))).toBe(expected)
    expect(value(await call('vault:status'))).toMatchObject({ state: 'missing' })
  })

  it('never creates over an existing vault', async () => {
    const { call } = setup()
    value(await call('vault:create', { keychain: true }))
    value(await call('vault:lock'))
    expect(code(await call('vault:create', { keychain: true }))).toBe('VAULT_EXISTS')
  })
})

describe('vault channels: lock and unlock', () => {
  it('locks, refuses every other channel with VAULT_LOCKED, and unlocks with either slot', async () => {
    const { call, table, vault, emitted } = setup()
    value(await call('vault:create', { keychain: true, password: PASSWORD }))
    await vault.addMany([parseOtpauthUri(TOTP_URI)])
    expect(value(await call('vault:lock'))).toBeNull()
    expect(emitted).toContainEqual({ event: 'vault:locked', payload: { reason: 'user' } })
    expect(value(await call('vault:status'))).toMatchObject({ state: 'locked' })

    // Every channel of the contract: the handler refuses before it looks at its input.
    const refused: string[] = []
    const open: string[] = []
    for (const channel of CHANNEL_NAMES) {
      const handler = table[channel] as (input: unknown, c: CallContext) => Promise<unknown>
      if (CHANNELS_OPEN_WHILE_LOCKED.has(channel)) {
        open.push(channel)
        continue
      }
      await expect(handler(undefined, ctx), channel).rejects.toMatchObject({ code: 'VAULT_LOCKED' })
      refused.push(channel)
    }
    expect(refused).toEqual(expect.arrayContaining(['accounts:list', 'codes:list', 'codes:copy']))
    expect(refused).toEqual(expect.arrayContaining(['vault:getSettings', 'vault:setPassword']))
    expect(open.sort()).toEqual([...CHANNELS_OPEN_WHILE_LOCKED].sort())
    // The open set is what the contract marks, and only what the unlock screen and Quick copy need.
    expect(open.sort()).toEqual(
      CHANNEL_NAMES.filter((name) => channels[name].openWhileLocked).sort()
    )
    expect(open.sort()).toEqual([
      'policy:get',
      'quickCopy:hide',
      'quickCopy:openMain',
      'vault:create',
      'vault:lock',
      'vault:status',
      'vault:touch',
      'vault:unlock'
    ])
    // The marked ones answer while locked (not VAULT_LOCKED), through the dispatcher.
    expect(value(await call('policy:get'))).toMatchObject({ values: expect.any(Object) })
    expect(value(await call('vault:touch'))).toBeNull()
    expect(value(await call('quickCopy:hide'))).toBeNull()
    expect(code(await call('vault:create', { keychain: true }))).toBe('VAULT_EXISTS')
    // Through the dispatcher too, with valid input.
    const listed = await call('accounts:list')
    expect(listed).toEqual({
      ok: false,
      error: { code: 'VAULT_LOCKED', message: expect.stringMatching(/Unlock it/) }
    })

    expect(code(await call('vault:unlock', { method: 'password', password: 'nope' }))).toBe(
      'WRONG_PASSWORD'
    )
    expect(code(await call('vault:unlock', { method: 'password', password: '' }))).toBe(
      'INVALID_INPUT'
    )
    expect(
      value(await call('vault:unlock', { method: 'password', password: PASSWORD }))
    ).toMatchObject({ state: 'unlocked' })
    expect(value(await call('accounts:list'))).toHaveLength(1)
    value(await call('vault:lock'))
    value(await call('vault:unlock', { method: 'keychain' }))
    expect(value(await call('codes:list'))).toHaveLength(1)
    expect(emitted.filter((e) => e.event === 'vault:unlocked').map((e) => e.payload)).toEqual([
      { method: 'created' },
      { method: 'password' },
      { method: 'keychain' }
    ])
  })

  it.each([
    ['KEYCHAIN_LOCKED', 'Item is locked'],
    ['KEYCHAIN_UNAVAILABLE', 'failed to connect to the D-Bus session']
  ])('a keychain failing with %s at unlock changes nothing on disk', async (expected, raw) => {
    const { call, keychain, vault } = setup()
    value(await call('vault:create', { keychain: true }))
    value(await call('vault:lock'))
    const before = readFileSync(vault.paths.vault)
    keychain.failWith = classifyKeychainError(new Error(raw))
    const result = await call('vault:unlock', { method: 'keychain' })
    expect(code(result)).toBe(expected)
    if (!result.ok) expect(result.error.message).toMatch(/try again/)
    expect(readFileSync(vault.paths.vault).equals(before)).toBe(true)
    expect(vault.isUnlocked).toBe(false)
  })

  it('touch postpones auto-lock; the window hears why the vault locked', async () => {
    let now = 1_000_000
    const fired: (() => void)[] = []
    const dataDir = mkdtempSync(join(tmpdir(), 'tessera-vault-ui-'))
    dirs.push(dataDir)
    const vault = new Vault({
      dataDir,
      keychain: new MemoryKeychain(),
      now: () => now,
      timers: { setTimeout: (fn) => fired.push(fn), clearTimeout: () => undefined }
    })
    const emitted: unknown[] = []
    const { dispatch } = composeForTest({
      vault,
      ports: { emit: (e, p) => void emitted.push([e, p]) },
      services: { watchVault: false }
    })
    await dispatch('vault:create', { keychain: true }, ctx)
    now += 4 * 60_000
    expect((await dispatch('vault:touch', undefined, ctx)).ok).toBe(true)
    now += 2 * 60_000
    fired.splice(0).forEach((f) => f())
    expect(vault.isUnlocked).toBe(true)
    now += 3 * 60_000
    fired.splice(0).forEach((f) => f())
    expect(vault.isUnlocked).toBe(false)
    expect(emitted).toContainEqual(['vault:locked', { reason: 'idle' }])
  })
})

describe('vault channels: settings and key slots', () => {
  it('settings default to 5 minutes and lock on suspend, and change one field at a time', async () => {
    const { call } = setup()
    value(await call('vault:create', { keychain: true }))
    expect(value(await call('vault:getSettings'))).toEqual({
      autoLockMinutes: 5,
      lockOnSuspend: true
    })
    expect(value(await call('vault:updateSettings', { lockOnSuspend: false }))).toEqual({
      autoLockMinutes: 5,
      lockOnSuspend: false
    })
    expect(value(await call('vault:updateSettings', { autoLockMinutes: 0 }))).toEqual({
      autoLockMinutes: 0,
      lockOnSuspend: false
    })
    for (const bad of [
      { autoLockMinutes: -1 },
      { autoLockMinutes: 1.5 },
      { autoLockMinutes: 1441 },
      { theme: 'dark' }
    ]) {
      expect(code(await call('vault:updateSettings', bad)), JSON.stringify(bad)).toBe(
        'INVALID_INPUT'
      )
    }
    // Saved in the vault: a new process reads them back.
    value(await call('vault:lock'))
    value(await call('vault:unlock', { method: 'keychain' }))
    expect(value(await call('vault:getSettings'))).toEqual({
      autoLockMinutes: 0,
      lockOnSuspend: false
    })
  })

  it('adds a password, drops the keychain slot, refuses to drop the last one, re-adds the keychain', async () => {
    const { call, keychain } = setup()
    value(await call('vault:create', { keychain: true }))
    expect(code(await call('vault:setPassword', { password: 'short' }))).toBe('INVALID_INPUT')
    expect(value(await call('vault:setPassword', { password: PASSWORD }))).toMatchObject({
      slots: ['keychain', 'password']
    })
    expect(
      value(await call('vault:removeSlot', { slot: 'keychain', current: PASSWORD }))
    ).toMatchObject({ slots: ['password'] })
    expect(keychain.items.size).toBe(0)
    expect(code(await call('vault:removeSlot', { slot: 'password' }))).toBe('INVALID_INPUT')
    expect(code(await call('vault:enableKeychain', {}))).toBe('WRONG_PASSWORD')
    expect(value(await call('vault:enableKeychain', { current: PASSWORD }))).toMatchObject({
      slots: ['keychain', 'password']
    })
    value(await call('vault:lock'))
    expect(value(await call('vault:unlock', { method: 'keychain' }))).toMatchObject({
      state: 'unlocked'
    })
  })
})

describe('vault channels: changing how the vault opens needs the current password', () => {
  it('change password: missing or wrong current answers WRONG_PASSWORD and leaves the file alone; the right one switches passwords', async () => {
    const { call, dataDir } = setup()
    value(await call('vault:create', { keychain: true, password: PASSWORD }))
    const file = join(dataDir, 'vault.json')
    const before = readFileSync(file)
    const next = `${PASSWORD} 2`
    for (const input of [{ password: next }, { password: next, current: 'not the password' }]) {
      const r = await call('vault:setPassword', input)
      expect(code(r), JSON.stringify(input)).toBe('WRONG_PASSWORD')
      if (!r.ok) expect(r.error.message).toMatch(/password/)
    }
    expect(readFileSync(file).equals(before)).toBe(true)
    value(await call('vault:setPassword', { password: next, current: PASSWORD }))
    value(await call('vault:lock'))
    expect(code(await call('vault:unlock', { method: 'password', password: PASSWORD }))).toBe(
      'WRONG_PASSWORD'
    )
    expect(value(await call('vault:unlock', { method: 'password', password: next }))).toMatchObject(
      { state: 'unlocked' }
    )
  })

  it('storing the key in the keychain needs the password: without or with a wrong one the file and the keychain stay as they were', async () => {
    const { call, dataDir, keychain } = setup()
    value(await call('vault:create', { keychain: false, password: PASSWORD }))
    const file = join(dataDir, 'vault.json')
    const before = readFileSync(file)
    for (const input of [{}, { current: '' }, { current: 'not the password' }]) {
      const r = await call('vault:enableKeychain', input)
      expect(code(r), JSON.stringify(input)).toBe('WRONG_PASSWORD')
      if (!r.ok) expect(r.error.message).toMatch(/password/)
    }
    expect(readFileSync(file).equals(before)).toBe(true)
    expect(keychain.items.size).toBe(0)
    expect(value(await call('vault:enableKeychain', { current: PASSWORD }))).toMatchObject({
      slots: ['keychain', 'password']
    })
    expect(keychain.items.size).toBe(1)
    value(await call('vault:lock'))
    expect(value(await call('vault:unlock', { method: 'keychain' }))).toMatchObject({
      state: 'unlocked'
    })
  })

  it('removing the keychain or the password needs the password; nothing changes without it', async () => {
    const { call, dataDir, keychain } = setup()
    value(await call('vault:create', { keychain: true, password: PASSWORD }))
    const file = join(dataDir, 'vault.json')
    const before = readFileSync(file)
    for (const slot of ['keychain', 'password']) {
      expect(code(await call('vault:removeSlot', { slot })), slot).toBe('WRONG_PASSWORD')
      expect(code(await call('vault:removeSlot', { slot, current: 'nope nope' })), slot).toBe(
        'WRONG_PASSWORD'
      )
    }
    expect(readFileSync(file).equals(before)).toBe(true)
    expect(keychain.items.size).toBe(1)
    expect(
      value(await call('vault:removeSlot', { slot: 'password', current: PASSWORD }))
    ).toMatchObject({ slots: ['keychain'] })
    // no password any more: setting one needs no current password
    expect(value(await call('vault:setPassword', { password: PASSWORD }))).toMatchObject({
      slots: ['keychain', 'password']
    })
  })

  it('vault:status says the auto-lock minutes after the vault locked, so the unlock screen can', async () => {
    const { call } = setup()
    value(await call('vault:create', { keychain: true }))
    value(await call('vault:updateSettings', { autoLockMinutes: 7 }))
    value(await call('vault:lock'))
    expect(value(await call('vault:status'))).toMatchObject({ state: 'locked', autoLockMinutes: 7 })
  })
})

describe('vault events', () => {
  it('a save by another process (the CLI) reaches the window as vault:changed and accounts:changed', async () => {
    const { call, vault, dataDir, emitted, keychain } = setup()
    value(await call('vault:create', { keychain: true }))
    const cli = new Vault({ dataDir, keychain })
    await cli.unlockWithKeychain()
    await cli.addMany([parseOtpauthUri(TOTP_URI)])
    cli.lock()
    expect(await vault.refresh()).toBe(true)
    expect(emitted).toContainEqual({ event: 'vault:changed', payload: {} })
    expect(emitted).toContainEqual({
      event: 'accounts:changed',
      payload: { reason: 'updated', ids: [] }
    })
    expect(value(await call('accounts:list'))).toHaveLength(1)
  })

  it('stops forwarding after disconnect', async () => {
    const { call, emitted, disconnect } = setup()
    disconnect()
    value(await call('vault:create', { keychain: true }))
    value(await call('vault:lock'))
    expect(emitted.filter((e) => e.event.startsWith('vault:'))).toEqual([])
  })
})

describe('no secret crosses on the vault channels', () => {
  it('results and events carry neither the password, the key nor an account secret', async () => {
    const { call, vault, keychain, emitted, crossed, internal } = setup()
    value(await call('vault:create', { keychain: true, password: PASSWORD }))
    await vault.addMany([parseOtpauthUri(TOTP_URI)])
    await call('vault:getSettings')
    await call('vault:updateSettings', { autoLockMinutes: 10 })
    await call('vault:setPassword', { password: `${PASSWORD}!`, current: 'wrong password' })
    await call('vault:setPassword', { password: `${PASSWORD}!`, current: PASSWORD })
    await call('vault:lock')
    await call('vault:unlock', { method: 'password', password: PASSWORD })
    await call('vault:unlock', { method: 'password', password: `${PASSWORD}!` })
    await call('vault:status')
    await call('vault:removeSlot', { slot: 'keychain', current: PASSWORD })
    await call('vault:removeSlot', { slot: 'keychain', current: `${PASSWORD}!` })
    await call('vault:enableKeychain', { current: `${PASSWORD}!` })
    await call('vault:touch')
    expect(internal).toEqual([])
    const serialized = JSON.stringify([crossed, emitted])
    const item = [...keychain.items.values()][0] ?? ''
    const key = item.split(':')[1] ?? 'no key'
    expect(key.length).toBeGreaterThan(20)
    for (const secret of [
      PASSWORD,
      key,
      Buffer.from(key, 'base64').toString('hex'),
      ...secretEncodings(SECRET)
    ]) {
      expect(serialized.includes(secret), `found ${secret}`).toBe(false)
    }
  })
})
