/**
 * The vault screens driven for real in Chromium over the real handler table and a real Vault in a
 * temporary folder (in-memory keychain that can fail the ways a real one does): first run, lock
 * (button and shortcut), unlock with the keychain or the password, each keychain failure, auto-lock
 * after the idle minutes on the shared clock, and a damaged vault file.
 */
import { readFileSync } from 'node:fs'
import type { Page } from '@playwright/test'
import { parseOtpauthUri } from '../../src/main/core/otpauth'
import { FIXED_NOW, expect, test, type Harness } from './harness/fixtures'
import { axe } from './harness/axe'
import { totp } from './harness/independent-otp'
import { TEST_PASSWORD } from './harness/vault'
import { fromMenu } from './harness/header'

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'
const TOTP_URI = `otpauth://totp/Example%20Corp:alice%40example.com?secret=${SECRET}&issuer=Example%20Corp`
const NEW_PASSWORD = 'tangerine glacier pocket violin'
const CHANGED_PASSWORD = 'marmalade orbit lantern quiet'
const WRONG_PASSWORD_TEXT = 'That password does not open this vault. Check it and try again.'

/** `window.tessera` as seen from a test (the node tsconfig that checks tests has no DOM). */
type PageApi = {
  tessera: {
    codes: { list(): Promise<unknown> }
    vault: { create(input: { keychain: boolean }): Promise<unknown> }
  }
}

/** The code as text on the page, however the screen groups its digits. */
const codePattern = (code: string): RegExp => new RegExp(code.split('').join('\\s?'))

/** Adds an account behind the page (as the CLI would) and tells the page, as main does. */
async function addAccount(harness: Harness): Promise<void> {
  const [added] = await harness.store.addMany([parseOtpauthUri(TOTP_URI)])
  harness.emit('accounts:changed', { reason: 'added', ids: [added?.id ?? ''] })
}

const unlockScreen = (page: Page) => page.getByRole('heading', { name: 'Your vault is locked' })

async function expectCodeShown(page: Page): Promise<void> {
  await expect(page.getByText('Example Corp').first()).toBeVisible()
  await expect(page.getByText(codePattern(totp(SECRET, FIXED_NOW))).first()).toBeVisible()
}

async function expectNothingShown(page: Page): Promise<void> {
  await expect(unlockScreen(page)).toBeVisible()
  const text = await page.locator('body').innerText()
  expect(text).not.toContain('Example Corp')
  expect(text).not.toMatch(codePattern(totp(SECRET, FIXED_NOW)))
}

test.describe('first run with the keychain', () => {
  test.use({ vaultStart: { state: 'missing' } })

  test('create → account → lock (button, shortcut) → unlock: the account and its code come back', async ({
    harness
  }) => {
    const { page } = harness
    await harness.open()
    await expect(page.getByRole('heading', { name: 'Set up your vault' })).toBeVisible()
    await expect(page.getByRole('radio', { name: /system keychain/ })).toBeChecked()
    await harness.screenshot('vault-first-run')
    await axe(page, 'first run')

    await page.getByRole('button', { name: 'Create vault' }).click()
    await expect(page.getByRole('button', { name: 'Lock', exact: true })).toBeVisible()
    expect((await harness.store.status()).slots).toEqual(['keychain'])
    expect(harness.vault.keychain.items.size).toBe(1)

    await addAccount(harness)
    await expectCodeShown(page)

    await page.getByRole('button', { name: 'Lock', exact: true }).click()
    await expectNothingShown(page)
    expect(harness.store.isUnlocked).toBe(false)
    expect(harness.clipboard).toContain('')
    await harness.screenshot('vault-unlock')
    await axe(page, 'unlock')

    await page.getByRole('button', { name: 'Unlock with keychain' }).click()
    await expectCodeShown(page)

    await page.keyboard.press('Control+l')
    await expectNothingShown(page)
    expect(harness.store.isUnlocked).toBe(false)

    // Enter on the focused keychain button unlocks: keyboard only.
    await expect(page.getByRole('button', { name: 'Unlock with keychain' })).toBeFocused()
    await page.keyboard.press('Enter')
    await expectCodeShown(page)
  })
})

