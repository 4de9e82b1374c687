/**
 * The Scan dialog, driven for real in Chromium over the real handler table and the real QR
 * decoder: a screenshot with TWO setup codes dropped onto the window, a pasted Google
 * Authenticator export link (part 1 of 2), "Scan screen" through a fake capturer holding
 * generated pixels, and an image without a QR code. Codes are checked against an independent
 * RFC 6238 computation at the fixed clock; nothing secret crosses to the page.
 */
import type { Page } from '@playwright/test'
import { PNG } from 'pngjs'
import QRCode from 'qrcode'
import { encodeMigrationBatches } from '../../src/main/core/migration'
import { readCorpus } from '../helpers/corpora'
import { FIXED_NOW, expect, test, type Harness } from './harness/fixtures'
import { axe } from './harness/axe'
import { expectNoSecretsCrossed } from './harness/crossings'
import { totp } from './harness/independent-otp'
import { fromAddMenu } from './harness/header'

const GITHUB = { issuer: 'GitHub', label: 'ada@example.com', secret: 'JBSWY3DPEHPK3PXPJBSWY3DP' }
const DROPBOX = { issuer: 'Dropbox', label: 'ada', secret: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ' }
const GITLAB = { issuer: 'GitLab', label: 'ada', secret: 'MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U' }
const FASTMAIL = { issuer: 'Fastmail', label: 'ada', secret: 'ONSWG4TFORZWK5DTMVRXEZLUON2GK43U' }
const NOTION = { issuer: 'Notion', label: 'ada', secret: 'KRUGS4ZANFZSAYJAORSXG5BAONSWG4TF' }

/** GitLab, Fastmail and Notion as a Google Authenticator export spread over two QR payloads. */
const threeAccountExport = (batchId: number): string[] =>
  encodeMigrationBatches(
    [GITLAB, FASTMAIL, NOTION].map((a) => ({
      issuer: a.issuer,
      label: a.label,
      otp: {
        type: 'totp' as const,
        secret: a.secret,
        algorithm: 'SHA1' as const,
        digits: 6,
        period: 30,
        counter: 0
      }
    })),
    { maxPerQr: 2, batchId }
  )
const ALL = [GITHUB, DROPBOX, GITLAB, FASTMAIL, NOTION]

const uri = (a: { issuer: string; label: string; secret: string }): string =>
  `otpauth://totp/${encodeURIComponent(a.issuer)}:${encodeURIComponent(a.label)}?secret=${a.secret}&issuer=${encodeURIComponent(a.issuer)}`

/** A page-like screenshot: grey page, white card, a header bar, QR codes where asked. */
function screenshot(
  width: number,
  height: number,
  codes: { text: string; x: number; y: number; scale: number }[]
): PNG {
  const png = new PNG({ width, height })
  const put = (x: number, y: number, v: number): void => {
    const i = (y * width + x) * 4
    png.data[i] = v
    png.data[i + 1] = v
    png.data[i + 2] = Math.min(255, v + 6)
    png.data[i + 3] = 255
  }
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const header = y < 56
      const card = x > 40 && x < width - 40 && y > 90 && y < height - 40
      // A little text-like texture so the page is not flat.
      const text = card && y % 22 < 3 && x % 97 < 70 && y < 170
      put(x, y, header ? 40 : text ? 90 : card ? 255 : 236)
    }
  for (const c of codes) {
    const qr = QRCode.create(c.text, { errorCorrectionLevel: 'M' })
    const n = qr.modules.size
    for (let my = -4; my < n + 4; my++)
      for (let mx = -4; mx < n + 4; mx++) {
        const inside = mx >= 0 && my >= 0 && mx < n && my < n
        const dark = inside && qr.modules.get(mx, my) === 1
        for (let dy = 0; dy < c.scale; dy++)
          for (let dx = 0; dx < c.scale; dx++)
            put(c.x + mx * c.scale + dx, c.y + my * c.scale + dy, dark ? 0 : 255)
      }
  }
  return png
}

/**
 * A real drop on the window: a DataTransfer holding the file, dragenter/dragover/drop. (Page code
 * as a string: this file is type-checked without the DOM library.)
 */
async function dropFile(page: Page, bytes: Buffer, name: string, type: string): Promise<void> {
  const args = JSON.stringify({ b64: bytes.toString('base64'), name, type })
  await page.evaluate(`(() => {
    const { b64, name, type } = ${args}
    const data = Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0))
    const dt = new DataTransfer()
    dt.items.add(new File([data], name, { type }))
    const target = document.elementFromPoint(240, 400) ?? document.body
    for (const kind of ['dragenter', 'dragover', 'drop']) {
      target.dispatchEvent(new DragEvent(kind, { bubbles: true, cancelable: true, dataTransfer: dt }))
    }
  })()`)
}

