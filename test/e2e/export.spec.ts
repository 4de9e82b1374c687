/**
 * The Export dialog in Chromium over the real handler table: the encrypted Aegis file is written
 * by main through the save-dialog port (its content never reaches the page) and imports back;
 * plain formats need an explicit acknowledgement; the migration QR viewer shows "1 of N" only
 * after its confirmation, and the code on screen scans back to the accounts.
 */
import { PNG } from 'pngjs'
import { importFile } from '../../src/main/core/import'
import { decodeMigrationUri } from '../../src/main/core/migration'
import { createInProcessQrDecoder } from '../../src/main/core/qr'
import type { NewAccount } from '../../src/shared/model'
import { expect, test } from './harness/fixtures'
import { axe } from './harness/axe'
import { secretsIn as secretsInText } from './harness/crossings'
import { fromMenu } from './harness/header'

const totp = (issuer: string, label: string, secret: string): NewAccount => ({
  issuer,
  label,
  otp: { type: 'totp', secret, algorithm: 'SHA1', digits: 6, period: 30, counter: 0 }
})

/** Twelve Google-compatible accounts (two QR codes of at most ten) and one Steam account. */
const SECRETS = Array.from({ length: 12 }, (_, i) =>
  `JBSWY3DPEHPK3PXP${'ABCDEFGHIJKLMNOP'[i]}${'QRSTUVWXYZ234567'[i]}A`.padEnd(32, 'Q')
)
const ACCOUNTS: NewAccount[] = [
  ...SECRETS.map((s, i) => totp(`Service ${i + 1}`, `user${i + 1}@example.com`, s)),
  {
    issuer: 'Steam',
    label: 'gamer',
    otp: {
      type: 'steam',
      secret: 'JRZCL47CMXVOQMNPZR2F7J4RGI',
      algorithm: 'SHA1',
      digits: 5,
      period: 30,
      counter: 0
    }
  }
]
const ALL_SECRETS = ACCOUNTS.map((a) => a.otp.secret)

const secretsIn = (text: string): string[] => secretsInText(text, ALL_SECRETS)