test.describe('first run without a keychain', () => {
  test.use({ vaultStart: { state: 'missing', keychain: 'unavailable' } })

  test('falls back to a password-only vault; a wrong password says so, the right one opens it', async ({
    harness
  }) => {
    const { page } = harness
    await harness.open()
    await page.getByRole('button', { name: 'Create vault' }).click()

    const notice = page.getByRole('alert').filter({ hasText: 'Keychain not available' })
    await expect(notice).toContainText('Secret Service')
    await expect(notice).toContainText('created with a password only')
    await expect(page.getByRole('radio', { name: /password only/ })).toBeChecked()
    await expect(page.getByRole('radio', { name: /system keychain/ })).toBeDisabled()
    await expect(page.getByLabel('Password', { exact: true })).toBeFocused()

    await page.getByLabel('Password', { exact: true }).fill('short')
    await expect(page.getByText(/Too short/)).toBeVisible()
    await page.getByLabel('Password', { exact: true }).fill(NEW_PASSWORD)
    await expect(page.getByText('Strong password.')).toBeVisible()
    await page.getByLabel('Type the password again').fill(`${NEW_PASSWORD}!`)
    await page.getByRole('button', { name: 'Create vault' }).click()
    await expect(page.getByRole('alert').filter({ hasText: 'not the same' })).toBeVisible()
    expect((await harness.store.status()).state).toBe('missing')
    await harness.screenshot('vault-first-run-no-keychain')
    await axe(page, 'first run without keychain')

    await page.getByLabel('Type the password again').fill(NEW_PASSWORD)
    await page.getByRole('button', { name: 'Create vault' }).click()
    await expect(page.getByRole('button', { name: 'Lock', exact: true })).toBeVisible()
    expect((await harness.store.status()).slots).toEqual(['password'])
    expect(harness.vault.keychain.items.size).toBe(0)
    await addAccount(harness)
    await expectCodeShown(page)

    await page.getByRole('button', { name: 'Lock', exact: true }).click()
    await expectNothingShown(page)
    await expect(page.getByRole('button', { name: 'Unlock with keychain' })).toHaveCount(0)
    const field = page.getByLabel('Vault password')
    await expect(field).toBeFocused()
    await field.fill('not the password')
    await page.keyboard.press('Enter')
    await expect(page.getByRole('alert')).toHaveText(
      'That password does not open this vault. Check it and try again.'
    )
    await expect(field).toHaveAttribute('aria-invalid', 'true')
    await harness.screenshot('vault-unlock-error')
    await axe(page, 'unlock error')

    await field.fill(NEW_PASSWORD)
    await page.getByRole('button', { name: 'Unlock', exact: true }).click()
    await expectCodeShown(page)
  })
})

