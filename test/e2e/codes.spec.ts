/**
 * The authenticator window, driven for real in Chromium over the real handler table and a real
 * vault: add by URI and by hand (with the core's messages and duplicate checks), search and the
 * keyboard, copy (clipboard written and cleared by main), rename, tag, favourite, reorder (drag,
 * keys, sort), delete + undo, reveal, settings, lock/unlock, and 2,000 accounts virtualised.
 * Codes are checked against an independent RFC 6238/4226 computation at the fixed clock.
 */
import type { Locator, Page } from '@playwright/test'
import { parseOtpauthUri } from '../../src/main/core/otpauth'
import type { NewAccount } from '../../src/shared/model'
import { FIXED_NOW, expect, test, type Harness } from './harness/fixtures'
import { axe } from './harness/axe'
import { base32Decode, hotp, totp } from './harness/independent-otp'
import { fromMenu } from './harness/header'

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'
const TOTP_URI = `otpauth://totp/Example%20Corp:alice%40example.com?secret=${SECRET}&issuer=Example%20Corp`
const SHA256_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA'
const HOTP_URI = `otpauth://hotp/Counter%20Bank:bob?secret=${SECRET}&issuer=Counter%20Bank&counter=7`

const grouped = (code: string): string =>
  code.length % 3 === 0
    ? (code.match(/.{3}/g) ?? []).join(' ')
    : `${code.slice(0, code.length / 2)} ${code.slice(code.length / 2)}`

/** Simulates a real paste (a ClipboardEvent carrying the text) into a field. */
async function paste(field: Locator, text: string): Promise<void> {
  await field.focus()
  await field.evaluate((input: unknown, value: string) => {
    // Typed by hand: the node tsconfig that checks tests has no DOM library.
    const dom = globalThis as unknown as {
      DataTransfer: new () => { setData(type: string, value: string): void }
      ClipboardEvent: new (type: string, init: object) => unknown
    }
    const data = new dom.DataTransfer()
    data.setData('text/plain', value)
    const event = new dom.ClipboardEvent('paste', {
      clipboardData: data,
      bubbles: true,
      cancelable: true
    })
    ;(input as { dispatchEvent(event: unknown): boolean }).dispatchEvent(event)
  }, text)
}

const list = (page: Page) => page.getByRole('list', { name: 'Accounts' })
const rows = (page: Page) => list(page).getByRole('listitem')
const row = (page: Page, name: string) => list(page).getByRole('listitem', { name, exact: true })
const shownNames = (page: Page) =>
  rows(page).evaluateAll((items) =>
    items
      .map((li) => li as unknown as { getAttribute(n: string): string | null })
      .sort((a, b) => Number(a.getAttribute('data-index')) - Number(b.getAttribute('data-index')))
      .map((li) => li.getAttribute('aria-label'))
  )

async function openAdd(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Add account', exact: true }).click()
  await expect(page.getByLabel('Add from otpauth URI')).toBeVisible()
}

async function addUri(page: Page, uri: string): Promise<void> {
  await openAdd(page)
  await paste(page.getByLabel('Add from otpauth URI'), uri)
  await expect(list(page)).toBeVisible()
}

/** Adds accounts behind the page (as the CLI or an import would) and tells the page. */
async function seed(harness: Harness, accounts: NewAccount[]): Promise<void> {
  const added = await harness.store.addMany(accounts)
  harness.emit('accounts:changed', { reason: 'added', ids: added.map((a) => a.id) })
  await expect(rows(harness.page).first()).toBeVisible()
}

const account = (
  issuer: string,
  label: string,
  secret: string,
  tags: string[] = []
): NewAccount => ({
  issuer,
  label,
  tags,
  otp: { type: 'totp', secret, algorithm: 'SHA1', digits: 6, period: 30, counter: 0 }
})

/** Distinct valid secrets (base32 of 10 bytes each). */
const secretN = (n: number): string => {
  const bytes = Buffer.alloc(10)
  bytes.writeUInt32BE(n + 1, 6)
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
  let bits = 0
  let value = 0
  let out = ''
  for (const b of bytes) {
    value = (value << 8) | b
    bits += 8
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31]
      bits -= 5
    }
  }
  return out
}

