/**
 * The clock you can trust: the list warns when this computer's clock is off by more than codes
 * allow and, once the user says so, shows codes corrected by the measured offset (Quick copy and
 * the clipboard too); Settings shows the offset, asks nothing until the user clicks Check, refuses
 * a plain-http time address, and says why a check failed. The offset is injected through the
 * harness (device.json's last measurement, and the Date headers the fake servers answer).
 */
import type { Page } from '@playwright/test'
import type { NewAccount } from '../../src/shared/model'
import { FIXED_NOW, expect, test, type Harness } from './harness/fixtures'
import { axe } from './harness/axe'
import { totp } from './harness/independent-otp'
import { fromMenu } from './harness/header'

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'
const ACCOUNT: NewAccount = {
  issuer: 'Example Corp',
  label: 'alice@example.com',
  otp: { type: 'totp', secret: SECRET, algorithm: 'SHA1', digits: 6, period: 30, counter: 0 }
}
const grouped = (code: string): string => (code.match(/.{3}/g) ?? []).join(' ')
/** This computer runs 47 s ahead of true time. */
const FAST_MS = -47_000

const codeShown = (page: Page) =>
  page.getByRole('listitem').filter({ hasText: 'Example Corp' }).getByTestId('code')

async function measured(harness: Harness, offsetMs: number): Promise<void> {
  await harness.main.services.device.update({
    clock: { last: { offsetMs, measuredAt: FIXED_NOW - 60_000, used: 2, uncertaintyMs: 400 } }
  })
}

test('the list warns about a clock 47 s fast; Correct codes shows the corrected codes', async ({
  harness
}) => {
  const { page } = harness
  await harness.store.addMany([ACCOUNT])
  await measured(harness, FAST_MS)
  await harness.open()

  const warning = page.getByTestId('clock-warning')
  await expect(warning).toContainText('Your clock is 47 s fast. Codes may be refused.')
  // Not corrected yet: the code of this computer's own clock.
  await expect(codeShown(page)).toHaveText(grouped(totp(SECRET, FIXED_NOW)))
  await harness.screenshot('clock-warning')
  await axe(page, 'clock warning')

  await warning.getByRole('button', { name: 'Correct codes' }).click()
  await expect(warning).toHaveCount(0)
  await expect(page.getByTestId('clock-note')).toHaveText(
    'Your clock is 47 s fast. Codes are corrected for it.'
  )
  const corrected = totp(SECRET, FIXED_NOW + FAST_MS)
  expect(corrected).not.toBe(totp(SECRET, FIXED_NOW))
  await expect(codeShown(page)).toHaveText(grouped(corrected))
  await harness.screenshot('clock-corrected')
  expect(harness.main.services.device.get().clock.correct).toBe(true)

  // Copy and Quick copy use the same corrected time.
  await codeShown(page).click()
  await expect.poll(() => harness.clipboard.at(-1)).toBe(corrected)
  const list = await harness.main.dispatch('quickCopy:list', { query: '' }, { transport: 'direct' })
  expect(list.ok && list.value).toMatchObject({ rows: [{ code: { code: corrected } }] })
  // No request was made for any of it.
  expect(harness.timeRequests).toEqual([])
})

test('Settings: the offset, no request before Check, a refused address, a failed check says why', async ({
  harness
}) => {
  const { page } = harness
  await harness.store.addMany([ACCOUNT])
  await harness.open()
  await fromMenu(page, 'Settings')
  const clock = page.getByRole('region', { name: 'Clock' })
  await expect(clock).toContainText('Not checked yet.')
  // No server and no address allowed: nothing to ask, so the button waits.
  await expect(clock.getByRole('button', { name: 'Check the clock now' })).toBeDisabled()

  const address = clock.getByRole('textbox', { name: 'Time check address' })
  await address.fill('http://time.example.org')
  await address.press('Enter')
  await expect(clock.getByRole('alert')).toHaveText(
    'Use an https:// address: the time from a plain http one could be changed on the way.'
  )
  expect(harness.main.services.device.get().clock.timeUrl).toBeNull()
  await address.fill('https://time.example.org')
  await address.press('Enter')
  await expect(clock.getByRole('alert')).toHaveCount(0)
  const allow = clock.getByLabel('Also ask a time check address')
  await allow.click()
  await expect(allow).toBeChecked()
  await expect(clock).toContainText('Checking asks time.example.org for the time')
  expect(harness.timeRequests).toEqual([])

  // The server says the time is 47 s earlier than this computer thinks.
  harness.setTimeAnswer((_url, now) => new Date(now + FAST_MS).toUTCString())
  await clock.getByRole('button', { name: 'Check the clock now' }).click()
  await expect(clock.getByTestId('clock-offset')).toContainText('Your clock is 47 s fast.')
  await expect(clock.getByRole('list', { name: 'What each server said' })).toContainText(
    'time.example.org: your clock is 47 s fast.'
  )
  expect(harness.timeRequests).toEqual(['https://time.example.org/'])
  await expect(clock.getByRole('note').or(clock.locator('.notice.warning'))).toContainText(
    'Codes made with this clock may be refused.'
  )
  await harness.screenshot('settings-clock')
  await axe(page, 'settings clock')

  await clock.getByLabel(/Correct codes by the measured offset/).click()
  await expect.poll(() => harness.main.services.device.get().clock.correct).toBe(true)

  // A server whose Date is garbage: the check says so, and the last measurement stays.
  harness.setTimeAnswer(() => 'yesterday at noon')
  await clock.getByRole('button', { name: 'Check the clock now' }).click()
  await expect(clock.getByRole('status')).toContainText(
    'No server gave a time Tessera can use, so the clock was not checked.'
  )
  await expect(clock.getByRole('status')).toContainText('is not a valid HTTP date')
  await expect(clock.getByTestId('clock-offset')).toContainText('Your clock is 47 s fast.')
  await harness.screenshot('settings-clock-failed')
})