test.describe('keychain failures at unlock', () => {
  test.use({ vaultStart: { state: 'locked', slots: ['keychain', 'password'], keychain: 'locked' } })

  test('each failure is named with its next step; the password opens the vault instead', async ({
    harness
  }) => {
    const { page } = harness
    await harness.open()
    await expect(unlockScreen(page)).toBeVisible()
    const before = readFileSync(harness.store.paths.vault)

    const cases = [
      ['locked', 'Keychain locked', 'Unlock your login keyring'],
      ['unavailable', 'Keychain not available', 'Start your keyring service'],
      ['missing', 'Vault key missing from the keychain', 'Unlock with your vault password'],
      ['corrupt', 'Vault key in the keychain is damaged', 'Unlock with your vault password']
    ] as const
    for (const [mode, title, next] of cases) {
      harness.vault.setKeychain(mode)
      await page
        .getByRole('button', { name: /Unlock with keychain|Try the keychain again/ })
        .click()
      const alert = page.getByRole('alert')
      await expect(alert).toContainText(title)
      await expect(alert).toContainText(next)
      if (mode === 'locked') await harness.screenshot('vault-unlock-keychain-locked')
    }
    // Nothing on disk changed while the keychain failed.
    expect(readFileSync(harness.store.paths.vault).equals(before)).toBe(true)
    await axe(page, 'unlock keychain error')

    // The item is really gone now: the password opens the vault and puts a fresh key back.
    harness.vault.keychain.items.clear()
    harness.vault.setKeychain('ok')
    await page.getByRole('button', { name: 'Use your password instead' }).click()
    await expect(page.getByLabel('Vault password')).toBeFocused()
    await page.getByLabel('Vault password').fill(TEST_PASSWORD)
    await page.keyboard.press('Enter')
    await expect(page.getByRole('button', { name: 'Lock', exact: true })).toBeVisible()
    await expect.poll(() => harness.vault.keychain.items.size).toBe(1)
    await page.getByRole('button', { name: 'Lock', exact: true }).click()
    await page.getByRole('button', { name: 'Unlock with keychain' }).click()
    await expect(page.getByRole('button', { name: 'Lock', exact: true })).toBeVisible()
  })
})

test.describe('auto-lock', () => {
  test('locks after the idle minutes on the clock; key presses count as activity, code refreshes do not', async ({
    harness
  }) => {
    const { page } = harness
    await harness.open()
    await addAccount(harness)
    await expectCodeShown(page)
    const touches = () => harness.crossings.filter((c) => c.name === 'vault:touch').length

    // 4 idle minutes (the codes refreshed on the way): still open.
    await harness.setTime(FIXED_NOW + 4 * 60_000)
    await expect(page.getByText('Example Corp').first()).toBeVisible()
    expect(harness.store.isUnlocked).toBe(true)

    // A key press at minute 4 moves the deadline to minute 9.
    const before = touches()
    await page.keyboard.press('Shift')
    await expect.poll(touches).toBe(before + 1)
    const reads = () => harness.crossings.filter((c) => c.name.startsWith('codes:list')).length
    const readsBefore = reads()
    await harness.setTime(FIXED_NOW + 8 * 60_000)
    // The page re-reads the codes at minute 8; reads must not postpone the lock.
    await expect.poll(reads).toBeGreaterThan(readsBefore)
    expect(harness.store.isUnlocked).toBe(true)
    await expect(page.getByText('Example Corp').first()).toBeVisible()

    await harness.setTime(FIXED_NOW + 9 * 60_000 + 1_000)
    expect(harness.store.isUnlocked).toBe(false)
    await expectNothingShown(page)
    // main remembers the setting in force (the page forgot it on lock)
    await expect(page.getByRole('status')).toHaveText('Locked after 5 minutes without use.')
    await harness.screenshot('vault-unlock-idle')
    await axe(page, 'unlock after auto-lock')
    expect(harness.crossings).toContainEqual({
      kind: 'event',
      name: 'vault:locked',
      value: { reason: 'idle' }
    })
  })

  test('a secret-touching call on a locked vault answers VAULT_LOCKED and the page shows unlock', async ({
    harness
  }) => {
    const { page } = harness
    await harness.open()
    await addAccount(harness)
    await expectCodeShown(page)
    // Lock behind the page's back, without telling it (as if the event were lost).
    harness.store.lock()
    const result = await page.evaluate(() =>
      (globalThis as unknown as PageApi).tessera.codes.list()
    )
    expect(result).toEqual({ ok: false, error: expect.objectContaining({ code: 'VAULT_LOCKED' }) })
    await page.evaluate(() => {
      const g = globalThis as unknown as {
        dispatchEvent(e: unknown): void
        Event: new (t: string) => unknown
      }
      g.dispatchEvent(new g.Event('focus'))
    })
    await expectNothingShown(page)
  })
})