test.describe('adding accounts', () => {
  test('by URI: pasting shows the account with its RFC 6238 code and countdown', async ({
    harness
  }) => {
    const { page } = harness
    await harness.open()
    await expect(page.getByText('No accounts yet.')).toBeVisible()
    await harness.screenshot('codes-empty')
    await axe(page, 'empty')

    await addUri(page, TOTP_URI)
    const added = row(page, 'Example Corp (alice@example.com)')
    await expect(added.getByTestId('code')).toHaveText(grouped(totp(SECRET, FIXED_NOW)))
    await expect(added.getByRole('timer')).toHaveAccessibleName('10 seconds left')
    await expect(page.getByTestId('toast')).toContainText('Added Example Corp (alice@example.com).')
    expect(harness.store.list()).toHaveLength(1)
  })

  test('an invalid URI shows the core’s exact message inline and adds nothing', async ({
    harness
  }) => {
    const { page } = harness
    await harness.open()
    await openAdd(page)
    const bad = 'otpauth://totp/Example:alice?secret=NOT-BASE32!&issuer=Example'
    let message = ''
    try {
      parseOtpauthUri(bad)
    } catch (err) {
      message = (err as Error).message
    }
    expect(message).not.toBe('')
    const field = page.getByLabel('Add from otpauth URI')
    await field.fill(bad)
    await page.getByRole('button', { name: 'Add', exact: true }).click()
    await expect(page.getByRole('alert')).toHaveText(message)
    await expect(field).toHaveAttribute('aria-invalid', 'true')
    await expect(field).toHaveAccessibleDescription(message)
    expect(harness.store.list()).toHaveLength(0)
  })

  test('by hand: a spaced lower-case key with SHA-256, 8 digits, 60 s; field errors come from the core', async ({
    harness
  }) => {
    const { page } = harness
    await harness.open()
    await openAdd(page)
    await harness.screenshot('add')
    await axe(page, 'add')

    await page.getByLabel('Service').fill('Acme')
    await page.getByLabel('Account name').fill('carol')
    await page.getByLabel('Secret key').fill('GEZD 1234')
    await page.getByRole('button', { name: 'Add account', exact: true }).click()
    const secretField = page.getByLabel('Secret key')
    await expect(secretField).toHaveAttribute('aria-invalid', 'true')
    await expect(page.getByRole('alert')).toContainText('position 6')
    await expect(secretField).toHaveAccessibleDescription(/position 6/)

    await secretField.fill(
      SHA256_SECRET.toLowerCase()
        .match(/.{1,4}/g)!
        .join(' ')
    )
    await page.getByText('Advanced').click()
    await page.getByLabel('Algorithm').selectOption('SHA256')
    await page.getByLabel('Digits').fill('11')
    await page.getByLabel('Period (seconds)').fill('60')
    await page.getByRole('button', { name: 'Add account', exact: true }).click()
    await expect(page.getByLabel('Digits')).toHaveAttribute('aria-invalid', 'true')
    await expect(page.getByRole('alert')).toContainText('digits must be between 6 and 10')
    await harness.screenshot('add-field-error')
    await axe(page, 'add with a field error')
    expect(harness.store.list()).toHaveLength(0)

    await page.getByLabel('Digits').fill('8')
    await page.getByRole('button', { name: 'Add account', exact: true }).click()
    const added = row(page, 'Acme (carol)')
    await expect(added.getByTestId('code')).toHaveText(
      grouped(totp(SHA256_SECRET, FIXED_NOW, 60, 8, 'sha256'))
    )
    await expect(added.getByRole('timer')).toHaveAccessibleName('40 seconds left')
  })

  test('duplicates are flagged before saving; “Add anyway” only where it makes sense', async ({
    harness
  }) => {
    const { page } = harness
    await harness.open()
    await addUri(page, TOTP_URI)

    // The exact same account: refused, no way around it.
    await openAdd(page)
    await page.getByLabel('Add from otpauth URI').fill(TOTP_URI)
    await page.getByRole('button', { name: 'Add', exact: true }).click()
    await expect(page.getByRole('alert')).toContainText('already in Tessera with the same secret')
    await expect(page.getByRole('button', { name: 'Add anyway' })).toHaveCount(0)

    // Same secret under another name: flagged, added only when confirmed.
    await page.getByLabel('Service').fill('Example Copy')
    await page.getByLabel('Account name').fill('alice')
    await page.getByLabel('Secret key').fill(SECRET)
    await page.getByRole('button', { name: 'Add account', exact: true }).click()
    await expect(page.getByRole('alert')).toContainText('already uses this secret')
    expect(harness.store.list()).toHaveLength(1)
    await harness.screenshot('add-duplicate')
    await axe(page, 'add duplicate')
    await page.getByRole('button', { name: 'Add anyway' }).click()
    await expect(row(page, 'Example Copy (alice)')).toBeVisible()
    expect(harness.store.list()).toHaveLength(2)
  })
})

