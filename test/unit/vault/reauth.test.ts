/**
 * Finding 7, the unattended unlocked app: Show secret and every export ask for the vault password
 * again (or the OS prompt on a vault without one), checked in main, with a two-minute grace period
 * a lock ends. Real Vault with real scrypt (lowest cost), in-memory keychain, the app's own
 * composition and dispatcher: what the window would get.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AppError } from '../../../src/shared/errors'
import { MIN_SCRYPT_N, Vault } from '../../../src/main/core/vault'
import { REAUTH_GRACE_MS, ReauthGate, type OsReauthPort } from '../../../src/main/core/vault/reauth'
import { REAUTH_CHANNELS } from '../../../src/main/handlers/reauth'
import { MemoryKeychain } from '../../helpers/memory-keychain'
import { composeForTest } from '../../helpers/compose'

const FAST = { n: MIN_SCRYPT_N, r: 8, p: 1 }
const PASSWORD = 'correct horse battery'
const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DP'
const ctx = { transport: 'direct' as const }

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tessera-reauth-'))
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

/** A vault with a password and the keychain, opened the way the app does: with the keychain. */
async function app(options: { password?: boolean; os?: OsReauthPort } = {}) {
  let now = 1_700_000_000_000
  const keychain = new MemoryKeychain()
  const created = new Vault({ dataDir: dir, keychain })
  await created.create({
    keychain: true,
    ...(options.password === false ? {} : { password: PASSWORD }),
    scrypt: FAST
  })
  await created.addMany([
    {
      issuer: 'Example',
      label: 'me@example.com',
      otp: { type: 'totp', secret: SECRET, algorithm: 'SHA1', digits: 6, period: 30, counter: 0 }
    }
  ])
  created.lock()
  const vault = new Vault({ dataDir: dir, keychain })
  await vault.unlockWithKeychain()
  const main = composeForTest({
    vault,
    clock: () => now,
    dataDir: dir,
    services: { watchVault: false, scrypt: FAST },
    ...(options.os ? { ports: { osReauth: options.os } } : {})
  })
  const call = (channel: string, input?: unknown) => main.dispatch(channel, input, ctx)
  const id = vault.list()[0]!.id
  return {
    main,
    vault,
    call,
    id,
    advance: (ms: number) => void (now += ms)
  }
}