test.describe('a damaged vault', () => {
  test.use({ vaultStart: { state: 'corrupt' } })

  test('says what happened and where the backup is, and never writes over the file', async ({
    harness
  }) => {
    const { page } = harness
    const before = readFileSync(harness.store.paths.vault)
    await harness.open()
    await expect(page.getByRole('heading', { name: 'Tessera can’t open your vault' })).toBeVisible()
    await expect(page.getByText('Tessera left it untouched').first()).toBeVisible()
    await expect(page.getByText(harness.store.paths.backup, { exact: true })).toBeVisible()
    await expect(page.getByText(harness.store.paths.vault, { exact: true })).toBeVisible()
    await harness.screenshot('vault-corrupt')
    await axe(page, 'corrupt vault')

    await page.getByRole('button', { name: 'Check again' }).click()
    await expect(page.getByRole('heading', { name: 'Tessera can’t open your vault' })).toBeVisible()
    // Creating a vault over it is refused by main, whatever the page asks.
    const created = await page.evaluate(() =>
      (globalThis as unknown as PageApi).tessera.vault.create({ keychain: true })
    )
    expect(created).toEqual({ ok: false, error: expect.objectContaining({ code: 'VAULT_EXISTS' }) })
    expect(readFileSync(harness.store.paths.vault).equals(before)).toBe(true)
  })
})