test.describe('codes', () => {
  test('roll over at the period boundary, with the next code shown in the last 5 seconds', async ({
    harness
  }) => {
    const { page } = harness
    await harness.open()
    await addUri(page, TOTP_URI)
    const r = row(page, 'Example Corp (alice@example.com)')
    await page.mouse.move(0, 0)
    await expect(r.getByTestId('next-code')).toBeHidden()
    await harness.setTime(FIXED_NOW + 6_000)
    await expect(r.getByRole('timer')).toHaveAccessibleName('4 seconds left')
    await expect(r.getByTestId('next-code')).toBeVisible()
    await expect(r.getByTestId('next-code')).toHaveText(
      `next ${grouped(totp(SECRET, FIXED_NOW + 30_000))}`
    )
    await harness.screenshot('codes-next')
    await axe(page, 'codes with next code')
    await harness.setTime(FIXED_NOW + 10_000)
    await expect(r.getByTestId('code')).toHaveText(grouped(totp(SECRET, FIXED_NOW + 10_000)))
    await expect(r.getByRole('timer')).toHaveAccessibleName('30 seconds left')
    // Hovering shows the next code at any time.
    await r.hover()
    await expect(r.getByTestId('next-code')).toBeVisible()
  })

  test('HOTP: “Next code” shows the RFC 4226 code for the following counter', async ({
    harness
  }) => {
    const { page } = harness
    await harness.open()
    await addUri(page, HOTP_URI)
    const r = row(page, 'Counter Bank (bob)')
    const key = base32Decode(SECRET)
    await expect(r.getByTestId('code')).toHaveText(grouped(hotp(key, 7)))
    await expect(r.getByRole('timer')).toHaveCount(0)
    await r.getByRole('button', { name: 'Next code for Counter Bank (bob)' }).click()
    await expect(r.getByTestId('code')).toHaveText(grouped(hotp(key, 8)))
  })

  test('copy: main writes the clipboard and clears it after the configured seconds', async ({
    harness
  }) => {
    const { page } = harness
    await harness.open()
    await addUri(page, TOTP_URI)
    const r = row(page, 'Example Corp (alice@example.com)')
    await r.getByRole('button', { name: /copy the code for Example Corp/ }).click()
    await expect(page.getByTestId('toast')).toContainText(
      'Copied the code for Example Corp (alice@example.com). Tessera clears the clipboard in 30 s.'
    )
    expect(harness.clipboardText()).toBe(totp(SECRET, FIXED_NOW))
    await harness.screenshot('code-copied')

    // A shorter delay from the settings screen.
    await fromMenu(page, 'Settings')
    await page.getByLabel('Clear a copied code from the clipboard').selectOption('10')
    await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toHaveCount(1)
    await page.getByRole('button', { name: 'Back to codes' }).click()
    await harness.setTime(FIXED_NOW + 1_000)
    await r.getByRole('button', { name: /copy the code for Example Corp/ }).click()
    await expect(page.getByTestId('toast')).toContainText('clears the clipboard in 10 s')
    expect(harness.clipboardText()).toBe(totp(SECRET, FIXED_NOW))
    await harness.setTime(FIXED_NOW + 10_500)
    expect(harness.clipboardText()).toBe(totp(SECRET, FIXED_NOW))
    await harness.setTime(FIXED_NOW + 11_000)
    await expect.poll(() => harness.clipboardText()).toBe('')
  })
})

