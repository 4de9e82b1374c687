/**
 * The Import dialog, driven for real in Chromium over the real handler table: Aegis's own
 * encrypted test vault (password from its MANIFEST), a wrong password first, then the right one,
 * the review with a duplicate left unticked, one save, and the accounts showing the codes an
 * independent RFC 6238 computation expects at the fixed clock. Nothing secret crosses to the page.
 */
import type { Page } from '@playwright/test'
import { readCorpus } from '../helpers/corpora'
import { enteEncrypted } from '../unit/import/fixtures'
import { FIXED_NOW, expect, test } from './harness/fixtures'
import { axe } from './harness/axe'
import { expectNoSecretsCrossed } from './harness/crossings'
import { totp } from './harness/independent-otp'
import { fromMenu } from './harness/header'

/** `importers/aegis_encrypted.json`: "Password: `test`" in corpora/aegis/MANIFEST.md. */
const AEGIS_PASSWORD = 'test'
const encrypted = (): Buffer => readCorpus('aegis', 'importers', 'aegis_encrypted.json')

/** The canonical vectors of the Aegis corpus (MANIFEST.md), TOTP ones with their parameters. */
const VECTORS = {
  deno: { issuer: 'Deno', label: 'Mason', secret: '4SJHB4GSD43FZBAI7C2HLRJGPQ' },
  airbnb: { issuer: 'Airbnb', label: 'Elijah', secret: '7ELGJSGXNCCTV3O6LKJWYFV2RA' },
  spdx: { issuer: 'SPDX', label: 'James', secret: '5OM4WOOGPLQEF6UGN3CPEOOLWU' }
}
const ALL_SECRETS = [
  '4SJHB4GSD43FZBAI7C2HLRJGPQ',
  '5OM4WOOGPLQEF6UGN3CPEOOLWU',
  '7ELGJSGXNCCTV3O6LKJWYFV2RA',
  'YOOMIXWS5GN6RTBPUFFWKTW5M4',
  'KUVJJOM753IHTNDSZVCNKL7GII',
  '5VAML3X35THCEBVRLV24CGBKOY',
  'JRZCL47CMXVOQMNPZR2F7J4RGI'
]

const digits = (text: string | null): string => (text ?? '').replace(/\s/g, '')

