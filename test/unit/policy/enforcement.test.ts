/**
 * Every policy enforced in main, through the very composition the app and the e2e harness use:
 * each forbidden action answers POLICY_FORBIDDEN naming the policy, where it was set and whom to
 * ask, before anything is read, written or copied; ceilings cap what is in force and refuse a
 * looser choice; RequireAppLock holds every channel until the vault has a password; and a
 * policy change while running applies to the very next call.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { Vault } from '../../../src/main/core/vault'
import type { Result } from '../../../src/shared/errors'
import { composeForTest } from '../../helpers/compose'
import { MemoryKeychain } from '../../helpers/memory-keychain'
import { settablePolicies } from '../../helpers/policies'

const URI = 'otpauth://totp/Acme:alice?secret=JBSWY3DPEHPK3PXP&issuer=Acme'
const FAST = { n: 2 ** 10, r: 8, p: 1 }
const CONTACT = { AdminContactName: 'IT Service Desk', AdminContactUrl: 'https://help.example' }

function setup(raw: Record<string, unknown> = {}) {
  const policies = settablePolicies({ ...CONTACT, ...raw })
  const events: { event: string; payload: unknown }[] = []
  const main = composeForTest({
    ports: { emit: (event, payload) => void events.push({ event, payload }) },
    services: { policies }
  })
  const call = (channel: string, input?: unknown): Promise<Result<unknown>> =>
    main.dispatch(channel, input, { transport: 'direct' })
  const value = async <T>(channel: string, input?: unknown): Promise<T> => {
    const r = await call(channel, input)
    if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`)
    return r.value as T
  }
  return { main, policies, events, call, value }
}

function expectForbidden(r: Result<unknown>, policy: string): void {
  expect(r.ok, JSON.stringify(r)).toBe(false)
  if (r.ok) return
  expect(r.error.code).toBe('POLICY_FORBIDDEN')
  expect(r.error.message).toContain(`policy ${policy}`)
  expect(r.error.message).toContain('set in the policy file')
  expect(r.error.message).toContain('Ask IT Service Desk (https://help.example/)')
}

describe('forbidden actions answer POLICY_FORBIDDEN with who forbade it', () => {
  it('AllowSecretReveal=false refuses showing a secret', async () => {
    const t = setup({ AllowSecretReveal: false })
    const { id } = await t.value<{ id: string }>('accounts:addFromUri', { uri: URI })
    expectForbidden(await t.call('accounts:reveal', { id }), 'AllowSecretReveal')
  })

  it('AllowManualEntry=false refuses typed keys, pasted links and pasted text scans', async () => {
    const t = setup({ AllowManualEntry: false })
    expectForbidden(await t.call('accounts:addFromUri', { uri: URI }), 'AllowManualEntry')
    expectForbidden(
      await t.call('accounts:add', {
        issuer: 'Acme',
        label: 'bob',
        secret: 'JBSWY3DPEHPK3PXP'
      }),
      'AllowManualEntry'
    )
    expectForbidden(await t.call('scan:text', { text: URI }), 'AllowManualEntry')
    expect(t.main.vault.list()).toHaveLength(0)
  })

  it('AllowCopyToClipboard=false refuses copying, and nothing reaches the clipboard', async () => {
    const t = setup({ AllowCopyToClipboard: false })
    const { id } = await t.value<{ id: string }>('accounts:addFromUri', { uri: URI })
    expectForbidden(await t.call('codes:copy', { id }), 'AllowCopyToClipboard')
    expect(t.main.recorded.copied).toEqual([])
  })

  it('AllowScreenQrScan=false refuses a screen scan before any capture', async () => {
    const t = setup({ AllowScreenQrScan: false })
    expectForbidden(await t.call('scan:screens'), 'AllowScreenQrScan')
  })

  it('AllowUserAddedServers=false refuses adding a server of the user’s own', async () => {
    const t = setup({ AllowUserAddedServers: false })
    const r = await t.call('servers:add', {
      name: 'Mine',
      type: 'ucloud',
      baseUrl: 'https://2fa.example',
      token: 'abc'
    })
    expectForbidden(r, 'AllowUserAddedServers')
  })

  it('AllowedImportSources refuses another format, detected from the file itself', async () => {
    const t = setup({ AllowedImportSources: ['aegis'] })
    const data = Buffer.from(`${URI}\n`).toString('base64')
    for (const format of ['auto', 'uris']) {
      const r = await t.call('import:open', { data, fileName: 'codes.txt', format })
      expectForbidden(r, 'AllowedImportSources')
      if (!r.ok) expect(r.error.message).toContain('importing from otpauth URI list')
    }
    const none = setup({ AllowedImportSources: [] })
    const r = await none.call('import:open', { data, fileName: 'codes.txt' })
    expectForbidden(r, 'AllowedImportSources')
    if (!r.ok) expect(r.error.message).toContain('does not allow importing accounts')
    // Allowed when listed.
    const ok = setup({ AllowedImportSources: ['uris'] })
    expect((await ok.call('import:open', { data, fileName: 'codes.txt' })).ok).toBe(true)
  })

  it('an invalid value applies the restrictive one (copy stays forbidden)', async () => {
    const t = setup({ AllowCopyToClipboard: 'yes please' })
    const { id } = await t.value<{ id: string }>('accounts:addFromUri', { uri: URI })
    expectForbidden(await t.call('codes:copy', { id }), 'AllowCopyToClipboard')
    const snapshot = await t.value<{ warnings: { policy?: string }[] }>('policy:get')
    expect(snapshot.warnings.map((w) => w.policy)).toContain('AllowCopyToClipboard')
  })
})

describe('ceilings: stricter is fine, looser is refused, the value in force is capped', () => {
  it('ClipboardClearMaxSeconds caps what is in force and what a copy asks for', async () => {
    const t = setup({ ClipboardClearMaxSeconds: 20 })
    // The stored default is 30 s: in force is 20.
    expect(await t.value('settings:get')).toMatchObject({ clipboardClearSeconds: 20 })
    const { id } = await t.value<{ id: string }>('accounts:addFromUri', { uri: URI })
    await t.value('codes:copy', { id })
    expect(t.main.recorded.clearDelays).toEqual([20_000])
    for (const looser of [0, 21, 600]) {
      expectForbidden(
        await t.call('settings:update', { clipboardClearSeconds: looser }),
        'ClipboardClearMaxSeconds'
      )
    }
    expect(await t.value('settings:update', { clipboardClearSeconds: 10 })).toMatchObject({
      clipboardClearSeconds: 10
    })
  })

  it('AutoLockMaxMinutes caps the auto-lock in force and refuses "never"', async () => {
    const t = setup({ AutoLockMaxMinutes: 3 })
    expect(t.main.vault.autoLockCeiling).toBe(3)
    expect(await t.value('vault:getSettings')).toMatchObject({ autoLockMinutes: 3 })
    expectForbidden(
      await t.call('vault:updateSettings', { autoLockMinutes: 0 }),
      'AutoLockMaxMinutes'
    )
    expectForbidden(
      await t.call('vault:updateSettings', { autoLockMinutes: 4 }),
      'AutoLockMaxMinutes'
    )
    expect(await t.value('vault:updateSettings', { autoLockMinutes: 2 })).toMatchObject({
      autoLockMinutes: 2
    })
  })

  it('LockOnScreenLock and ScreenCaptureProtection force their settings', async () => {
    const t = setup({ LockOnScreenLock: true, ScreenCaptureProtection: 'forceOff' })
    await t.value('vault:updateSettings', {}) // nothing to change: fine
    expectForbidden(
      await t.call('vault:updateSettings', { lockOnSuspend: false }),
      'LockOnScreenLock'
    )
    expect(await t.value('settings:get')).toMatchObject({ hideFromCapture: false })
    expectForbidden(
      await t.call('settings:update', { hideFromCapture: true }),
      'ScreenCaptureProtection'
    )
  })

  it('PasswordMinLength refuses a short vault password before the vault is touched', async () => {
    const t = setup({ PasswordMinLength: 12 })
    expectForbidden(
      await t.call('vault:setPassword', { password: 'short pass' }),
      'PasswordMinLength'
    )
  })
})

describe('changes while running', () => {
  it('apply to the next call, and the window hears policy:changed and settings:changed', async () => {
    const t = setup()
    const { id } = await t.value<{ id: string }>('accounts:addFromUri', { uri: URI })
    expect((await t.call('codes:copy', { id })).ok).toBe(true)
    t.policies.set({ ...CONTACT, AllowCopyToClipboard: false, AutoLockMaxMinutes: 1 })
    expectForbidden(await t.call('codes:copy', { id }), 'AllowCopyToClipboard')
    expect(t.main.vault.autoLockCeiling).toBe(1)
    const names = t.events.map((e) => e.event)
    expect(names).toContain('policy:changed')
    expect(names).toContain('settings:changed')
    expect(await t.value('policy:get')).toMatchObject({
      values: { AllowCopyToClipboard: false }
    })
    t.policies.set({})
    expect((await t.call('codes:copy', { id })).ok).toBe(true)
    expect(t.main.vault.autoLockCeiling).toBeNull()
  })
})

describe('RequireAppLock', () => {
  let dir: string | undefined
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true })
    dir = undefined
  })

  function withVault(raw: Record<string, unknown>) {
    dir = mkdtempSync(join(tmpdir(), 'tessera-policy-vault-'))
    const vault = new Vault({ dataDir: dir, keychain: new MemoryKeychain() })
    const policies = settablePolicies({ ...CONTACT, ...raw })
    const main = composeForTest({ vault, services: { policies, scrypt: FAST, watchVault: false } })
    const call = (channel: string, input?: unknown) =>
      main.dispatch(channel, input, { transport: 'direct' })
    return { vault, policies, call, main }
  }

  it('no new vault without a password, nor one shorter than PasswordMinLength', async () => {
    const t = withVault({ RequireAppLock: true, PasswordMinLength: 10 })
    expectForbidden(await t.call('vault:create', { keychain: true }), 'RequireAppLock')
    expectForbidden(
      await t.call('vault:create', { keychain: true, password: 'ninechars' }),
      'PasswordMinLength'
    )
    expect((await t.call('vault:status')).ok && t.vault.isUnlocked).toBe(false)
    const made = await t.call('vault:create', { keychain: true, password: 'long enough pw' })
    expect(made.ok).toBe(true)
    expect((await t.call('codes:list')).ok).toBe(true)
  })

  it('a vault without a password: nothing but adding one until it has one', async () => {
    const t = withVault({})
    expect((await t.call('vault:create', { keychain: true })).ok).toBe(true)
    t.policies.set({ ...CONTACT, RequireAppLock: true })
    for (const channel of ['codes:list', 'accounts:list', 'servers:list', 'export:status']) {
      const r = await t.call(channel)
      expectForbidden(r, 'RequireAppLock')
      if (!r.ok) expect(r.error.message).toContain('add one before using Tessera')
    }
    // What the prompt needs still answers.
    for (const channel of ['vault:status', 'policy:get', 'settings:get', 'vault:getSettings']) {
      expect((await t.call(channel)).ok, channel).toBe(true)
    }
    // After a lock the keychain still opens it (there is no password yet to type).
    t.vault.lock('user')
    expect((await t.call('vault:unlock', { method: 'keychain' })).ok).toBe(true)
    expect((await t.call('vault:setPassword', { password: 'a good password' })).ok).toBe(true)
    expect((await t.call('codes:list')).ok).toBe(true)
    // Now the password cannot go, and the keychain alone no longer opens the vault.
    expectForbidden(
      await t.call('vault:removeSlot', { slot: 'password', current: 'a good password' }),
      'RequireAppLock'
    )
    t.vault.lock('user')
    expectForbidden(await t.call('vault:unlock', { method: 'keychain' }), 'RequireAppLock')
    expect(t.vault.isUnlocked).toBe(false)
    const r = await t.call('vault:unlock', { method: 'password', password: 'a good password' })
    expect(r.ok).toBe(true)
  })
})
