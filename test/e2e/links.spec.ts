/**
 * otpauth:// links handed over by the OS (what the shell passes to the link router from a first
 * launch, `second-instance` or `open-url`), over the real composition: a link opens the scan
 * review in the main window and adds nothing until the user confirms; a hostile link gets a
 * plain message and changes nothing; a link that arrives while the vault is locked waits for the
 * unlock, then opens the review.
 */
import { FIXED_NOW, expect, test } from './harness/fixtures'
import { axe } from './harness/axe'
import { totp } from './harness/independent-otp'

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'
const LINK = `otpauth://totp/Example%20Corp:alice%40example.com?secret=${SECRET}&issuer=Example%20Corp`

test('a link opens the review; nothing is added until Add, and closing adds nothing', async ({
  harness
}) => {
  const { page } = harness
  await harness.open()
  await harness.main.services.links.receive([LINK])
  expect(harness.mainWindowShown()).toBeGreaterThan(0)

  const dialog = page.getByRole('dialog', { name: 'Review a setup link' })
  await expect(dialog.getByRole('heading', { name: 'Review', exact: true })).toBeVisible()
  await expect(dialog).toContainText('Found 1 link: 1 new account to add.')
  await expect(
    dialog.getByRole('checkbox', { name: 'Add Example Corp (alice@example.com)' })
  ).toBeChecked()
  expect(harness.store.list()).toHaveLength(0)
  await harness.screenshot('link-review')
  await axe(page, 'link review')

  // Closing the review forgets the link: nothing was added, main holds no scan.
  await dialog.getByRole('button', { name: 'Close' }).first().click()
  await expect(dialog).toBeHidden()
  expect(harness.store.list()).toHaveLength(0)

  // The same link again, and this time the user confirms.
  await harness.main.services.links.receive([LINK])
  await expect(dialog).toBeVisible()
  await dialog.getByRole('button', { name: 'Add 1 account' }).click()
  const done = page.getByRole('dialog')
  await expect(done.getByText('Added 1 account.')).toBeVisible()
  expect(harness.store.list().map((a) => a.issuer)).toEqual(['Example Corp'])
  await done.getByRole('button', { name: 'Done' }).click()
  const row = page.getByRole('listitem').filter({ hasText: 'Example Corp' })
  await expect(row.getByTestId('code')).toHaveText(
    (totp(SECRET, FIXED_NOW).match(/.{3}/g) ?? []).join(' ')
  )
  expect(JSON.stringify(harness.crossings)).not.toContain(SECRET)
})

test('a hostile link gets a clear message and changes nothing', async ({ harness }) => {
  const { page } = harness
  await harness.open()
  // Spaces and a control character inside: no setup page sends a link like that.
  await harness.main.services.links.receive([
    `otpauth://totp/Evil%20Bank:me?secret=${SECRET}&issuer=Evil Bank\u0007`
  ])
  const dialog = page.getByRole('dialog', { name: 'Scan a QR code' })
  await expect(dialog.getByRole('alert')).toHaveText(
    'Tessera did not open the link “otpauth://totp/Evil Bank:me…”. The link has spaces or control characters in it, so it was not sent by a setup page as it is. Nothing was added; scan the QR code instead.'
  )
  expect(harness.store.list()).toHaveLength(0)
  await harness.screenshot('link-refused')
  await axe(page, 'link refused')
  await dialog.getByRole('button', { name: 'Close' }).first().click()

  // A link far longer than any QR code can hold: refused before the parser sees it.
  await harness.main.services.links.receive([`otpauth://totp/x?secret=${'A'.repeat(9000)}`])
  await expect(page.getByRole('alert')).toContainText('a real setup link is far shorter')

  // Well-formed but not a valid account (no secret): the review says why; nothing to tick.
  await page.getByRole('button', { name: 'Close' }).first().click()
  await harness.main.services.links.receive(['otpauth://totp/Nobody:me?issuer=Nobody'])
  const review = page.getByRole('dialog', { name: 'Review a setup link' })
  await expect(review).toBeVisible()
  await expect(review.getByRole('checkbox')).toHaveCount(0)
  await expect(review).toContainText('This link cannot be added: secret is missing.')
  await expect(review.getByRole('button', { name: /^Add/ })).toHaveCount(0)
  expect(harness.store.list()).toHaveLength(0)
})

test('a link while locked waits for the unlock, then opens the review', async ({ harness }) => {
  const { page } = harness
  await harness.open()
  harness.store.lock('user')
  await expect(page.getByRole('button', { name: 'Unlock with keychain' })).toBeVisible()
  await harness.main.services.links.receive([LINK])
  expect(harness.crossings).toContainEqual({
    kind: 'event',
    name: 'links:waiting',
    value: { waiting: 'unlock' }
  })
  await expect(page.getByRole('dialog')).toHaveCount(0)
  await page.getByRole('button', { name: 'Unlock with keychain' }).click()
  const dialog = page.getByRole('dialog', { name: 'Review a setup link' })
  await expect(dialog).toContainText('Found 1 link: 1 new account to add.')
  expect(harness.store.list()).toHaveLength(0)
})
