/**
 * The Servers screen, driven for real in Chromium over the real handler table, against the REAL
 * reference 2FA server started in this process on 127.0.0.1. The reference server reads the
 * harness's one fixed clock (`now: harness.now`), so the code it verifies, the code Tessera sends
 * and the code shown in the page are all for the same instant; the page's code is compared with
 * an independent node:crypto RFC 6238 computation of the secret the server handed out. Nothing
 * secret (token, TOTP secret, password) may cross into the page.
 */
import type { Page } from '@playwright/test'
import type { RefServer } from '../../tools/ref-server/server'
import { FIXED_NOW, expect, test, type Harness } from './harness/fixtures'
import { openServers, refServer } from './harness/servers'
import { axe } from './harness/axe'
import { expectNoSecretsCrossed } from './harness/crossings'
import { totp } from './harness/independent-otp'

const PASSWORD = 'vantage-account-password'

const grouped = (code: string): string => `${code.slice(0, 3)} ${code.slice(3)}`

async function addServer(
  page: Page,
  s: { name: string; type: 'UCloud' | 'Vantage'; url: string; token: string }
): Promise<void> {
  await page.getByRole('button', { name: 'Add server' }).click()
  await page.getByLabel('Name').fill(s.name)
  await page.getByLabel('Type').selectOption({ label: s.type })
  await page.getByLabel('Address').fill(s.url)
  await page.getByLabel('Access token').fill(s.token)
  await page.getByRole('button', { name: 'Add server' }).click()
  await expect(page.getByRole('heading', { name: s.name, level: 3 })).toBeVisible()
}

function card(page: Page, name: string) {
  return page.getByRole('listitem').filter({ has: page.getByRole('heading', { name, level: 3 }) })
}

/** Fails when the token, any encoding of a secret, or the password crossed into the page. */
function expectNothingSecretCrossed(harness: Harness, ref: RefServer, secrets: string[]): void {
  const crossed = JSON.stringify(harness.crossings)
  expect(crossed.includes(ref.token), 'the access token crossed into the page').toBe(false)
  expect(crossed.includes(PASSWORD), 'the server password crossed into the page').toBe(false)
  for (const secret of secrets) expect(secret.length).toBeGreaterThan(10)
  expectNoSecretsCrossed(harness.crossings, secrets)
}