test.describe('import dialog', () => {
  test('encrypted Aegis: wrong password, then the right one, review, save, correct codes', async ({
    harness
  }) => {
    const { page } = harness
    // One account already in the vault: the review must mark it and leave it unticked.
    await harness.store.addMany([
      {
        issuer: 'Deno',
        label: 'Mason',
        otp: {
          type: 'totp',
          secret: VECTORS.deno.secret,
          algorithm: 'SHA1',
          digits: 6,
          period: 30,
          counter: 0
        }
      }
    ])
    await harness.open()

    // Keyboard only: focus the header's Menu, Enter opens it on its first item (Import…), Enter.
    await page.getByRole('button', { name: 'Menu', exact: true }).focus()
    await page.keyboard.press('Enter')
    await expect(page.getByRole('menuitem', { name: 'Import…' })).toBeFocused()
    await page.keyboard.press('Enter')
    const dialog = page.getByRole('dialog', { name: 'Import accounts' })
    await expect(dialog).toBeVisible()
    await expect(dialog.getByRole('button', { name: 'Choose file…' })).toBeFocused()
    await expect(dialog.getByLabel('Format')).toHaveValue('auto')
    await harness.screenshot('import-choose')
    await axe(page, 'choose a file')

    // "Choose file…" goes through main's open-dialog port, which hands over the corpus file.
    harness.backups.push({ name: 'aegis_encrypted.json', bytes: encrypted() })
    await page.keyboard.press('Enter')
    const password = dialog.getByLabel('Backup password')
    await expect(password).toBeFocused()
    await expect(dialog).toContainText('This Aegis backup is encrypted')
    await expect(dialog).toContainText('aegis_encrypted.json')

    await page.keyboard.type('not the password')
    await page.keyboard.press('Enter')
    await expect(dialog.getByRole('alert')).toContainText('Wrong password, try again.')
    await expect(password).toHaveAttribute('aria-invalid', 'true')
    await expect(password).toBeFocused()
    await harness.screenshot('import-wrong-password')
    await axe(page, 'wrong password')
    // The same Show/Hide toggle as the vault's password fields; Hide puts the dots back.
    const show = dialog.getByRole('button', { name: 'Show password' })
    await show.click()
    await expect(password).toHaveAttribute('type', 'text')
    await expect(password).toHaveValue('not the password')
    await dialog.getByRole('button', { name: 'Hide password' }).click()
    await expect(password).toHaveAttribute('type', 'password')
    await password.focus()
    await password.selectText()

    // The wrong text is selected: typing replaces it.
    await page.keyboard.type(AEGIS_PASSWORD)
    await expect(password).toHaveValue(AEGIS_PASSWORD)
    await page.keyboard.press('Enter')

    await expect(dialog.getByRole('heading', { name: 'Review' })).toBeVisible()
    const rows = dialog.getByRole('list', { name: 'Accounts found' }).getByRole('listitem')
    await expect(rows).toHaveCount(7)
    await expect(dialog).toContainText('Found 7 accounts in this Aegis backup.')
    await expect(dialog).toContainText('1 is already in Tessera and left unticked.')
    const deno = dialog.getByRole('checkbox', { name: /^Import Deno \(Mason\)/ })
    await expect(deno).not.toBeChecked()
    await expect(deno).toHaveAccessibleName('Import Deno (Mason), already in Tessera')
    await expect(dialog.getByRole('checkbox', { name: 'Import Airbnb (Elijah)' })).toBeChecked()
    await expect(dialog.getByText('6 of 7 selected')).toBeVisible()
    await harness.screenshot('import-review')
    await axe(page, 'review')

    // Untick SPDX with the keyboard, then save the other five.
    await dialog.getByRole('checkbox', { name: 'Import SPDX (James)' }).focus()
    await page.keyboard.press('Space')
    await expect(dialog.getByText('5 of 7 selected')).toBeVisible()
    const writesBefore = harness.store.list().length
    await dialog.getByRole('button', { name: 'Import 5 accounts' }).click()
    await expect(dialog.getByText('Imported 5 accounts from Aegis.')).toBeVisible()
    await expect(dialog).toContainText('1 duplicate left out (already in Tessera).')
    await expect(dialog.getByRole('button', { name: 'Done' })).toBeFocused()
    await harness.screenshot('import-done')
    await axe(page, 'done')
    expect(harness.store.list()).toHaveLength(writesBefore + 5)
    expect(harness.store.list().map((a) => a.issuer)).not.toContain('SPDX')

    await page.keyboard.press('Enter')
    await expect(dialog).toBeHidden()
    // The accounts show the codes RFC 6238 gives at the fixed clock (Airbnb: SHA-512, 8, 50 s).
    const airbnb = page.getByRole('listitem').filter({ hasText: 'Airbnb' })
    await expect(airbnb).toBeVisible()
    await expect
      .poll(async () => digits(await airbnb.getByTestId('code').textContent()))
      .toBe(totp(VECTORS.airbnb.secret, FIXED_NOW, 50, 8, 'sha512'))
    const denoRows = page.getByRole('listitem').filter({ hasText: 'Deno' })
    await expect(denoRows).toHaveCount(1)
    await expect
      .poll(async () => digits(await denoRows.getByTestId('code').textContent()))
      .toBe(totp(VECTORS.deno.secret, FIXED_NOW))

    // Nothing secret reached the page: not the file, not a secret in any encoding.
    const crossed = JSON.stringify(harness.crossings)
    expectNoSecretsCrossed(harness.crossings, ALL_SECRETS)
    expect(crossed).not.toMatch(/"(?:secret|pin|otp)"\s*:/i)
  })

  test('a dropped file is read; failures and a wrong format are explained', async ({ harness }) => {
    const { page } = harness
    await harness.open()
    await fromMenu(page, 'Import…')
    const dialog = page.getByRole('dialog', { name: 'Import accounts' })
    // Drop a URI list with one broken line onto the drop zone.
    const text =
      `otpauth://totp/Acme:alice?secret=${VECTORS.deno.secret}&issuer=Acme\n` +
      'otpauth://totp/Broken:bob?secret=NOT-BASE32!&issuer=Broken\n'
    await dropFile(page, 'links.txt', text)
    await expect(dialog.getByRole('heading', { name: 'Review' })).toBeVisible()
    await expect(dialog).toContainText('1 entry could not be read.')
    const failed = dialog.getByRole('region', { name: 'Could not be read' })
    await expect(failed).toContainText('line 2')
    await harness.screenshot('import-review-failures')
    await axe(page, 'failures')

    // Forcing a format that does not fit says so and keeps the user on the first step.
    await dialog.getByRole('button', { name: 'Choose another file' }).click()
    await dialog.getByLabel('Format').selectOption('aegis')
    await dropFile(page, 'links.txt', text)
    await expect(dialog.getByRole('alert')).toBeVisible()
    await expect(dialog.getByRole('button', { name: 'Choose file…' })).toBeVisible()
    // Back to automatic: the same file is read again at once.
    await dialog.getByLabel('Format').selectOption('auto')
    await expect(dialog.getByRole('heading', { name: 'Review' })).toBeVisible()
    await dialog.getByRole('button', { name: 'Import 1 account' }).click()
    await expect(dialog.getByText('Imported 1 account from otpauth URI list.')).toBeVisible()
    expect(harness.store.list().map((a) => a.issuer)).toEqual(['Acme'])
  })

  test('Ente at full strength: a busy state while main derives the key, and Cancel still works', async ({
    harness
  }) => {
    // Two derivations of several seconds each on a shared 2-core machine.
    test.setTimeout(180_000)
    const { page } = harness
    // Ente's real export settings: Argon2id 256 MiB x 16 passes (seconds, in a worker thread).
    const file = await enteEncrypted(
      `otpauth://totp/Acme:alice?secret=${VECTORS.deno.secret}&issuer=Acme\n`,
      'ente password',
      { memLimit: 256 * 1024 * 1024, opsLimit: 16 }
    )
    await harness.open()
    await fromMenu(page, 'Import…')
    const dialog = page.getByRole('dialog', { name: 'Import accounts' })
    harness.backups.push({ name: 'ente-auth.json', bytes: Uint8Array.from(file) })
    await dialog.getByRole('button', { name: 'Choose file…' }).click()
    await expect(dialog).toContainText('This Ente Auth backup is encrypted')
    await dialog.getByLabel('Backup password').fill('ente password')
    await dialog.getByRole('button', { name: 'Unlock' }).click()
    await expect(dialog.getByRole('status')).toContainText('Checking the password…')
    await expect(dialog.getByRole('button', { name: 'Checking…' })).toBeDisabled()
    await harness.screenshot('import-checking-password')
    // The page and main both answer while the key is derived: Cancel goes back at once.
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    await expect(dialog.getByRole('button', { name: 'Choose file…' })).toBeVisible()
    expect(harness.crossings.filter((c) => c.name === 'import:discard')).toHaveLength(1)

    // Again, waiting for it this time (lighter settings keep the suite quick; the full-strength
    // timing is in bench/import-worker.bench.ts): the review arrives.
    const light = await enteEncrypted(
      `otpauth://totp/Acme:alice?secret=${VECTORS.deno.secret}&issuer=Acme\n`,
      'ente password'
    )
    harness.backups.push({ name: 'ente-auth.json', bytes: light })
    await dialog.getByRole('button', { name: 'Choose file…' }).click()
    await dialog.getByLabel('Backup password').fill('ente password')
    await dialog.getByRole('button', { name: 'Unlock' }).click()
    await expect(dialog.getByRole('heading', { name: 'Review' })).toBeVisible({ timeout: 120_000 })
    await expect(dialog).toContainText('Found 1 account in this Ente Auth backup.')
  })

  test('Escape closes the dialog and main forgets the unfinished import', async ({ harness }) => {
    const { page } = harness
    await harness.open()
    await fromMenu(page, 'Import…')
    harness.backups.push({ name: 'aegis_encrypted.json', bytes: encrypted() })
    await page.getByRole('button', { name: 'Choose file…' }).click()
    await expect(page.getByLabel('Backup password')).toBeFocused()
    await page.keyboard.press('Escape')
    await expect(page.getByRole('dialog')).toHaveCount(0)
    await expect(page.getByRole('button', { name: 'Menu', exact: true })).toBeFocused()
    await expect
      .poll(() => harness.crossings.filter((c) => c.name === 'import:discard').length)
      .toBe(1)
    expect(harness.store.list()).toHaveLength(0)
  })
})