test.describe('search and the keyboard', () => {
  test('type anywhere to filter by issuer, name or tag; arrows select; Enter copies; Esc clears', async ({
    harness
  }) => {
    const { page } = harness
    await harness.open()
    await seed(harness, [
      account('GitHub', 'alice', secretN(1), ['work']),
      account('GitLab', 'alice', secretN(2)),
      account('Google', 'alice@gmail.com', secretN(3), ['personal']),
      account('Proton', 'alice', secretN(4), ['personal'])
    ])
    await expect(rows(page)).toHaveCount(4)

    await page.locator('body').click({ position: { x: 5, y: 5 } })
    await page.keyboard.type('git')
    const search = page.getByRole('searchbox', { name: 'Search accounts' })
    await expect(search).toBeFocused()
    await expect(search).toHaveValue('git')
    expect(await shownNames(page)).toEqual(['GitHub (alice)', 'GitLab (alice)'])
    await harness.screenshot('search')
    await axe(page, 'search')

    await page.keyboard.press('Escape')
    await expect(search).toHaveValue('')
    await expect(rows(page)).toHaveCount(4)

    // By tag text.
    await search.fill('personal')
    expect(await shownNames(page)).toEqual(['Google (alice@gmail.com)', 'Proton (alice)'])
    await page.keyboard.press('ArrowDown')
    await expect(
      row(page, 'Google (alice@gmail.com)').getByRole('button', { name: /copy the code/ })
    ).toBeFocused()
    await page.keyboard.press('ArrowDown')
    await expect(
      row(page, 'Proton (alice)').getByRole('button', { name: /copy the code/ })
    ).toBeFocused()
    await page.keyboard.press('Enter')
    await expect.poll(() => harness.clipboardText()).toBe(totp(secretN(4), FIXED_NOW))

    // Typing while in the list goes back to search; "/" and Ctrl+F focus it.
    await page.keyboard.press('Escape')
    await expect(search).toBeFocused()
    await expect(search).toHaveValue('')
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('/')
    await expect(search).toBeFocused()
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('Control+f')
    await expect(search).toBeFocused()

    // Enter in the search field copies the first match.
    await search.fill('lab')
    await page.keyboard.press('Enter')
    await expect.poll(() => harness.clipboardText()).toBe(totp(secretN(2), FIXED_NOW))

    // No match: the empty state says what to do.
    await search.fill('nothing like this')
    await expect(page.getByText('Nothing matches “nothing like this”.')).toBeVisible()
    await harness.screenshot('search-no-match')
    await page.getByRole('button', { name: 'Show all accounts' }).click()
    await expect(rows(page)).toHaveCount(4)
  })
})