/** Several files dropped at once, as one DataTransfer. */
async function dropFiles(
  page: Page,
  files: { bytes: Buffer; name: string; type: string }[]
): Promise<void> {
  const args = JSON.stringify(
    files.map((f) => ({ b64: f.bytes.toString('base64'), name: f.name, type: f.type }))
  )
  await page.evaluate(`(() => {
    const dt = new DataTransfer()
    for (const { b64, name, type } of ${args}) {
      const data = Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0))
      dt.items.add(new File([data], name, { type }))
    }
    const target = document.elementFromPoint(240, 400) ?? document.body
    for (const kind of ['dragenter', 'dragover', 'drop']) {
      target.dispatchEvent(new DragEvent(kind, { bubbles: true, cancelable: true, dataTransfer: dt }))
    }
  })()`)
}

/** Ctrl+V as the page sees it: a paste event whose clipboardData holds the text. */
async function pasteText(page: Page, text: string): Promise<void> {
  await page.evaluate(`(() => {
    const dt = new DataTransfer()
    dt.setData('text/plain', ${JSON.stringify(text)})
    const target = document.activeElement ?? document.body
    target.dispatchEvent(new ClipboardEvent('paste', { bubbles: true, cancelable: true, clipboardData: dt }))
  })()`)
}

/** Ctrl+V of an image: a paste event whose clipboardData holds a PNG file. */
async function pasteImage(page: Page, bytes: Buffer): Promise<void> {
  const b64 = JSON.stringify(bytes.toString('base64'))
  await page.evaluate(`(() => {
    const data = Uint8Array.from(atob(${b64}), (ch) => ch.charCodeAt(0))
    const dt = new DataTransfer()
    dt.items.add(new File([data], 'image.png', { type: 'image/png' }))
    const target = document.activeElement ?? document.body
    target.dispatchEvent(new ClipboardEvent('paste', { bubbles: true, cancelable: true, clipboardData: dt }))
  })()`)
}

const digits = (text: string | null): string => (text ?? '').replace(/\s/g, '')

function expectNoSecretCrossed(harness: Harness): void {
  const crossed = JSON.stringify(harness.crossings)
  expectNoSecretsCrossed(
    harness.crossings,
    ALL.map((a) => a.secret)
  )
  expect(crossed).not.toMatch(/"secret"\s*:/i)
  expect(crossed).not.toContain('otpauth-migration://offline?data=')
  expect(crossed).not.toContain('otpauth://')
}