test.describe('a lock in the middle of an import', () => {
  test('auto-lock during the review wipes the decrypted accounts in main; the old review cannot be saved', async ({
    harness
  }) => {
    const { page } = harness
    await harness.open()
    expect(harness.main.lockCleanup.names()).toEqual(
      expect.arrayContaining(['clipboard', 'undo', 'imports', 'scans'])
    )
    await fromMenu(page, 'Import…')
    harness.backups.push({ name: 'aegis_encrypted.json', bytes: encrypted() })
    await page.getByRole('button', { name: 'Choose file…' }).click()
    await page.getByLabel('Backup password').fill(AEGIS_PASSWORD)
    await page.keyboard.press('Enter')
    const dialog = page.getByRole('dialog', { name: 'Import accounts' })
    await expect(dialog.getByRole('heading', { name: 'Review' })).toBeVisible()
    // Main holds the decrypted backup for the review.
    expect(harness.main.services.imports.size).toBe(1)
    const token = harness.crossings
      .filter((c) => c.name === 'import:unlock' && c.kind === 'result')
      .map((c) => (c.value as { value?: { token?: string } }).value?.token)
      .find((t) => typeof t === 'string')
    expect(token).toBeTruthy()

    // Six idle minutes: the vault's auto-lock (5 minutes) fires on the shared clock.
    await harness.setTime(FIXED_NOW + 6 * 60_000)
    expect(harness.store.isUnlocked).toBe(false)
    await expect(page.getByRole('button', { name: 'Unlock with keychain' })).toBeVisible()
    await expect(dialog).toBeHidden()
    expect(harness.main.services.imports.size).toBe(0)
    await harness.screenshot('import-locked-during-review')

    // Unlocked again, the review is gone for good: nothing of it can be saved.
    await page.getByRole('button', { name: 'Unlock with keychain' }).click()
    await expect(page.getByRole('button', { name: 'Unlock with keychain' })).toHaveCount(0)
    await expect.poll(() => harness.store.isUnlocked).toBe(true)
    await expect(page.getByRole('dialog')).toHaveCount(0)
    const late = await harness.main.dispatch(
      'import:commit',
      { token, selected: [0, 1] },
      { transport: 'direct' }
    )
    expect(late).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    expect(harness.store.list()).toHaveLength(0)
  })
})

/** Drops a text file onto the import drop zone, as a real drag and drop does. */
async function dropFile(page: Page, name: string, text: string): Promise<void> {
  await page.getByTestId('import-drop-zone').evaluate(
    (zone: unknown, [fileName, content]: [string, string]) => {
      // Typed by hand: the node tsconfig that checks tests has no DOM library.
      const dom = globalThis as unknown as {
        DataTransfer: new () => { items: { add(file: unknown): void } }
        File: new (parts: string[], name: string, init: object) => unknown
        DragEvent: new (type: string, init: object) => unknown
      }
      const data = new dom.DataTransfer()
      data.items.add(new dom.File([content], fileName, { type: 'text/plain' }))
      const target = zone as { dispatchEvent(event: unknown): boolean }
      for (const type of ['dragover', 'drop'])
        target.dispatchEvent(
          new dom.DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true })
        )
    },
    [name, text] as [string, string]
  )
}