test.describe('managing accounts', () => {
  test('rename and tag in the edit dialog; filter by tag; favourites pinned on top', async ({
    harness
  }) => {
    const { page } = harness
    await harness.open()
    await seed(harness, [
      account('Alpha', 'a', secretN(1)),
      account('Bravo', 'b', secretN(2)),
      account('Charlie', 'c', secretN(3))
    ])
    await row(page, 'Bravo (b)').getByRole('button', { name: 'Edit Bravo (b)' }).click()
    const dialog = page.getByRole('dialog', { name: 'Edit Bravo (b)' })
    await expect(dialog).toBeVisible()
    await expect(dialog.getByLabel('Service')).toBeFocused()
    await harness.screenshot('edit-dialog')
    await axe(page, 'edit dialog')
    await dialog.getByLabel('Service').fill('Bravo Bank')
    await dialog.getByLabel('Account name').fill('bob@bank')
    await dialog.getByLabel('Tags').fill('finance, work, Finance')
    await dialog.getByRole('button', { name: 'Save' }).click()
    await expect(dialog).toHaveCount(0)
    const renamed = row(page, 'Bravo Bank (bob@bank)')
    await expect(renamed).toContainText('finance')
    await expect(renamed).toContainText('work')
    const stored = harness.store.list().find((a) => a.issuer === 'Bravo Bank')
    expect(stored).toMatchObject({ label: 'bob@bank', tags: ['finance', 'work'] })

    await page
      .getByRole('group', { name: 'Filter by tag' })
      .getByRole('button', { name: 'finance' })
      .click()
    expect(await shownNames(page)).toEqual(['Bravo Bank (bob@bank)'])
    await page
      .getByRole('group', { name: 'Filter by tag' })
      .getByRole('button', { name: 'All' })
      .click()
    await expect(rows(page)).toHaveCount(3)

    await row(page, 'Charlie (c)').getByRole('button', { name: 'Favourite Charlie (c)' }).click()
    await expect(
      row(page, 'Charlie (c)').getByRole('button', { name: 'Favourite Charlie (c)' })
    ).toHaveAttribute('aria-pressed', 'true')
    expect(await shownNames(page)).toEqual(['Charlie (c)', 'Alpha (a)', 'Bravo Bank (bob@bank)'])
    await harness.screenshot('codes-list')
    await axe(page, 'codes list')
  })

  test('reorder by drag and drop, by keyboard (Alt+Arrow) and by name', async ({ harness }) => {
    const { page } = harness
    await harness.open()
    await seed(harness, [
      account('Delta', '', secretN(1)),
      account('alpha', '', secretN(2)),
      account('Charlie', '', secretN(3)),
      account('Bravo', '', secretN(4))
    ])
    const order = () =>
      harness.store
        .list()
        .filter((a) => a.status === 'active')
        .map((a) => a.issuer)

    await row(page, 'Bravo').dragTo(row(page, 'Delta'))
    await expect.poll(order).toEqual(['Bravo', 'Delta', 'alpha', 'Charlie'])
    await expect.poll(() => shownNames(page)).toEqual(['Bravo', 'Delta', 'alpha', 'Charlie'])

    await row(page, 'Delta')
      .getByRole('button', { name: /copy the code for Delta/ })
      .focus()
    await page.keyboard.press('Alt+ArrowDown')
    await expect.poll(order).toEqual(['Bravo', 'alpha', 'Delta', 'Charlie'])
    await expect(
      row(page, 'Delta').getByRole('button', { name: /copy the code for Delta/ })
    ).toBeFocused()
    await page.keyboard.press('Alt+ArrowUp')
    await expect.poll(order).toEqual(['Bravo', 'Delta', 'alpha', 'Charlie'])
    await expect.poll(() => shownNames(page)).toEqual(['Bravo', 'Delta', 'alpha', 'Charlie'])
    await page.keyboard.press('Alt+ArrowUp')
    await expect.poll(order).toEqual(['Delta', 'Bravo', 'alpha', 'Charlie'])

    await page.getByRole('button', { name: 'Sort accounts by name' }).click()
    await expect.poll(order).toEqual(['alpha', 'Bravo', 'Charlie', 'Delta'])
    await expect.poll(() => shownNames(page)).toEqual(['alpha', 'Bravo', 'Charlie', 'Delta'])
  })

  test('delete asks first, then Undo brings back the same account in the same place', async ({
    harness
  }) => {
    const { page } = harness
    await harness.open()
    await seed(harness, [
      account('Alpha', '', secretN(1)),
      account('Bravo', '', secretN(2), ['work']),
      account('Charlie', '', secretN(3))
    ])
    await row(page, 'Bravo').getByRole('button', { name: 'Edit Bravo' }).click()
    const dialog = page.getByRole('dialog', { name: 'Edit Bravo' })
    await dialog.getByRole('button', { name: 'Delete account…' }).click()
    await harness.screenshot('delete-confirm')
    expect(harness.store.list()).toHaveLength(3)
    const bravoId = harness.store.list().find((a) => a.issuer === 'Bravo')?.id
    expect(bravoId).toBeTruthy()
    await dialog.getByRole('button', { name: 'Delete Bravo' }).click()
    await expect(row(page, 'Bravo')).toHaveCount(0)
    expect(harness.store.list().map((a) => a.issuer)).toEqual(['Alpha', 'Charlie'])
    const toast = page.getByTestId('toast')
    await expect(toast).toContainText('Deleted Bravo.')
    await harness.screenshot('delete-undo-toast')
    await axe(page, 'undo toast')
    await toast.getByRole('button', { name: 'Undo' }).click()
    await expect.poll(() => shownNames(page)).toEqual(['Alpha', 'Bravo', 'Charlie'])
    const back = harness.store.list().find((a) => a.issuer === 'Bravo')
    // the same account, not a copy: same id, so selections and references still find it
    expect(back).toMatchObject({ id: bravoId, tags: ['work'], otp: { secret: secretN(2) } })
    await expect(row(page, 'Bravo').getByTestId('code')).toHaveText(
      grouped(totp(secretN(2), FIXED_NOW))
    )
  })

  test('reveal shows the secret and QR only after confirming, for that one account', async ({
    harness
  }) => {
    const { page } = harness
    await harness.open()
    await addUri(page, TOTP_URI)
    expect(JSON.stringify(harness.crossings)).not.toContain(SECRET)
    await row(page, 'Example Corp (alice@example.com)')
      .getByRole('button', { name: 'Edit Example Corp (alice@example.com)' })
      .click()
    const dialog = page.getByRole('dialog')
    await expect(dialog.getByTestId('revealed-secret')).toHaveCount(0)
    expect(harness.crossings.some((c) => c.name === 'accounts:reveal')).toBe(false)
    await dialog.getByRole('button', { name: 'Show secret and QR code' }).click()
    await expect(dialog.getByTestId('revealed-secret')).toHaveText(SECRET.match(/.{4}/g)!.join(' '))
    await expect(dialog.getByRole('img', { name: /QR code of the setup link/ })).toBeVisible()
    await harness.screenshot('reveal')
    await axe(page, 'reveal')
    const carrying = harness.crossings.filter((c) => JSON.stringify(c.value).includes(SECRET))
    expect(carrying.map((c) => c.name)).toEqual(['accounts:reveal'])
    await page.keyboard.press('Escape')
    await expect(dialog).toHaveCount(0)
    expect(await page.content()).not.toContain(SECRET)
  })
})

