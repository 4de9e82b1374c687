/**
 * Enrollment from the Servers screen against UCloud as it runs today (the Go server): its reply
 * to POST /auth/2fa carries only the QR image and the challenge id, so the secret the page's code
 * is made from can only have come from Tessera decoding that image in main; the code goes as a
 * 6-digit JSON string, once, and the user is told to sign in again in the browser. The REAL
 * reference server on 127.0.0.1 shares the harness's clock; nothing secret crosses into the page.
 */
import { expect, test } from './harness/fixtures'
import { openServers, refServer } from './harness/servers'
import { axe } from './harness/axe'
import { expectNoSecretsCrossed } from './harness/crossings'
import { totp } from './harness/independent-otp'

test('UCloud (Go server): the secret from the QR only, the code as a string, sign in again', async ({
  harness
}) => {
  // An axe scan in two schemes and an enrollment that decodes the server's QR in a worker.
  test.slow()
  const ref = await refServer(harness, { ucloudGeneration: 'go' })
  try {
    const page = await openServers(harness)
    await page.getByRole('button', { name: 'Add server' }).click()
    await page.getByLabel('Name').fill('Campus cloud')
    await page.getByLabel('Type').selectOption({ label: 'UCloud' })
    await page.getByLabel('Address').fill(ref.url)
    await page.getByLabel('Access token').fill(ref.token)
    await page.getByRole('button', { name: 'Add server' }).click()
    await expect(page.getByRole('heading', { name: 'Campus cloud', level: 3 })).toBeVisible()

    await page.getByRole('button', { name: 'Enroll with Campus cloud' }).click()
    await expect(page.getByRole('status').filter({ hasText: 'Two-factor is on.' })).toBeVisible()
    const steps = page.getByRole('list', { name: 'Enrollment steps' }).getByRole('listitem')
    await expect(steps.last()).toContainText('Sign in again in your browser to see 2FA on')

    // The server's reply had no secret field: the one the code comes from was in the QR.
    const created = ref.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/auth/2fa'))
    expect(created).toHaveLength(1)
    const secret = ref.user().ucloud.secret ?? ''
    expect(secret.length).toBeGreaterThan(10)
    expect(ref.user().ucloud.connected).toBe(true)
    const code = totp(secret, harness.now())
    await expect(page.getByTestId('enrolled-code')).toHaveText(
      `${code.slice(0, 3)} ${code.slice(3)}`
    )

    // One answer, as a JSON string of 6 digits: the current form is tried first and taken.
    const answers = ref.requests.filter((r) => r.path.endsWith('/auth/2fa/challenge'))
    expect(
      answers.map(
        (a) => typeof (JSON.parse(a.rawBody) as { verificationCode?: unknown }).verificationCode
      )
    ).toEqual(['string'])

    await harness.screenshot('servers-enroll-ucloud-go')
    await axe(page, 'UCloud (Go) enrollment done')
    expect(JSON.stringify(harness.crossings).includes(ref.token)).toBe(false)
    expectNoSecretsCrossed(harness.crossings, [secret])
  } finally {
    await ref.close()
  }
})
