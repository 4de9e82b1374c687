/**
 * Managed policies in Chromium over the real handler table, read from a real policy file (the
 * app's file source and PolicyService, in a root-owned temporary folder): governed settings are
 * shown locked with "Managed by your organization" and the admin contact, Settings lists each
 * policy with its source, and a change on disk reaches the open window.
 */
import { expect, test } from './harness/fixtures'
import { axe } from './harness/axe'
import { fromMenu } from './harness/header'

const ADMIN = { AdminContactName: 'Campus IT', AdminContactUrl: 'https://it.example.edu/help' }

test.describe('locked settings', () => {
  test.use({
    policy: {
      ...ADMIN,
      AutoLockMaxMinutes: 10,
      LockOnScreenLock: true,
      ClipboardClearMaxSeconds: 30,
      ScreenCaptureProtection: 'forceOn',
      PasswordMinLength: 'twelve',
      NoSuchPolicy: true
    }
  })

  test('governed controls are locked with the managed note; Policies lists each source', async ({
    harness
  }) => {
    const { page } = harness
    await harness.open()
    await fromMenu(page, 'Settings')

    const lock = page.getByLabel('Lock Tessera when idle')
    await expect(lock).toHaveAccessibleDescription(
      /Managed by your organization.*at most 10 minutes.*Ask Campus IT \(https:\/\/it\.example\.edu\/help\)/
    )
    // Only choices within the ceiling are offered: no "Never", nothing above 10 minutes.
    const offered = await lock.locator('option').allTextContents()
    expect(offered).toEqual([
      'After 1 minute',
      'After 2 minutes',
      'After 5 minutes',
      'After 10 minutes'
    ])

    const suspend = page.getByLabel('Lock when the computer locks its screen or sleeps')
    await expect(suspend).toBeChecked()
    await expect(suspend).toBeDisabled()
    await expect(suspend).toHaveAccessibleDescription(/always locks with the screen/)

    const capture = page.getByLabel('Hide the window from screenshots and screen sharing')
    await expect(capture).toBeChecked()
    await expect(capture).toBeDisabled()

    const clear = page.getByLabel('Clear a copied code from the clipboard')
    await expect(clear).toHaveAccessibleDescription(/at most 30 seconds/)
    expect(await clear.locator('option').allTextContents()).not.toContain('Never')

    const panel = page.getByRole('region', { name: 'Policies' })
    const list = panel.getByRole('list', { name: 'Policies in force' })
    await expect(
      list.getByRole('listitem').filter({ hasText: 'AutoLockMaxMinutes' })
    ).toContainText(`Policy file · ${harness.policyFile}`)
    // The malformed value applies its restrictive value, and the panel says so.
    await expect(list.getByRole('listitem').filter({ hasText: 'PasswordMinLength' })).toContainText(
      'not valid, so the most restrictive one applies'
    )
    await expect(panel.getByRole('note')).toContainText('NoSuchPolicy')

    await lock.scrollIntoViewIfNeeded()
    await harness.screenshot('policy-settings')
    await panel.scrollIntoViewIfNeeded()
    await harness.screenshot('policy-panel')
    await axe(page, 'Settings under policies')
  })

  test('a change to the policy file reaches the open window', async ({ harness }) => {
    const { page } = harness
    await harness.open()
    await fromMenu(page, 'Settings')
    const suspend = page.getByLabel('Lock when the computer locks its screen or sleeps')
    await expect(suspend).toBeDisabled()

    await harness.setPolicy({ ...ADMIN, AutoLockMaxMinutes: 10 })
    await expect(suspend).toBeEnabled()
    await expect(page.getByRole('region', { name: 'Policies' })).not.toContainText(
      'LockOnScreenLock'
    )

    await harness.setPolicy(null)
    await expect(page.getByRole('region', { name: 'Policies' })).toContainText(
      'No policies are set on this computer'
    )
    await expect(page.getByText('Managed by your organization')).toHaveCount(0)
  })
})