test.describe('settings', () => {
  test('every setting saves; the theme follows the choice; locking options come from the vault', async ({
    harness
  }) => {
    const { page } = harness
    await harness.open()
    await fromMenu(page, 'Settings')
    await expect(page.getByLabel('Lock Tessera when idle')).toBeVisible()
    await harness.screenshot('settings')
    await axe(page, 'settings')

    await page.getByLabel('Lock Tessera when idle').selectOption('15')
    await expect.poll(() => harness.store.getSettings().autoLockMinutes).toBe(15)
    const capture = page.getByLabel('Hide the window from screenshots and screen sharing')
    await expect(capture).toBeChecked()
    await capture.uncheck()
    await expect.poll(() => harness.store.getSettings()['hideFromCapture']).toBe(false)
    await page.getByRole('radio', { name: 'Dark' }).check()
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
    await page.getByRole('radio', { name: 'Match the system' }).check()
    await expect(page.locator('html')).not.toHaveAttribute('data-theme', /./)
    await page.keyboard.press('Escape')
    await expect(page.getByText('No accounts yet.')).toBeVisible()
  })
})

test.describe('lock and unlock', () => {
  test('locking clears the copied code and hides every code; unlocking brings them back', async ({
    harness
  }) => {
    const { page } = harness
    await harness.open()
    await addUri(page, TOTP_URI)
    await row(page, 'Example Corp (alice@example.com)')
      .getByRole('button', { name: /copy the code/ })
      .click()
    expect(harness.clipboardText()).toBe(totp(SECRET, FIXED_NOW))
    await page.getByRole('button', { name: 'Lock', exact: true }).click()
    await expect(page.getByRole('heading', { name: 'Your vault is locked' })).toBeVisible()
    await expect.poll(() => harness.clipboardText()).toBe('')
    await expect(page.getByText('Example Corp')).toHaveCount(0)
    await page.getByRole('button', { name: 'Unlock with keychain' }).click()
    await expect(row(page, 'Example Corp (alice@example.com)').getByTestId('code')).toHaveText(
      grouped(totp(SECRET, FIXED_NOW))
    )
  })
})

