/**
 * The Quick copy window (src/renderer/quick-copy.html, the second page of the same bundle) over
 * the real handler table and a real vault: favourites first, then the recently copied; type to
 * filter, arrows move, Enter copies through main's clipboard port and asks main to hide the
 * window, Esc asks to hide; codes only for the rows shown; a lock takes every code off the page
 * and asks to unlock. Codes are checked against an independent RFC 6238 computation.
 */
import type { Page } from '@playwright/test'
import type { NewAccount } from '../../src/shared/model'
import { FIXED_NOW, expect, test, type Harness } from './harness/fixtures'
import { axe } from './harness/axe'
import { totp } from './harness/independent-otp'
import { QUICK_COPY_SIZE } from '../../src/main/app/web-preferences'

// The window's own size, so the screenshots show what the user sees.
test.use({ viewport: { ...QUICK_COPY_SIZE } })

const SECRETS = [
  'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
  'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ',
  'MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U',
  'KRUGS4ZANFZSAYJAORSXG5BAONSWG4TF'
]

const grouped = (code: string): string => (code.match(/.{3}/g) ?? []).join(' ')

const account = (issuer: string, label: string, secret: string, favorite = false): NewAccount => ({
  issuer,
  label,
  favorite,
  otp: { type: 'totp', secret, algorithm: 'SHA1', digits: 6, period: 30, counter: 0 }
})

const search = (page: Page) => page.getByRole('combobox', { name: 'Search accounts' })
const options = (page: Page) =>
  page.getByRole('listbox', { name: 'Matching accounts' }).getByRole('option')
const names = (page: Page) =>
  options(page).evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')))
const selectedName = (page: Page) =>
  page.getByRole('option', { selected: true }).getAttribute('aria-label')

async function openQuickCopy(harness: Harness): Promise<void> {
  const response = await harness.page.goto(`${harness.server.url}/quick-copy.html`)
  expect(response?.status()).toBe(200)
  await expect(search(harness.page)).toBeFocused()
}

/** Four accounts: GitHub is a favourite, Bank was copied last, the others in the user's order. */
async function seedFour(harness: Harness): Promise<Record<string, string>> {
  const added = await harness.store.addMany([
    account('Example Corp', 'alice@example.com', SECRETS[0]!),
    account('GitLab', 'alice', SECRETS[1]!),
    account('GitHub', 'alice', SECRETS[2]!, true),
    account('Bank', 'savings', SECRETS[3]!)
  ])
  const ids = Object.fromEntries(added.map((a) => [a.issuer, a.id]))
  await harness.main.services.device.recordCopy(ids['Bank']!)
  return ids
}

test('type, arrows, Enter: the code reaches the clipboard and the window asks to hide', async ({
  harness
}) => {
  const { page } = harness
  await seedFour(harness)
  await openQuickCopy(harness)

  // Favourites first, then the recently copied, then the rest in the user's order.
  await expect(options(page)).toHaveCount(4)
  const code = (i: number) => grouped(totp(SECRETS[i]!, FIXED_NOW))
  await expect
    .poll(() => names(page))
    .toEqual([
      `GitHub (alice), code ${code(2)}`,
      `Bank (savings), code ${code(3)}`,
      `Example Corp (alice@example.com), code ${code(0)}`,
      `GitLab (alice), code ${code(1)}`
    ])
  expect(await selectedName(page)).toBe(`GitHub (alice), code ${code(2)}`)
  await harness.screenshot('quick-copy')
  await axe(page, 'quick copy')

  // Type to filter: "git" leaves GitHub (the favourite) and GitLab.
  await page.keyboard.type('git')
  await expect(options(page)).toHaveCount(2)
  await expect
    .poll(() => names(page))
    .toEqual([`GitHub (alice), code ${code(2)}`, `GitLab (alice), code ${code(1)}`])
  await page.keyboard.press('ArrowDown')
  expect(await selectedName(page)).toBe(`GitLab (alice), code ${code(1)}`)
  // The bottom stops the selection; Up goes back.
  await page.keyboard.press('ArrowDown')
  expect(await selectedName(page)).toBe(`GitLab (alice), code ${code(1)}`)
  await page.keyboard.press('ArrowUp')
  expect(await selectedName(page)).toBe(`GitHub (alice), code ${code(2)}`)
  await page.keyboard.press('ArrowDown')
  await harness.screenshot('quick-copy-filtered')

  expect(harness.quickCopyWindow).toEqual([])
  await page.keyboard.press('Enter')
  await expect.poll(() => harness.quickCopyWindow).toEqual(['hide'])
  expect(harness.clipboard).toEqual([totp(SECRETS[1]!, FIXED_NOW)])
  expect(harness.clipboardText()).toBe(totp(SECRETS[1]!, FIXED_NOW))
  // Copied through main's auto-clearing clipboard: gone after the user's 30 seconds.
  await harness.setTime(FIXED_NOW + 31_000)
  expect(harness.clipboardText()).toBe('')

  // GitLab is now the most recent copy: it comes right after the favourite.
  await harness.emit('quickCopy:shown', {})
  await expect(search(page)).toHaveValue('')
  await expect
    .poll(() => names(page))
    .toEqual([
      expect.stringMatching(/^GitHub \(alice\)/),
      expect.stringMatching(/^GitLab \(alice\)/),
      expect.stringMatching(/^Bank \(savings\)/),
      expect.stringMatching(/^Example Corp/)
    ])

  // Nothing that crossed into the page holds a secret.
  const crossed = JSON.stringify(harness.crossings)
  for (const s of SECRETS) expect(crossed).not.toContain(s)
})

