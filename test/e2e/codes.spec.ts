/**
 * The codes screen, driven for real in Chromium over the real handler table: paste an otpauth URI,
 * see the account with the code an independent RFC 6238 computation expects at the fixed clock.
 */
import { parseOtpauthUri } from '../../src/main/core/otpauth'
import { FIXED_NOW, expect, test } from './harness/fixtures'
import { base32Decode, hotp, totp } from './harness/independent-otp'

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'
const TOTP_URI = `otpauth://totp/Example%20Corp:alice%40example.com?secret=${SECRET}&issuer=Example%20Corp`
const SHA256_URI =
  'otpauth://totp/Acme:carol?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA&issuer=Acme&algorithm=SHA256&digits=8&period=60'
const HOTP_URI = `otpauth://hotp/Counter%20Bank:bob?secret=${SECRET}&issuer=Counter%20Bank&counter=7`

const grouped = (code: string): string =>
  code.length % 3 === 0
    ? (code.match(/.{3}/g) ?? []).join(' ')
    : `${code.slice(0, code.length / 2)} ${code.slice(code.length / 2)}`

/** Simulates a real paste (a ClipboardEvent carrying the text) into the URI field. */
async function paste(page: import('@playwright/test').Page, text: string): Promise<void> {
  await page.getByLabel('Add from otpauth URI').focus()
  await page.getByLabel('Add from otpauth URI').evaluate((input: unknown, value: string) => {
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

const row = (page: import('@playwright/test').Page, issuer: string) =>
  page.getByRole('listitem').filter({ hasText: issuer })

test.describe('codes screen', () => {
  test('pasting an otpauth URI shows the account with its RFC 6238 code and countdown', async ({
    harness
  }) => {
    const { page } = harness
    await harness.open()
    await expect(page.getByText('No accounts yet.')).toBeVisible()
    await harness.screenshot('codes-empty')

    await paste(page, TOTP_URI)

    const account = row(page, 'Example Corp')
    await expect(account).toBeVisible()
    await expect(account).toContainText('alice@example.com')
    const expected = totp(SECRET, FIXED_NOW)
    await expect(account.getByTestId('code')).toHaveText(grouped(expected))
    await expect(account.getByRole('timer')).toHaveAccessibleName('10 seconds left')
    await expect(page.getByLabel('Add from otpauth URI')).toHaveValue('')
    expect(harness.store.list()).toHaveLength(1)
    await harness.screenshot('codes-with-account')
    expect(harness.problems).toEqual([])
  })

  test('codes roll over at the period boundary, with the next code shown near the end', async ({
    harness
  }) => {
    const { page } = harness
    await harness.open()
    await page.getByLabel('Add from otpauth URI').fill(TOTP_URI)
    await page.getByLabel('Add from otpauth URI').press('Enter')
    const account = row(page, 'Example Corp')
    await expect(account.getByTestId('code')).toHaveText(grouped(totp(SECRET, FIXED_NOW)))

    await harness.setTime(FIXED_NOW + 6_000)
    await expect(account.getByRole('timer')).toHaveAccessibleName('4 seconds left')
    await expect(
      account.getByText(`next ${grouped(totp(SECRET, FIXED_NOW + 30_000))}`)
    ).toBeVisible()

    await harness.setTime(FIXED_NOW + 10_000)
    await expect(account.getByTestId('code')).toHaveText(grouped(totp(SECRET, FIXED_NOW + 10_000)))
    await expect(account.getByRole('timer')).toHaveAccessibleName('30 seconds left')
    expect(totp(SECRET, FIXED_NOW + 10_000)).not.toBe(totp(SECRET, FIXED_NOW))
  })

  test('SHA-256, 8 digits, 60-second period', async ({ harness }) => {
    const { page } = harness
    await harness.open()
    await paste(page, SHA256_URI)
    const account = row(page, 'Acme')
    const code = totp(
      'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA',
      FIXED_NOW,
      60,
      8,
      'sha256'
    )
    await expect(account.getByTestId('code')).toHaveText(grouped(code))
    await expect(account.getByRole('timer')).toHaveAccessibleName('40 seconds left')
  })

  test('an invalid URI shows the core’s exact message inline and adds nothing', async ({
    harness
  }) => {
    const { page } = harness
    await harness.open()
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
    await harness.screenshot('add-invalid-uri')

    await field.fill('x')
    await expect(page.getByRole('alert')).toHaveCount(0)
  })

  test('HOTP: Next shows the RFC 4226 code for the following counter', async ({ harness }) => {
    const { page } = harness
    await harness.open()
    await paste(page, HOTP_URI)
    const account = row(page, 'Counter Bank')
    const key = base32Decode(SECRET)
    await expect(account.getByTestId('code')).toHaveText(grouped(hotp(key, 7)))
    await expect(account.getByRole('timer')).toHaveCount(0)
    await account.getByRole('button', { name: 'Next code for Counter Bank (bob)' }).click()
    await expect(account.getByTestId('code')).toHaveText(grouped(hotp(key, 8)))
  })

  test('clicking a code copies it through main, and says when the clipboard is cleared', async ({
    harness
  }) => {
    const { page } = harness
    await harness.open()
    await paste(page, TOTP_URI)
    const account = row(page, 'Example Corp')
    await account
      .getByRole('button', { name: /copy the code for Example Corp \(alice@example.com\)/ })
      .click()
    await expect(account.getByRole('status')).toHaveText(
      'Copied. Tessera clears the clipboard in 30 s.'
    )
    expect(harness.clipboard).toEqual([totp(SECRET, FIXED_NOW)])
    await harness.screenshot('code-copied')
    await harness.setTime(FIXED_NOW + 4_000)
    await expect(account.getByRole('status')).toHaveText('')
  })

  test('removing an account asks for confirmation first', async ({ harness }) => {
    const { page } = harness
    await harness.open()
    await paste(page, TOTP_URI)
    const account = row(page, 'Example Corp')
    await account.getByRole('button', { name: 'Remove Example Corp (alice@example.com)' }).click()
    expect(harness.store.list()).toHaveLength(1)
    await account
      .getByRole('button', { name: 'Confirm removing Example Corp (alice@example.com)' })
      .click()
    await expect(page.getByText('No accounts yet.')).toBeVisible()
    expect(harness.store.list()).toHaveLength(0)
  })

  test('is usable with the keyboard alone', async ({ harness }) => {
    const { page } = harness
    await harness.open()
    await page.keyboard.press('Tab')
    await expect(page.getByLabel('Add from otpauth URI')).toBeFocused()
    await page.keyboard.insertText(TOTP_URI)
    await page.keyboard.press('Enter')
    await expect(row(page, 'Example Corp').getByTestId('code')).toHaveText(
      grouped(totp(SECRET, FIXED_NOW))
    )
    await page.keyboard.press('Tab')
    await expect(page.getByRole('button', { name: 'Add', exact: true })).toBeFocused()
    await page.keyboard.press('Tab')
    await expect(page.getByRole('button', { name: /copy the code for Example Corp/ })).toBeFocused()
    await page.keyboard.press('Enter')
    await expect.poll(() => harness.clipboard).toEqual([totp(SECRET, FIXED_NOW)])
    await page.keyboard.press('Tab')
    await expect(page.getByRole('button', { name: /^Remove Example Corp/ })).toBeFocused()
    await page.keyboard.press('Enter')
    await page.keyboard.press('Enter')
    await expect(page.getByText('No accounts yet.')).toBeVisible()
  })

  test('reloads the list when main says the accounts changed', async ({ harness }) => {
    const { page } = harness
    await harness.open()
    // An account added behind the renderer's back (another window, the CLI, an import).
    const [added] = await harness.store.addMany([parseOtpauthUri(TOTP_URI)])
    harness.emit('accounts:changed', { reason: 'added', ids: [added!.id] })
    await expect(row(page, 'Example Corp').getByTestId('code')).toHaveText(
      grouped(totp(SECRET, FIXED_NOW))
    )
  })
})

test.describe('the boundary', () => {
  test('no value crossing into the page contains the secret', async ({ harness }) => {
    const { page } = harness
    await harness.open()
    await paste(page, TOTP_URI)
    await paste(page, HOTP_URI)
    await expect(page.getByRole('listitem')).toHaveCount(2)
    await page
      .getByLabel('Add from otpauth URI')
      .fill(TOTP_URI.replace('issuer=', 'digits=99&issuer='))
    await page.getByLabel('Add from otpauth URI').press('Enter')
    await expect(page.getByRole('alert')).toBeVisible()
    await page.getByLabel('Add from otpauth URI').fill('')
    await harness.setTime(FIXED_NOW + 10_000)
    await expect(row(page, 'Example Corp').getByTestId('code')).toHaveText(
      grouped(totp(SECRET, FIXED_NOW + 10_000))
    )

    const channels = new Set(harness.crossings.map((c) => c.name))
    for (const name of ['accounts:list', 'accounts:addFromUri', 'codes:list', 'accounts:changed']) {
      expect(channels, name).toContain(name)
    }
    const key = base32Decode(SECRET)
    const serialized = JSON.stringify(harness.crossings)
    for (const encoding of [
      SECRET,
      SECRET.toLowerCase(),
      key.toString('hex'),
      key.toString('base64'),
      key.toString('base64url'),
      [...key].join(',')
    ]) {
      expect(serialized.includes(encoding), encoding).toBe(false)
    }
    expect(serialized).not.toMatch(/"(?:secret|pin|otp)"\s*:/i)
    // Nor does the page itself, once the user's own text has left the field.
    expect(await page.content()).not.toContain(SECRET)
  })

  test('the page gets named functions only, and no Node', async ({ harness }) => {
    const { page } = harness
    await harness.open()
    const shape = await page.evaluate(() => {
      const g = globalThis as unknown as Record<string, unknown>
      const api = g.tessera as Record<string, Record<string, unknown>>
      return {
        domains: Object.keys(api).sort(),
        accounts: Object.keys(api.accounts ?? {}).sort(),
        frozen: Object.isFrozen(api),
        require: typeof g.require,
        process: typeof g.process,
        binding: typeof g.__tesseraInvoke
      }
    })
    expect(shape).toEqual({
      domains: ['accounts', 'codes', 'on'],
      accounts: ['addFromUri', 'list', 'remove'],
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

test.describe('accessibility', () => {
  test('the codes screen has no axe violations, light and dark', async ({ harness }) => {
    const { AxeBuilder } = await import('@axe-core/playwright')
    const { page } = harness
    await harness.open()
    await paste(page, TOTP_URI)
    await paste(page, HOTP_URI)
    await expect(page.getByRole('listitem')).toHaveCount(2)
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme })
      const { violations, passes } = await new AxeBuilder({ page }).analyze()
      expect(passes.length, 'axe ran its checks').toBeGreaterThan(10)
      expect(
        violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
        scheme
      ).toEqual([])
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