test.describe('scale', () => {
  test('2,000 accounts: a screenful of rows in the page, codes asked only for those', async ({
    harness
  }) => {
    test.setTimeout(120_000)
    const { page } = harness
    await harness.open()
    const many = Array.from({ length: 2000 }, (_, i) =>
      account(`Service ${String(i).padStart(4, '0')}`, `user${i}@example.com`, secretN(i))
    )
    await seed(harness, many)
    await expect(rows(page).first().getByTestId('code')).toHaveText(
      grouped(totp(secretN(0), FIXED_NOW))
    )
    const inPage = await rows(page).count()
    expect(inPage).toBeGreaterThan(3)
    expect(inPage).toBeLessThan(40)
    const codeCalls = harness.crossings.filter((c) => c.name.startsWith('codes:list'))
    expect(codeCalls.length).toBeGreaterThan(0)
    for (const c of codeCalls) {
      expect(c.name).toBe('codes:listFor')
      const value = (c.value as { ok: boolean; value: unknown[] }).value
      expect(value.length).toBeLessThanOrEqual(inPage)
    }

    // Jump to the end with the keyboard: the last account is rendered, focused and has its code.
    await rows(page)
      .first()
      .getByRole('button', { name: /copy the code/ })
      .focus()
    await page.keyboard.press('End')
    const last = row(page, 'Service 1999 (user1999@example.com)')
    await expect(last.getByRole('button', { name: /copy the code/ })).toBeFocused()
    await expect(last.getByTestId('code')).toHaveText(grouped(totp(secretN(1999), FIXED_NOW)))
    expect(await rows(page).count()).toBeLessThan(40)

    // Search narrows 2,000 to the one.
    await page.keyboard.type('1234')
    expect(await shownNames(page)).toEqual(['Service 1234 (user1234@example.com)'])
  })

  test('no work while the window is hidden: no code requests until it shows again', async ({
    harness
  }) => {
    const { page } = harness
    await harness.open()
    await addUri(page, TOTP_URI)
    const setHidden = (hidden: boolean) =>
      page.evaluate((h) => {
        const doc = (globalThis as unknown as { document: { dispatchEvent(e: unknown): void } })
          .document
        Object.defineProperty(doc, 'visibilityState', {
          configurable: true,
          get: () => (h ? 'hidden' : 'visible')
        })
        doc.dispatchEvent(
          new (globalThis as unknown as { Event: new (t: string) => unknown }).Event(
            'visibilitychange'
          )
        )
      }, hidden)
    await setHidden(true)
    const before = harness.crossings.filter((c) => c.name === 'codes:listFor').length
    await harness.setTime(FIXED_NOW + 40_000)
    await page.waitForTimeout(700)
    expect(harness.crossings.filter((c) => c.name === 'codes:listFor').length).toBe(before)
    await setHidden(false)
    await expect(row(page, 'Example Corp (alice@example.com)').getByTestId('code')).toHaveText(
      grouped(totp(SECRET, FIXED_NOW + 40_000))
    )
  })
})