test('Esc asks to hide and copies nothing; a click copies that row', async ({ harness }) => {
  const { page } = harness
  await seedFour(harness)
  await openQuickCopy(harness)
  await expect(options(page)).toHaveCount(4)
  await page.keyboard.type('exa')
  await expect(options(page)).toHaveCount(1)
  await page.keyboard.press('Escape')
  await expect.poll(() => harness.quickCopyWindow).toEqual(['hide'])
  expect(harness.clipboard).toEqual([])

  await page.keyboard.press('Control+a')
  await page.keyboard.press('Backspace')
  await expect(options(page)).toHaveCount(4)
  await options(page).filter({ hasText: 'Bank' }).click()
  await expect.poll(() => harness.quickCopyWindow).toEqual(['hide', 'hide'])
  expect(harness.clipboard).toEqual([totp(SECRETS[3]!, FIXED_NOW)])
})

test('codes only for the rows shown; no match and an empty vault say what to do', async ({
  harness
}) => {
  const { page } = harness
  await openQuickCopy(harness)
  await expect(page.getByText('No accounts yet.')).toBeVisible()
  await page.getByRole('button', { name: 'Open Tessera' }).click()
  await expect.poll(() => harness.quickCopyWindow).toEqual(['openMain'])

  const many = Array.from({ length: 12 }, (_, i) =>
    account(`Service ${String(i + 1).padStart(2, '0')}`, 'me', SECRETS[i % 4]!)
  )
  await harness.store.addMany(many)
  harness.emit('accounts:changed', { reason: 'added', ids: [] })
  await expect(options(page)).toHaveCount(8)
  await expect(page.getByText('4 more accounts match: type more to narrow the list.')).toBeVisible()
  const last = harness.crossings.filter((c) => c.name === 'quickCopy:list').at(-1)
  const value = (last?.value as { ok: true; value: { rows: { code: { code: string } }[] } }).value
  expect(value.rows).toHaveLength(8)

  await search(page).focus()
  await page.keyboard.type('zzz')
  await expect(options(page)).toHaveCount(0)
  await expect(
    page.getByText(
      'Nothing matches “zzz”. Check the spelling, or search by another part of the name.'
    )
  ).toBeVisible()
  await harness.screenshot('quick-copy-no-match')
  await axe(page, 'quick copy, no match')
})

test('a lock takes the codes off the page and asks to unlock; Esc still hides', async ({
  harness
}) => {
  const { page } = harness
  await seedFour(harness)
  await openQuickCopy(harness)
  await expect(options(page)).toHaveCount(4)

  harness.store.lock('idle')
  await expect(page.getByRole('button', { name: 'Unlock with keychain' })).toBeVisible()
  await expect(page.getByRole('option')).toHaveCount(0)
  expect(await page.locator('body').innerText()).not.toMatch(/\d{3} \d{3}/)
  await harness.screenshot('quick-copy-locked')
  await axe(page, 'quick copy, locked')

  await page.keyboard.press('Escape')
  await expect.poll(() => harness.quickCopyWindow).toEqual(['hide'])

  await page.getByRole('button', { name: 'Unlock with keychain' }).click()
  await expect(options(page)).toHaveCount(4)
  await expect(search(page)).toBeVisible()
})
