/**
 * The theme the user picks in Settings wins over the system's: with Dark chosen while the system
 * prefers light (and Light while it prefers dark), the Servers screen's status badges and the
 * password strength meter take the chosen theme's colours, like the rest of the window. (They
 * used to test prefers-color-scheme themselves, so they followed the system instead.)
 *
 * The expected values are the token sheet's (src/renderer/src/tokens.css), written out here as
 * the user sees them: a change of palette has to change this test too.
 */
import type { Page } from '@playwright/test'
import { expect, test, type Harness } from './harness/fixtures'
import { fromMenu } from './harness/header'

const PALETTE = {
  light: {
    bg: 'rgb(244, 245, 247)',
    okBg: 'rgb(230, 244, 236)',
    ok: 'rgb(30, 122, 70)',
    strong: 'rgb(47, 133, 90)'
  },
  dark: {
    bg: 'rgb(20, 22, 27)',
    okBg: 'rgb(28, 51, 38)',
    ok: 'rgb(143, 214, 169)',
    strong: 'rgb(127, 209, 163)'
  }
} as const

type Scheme = keyof typeof PALETTE

const STRONG_PASSWORD = 'correct horse battery staple 42'

/** One successful enrollment in the audit log, so the Servers screen shows an "OK" badge. */
async function auditOk(harness: Harness): Promise<void> {
  await harness.enrollment.audit.append({
    action: 'enroll',
    serverId: 'srv-1',
    serverName: 'Campus cloud',
    serverType: 'ucloud',
    account: 'Campus cloud (alice)',
    outcome: 'ok'
  })
}

async function chooseTheme(page: Page, theme: 'Light' | 'Dark'): Promise<void> {
  await fromMenu(page, 'Settings')
  await page.getByRole('radio', { name: theme }).check()
  await expect(page.locator('html')).toHaveAttribute('data-theme', theme.toLowerCase())
}

async function expectColours(page: Page, scheme: Scheme, system: Scheme): Promise<void> {
  const want = PALETTE[scheme]
  const label = `${scheme} chosen, system ${system}`

  // The window itself.
  await expect.soft(page.locator('body'), `${label}: window`).toHaveCSS('background-color', want.bg)

  // The password meter: Settings → Vault access → Set a password, a strong one.
  await page
    .getByRole('region', { name: 'Vault access' })
    .getByRole('button', { name: 'Set a password' })
    .click()
  const dialog = page.getByRole('dialog', { name: 'Set a vault password' })
  await dialog.getByLabel('Password', { exact: true }).fill(STRONG_PASSWORD)
  await expect(dialog.locator('.strength-strong span.on')).toHaveCount(4)
  await expect
    .soft(dialog.locator('.strength-strong span.on').first(), `${label}: strength meter`)
    .toHaveCSS('background-color', want.strong)
  await dialog.getByRole('button', { name: 'Cancel' }).click()
  await expect(dialog).toHaveCount(0)

  // A server badge: the audit log's "OK".
  await fromMenu(page, 'Servers')
  const audit = page.getByRole('region', { name: 'Audit records' })
  const ok = audit.getByText('OK', { exact: true })
  await expect(ok).toBeVisible()
  await expect.soft(ok, `${label}: OK badge background`).toHaveCSS('background-color', want.okBg)
  await expect.soft(ok, `${label}: OK badge text`).toHaveCSS('color', want.ok)
}

test('Dark chosen in Tessera while the system prefers light: badges and meter are dark', async ({
  harness
}) => {
  const { page } = harness
  await auditOk(harness)
  await page.emulateMedia({ colorScheme: 'light' })
  await harness.open()
  // Nothing chosen yet: the system's light.
  await expect(page.locator('body')).toHaveCSS('background-color', PALETTE.light.bg)
  await chooseTheme(page, 'Dark')
  await expectColours(page, 'dark', 'light')
})

test('Light chosen in Tessera while the system prefers dark: badges and meter are light', async ({
  harness
}) => {
  const { page } = harness
  await auditOk(harness)
  await page.emulateMedia({ colorScheme: 'dark' })
  await harness.open()
  await expect(page.locator('body')).toHaveCSS('background-color', PALETTE.dark.bg)
  await chooseTheme(page, 'Light')
  await expectColours(page, 'light', 'dark')
  await page.emulateMedia({ colorScheme: 'light' })
})
