/**
 * Managed policies in Chromium over the real handler table, read from a real policy file (the
 * app's file source and PolicyService, in a root-owned temporary folder): governed settings are
 * shown locked with "Managed by your organization" and the admin contact, Settings lists each
 * policy with its source, and a change on disk reaches the open window.
 */
import { expect, test } from './harness/fixtures'
import { axe } from './harness/axe'

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
    await page.getByRole('button', { name: 'Settings' }).click()

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
    await page.getByRole('button', { name: 'Settings' }).click()
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