describe('the re-authentication gate through the handler table', () => {
  it('a vault opened with the keychain still asks for its password before Show secret; nothing crosses until it is typed', async () => {
    const { call, id } = await app()
    expect(await call('vault:reauthStatus')).toEqual({
      ok: true,
      value: { method: 'password', confirmed: false, secondsLeft: 0, graceSeconds: 120 }
    })
    const refused = await call('accounts:reveal', { id })
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'REAUTH_REQUIRED', message: 'Type your vault password to show this secret.' }
    })
    expect(JSON.stringify(refused)).not.toContain(SECRET)

    const wrong = await call('vault:reauth', { method: 'password', password: 'not the password' })
    expect(wrong).toMatchObject({
      ok: false,
      error: {
        code: 'WRONG_PASSWORD',
        message:
          'That password does not open this vault, so nothing was shown. Check it and try again.'
      }
    })
    expect(await call('accounts:reveal', { id })).toMatchObject({
      ok: false,
      error: { code: 'REAUTH_REQUIRED' }
    })

    const right = await call('vault:reauth', { method: 'password', password: PASSWORD })
    expect(right).toMatchObject({ ok: true, value: { confirmed: true, secondsLeft: 120 } })
    const shown = await call('accounts:reveal', { id })
    expect(shown).toMatchObject({ ok: true, value: { secret: SECRET } })
  })

  it('every channel that hands secrets out refuses while unconfirmed, and works once confirmed', async () => {
    const { call, id } = await app()
    const inputs: Record<(typeof REAUTH_CHANNELS)[number], unknown> = {
      'accounts:reveal': { id },
      'export:saveFile': { format: 'uris', acknowledgePlaintext: true },
      'export:migrationQr': { acknowledgeSecretsOnScreen: true }
    }
    for (const channel of REAUTH_CHANNELS) {
      const r = await call(channel, inputs[channel])
      expect(r, channel).toMatchObject({ ok: false, error: { code: 'REAUTH_REQUIRED' } })
    }
    await call('vault:reauth', { method: 'password', password: PASSWORD })
    for (const channel of REAUTH_CHANNELS) {
      const r = await call(channel, inputs[channel])
      expect(r.ok, channel).toBe(true)
    }
  })

  it('one confirmation lasts two minutes; after that, and after any lock, it asks again', async () => {
    const { call, id, advance, vault } = await app()
    await call('vault:reauth', { method: 'password', password: PASSWORD })
    advance(REAUTH_GRACE_MS - 1000)
    expect((await call('accounts:reveal', { id })).ok).toBe(true)
    expect(await call('vault:reauthStatus')).toMatchObject({ value: { secondsLeft: 1 } })
    advance(1000)
    expect(await call('accounts:reveal', { id })).toMatchObject({
      error: { code: 'REAUTH_REQUIRED' }
    })

    await call('vault:reauth', { method: 'password', password: PASSWORD })
    vault.lock('idle')
    await vault.unlockWithKeychain()
    expect(await call('accounts:reveal', { id })).toMatchObject({
      error: { code: 'REAUTH_REQUIRED' }
    })
  })

  it('a wrong password ends a grace period that was running', async () => {
    const { call, id } = await app()
    await call('vault:reauth', { method: 'password', password: PASSWORD })
    await call('vault:reauth', { method: 'password', password: 'someone else guessing' })
    expect(await call('accounts:reveal', { id })).toMatchObject({
      error: { code: 'REAUTH_REQUIRED' }
    })
  })

  it('the page cannot claim the OS prompt passed on a vault that has a password', async () => {
    const { call, id } = await app({ os: { available: () => true, confirm: async () => true } })
    expect(await call('vault:reauth', { method: 'os' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' }
    })
    expect(await call('accounts:reveal', { id })).toMatchObject({
      error: { code: 'REAUTH_REQUIRED' }
    })
  })

  it('a keychain-only vault with the OS prompt (Touch ID) asks it; a declined prompt shows nothing', async () => {
    const answers = [false, true]
    const reasons: string[] = []
    const os: OsReauthPort = {
      available: () => true,
      confirm: async (reason) => {
        reasons.push(reason)
        return answers.shift() ?? false
      }
    }
    const { call, id } = await app({ password: false, os })
    expect(await call('vault:reauthStatus')).toMatchObject({ value: { method: 'os' } })
    expect(await call('accounts:reveal', { id })).toMatchObject({
      error: { code: 'REAUTH_REQUIRED', message: 'Confirm it is you to show this secret.' }
    })
    expect(await call('vault:reauth', { method: 'os' })).toMatchObject({
      ok: false,
      error: { code: 'CANCELLED' }
    })
    expect((await call('accounts:reveal', { id })).ok).toBe(false)
    expect((await call('vault:reauth', { method: 'os' })).ok).toBe(true)
    expect(await call('accounts:reveal', { id })).toMatchObject({ ok: true })
    expect(reasons).toEqual([
      'show or export your two-factor secrets',
      'show or export your two-factor secrets'
    ])
  })

  it('a keychain-only vault where the OS has no prompt asks nothing (the keychain opens it without a question anyway)', async () => {
    const { call, id } = await app({ password: false })
    expect(await call('vault:reauthStatus')).toMatchObject({
      value: { method: 'none', confirmed: true }
    })
    expect(await call('accounts:reveal', { id })).toMatchObject({ ok: true })
  })

  it('answers VAULT_LOCKED while locked, like every other channel', async () => {
    const { call, vault } = await app()
    vault.lock()
    expect(await call('vault:reauth', { method: 'password', password: PASSWORD })).toMatchObject({
      error: { code: 'VAULT_LOCKED' }
    })
  })
})

describe('ReauthGate', () => {
  it('REAUTH_REQUIRED says which proof to bring; a confirmation needs that proof', async () => {
    const gate = new ReauthGate({
      hasPassword: async () => true,
      verifyPassword: async () => undefined,
      now: () => 0
    })
    const e = await failure(gate.assertConfirmed('show this secret'))
    expect(e.code).toBe('REAUTH_REQUIRED')
    expect(e.details).toEqual({ method: 'password' })
    expect((await failure(gate.confirm({ method: 'os' }))).code).toBe('INVALID_INPUT')
    await gate.confirm({ method: 'password', password: 'x' })
    await gate.assertConfirmed('show this secret')
    gate.reset()
    expect((await failure(gate.assertConfirmed('x'))).code).toBe('REAUTH_REQUIRED')
  })
})
