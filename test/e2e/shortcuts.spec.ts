/**
 * Keyboard: the "Keyboard shortcuts" sheet on `?` (never while typing in a field), listing every
 * shortcut from shared/desktop.ts with this OS's key labels (Ctrl on Windows and Linux, ⌘ on a
 * Mac), and Ctrl/Cmd+C on the focused row copying its code through main's clipboard.
 */
import type { Page } from '@playwright/test'
import type { NewAccount } from '../../src/shared/model'
import { WINDOW_SHORTCUTS } from '../../src/shared/desktop'
import { FIXED_NOW, expect, test, type Harness } from './harness/fixtures'
import { axe } from './harness/axe'
import { totp } from './harness/independent-otp'

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'
const OTHER = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'

const account = (issuer: string, label: string, secret: string): NewAccount => ({
  issuer,
  label,
  otp: { type: 'totp', secret, algorithm: 'SHA1', digits: 6, period: 30, counter: 0 }
})

const list = (page: Page) => page.getByRole('list', { name: 'Accounts' })
const sheet = (page: Page) => page.getByRole('dialog', { name: 'Keyboard shortcuts' })
const search = (page: Page) => page.getByRole('searchbox', { name: 'Search accounts' })

async function seed(harness: Harness): Promise<void> {
  const added = await harness.store.addMany([
    account('Example Corp', 'alice', SECRET),
    account('GitLab', 'bob', OTHER)
  ])
  harness.emit('accounts:changed', { reason: 'added', ids: added.map((a) => a.id) })
  await expect(list(harness.page).getByRole('listitem')).toHaveCount(2)
}

/** The sheet's lines as "keys = what", in order. */
const lines = (page: Page) =>
  sheet(page)
    .locator('.shortcut-line')
    .evaluateAll((els) =>
      els.map((el) => {
        const e = el as unknown as { querySelector(s: string): { textContent: string | null } }
        const keys = (
          el as unknown as { querySelectorAll(s: string): { textContent: string | null }[] }
        ).querySelectorAll('kbd')
        return `${[...keys].map((k) => k.textContent).join(' ')} = ${e.querySelector('dd').textContent}`
      })
    )

test('? shows every shortcut with Ctrl labels; Esc closes; ? in the search field is typed', async ({
  harness
}) => {
  const { page } = harness
  await harness.open()
  await seed(harness)
  await page.locator('body').click({ position: { x: 5, y: 5 } })
  await page.keyboard.press('?')
  await expect(sheet(page)).toBeVisible()

  const expected = WINDOW_SHORTCUTS.flatMap((g) => g.items).length
  await expect(sheet(page).locator('.shortcut-line')).toHaveCount(expected)
  const shown = await lines(page)
  expect(shown).toContain('Ctrl C = Copy the selected code')
  expect(shown).toContain('Ctrl Shift S = Scan a QR code')
  expect(shown).toContain('Ctrl N = Add an account')
  expect(shown).toContain('Ctrl , = Open Settings')
  expect(shown).toContain('? = Show these shortcuts')
  expect(shown.some((l) => l.includes('⌘'))).toBe(false)
  for (const group of ['Codes', 'Commands', 'Quick copy']) {
    await expect(sheet(page).getByRole('heading', { name: group })).toBeVisible()
  }
  await axe(page, 'keyboard shortcuts sheet')
  await harness.screenshot('shortcuts-sheet')

  await page.keyboard.press('Escape')
  await expect(sheet(page)).toHaveCount(0)

  // In a text field `?` is a character, not a command.
  await search(page).fill('')
  await search(page).focus()
  await page.keyboard.type('?')
  await expect(search(page)).toHaveValue('?')
  await expect(sheet(page)).toHaveCount(0)
})

test('on a Mac the sheet writes ⌘ and the Mac order of modifiers', async ({ harness }) => {
  const { page } = harness
  await page.addInitScript(() => {
    Object.defineProperty(Object.getPrototypeOf(navigator), 'platform', { get: () => 'MacIntel' })
  })
  await harness.open()
  await page.keyboard.press('?')
  await expect(sheet(page)).toBeVisible()
  const shown = await lines(page)
  expect(shown).toContain('⌘C = Copy the selected code')
  expect(shown).toContain('⇧⌘S = Scan a QR code')
  expect(shown.some((l) => l.includes('Ctrl'))).toBe(false)
  await sheet(page).getByRole('button', { name: 'Close' }).click()
  await expect(sheet(page)).toHaveCount(0)
})

test('Ctrl+C on the focused row copies its code; the row help says so', async ({ harness }) => {
  const { page } = harness
  await harness.open()
  await seed(harness)
  const gitlab = list(page)
    .getByRole('listitem', { name: 'GitLab (bob)' })
    .getByRole('button', { name: /copy the code for GitLab/ })
  await gitlab.focus()
  await expect(page.locator('#row-keys-help')).toContainText('Ctrl+C copies the code')
  expect(harness.clipboard).toEqual([])
  await page.keyboard.press('Control+c')
  await expect(page.getByTestId('toast')).toContainText('Copied the code for GitLab (bob).')
  expect(harness.clipboardText()).toBe(totp(OTHER, FIXED_NOW))

  // Up, then Ctrl+C again: the other row's code.
  await page.keyboard.press('ArrowUp')
  await page.keyboard.press('Control+c')
  await expect.poll(() => harness.clipboardText()).toBe(totp(SECRET, FIXED_NOW))
})

test('menu commands reach the window through desktop:command and it navigates', async ({
  harness
}) => {
  const { page } = harness
  await harness.open()
  await seed(harness)
  harness.emit('desktop:command', { command: 'settings' })
  await expect(page.getByRole('main', { name: 'Settings' })).toBeVisible()
  harness.emit('desktop:command', { command: 'new-account' })
  await expect(page.getByLabel('Add from otpauth URI')).toBeVisible()
  harness.emit('desktop:command', { command: 'servers' })
  await expect(page.getByRole('main', { name: 'Servers' })).toBeVisible()
  harness.emit('desktop:command', { command: 'find' })
  await expect(search(page)).toBeFocused()
  harness.emit('desktop:command', { command: 'shortcuts' })
  await expect(sheet(page)).toBeVisible()
  await page.keyboard.press('Escape')
  harness.emit('desktop:command', { command: 'import' })
  await expect(page.getByRole('dialog', { name: /Import/ })).toBeVisible()
})

test('a command sent while locked waits for the unlock, then runs', async ({ harness }) => {
  const { page } = harness
  await harness.open()
  await page.keyboard.press('Control+l')
  await expect(page.getByRole('button', { name: /Unlock/ }).first()).toBeVisible()
  harness.emit('desktop:command', { command: 'settings' })
  await expect(page.getByRole('main', { name: 'Settings' })).toHaveCount(0)
  await page
    .getByRole('button', { name: /Unlock/ })
    .first()
    .click()
  await expect(page.getByRole('main', { name: 'Settings' })).toBeVisible()
})
