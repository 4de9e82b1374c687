/**
 * Hostile accounts in the window: an account an older Tessera stored with a 1,500-byte secret
 * shows "No code" with its reason while every other row keeps its code, and a name carrying
 * escape, bidi and zero-width characters is shown without them.
 */
import type { Account } from '../../src/shared/model'
import { FIXED_NOW, expect, test } from './harness/fixtures'
import { axe } from './harness/axe'
import { totp } from './harness/independent-otp'

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'
const grouped = (code: string): string => `${code.slice(0, 3)} ${code.slice(3)}`

test('a damaged account shows its own error; the others keep their codes; names are cleaned', async ({
  harness
}) => {
  const { page } = harness
  const [good] = await harness.store.addMany([
    {
      // U+202E RIGHT-TO-LEFT OVERRIDE, U+200B ZERO WIDTH SPACE and an ESC colour sequence.
      issuer: '\u202eGitHub\u200b',
      label: '\u001b[31malice',
      otp: { type: 'totp', secret: SECRET, algorithm: 'SHA1', digits: 6, period: 30, counter: 0 }
    }
  ])
  // Stored as an older Tessera could have (restore keeps accounts exactly as they were).
  const bad: Account = {
    ...good!,
    id: 'a-damaged-account',
    issuer: 'Old Bank',
    label: 'broken',
    order: 5,
    otp: { ...good!.otp, secret: 'A'.repeat(2400) }
  }
  await harness.store.restore([bad])
  await harness.open()

  const list = page.getByRole('list', { name: 'Accounts' })
  // The name arrived cleaned: no override, no zero-width space, no ESC.
  const okRow = list.getByRole('listitem', { name: 'GitHub ([31malice)', exact: true })
  await expect(okRow.getByTestId('code')).toHaveText(grouped(totp(SECRET, FIXED_NOW)))
  const badRow = list.getByRole('listitem', { name: 'Old Bank (broken)', exact: true })
  await expect(badRow.getByTestId('code')).toHaveText('No code')
  await expect(badRow.getByTestId('code')).toHaveAttribute('title', /1500 bytes long/)
  // Choosing it says why, in words, instead of copying nothing.
  await badRow
    .getByRole('button', { name: /Old Bank/ })
    .first()
    .click()
  await expect(page.getByTestId('toast')).toContainText('1500 bytes long')
  expect(harness.clipboard).toEqual([])
  const names = await list.locator('.issuer').allTextContents()
  for (const n of names)
    for (const ch of ['\u202e', '\u200b', '\u001b']) expect(n).not.toContain(ch)

  await harness.screenshot('codes-damaged-account')
  await axe(page, 'codes with a damaged account')
})
