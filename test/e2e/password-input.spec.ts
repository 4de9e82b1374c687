/**
 * Password fields on the vault screens: a Show/Hide toggle and a Caps Lock warning, on the unlock
 * screen and on first run, keyboard only.
 */
import { expect, test } from './harness/fixtures'
import { axe } from './harness/axe'
import { TEST_PASSWORD } from './harness/vault'

test.describe('unlock with a password', () => {
  test.use({ vaultStart: { state: 'locked', slots: ['password'] } })

  test('Show reveals what was typed, Hide masks it again; Caps Lock is announced', async ({
    harness
  }) => {
    const { page } = harness
    await harness.open()
    const field = page.getByLabel('Vault password')
    await expect(field).toBeFocused()
    await expect(field).toHaveAttribute('type', 'password')
    await field.pressSequentially('tangerine')

    // Tab reaches the toggle; Space presses it.
    await page.keyboard.press('Tab')
    const show = page.getByRole('button', { name: 'Show password' })
    await expect(show).toBeFocused()
    await expect(show).toHaveAttribute('aria-pressed', 'false')
    await page.keyboard.press('Space')
    await expect(field).toHaveAttribute('type', 'text')
    await expect(field).toHaveValue('tangerine')
    const hide = page.getByRole('button', { name: 'Hide password' })
    await expect(hide).toHaveAttribute('aria-pressed', 'true')
    await harness.screenshot('vault-unlock-password-shown')
    await hide.click()
    await expect(field).toHaveAttribute('type', 'password')

    // Caps Lock: Chromium reports the modifier on key events when the key is held.
    await expect(page.getByText('Caps Lock is on.')).toHaveCount(0)
    // Headless Chromium keeps no lock-key state, so the key event carries it as a real one would.
    await field.dispatchEvent('keydown', { key: 'A', code: 'KeyA', modifierCapsLock: true })
    const warning = page.getByRole('status').filter({ hasText: 'Caps Lock is on.' })
    await expect(warning).toBeVisible()
    await expect(field).toHaveAttribute(
      'aria-describedby',
      (await warning.getAttribute('id')) ?? '-'
    )
    await harness.screenshot('vault-unlock-caps-lock')
    await axe(page, 'unlock with caps lock warning')
    await field.dispatchEvent('keyup', { key: 'a', code: 'KeyA', modifierCapsLock: false })
    await expect(page.getByText('Caps Lock is on.')).toHaveCount(0)

    // The toggle never submits the form or loses the text; the right password still unlocks.
    await field.fill(TEST_PASSWORD)
    await page.keyboard.press('Enter')
    await expect(page.getByRole('button', { name: 'Lock', exact: true })).toBeVisible()
  })
})

test.describe('first run with a password', () => {
  test.use({ vaultStart: { state: 'missing' } })

  test('both new-password fields have their own toggle', async ({ harness }) => {
    const { page } = harness
    await harness.open()
    await page.getByRole('radio', { name: /password only/ }).check()
    await expect(page.getByRole('button', { name: 'Show password' })).toHaveCount(2)
    const first = page.getByLabel('Password', { exact: true })
    await first.fill('marmalade orbit')
    await page.getByRole('button', { name: 'Show password' }).first().click()
    await expect(first).toHaveAttribute('type', 'text')
    await expect(page.getByLabel('Type the password again')).toHaveAttribute('type', 'password')
    await axe(page, 'first run with a shown password')
  })
})