test.describe('vault access in settings', () => {
  test('set a password, change it (a wrong current password first), remove the keychain with the password, unlock with it, store the key again with it', async ({
    harness
  }) => {
    // Five screens, each checked with axe in light and dark: past 60 s on a loaded machine.
    test.slow()
    const { page } = harness
    await harness.open()
    await fromMenu(page, 'Settings')
    const section = page.getByRole('region', { name: 'Vault access' })
    if ((await section.count()) === 0) {
      const reason =
        'the settings screen does not mount <VaultSecurity /> (features/vault/vault-security.tsx) yet'
      console.log(`skipped: ${reason}`)
      test.skip(true, reason)
    }
    await expect(section.getByRole('button', { name: 'Remove from keychain' })).toBeDisabled()
    await expect(section).toContainText('The keychain is the only way in')

    await section.getByRole('button', { name: 'Set a password' }).click()
    const dialog = page.getByRole('dialog', { name: 'Set a vault password' })
    await dialog.getByLabel('Password', { exact: true }).fill(NEW_PASSWORD)
    await dialog.getByLabel('Type the password again').fill(NEW_PASSWORD)
    await dialog.getByRole('button', { name: 'Set password' }).click()
    await expect(section.getByRole('status')).toHaveText('Password set.')
    expect((await harness.store.status()).slots).toEqual(['keychain', 'password'])

    // Changing it needs the current password: a wrong one changes nothing and says so inline.
    const vaultBytes = () => readFileSync(harness.store.paths.vault)
    const beforeChange = vaultBytes()
    await section.getByRole('button', { name: 'Change password' }).click()
    const change = page.getByRole('dialog', { name: 'Change the vault password' })
    const current = change.getByLabel('Current password')
    await expect(current).toBeFocused()
    await current.fill('not my password')
    await change.getByLabel('New password').fill(CHANGED_PASSWORD)
    await change.getByLabel('Type the password again').fill(CHANGED_PASSWORD)
    await change.getByRole('button', { name: 'Change password' }).click()
    await expect(change.getByRole('alert')).toHaveText(WRONG_PASSWORD_TEXT)
    await expect(current).toHaveAttribute('aria-invalid', 'true')
    await expect(current).toBeFocused()
    expect(vaultBytes().equals(beforeChange)).toBe(true)
    await harness.screenshot('vault-change-password-wrong')
    await axe(page, 'change password, wrong current password')
    await current.fill(NEW_PASSWORD)
    await expect(current).not.toHaveAttribute('aria-invalid')
    await page.keyboard.press('Enter')
    await expect(change).toHaveCount(0)
    await expect(section.getByRole('status')).toHaveText('Password changed.')

    await section.getByRole('button', { name: 'Remove from keychain' }).click()
    const confirm = page.getByRole('dialog', { name: 'Remove the key from your keychain?' })
    const confirmCurrent = confirm.getByLabel('Current password')
    await expect(confirmCurrent).toBeFocused()
    await harness.screenshot('vault-access-confirm')
    await axe(page, 'vault access confirm')
    await page.keyboard.press('Escape')
    await expect(confirm).toHaveCount(0)
    expect(harness.vault.keychain.items.size).toBe(1)

    // Removing the keychain needs the password too: the old one no longer counts.
    await section.getByRole('button', { name: 'Remove from keychain' }).click()
    await confirmCurrent.fill(NEW_PASSWORD)
    await confirm.getByRole('button', { name: 'Remove from keychain' }).click()
    await expect(confirm.getByRole('alert')).toHaveText(WRONG_PASSWORD_TEXT)
    await expect(confirmCurrent).toHaveAttribute('aria-invalid', 'true')
    expect(harness.vault.keychain.items.size).toBe(1)
    expect((await harness.store.status()).slots).toEqual(['keychain', 'password'])
    await harness.screenshot('vault-access-confirm-wrong')
    await axe(page, 'vault access confirm, wrong password')
    await confirmCurrent.fill(CHANGED_PASSWORD)
    await confirm.getByRole('button', { name: 'Remove from keychain' }).click()
    await expect(section.getByRole('status')).toContainText('removed from your keychain')
    expect(harness.vault.keychain.items.size).toBe(0)
    expect((await harness.store.status()).slots).toEqual(['password'])
    await expect(section.getByRole('button', { name: 'Remove password' })).toBeDisabled()
    await harness.screenshot('vault-access')

    await page.getByRole('button', { name: 'Lock', exact: true }).click()
    await expect(page.getByRole('button', { name: 'Unlock with keychain' })).toHaveCount(0)
    await page.getByLabel('Vault password').fill(NEW_PASSWORD)
    await page.keyboard.press('Enter')
    await expect(page.getByRole('alert')).toHaveText(WRONG_PASSWORD_TEXT)
    await page.getByLabel('Vault password').fill(CHANGED_PASSWORD)
    await page.keyboard.press('Enter')
    await expect(page.getByRole('button', { name: 'Lock', exact: true })).toBeVisible()

    // Storing the key in the keychain again needs the password: a wrong one stores nothing.
    // (the settings screen is still open after the unlock)
    await expect(section).toBeVisible()
    await section.getByRole('button', { name: 'Store in keychain' }).click()
    const store = page.getByRole('dialog', { name: 'Store the key in your keychain?' })
    const storeCurrent = store.getByLabel('Current password')
    await expect(storeCurrent).toBeFocused()
    const beforeStore = vaultBytes()
    await storeCurrent.fill(NEW_PASSWORD)
    await store.getByRole('button', { name: 'Store in keychain' }).click()
    await expect(store.getByRole('alert')).toHaveText(WRONG_PASSWORD_TEXT)
    await expect(storeCurrent).toHaveAttribute('aria-invalid', 'true')
    expect(harness.vault.keychain.items.size).toBe(0)
    expect(vaultBytes().equals(beforeStore)).toBe(true)
    await axe(page, 'store in keychain, wrong password')
    await storeCurrent.fill(CHANGED_PASSWORD)
    await page.keyboard.press('Enter')
    await expect(store).toHaveCount(0)
    await expect(section.getByRole('status')).toHaveText('The key is now in your keychain.')
    expect(harness.vault.keychain.items.size).toBe(1)
    expect((await harness.store.status()).slots).toEqual(['keychain', 'password'])
    await page.getByRole('button', { name: 'Lock', exact: true }).click()
    await page.getByRole('button', { name: 'Unlock with keychain' }).click()
    await expect(page.getByRole('button', { name: 'Lock', exact: true })).toBeVisible()
  })
})