const NEW_PASSWORD = 'tangerine glacier pocket violin'

test.describe('RequireAppLock at first run', () => {
  test.use({ vaultStart: { state: 'missing' }, policy: { ...ADMIN, RequireAppLock: true } })

  test('the vault cannot be made without a password; the form says who decided', async ({
    harness
  }) => {
    const { page } = harness
    await harness.open()
    await expect(page.getByRole('heading', { name: 'Set up your vault' })).toBeVisible()
    const also = page.getByLabel(/Also set a password/)
    await expect(also).toBeChecked()
    await expect(also).toBeDisabled()
    await expect(also).toHaveAccessibleDescription(
      /Managed by your organization.*Your vault needs a password.*Ask Campus IT/
    )
    await expect(page.getByLabel('Password', { exact: true })).toBeVisible()
    await harness.screenshot('policy-first-run-password')
    await axe(page, 'first run under RequireAppLock')

    // Submitting without a password is caught in the form and creates nothing.
    await page.getByRole('button', { name: 'Create vault' }).click()
    expect((await harness.store.status()).state).toBe('missing')

    await page.getByLabel('Password', { exact: true }).fill(NEW_PASSWORD)
    await page.getByLabel('Type the password again').fill(NEW_PASSWORD)
    await page.getByRole('button', { name: 'Create vault' }).click()
    await expect(page.getByRole('button', { name: 'Lock', exact: true })).toBeVisible()
    expect((await harness.store.status()).slots).toEqual(['keychain', 'password'])

    // The password stays: Remove password is disabled with the managed reason.
    await fromMenu(page, 'Settings')
    const section = page.getByRole('region', { name: 'Vault access' })
    const remove = section.getByRole('button', { name: 'Remove password' })
    await expect(remove).toBeDisabled()
    await expect(remove).toHaveAccessibleDescription(/must have a password.*Ask Campus IT/)

    // Locked, the vault opens only with its password: no keychain button.
    await page.getByRole('button', { name: 'Lock', exact: true }).click()
    await expect(page.getByRole('heading', { name: 'Your vault is locked' })).toBeVisible()
    await expect(page.getByRole('button', { name: 'Unlock with keychain' })).toHaveCount(0)
    await page.getByLabel('Vault password').fill(NEW_PASSWORD)
    await page.keyboard.press('Enter')
    await expect(page.getByRole('button', { name: 'Lock', exact: true })).toBeVisible()
  })
})

test.describe('RequireAppLock on a vault without a password', () => {
  test.use({ policy: { ...ADMIN, RequireAppLock: true } })

  test('the user adds a password before anything else; main refuses the rest until then', async ({
    harness
  }) => {
    const { page } = harness
    await harness.open()
    await expect(page.getByRole('heading', { name: 'Add a vault password' })).toBeVisible()
    await expect(page.getByRole('button', { name: 'Menu', exact: true })).toHaveCount(0)
    await expect(
      page.getByText(/Managed by your organization.*Your vault needs a password/)
    ).toBeVisible()
    // Not only hidden: main answers the other channels POLICY_FORBIDDEN.
    const listed = await page.evaluate(() =>
      (
        globalThis as unknown as { tessera: { accounts: { list(): Promise<unknown> } } }
      ).tessera.accounts.list()
    )
    expect(listed).toMatchObject({ ok: false, error: { code: 'POLICY_FORBIDDEN' } })
    await harness.screenshot('policy-password-first')
    await axe(page, 'add a password first')

    await page.getByLabel('Password', { exact: true }).fill(NEW_PASSWORD)
    await page.getByLabel('Type the password again').fill(NEW_PASSWORD)
    await page.getByRole('button', { name: 'Add password' }).click()
    await expect(page.getByRole('button', { name: 'Menu', exact: true })).toBeVisible()
    expect((await harness.store.status()).slots).toEqual(['keychain', 'password'])
  })
})