test.describe('servers screen', () => {
  test('add a UCloud server, enroll, watch the steps, see the new code; audit and export', async ({
    harness
  }) => {
    const ref = await refServer(harness, { password: PASSWORD })
    try {
      const page = await openServers(harness)
      await expect(page.getByText('No servers yet.')).toBeVisible()
      await harness.screenshot('servers-empty')

      // The core's validation shows next to the address field.
      await page.getByRole('button', { name: 'Add server' }).click()
      await page.getByLabel('Name').fill('Campus cloud')
      await page.getByLabel('Address').fill('http://cloud.example.org')
      await page.getByLabel('Access token').fill(ref.token)
      await page.getByRole('button', { name: 'Add server' }).click()
      await expect(page.getByRole('alert')).toContainText('only talks to 2FA servers over https')
      await expect(page.getByLabel('Address')).toBeFocused()
      await expect(page.getByLabel('Address')).toHaveAttribute('aria-invalid', 'true')
      await page.getByRole('button', { name: 'Cancel' }).click()

      await addServer(page, {
        name: 'Campus cloud',
        type: 'UCloud',
        url: ref.url,
        token: ref.token
      })
      const campus = card(page, 'Campus cloud')
      await expect(campus).toContainText('UCloud')
      await expect(campus).toContainText(ref.url)
      await expect(campus).toContainText('Not enrolled')
      await harness.screenshot('servers-list')

      // Editing keeps the saved token when the field is left empty; names stay unique.
      await addServer(page, { name: 'Other', type: 'Vantage', url: ref.url, token: 'other-token' })
      await campus.getByRole('button', { name: 'Edit Campus cloud' }).click()
      await expect(page.getByLabel('Access token')).toHaveValue('')
      await page.getByLabel('Name').fill('other')
      await page.getByRole('button', { name: 'Save' }).click()
      await expect(page.getByRole('alert')).toContainText('already exists')
      await expect(page.getByLabel('Name')).toBeFocused()
      await harness.screenshot('servers-edit-error')
      await page.getByLabel('Name').fill('Campus cloud')
      await page.getByRole('button', { name: 'Save' }).click()
      await expect(page.getByRole('button', { name: 'Save' })).toHaveCount(0)
      await card(page, 'Other').getByRole('button', { name: 'Remove Other' }).click()
      await card(page, 'Other').getByRole('button', { name: 'Remove server' }).click()
      await expect(card(page, 'Other')).toHaveCount(0)

      // Keyboard only: focus Enroll and press Enter.
      await page.getByRole('button', { name: 'Enroll with Campus cloud' }).focus()
      await page.keyboard.press('Enter')
      const steps = page.getByRole('list', { name: 'Enrollment steps' }).getByRole('listitem')
      await expect(steps).toHaveText([
        /Checking two-factor status/,
        /Asking the server for new credentials/,
        /Saved the new account as unfinished/,
        /Answering the server with the current code/,
        /checking the server shows two-factor on/,
        /Two-factor authentication is on/
      ])
      await expect(page.getByRole('status').filter({ hasText: 'Two-factor is on.' })).toBeVisible()

      const secret = ref.user().ucloud.secret ?? ''
      expect(ref.user().ucloud.connected).toBe(true)
      await expect(page.getByTestId('enrolled-code')).toHaveText(
        grouped(totp(secret, harness.now()))
      )
      await expect(campus).toContainText('Connected')
      await harness.screenshot('servers-enroll-success')

      // From the page's one click: the current form (a string) first, which this older server
      // refuses unparsed with a 400, then the same code as the JSON number it takes.
      const answers = ref.requests.filter((r) => r.path.endsWith('/auth/2fa/challenge'))
      expect(
        answers.map(
          (a) => typeof (JSON.parse(a.rawBody) as { verificationCode?: unknown }).verificationCode
        )
      ).toEqual(['string', 'number'])

      // The audit log shows the enrollment and exports it.
      const audit = page.getByRole('region', { name: 'Audit records' })
      await page.getByRole('button', { name: 'Refresh' }).click()
      await expect(audit.getByRole('row')).toHaveCount(2)
      await expect(audit.getByRole('row').nth(1)).toContainText('Campus cloud')
      await expect(audit.getByRole('row').nth(1)).toContainText('Enroll')
      await expect(audit.getByRole('row').nth(1)).toContainText('OK')
      await page.getByRole('button', { name: 'Export JSON' }).click()
      await expect(page.getByText(/Saved 1 record to/)).toBeVisible()
      const exported = JSON.parse(harness.saved[0]?.content ?? '[]') as { outcome: string }[]
      expect(exported.map((e) => e.outcome)).toEqual(['ok'])
      expect(harness.saved[0]?.content.includes(ref.token)).toBe(false)
      await page.getByRole('button', { name: 'Done' }).click()
      await page.getByRole('heading', { name: 'Audit log' }).scrollIntoViewIfNeeded()
      await harness.screenshot('servers-audit')

      expectNothingSecretCrossed(harness, ref, [secret])
    } finally {
      await ref.close()
    }
  })

  test('enroll with Vantage, then disable it with the account password', async ({ harness }) => {
    const ref = await refServer(harness, { password: PASSWORD })
    try {
      const page = await openServers(harness)
      await addServer(page, { name: 'Vantage HR', type: 'Vantage', url: ref.url, token: ref.token })
      const hr = card(page, 'Vantage HR')
      await expect(hr).toContainText('Not enrolled')
      await hr.getByRole('button', { name: 'Enroll with Vantage HR' }).click()
      await expect(page.getByRole('status').filter({ hasText: 'Two-factor is on.' })).toBeVisible()
      const secret = ref.user().vantage.secret ?? ''
      expect(ref.user().vantage).toMatchObject({ enabled: true, method: 'totp' })
      await expect(page.getByTestId('enrolled-code')).toHaveText(
        grouped(totp(secret, harness.now()))
      )
      await expect(hr).toContainText('Connected')

      await hr.getByRole('button', { name: 'Disable two-factor on Vantage HR' }).click()
      const password = hr.getByLabel('Password of your account on Vantage HR')
      await expect(password).toBeFocused()
      await password.fill('wrong password')
      await page.keyboard.press('Enter')
      await expect(hr.getByRole('alert')).toBeVisible()
      await expect(password).toHaveValue('')
      await password.fill(PASSWORD)
      await page.keyboard.press('Enter')
      await expect(hr).toContainText('Not enrolled')
      expect(ref.user().vantage.enabled).toBe(false)

      // Email codes instead of an authenticator.
      await hr.getByRole('button', { name: 'Enable email codes for Vantage HR' }).click()
      await expect(hr).toContainText('Connected · email codes')
      expect(ref.user().vantage).toMatchObject({ enabled: true, method: 'email' })
      expectNothingSecretCrossed(harness, ref, [secret])
    } finally {
      await ref.close()
    }
  })

  test('a server error shows its message and the next step; retry then enrolls', async ({
    harness
  }) => {
    const ref = await refServer(harness, { password: PASSWORD })
    try {
      const page = await openServers(harness)
      await addServer(page, {
        name: 'Campus cloud',
        type: 'UCloud',
        url: ref.url,
        token: ref.token
      })
      ref.addFault({ kind: 'status', route: 'ucloud.create', status: 503 })
      await page.getByRole('button', { name: 'Enroll with Campus cloud' }).click()
      const failure = page.locator('.enroll-outcome[role="alert"]')
      await expect(failure).toBeVisible()
      await expect(failure).toContainText('Next step:')
      const steps = page.getByRole('list', { name: 'Enrollment steps' }).getByRole('listitem')
      await expect(steps.last()).toContainText('Stopped')
      await expect(failure).toContainText('The server had an internal problem')
      await expect(steps.last().getByRole('img', { name: 'Failed' })).toBeVisible()
      expect(ref.user().ucloud.connected).toBe(false)
      await harness.screenshot('servers-enroll-failed')

      // A rate limit says how long to wait.
      ref.addFault({
        kind: 'status',
        route: 'ucloud.status',
        status: 429,
        headers: { 'Retry-After': '42' },
        body: { why: 'Too many requests' }
      })
      await page.getByRole('button', { name: 'Try again' }).click()
      await expect(failure).toContainText('Wait 42 s')
      await expect(page.getByRole('button', { name: 'Try again in 42 s' })).toBeDisabled()

      // Once the wait is over (the one clock moves), the retry enrolls.
      await harness.setTime(harness.now() + 43_000)
      await page.getByRole('button', { name: 'Try again', exact: true }).click()
      await expect(page.getByRole('status').filter({ hasText: 'Two-factor is on.' })).toBeVisible()
      const secret = ref.user().ucloud.secret ?? ''
      await expect(page.getByTestId('enrolled-code')).toHaveText(
        grouped(totp(secret, harness.now()))
      )
      expectNothingSecretCrossed(harness, ref, [secret])
    } finally {
      await ref.close()
    }
  })

  test('a lost answer leaves an unfinished account that Finish completes', async ({ harness }) => {
    const ref = await refServer(harness, { password: PASSWORD })
    try {
      const page = await openServers(harness)
      await addServer(page, {
        name: 'Campus cloud',
        type: 'UCloud',
        url: ref.url,
        token: ref.token
      })
      // The answer is dropped before the server reads it: Tessera cannot tell, keeps the account.
      ref.addFault({ kind: 'drop', route: 'ucloud.answer' })
      await page.getByRole('button', { name: 'Enroll with Campus cloud' }).click()
      const failure = page.locator('.enroll-outcome[role="alert"]')
      await expect(failure).toContainText('kept as unfinished')
      expect(ref.user().ucloud.connected).toBe(false)
      const pending = page.getByRole('list', { name: 'Unfinished enrollments' })
      await expect(pending.getByRole('listitem')).toHaveCount(1)
      await expect(pending).toContainText('Unfinished')
      // The server cannot be removed while its enrollment is unfinished.
      const campus = card(page, 'Campus cloud')
      await campus.getByRole('button', { name: 'Remove Campus cloud' }).click()
      await campus.getByRole('button', { name: 'Remove server' }).click()
      await expect(campus.getByRole('alert')).toContainText('Finish or discard it first')
      await campus.getByRole('button', { name: 'Keep it' }).click()
      await harness.screenshot('servers-pending')
      await pending.getByRole('button', { name: /^Finish enrollment of/ }).click()
      await expect(page.getByRole('status').filter({ hasText: 'Two-factor is on' })).toBeVisible()
      await expect(pending).toHaveCount(0)
      expect(ref.user().ucloud.connected).toBe(true)
      // The finish waited for a later time step than the lost code's (the shared clock moved).
      expect(harness.now()).toBeGreaterThan(FIXED_NOW)
      const secret = ref.user().ucloud.secret ?? ''
      await expect(page.getByTestId('enrolled-code')).toHaveText(
        grouped(totp(secret, harness.now()))
      )
      expectNothingSecretCrossed(harness, ref, [secret])
    } finally {
      await ref.close()
    }
  })

  test('the Servers screen, the progress view and the audit log have no axe violations', async ({
    harness
  }) => {
    // Four axe scans and an enrollment that reads the server's QR image in a worker: about
    // 50 s on an idle machine, past the default 60 s budget on a loaded one (load 23).
    test.slow()
    const ref = await refServer(harness, { password: PASSWORD })
    try {
      const page = await openServers(harness)
      await axe(page, 'empty servers screen')
      await addServer(page, {
        name: 'Campus cloud',
        type: 'UCloud',
        url: ref.url,
        token: ref.token
      })
      ref.addFault({ kind: 'status', route: 'ucloud.create', status: 503 })
      await page.getByRole('button', { name: 'Enroll with Campus cloud' }).click()
      await expect(page.locator('.enroll-outcome[role="alert"]')).toBeVisible()
      await axe(page, 'failed enrollment')
      await page.getByRole('button', { name: 'Try again' }).click()
      await expect(page.getByRole('status').filter({ hasText: 'Two-factor is on.' })).toBeVisible()
      await page.getByRole('button', { name: 'Refresh' }).click()
      await expect(page.getByRole('region', { name: 'Audit records' })).toBeVisible()
      await axe(page, 'enrolled, with audit log')
      await page.getByRole('button', { name: 'Add server' }).click()
      await axe(page, 'add form')
    } finally {
      await ref.close()
    }
  })
})