test.describe('scan dialog', () => {
  test('drop a screenshot with two codes → review lists both → add → correct codes', async ({
    harness
  }) => {
    const { page } = harness
    await harness.open()
    const shot = screenshot(1280, 720, [
      { text: uri(GITHUB), x: 140, y: 220, scale: 6 },
      { text: uri(DROPBOX), x: 720, y: 240, scale: 5 }
    ])
    await dropFile(page, PNG.sync.write(shot), 'two-codes.png', 'image/png')

    const dialog = page.getByRole('dialog', { name: 'Scan a QR code' })
    await expect(dialog.getByRole('heading', { name: 'Review' })).toBeFocused()
    await expect(dialog).toContainText('Found 2 QR codes: 2 new accounts to add.')
    const rows = dialog.getByRole('list', { name: 'Accounts found' }).getByRole('listitem')
    await expect(rows).toHaveCount(2)
    await expect(
      dialog.getByRole('checkbox', { name: 'Add GitHub (ada@example.com)' })
    ).toBeChecked()
    await expect(dialog.getByRole('checkbox', { name: 'Add Dropbox (ada)' })).toBeChecked()
    await expect(dialog.getByText('2 of 2 selected')).toBeVisible()
    // Nothing is saved before the user confirms.
    expect(harness.store.list()).toHaveLength(0)
    await harness.screenshot('scan-review')
    await axe(page, 'review')

    // Keyboard only: Tab to "Add 2 accounts" and press Enter.
    const add = dialog.getByRole('button', { name: 'Add 2 accounts' })
    await add.focus()
    await page.keyboard.press('Enter')
    await expect(dialog.getByText('Added 2 accounts.')).toBeVisible()
    await expect(dialog.getByRole('button', { name: 'Done' })).toBeFocused()
    expect(
      harness.store
        .list()
        .map((a) => a.issuer)
        .sort()
    ).toEqual(['Dropbox', 'GitHub'])
    await page.keyboard.press('Enter')
    await expect(dialog).toBeHidden()

    for (const a of [GITHUB, DROPBOX]) {
      const row = page.getByRole('listitem').filter({ hasText: a.issuer })
      await expect(row).toBeVisible()
      await expect
        .poll(async () => digits(await row.getByTestId('code').textContent()))
        .toBe(totp(a.secret, FIXED_NOW))
    }
    expectNoSecretCrossed(harness)
  })

  test('pasted Google Authenticator export link (part 1 of 2) → review says part 2 is missing', async ({
    harness
  }) => {
    const { page } = harness
    // GitLab is saved already: the export's copy is flagged and left unticked.
    await harness.store.addMany([
      {
        issuer: GITLAB.issuer,
        label: GITLAB.label,
        otp: {
          type: 'totp',
          secret: GITLAB.secret,
          algorithm: 'SHA1',
          digits: 6,
          period: 30,
          counter: 0
        }
      }
    ])
    await harness.open()
    const parts = threeAccountExport(42)
    expect(parts).toHaveLength(2)
    await page.getByRole('button', { name: 'Menu', exact: true }).focus()
    await pasteText(page, `Here is my export: ${parts[0]}`)

    const dialog = page.getByRole('dialog', { name: 'Scan a QR code' })
    await expect(dialog.getByRole('heading', { name: 'Review' })).toBeVisible()
    await expect(dialog.getByRole('note')).toContainText(
      'Google Authenticator export: code 2 of 2 still to scan.'
    )
    const gitlab = dialog.getByRole('checkbox', { name: /^Add GitLab \(ada\)/ })
    await expect(gitlab).toHaveAccessibleName('Add GitLab (ada), already in Tessera')
    await expect(gitlab).not.toBeChecked()
    await expect(dialog.getByRole('checkbox', { name: 'Add Fastmail (ada)' })).toBeChecked()
    await harness.screenshot('scan-review-export')
    await axe(page, 'export review')

    await dialog.getByRole('button', { name: 'Add 1 account' }).click()
    await expect(dialog.getByText('Added 1 account.')).toBeVisible()
    expect(
      harness.store
        .list()
        .map((a) => a.issuer)
        .sort()
    ).toEqual(['Fastmail', 'GitLab'])

    // The second part, pasted later, completes the export.
    await dialog.getByRole('button', { name: 'Scan another' }).click()
    await pasteText(page, parts[1]!)
    await expect(dialog.getByRole('checkbox', { name: 'Add Notion (ada)' })).toBeChecked()
    await expect(dialog.getByRole('note')).toHaveCount(0)
    expectNoSecretCrossed(harness)
    // Locking the vault closes the review (main forgets the scan too).
    harness.store.lock('idle')
    await expect(page.getByRole('dialog', { name: 'Scan a QR code' })).toHaveCount(0)
  })

  test('Scan screen: every display through the capturer, codes on the second display', async ({
    harness
  }) => {
    const { page } = harness
    await harness.open()
    const left = screenshot(1600, 900, [])
    const right = screenshot(1920, 1080, [
      { text: uri(NOTION), x: 900, y: 400, scale: 5 },
      { text: 'https://example.com/help', x: 300, y: 400, scale: 5 }
    ])
    harness.screens.push(
      { name: 'Display 1', image: { width: 1600, height: 900, order: 'rgba', data: left.data } },
      { name: 'Display 2', image: { width: 1920, height: 1080, order: 'rgba', data: right.data } }
    )
    await fromAddMenu(page, 'Scan QR code')
    const dialog = page.getByRole('dialog', { name: 'Scan a QR code' })
    const scan = dialog.getByRole('button', { name: 'Scan screen' })
    await expect(scan).toBeFocused()
    await harness.screenshot('scan-start')
    await axe(page, 'start')

    await page.keyboard.press('Enter')
    await expect(dialog.getByRole('heading', { name: 'Review' })).toBeVisible()
    await expect(dialog.getByRole('checkbox', { name: 'Add Notion (ada)' })).toBeChecked()
    const others = dialog.getByRole('list', { name: 'Other QR codes' })
    await expect(others).toContainText(
      'This QR code is a web link to example.com, not an authenticator setup code.'
    )
    await harness.screenshot('scan-review-screen')
    await axe(page, 'screen review')

    // Closing without adding saves nothing.
    await page.keyboard.press('Escape')
    await expect(dialog).toBeHidden()
    expect(harness.store.list()).toHaveLength(0)
    expectNoSecretCrossed(harness)
  })

  test('an image with no QR code → the plain message, nothing saved', async ({ harness }) => {
    const { page } = harness
    await harness.open()
    await dropFile(page, PNG.sync.write(screenshot(800, 500, [])), 'holiday.png', 'image/png')
    const dialog = page.getByRole('dialog', { name: 'Scan a QR code' })
    await expect(dialog.getByRole('alert')).toHaveText(
      'No QR code was found in holiday.png. Use a sharper screenshot that shows the whole code.'
    )
    await expect(dialog.getByRole('button', { name: 'Scan screen' })).toBeVisible()
    await harness.screenshot('scan-no-code')
    await axe(page, 'no code')

    // A damaged file: a typed error in plain words, no crash.
    const png = PNG.sync.write(screenshot(300, 200, []))
    await dropFile(page, png.subarray(0, 200), 'cut.png', 'image/png')
    await expect(dialog.getByRole('alert')).toContainText('cut short')
    expect(harness.store.list()).toHaveLength(0)
  })
  test('a real Google Authenticator export screenshot (corpus) → its three accounts, correct codes', async ({
    harness
  }) => {
    const { page } = harness
    await harness.open()
    const shot = readCorpus(
      'google-auth-migration',
      'scito_extract_otp_secrets',
      'example_export.png'
    )
    await dropFile(page, shot, 'example_export.png', 'image/png')
    const dialog = page.getByRole('dialog', { name: 'Scan a QR code' })
    await expect(dialog.getByRole('heading', { name: 'Review' })).toBeVisible()
    // EXPECTED.json: Test1..Test3 (issuer), testN@exampleN.com, secrets JBSWY3DPEHPK3PXP/Q/R.
    for (const n of [1, 2, 3]) {
      await expect(
        dialog.getByRole('checkbox', { name: `Add Test${n} (test${n}@example${n}.com)` })
      ).toBeChecked()
    }
    await dialog.getByRole('button', { name: 'Add 3 accounts' }).click()
    await expect(dialog.getByText('Added 3 accounts.')).toBeVisible()
    await page.keyboard.press('Escape')
    const row = page.getByRole('listitem').filter({ hasText: 'Test2' })
    await expect
      .poll(async () => digits(await row.getByTestId('code').textContent()))
      .toBe(totp('JBSWY3DPEHPK3PXQ', FIXED_NOW))
    expectNoSecretsCrossed(harness.crossings, [
      'JBSWY3DPEHPK3PXP',
      'JBSWY3DPEHPK3PXQ',
      'JBSWY3DPEHPK3PXR'
    ])

    // The corpus's negative case: a QR code that is not a setup code is explained, not added.
    await fromAddMenu(page, 'Scan QR code')
    const other = readCorpus(
      'google-auth-migration',
      'scito_extract_otp_secrets',
      'tests_data',
      'qr_but_without_otp.png'
    )
    await dropFile(page, other, 'qr_but_without_otp.png', 'image/png')
    await expect(dialog.getByRole('list', { name: 'Other QR codes' })).toContainText(
      'This QR code holds text, not an authenticator setup code.'
    )
    await expect(dialog.getByRole('button', { name: /^Add / })).toHaveCount(0)
  })

  test('three files dropped at once → one review: an export spread over two, a line for the text file', async ({
    harness
  }) => {
    const { page } = harness
    await harness.open()
    const parts = threeAccountExport(77)
    expect(parts).toHaveLength(2)
    const shot = (text: string): Buffer =>
      PNG.sync.write(screenshot(900, 700, [{ text, x: 200, y: 160, scale: 5 }]))
    await dropFiles(page, [
      { bytes: shot(parts[0]!), name: 'export-1.png', type: 'image/png' },
      { bytes: Buffer.from('my recovery codes\n'), name: 'notes.txt', type: 'text/plain' },
      { bytes: shot(parts[1]!), name: 'export-2.png', type: 'image/png' }
    ])

    const dialog = page.getByRole('dialog', { name: 'Scan a QR code' })
    await expect(dialog.getByRole('heading', { name: 'Review' })).toBeFocused()
    await expect(dialog).toContainText('Found 2 QR codes: 3 new accounts to add.')
    // Both parts were in this one drop: no "code 2 of 2 still to scan" reminder.
    await expect(dialog.getByRole('note')).toHaveCount(0)
    for (const a of [GITLAB, FASTMAIL, NOTION]) {
      await expect(dialog.getByRole('checkbox', { name: `Add ${a.issuer} (ada)` })).toBeChecked()
    }
    const failed = dialog.getByRole('region', { name: 'Could not be scanned' })
    await expect(failed.getByRole('listitem')).toHaveCount(1)
    await expect(failed.getByRole('listitem')).toContainText('notes.txt')
    await harness.screenshot('scan-review-files')
    await axe(page, 'multi-file review')

    await dialog.getByRole('button', { name: 'Add 3 accounts' }).click()
    await expect(dialog.getByText('Added 3 accounts.')).toBeVisible()
    await page.keyboard.press('Escape')
    const row = page.getByRole('listitem').filter({ hasText: 'Notion' })
    await expect
      .poll(async () => digits(await row.getByTestId('code').textContent()))
      .toBe(totp(NOTION.secret, FIXED_NOW))
    expect(harness.store.list()).toHaveLength(3)
    expectNoSecretCrossed(harness)
  })

  test('a screen with no QR code → "No QR code found" with what to do', async ({ harness }) => {
    const { page } = harness
    await harness.open()
    const blank = screenshot(1280, 720, [])
    harness.screens.push({
      name: 'Screen',
      image: { width: 1280, height: 720, order: 'rgba', data: blank.data }
    })
    await fromAddMenu(page, 'Scan QR code')
    const dialog = page.getByRole('dialog', { name: 'Scan a QR code' })
    await dialog.getByRole('button', { name: 'Scan screen' }).click()
    await expect(dialog.getByRole('heading', { name: 'No QR code found' })).toBeFocused()
    await expect(dialog).toContainText(
      'No QR code was found. Make sure the whole code is visible and try again.'
    )
    await harness.screenshot('scan-nothing')
    await axe(page, 'nothing found')
    await dialog.getByRole('button', { name: 'Scan again' }).click()
    await expect(dialog.getByRole('button', { name: 'Scan screen' })).toBeFocused()
  })
  test('Ctrl+V of a screenshot anywhere in the window → review, nothing saved on Escape', async ({
    harness
  }) => {
    const { page } = harness
    await harness.open()
    const shot = screenshot(900, 500, [{ text: uri(GITLAB), x: 300, y: 120, scale: 5 }])
    await pasteImage(page, PNG.sync.write(shot))
    const dialog = page.getByRole('dialog', { name: 'Scan a QR code' })
    await expect(dialog.getByRole('checkbox', { name: 'Add GitLab (ada)' })).toBeChecked()
    await page.keyboard.press('Escape')
    await expect(dialog).toBeHidden()
    expect(harness.store.list()).toHaveLength(0)
  })
})