test.describe('export dialog', () => {
  test.beforeEach(async ({ harness }) => {
    await harness.store.addMany(ACCOUNTS)
    await harness.open()
  })

  test('encrypted Aegis export: passwords must match; main writes a file that imports back', async ({
    harness
  }) => {
    const { page } = harness
    await fromMenu(page, 'Export…')
    const dialog = page.getByRole('dialog', { name: 'Export accounts' })
    await expect(dialog).toContainText('13 accounts will be exported.')
    await expect(dialog.getByRole('radio', { name: /Aegis vault, encrypted/ })).toBeChecked()
    await expect(dialog.getByRole('radio', { name: /Aegis vault, encrypted/ })).toBeFocused()
    await harness.screenshot('export-choose')
    await axe(page, 'export choose')

    await dialog.getByLabel('Password for the export').fill('correct horse')
    await dialog.getByLabel('Repeat the password').fill('correct hors')
    await dialog.getByRole('button', { name: 'Save encrypted file…' }).click()
    await expect(dialog.getByRole('alert')).toHaveText(
      'The two passwords differ. Type the same password in both fields.'
    )
    expect(harness.exports).toEqual([])
    await dialog.getByLabel('Repeat the password').fill('correct horse')
    await dialog.getByLabel('Repeat the password').press('Enter')
    await expect(dialog.getByRole('status')).toContainText('Saved 13 accounts to')
    await harness.screenshot('export-saved')

    const [file] = harness.exports
    if (!file) throw new Error('nothing was saved')
    expect(file.suggestedName).toBe('tessera-aegis-encrypted.json')
    const back = await importFile(Buffer.from(file.content), { password: 'correct horse' })
    expect(back.accounts.map((a) => a.otp.secret)).toEqual(ALL_SECRETS)
    // Neither the file nor any secret crossed to the page.
    const crossed = JSON.stringify(harness.crossings)
    expect(crossed).not.toContain(JSON.parse(file.content).db)
    expect(secretsIn(crossed)).toEqual([])
  })

  test('plain exports are saved only after the warning is acknowledged', async ({ harness }) => {
    const { page } = harness
    await fromMenu(page, 'Export…')
    const dialog = page.getByRole('dialog', { name: 'Export accounts' })
    await dialog.getByRole('radio', { name: /otpauth:\/\/ links/ }).check()
    const save = dialog.getByRole('button', { name: 'Save unencrypted file…' })
    await expect(save).toBeDisabled()
    await expect(dialog).toContainText('This file is not encrypted.')
    await harness.screenshot('export-plain-warning')
    await axe(page, 'plain warning')
    await dialog.getByRole('checkbox', { name: /every secret in the clear/ }).check()
    await save.click()
    await expect(dialog.getByRole('status')).toContainText('Saved 13 accounts')
    expect(harness.exports[0]?.content.trim().split('\n')).toHaveLength(13)
    expect(secretsIn(JSON.stringify(harness.crossings))).toEqual([])
  })

  test('migration QR codes: confirmation first, then "1 of 2" that scans back', async ({
    harness
  }) => {
    const { page } = harness
    await fromMenu(page, 'Export…')
    const dialog = page.getByRole('dialog', { name: 'Export accounts' })
    await dialog.getByRole('radio', { name: /QR codes for a phone/ }).check()
    const show = dialog.getByRole('button', { name: 'Show QR codes' })
    await expect(show).toBeDisabled()
    expect(harness.crossings.some((c) => c.name === 'export:migrationQr')).toBe(false)
    await dialog.getByRole('checkbox', { name: 'No one else can see my screen' }).check()
    await show.click()

    await expect(dialog.getByRole('heading', { name: 'Code 1 of 2' })).toBeVisible()
    const qr = dialog.getByRole('img', { name: 'QR code 1 of 2' })
    await expect(qr).toBeVisible()
    await expect(dialog).toContainText('This one carries 10 accounts.')
    await expect(dialog.getByRole('region', { name: /Not in the codes/ })).toContainText('Steam')
    await harness.screenshot('export-qr')
    await axe(page, 'qr viewer')

    // The picture on screen is a real QR code carrying the first ten accounts.
    const first = await scan(await qr.screenshot())
    expect(first.batch).toMatchObject({ index: 0, size: 2 })
    expect(first.accounts.map((a) => a.otp.secret)).toEqual(SECRETS.slice(0, 10))

    await dialog.getByRole('button', { name: 'Next' }).click()
    await expect(dialog.getByRole('heading', { name: 'Code 2 of 2' })).toBeVisible()
    await expect(dialog.getByRole('button', { name: 'Next' })).toBeDisabled()
    await page.keyboard.press('ArrowLeft')
    await expect(dialog.getByRole('heading', { name: 'Code 1 of 2' })).toBeVisible()

    // Secrets reached the page only through the confirmed QR call, and only as pictures.
    const before = harness.crossings.filter((c) => c.name !== 'export:migrationQr')
    expect(secretsIn(JSON.stringify(before))).toEqual([])
    expect(harness.crossings.filter((c) => c.name === 'export:migrationQr')).toHaveLength(1)

    // Done forgets the codes; reopening starts from the choice again.
    await dialog.getByRole('button', { name: 'Done' }).click()
    await expect(dialog).toBeHidden()
    await fromMenu(page, 'Export…')
    await expect(page.getByRole('img', { name: /QR code/ })).toHaveCount(0)
  })

  test('locking the vault closes the QR viewer and drops the codes', async ({ harness }) => {
    const { page } = harness
    await fromMenu(page, 'Export…')
    const dialog = page.getByRole('dialog', { name: 'Export accounts' })
    await dialog.getByRole('radio', { name: /QR codes for a phone/ }).check()
    await dialog.getByRole('checkbox', { name: 'No one else can see my screen' }).check()
    await dialog.getByRole('button', { name: 'Show QR codes' }).click()
    await expect(dialog.getByRole('img', { name: 'QR code 1 of 2' })).toBeVisible()
    harness.store.lock('idle')
    await expect(page.getByRole('img', { name: /QR code/ })).toHaveCount(0)
    await expect(page.getByRole('dialog', { name: 'Export accounts' })).toHaveCount(0)
  })
})

/** Decodes a screenshot of the QR viewer with the app's own QR pipeline. */
async function scan(png: Buffer) {
  const image = PNG.sync.read(png)
  const decoder = createInProcessQrDecoder()
  try {
    const [found] = await decoder.decode({
      width: image.width,
      height: image.height,
      order: 'rgba',
      data: new Uint8Array(image.data.buffer, image.data.byteOffset, image.data.length)
    })
    if (!found) throw new Error('no QR code found in the screenshot')
    return decodeMigrationUri(found.text)
  } finally {
    await decoder.close()
  }
}