test.describe('the boundary', () => {
  test('no value crossing into the page contains a stored secret unless reveal was called', async ({
    harness
  }) => {
    const { page } = harness
    await harness.open()
    await addUri(page, TOTP_URI)
    await addUri(page, HOTP_URI)
    await openAdd(page)
    await page.getByLabel('Service').fill('Manual')
    await page.getByLabel('Secret key').fill(SHA256_SECRET)
    await page.getByRole('button', { name: 'Add account', exact: true }).click()
    await expect(rows(page)).toHaveCount(3)
    const r = row(page, 'Example Corp (alice@example.com)')
    await r.getByRole('button', { name: 'Edit Example Corp (alice@example.com)' }).click()
    await page.getByRole('dialog').getByLabel('Tags').fill('work')
    await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click()
    await r.getByRole('button', { name: /copy the code/ }).click()
    await harness.setTime(FIXED_NOW + 10_000)
    await expect(r.getByTestId('code')).toHaveText(grouped(totp(SECRET, FIXED_NOW + 10_000)))
    await row(page, 'Manual').getByRole('button', { name: 'Edit Manual' }).click()
    await page.getByRole('dialog').getByRole('button', { name: 'Delete account…' }).click()
    await page.getByRole('dialog').getByRole('button', { name: 'Delete Manual' }).click()
    await page.getByTestId('toast').getByRole('button', { name: 'Undo' }).click()
    await expect(row(page, 'Manual')).toBeVisible()

    const names = new Set(harness.crossings.map((c) => c.name))
    for (const name of [
      'accounts:list',
      'accounts:addFromUri',
      'accounts:add',
      'accounts:update',
      'accounts:remove',
      'accounts:restore',
      'codes:listFor',
      'codes:copy',
      'accounts:changed'
    ]) {
      expect(names, name).toContain(name)
    }
    expect(names).not.toContain('accounts:reveal')
    const serialized = JSON.stringify(harness.crossings)
    for (const secret of [SECRET, SHA256_SECRET]) {
      const key = base32Decode(secret)
      for (const encoding of [
        secret,
        secret.toLowerCase(),
        key.toString('hex'),
        key.toString('base64'),
        key.toString('base64url'),
        [...key].join(',')
      ]) {
        expect(serialized.includes(encoding), encoding).toBe(false)
      }
    }
    expect(serialized).not.toMatch(/"(?:secret|pin|otp)"\s*:/i)
    expect(await page.content()).not.toContain(SECRET)
  })

  test('the page gets named functions only, and no Node', async ({ harness }) => {
    const { page } = harness
    await harness.open()
    const shape = await page.evaluate(() => {
      const g = globalThis as unknown as Record<string, unknown>
      const api = g.tessera as Record<string, Record<string, unknown>>
      return {
        accounts: Object.keys(api.accounts ?? {}).sort(),
        frozen: Object.isFrozen(api),
        require: typeof g.require,
        process: typeof g.process,
        binding: typeof g.__tesseraInvoke
      }
    })
    expect(shape).toEqual({
      accounts: [
        'add',
        'addFromUri',
        'list',
        'move',
        'remove',
        'restore',
        'reveal',
        'sortByName',
        'update'
      ],
      frozen: true,
      require: 'undefined',
      process: 'undefined',
      binding: 'undefined'
    })
  })

  test('the page runs under the app’s CSP: inline script is blocked', async ({ harness }) => {
    const { page } = harness
    harness.allowProblem(/Content Security Policy/)
    await harness.open()
    const response = await page.request.get(`${harness.server.url}/`)
    expect(response.headers()['content-security-policy']).toContain("default-src 'none'")
    const ran = await page.evaluate(() => {
      interface El {
        textContent: string
      }
      const g = globalThis as unknown as {
        document: { createElement(tag: string): El; body: { append(el: El): void } }
        __inlineRan?: boolean
      }
      const script = g.document.createElement('script')
      script.textContent = '(globalThis).__inlineRan = true'
      g.document.body.append(script)
      return g.__inlineRan === true
    })
    expect(ran).toBe(false)
    await expect.poll(() => harness.problems.join('\n')).toMatch(/Content Security Policy/)
  })

  test('the static server refuses path traversal', async ({ harness }) => {
    for (const path of [
      '/%2e%2e/%2e%2e/etc/passwd',
      '/..%2f..%2fpackage.json',
      '/assets/%2e%2e/%2e%2e/x'
    ]) {
      const response = await harness.page.request.get(`${harness.server.url}${path}`)
      expect(response.status(), path).toBe(404)
    }
  })
})

test('opened in a plain browser (no preload), the page says where it belongs instead of crashing', async ({
  browser,
  server
}) => {
  const page = await browser.newPage()
  const errors: string[] = []
  page.on('pageerror', (err) => errors.push(err.message))
  await page.goto(`${server.url}/`)
  await expect(page.getByText('open it from the Tessera app')).toBeVisible()
  expect(errors).toEqual([])
  await page.close()
})