test.describe('a lock in the middle of a scan', () => {
  test('a lock during the review wipes the found accounts in main; the old review cannot be saved', async ({
    harness
  }) => {
    const { page } = harness
    await harness.open()
    const shot = screenshot(1280, 720, [{ text: uri(GITHUB), x: 140, y: 220, scale: 6 }])
    await dropFile(page, PNG.sync.write(shot), 'one-code.png', 'image/png')
    const dialog = page.getByRole('dialog', { name: 'Scan a QR code' })
    await expect(dialog.getByRole('heading', { name: 'Review' })).toBeFocused()
    // Main holds the found account (its secret) for the review.
    expect(harness.main.services.scans.holding).toBe(true)
    type Step = { token: string; result: { candidates: { key: string }[] } }
    const step = harness.crossings
      .filter((c) => c.name === 'scan:image' && c.kind === 'result')
      .map((c) => (c.value as { value?: Step }).value)
      .find((v) => v !== undefined)
    const token = step?.token
    const keys = step?.result.candidates.map((c) => c.key) ?? []
    expect(token).toBeTruthy()
    expect(keys).toHaveLength(1)

    // The screen locks (the system lock main listens to does the same).
    harness.store.lock('system')
    await expect(page.getByRole('button', { name: 'Unlock with keychain' })).toBeVisible()
    await expect(dialog).toBeHidden()
    expect(harness.main.services.scans.holding).toBe(false)
    await harness.screenshot('scan-locked-during-review')

    await page.getByRole('button', { name: 'Unlock with keychain' }).click()
    await expect(page.getByRole('button', { name: 'Unlock with keychain' })).toHaveCount(0)
    await expect.poll(() => harness.store.isUnlocked).toBe(true)
    await expect(page.getByRole('dialog')).toHaveCount(0)
    const late = await harness.main.dispatch('scan:save', { token, keys }, { transport: 'direct' })
    expect(late).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    expect(harness.store.list()).toHaveLength(0)
    expectNoSecretCrossed(harness)
  })
})
