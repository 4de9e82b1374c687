import { describe, expect, it } from 'vitest'
import { encodeMigrationBatches } from '../../../src/main/core/migration'
import { classifyQrText, extractOtpUris } from '../../../src/main/core/qr/classify'
import { buildScanOutcome, flagDuplicates, scanText } from '../../../src/main/core/qr/scan'
import type { Account, NewAccount } from '../../../src/shared/model'

const totp =
  'otpauth://totp/ACME%20Co:john@example.com?secret=HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ&issuer=ACME%20Co'

describe('classifyQrText', () => {
  it('an otpauth TOTP code becomes one account, described in words', () => {
    const c = classifyQrText(totp)
    expect(c.kind).toBe('otpauth')
    expect(c.accounts).toHaveLength(1)
    expect(c.accounts[0]).toMatchObject({ issuer: 'ACME Co', label: 'john@example.com' })
    expect(c.explanation).toBe(
      'This is an authenticator setup code for ACME Co (john@example.com), time-based codes.'
    )
  })

  it('an HOTP code keeps its counter', () => {
    const c = classifyQrText('otpauth://hotp/Demo:me?secret=JBSWY3DPEHPK3PXP&counter=7&issuer=Demo')
    expect(c.kind).toBe('otpauth')
    expect(c.accounts[0]!.otp).toMatchObject({ type: 'hotp', counter: 7 })
    expect(c.explanation).toMatch(/counter-based/)
  })

  it('a broken otpauth link is "invalid" with the parser\'s error, not an account', () => {
    const c = classifyQrText('otpauth://totp/x?secret=not*base32')
    expect(c.kind).toBe('invalid')
    expect(c.accounts).toEqual([])
    expect(c.error?.code).toMatch(/INVALID_(URI|SECRET)/)
    expect(c.explanation).toBe(c.error?.message)
  })

  it('a Google Authenticator export lists its accounts and which part of the export it is', () => {
    const acc: NewAccount = {
      issuer: 'A',
      label: 'b',
      otp: {
        type: 'totp',
        secret: 'JBSWY3DPEHPK3PXP',
        algorithm: 'SHA1',
        digits: 6,
        period: 30,
        counter: 0
      }
    }
    const [, second] = encodeMigrationBatches([acc, { ...acc, label: 'c' }], {
      maxPerQr: 1,
      batchId: 3
    })
    const c = classifyQrText(second!)
    expect(c.kind).toBe('migration')
    expect(c.accounts.map((a) => a.label)).toEqual(['c'])
    expect(c.migration?.batch).toEqual({ size: 2, index: 1, id: 3 })
    expect(c.explanation).toBe(
      'This is a Google Authenticator export (code 2 of 2) with 1 account.'
    )
  })

  it('an export code with invalid protobuf is "invalid" with MIGRATION_INVALID', () => {
    const c = classifyQrText('otpauth-migration://offline?data=XXXX')
    expect(c.kind).toBe('invalid')
    expect(c.error?.code).toBe('MIGRATION_INVALID')
    expect(c.accounts).toEqual([])
  })

  it.each([
    [
      'https://login.microsoftonline.com/authenticatorApp/activateAccount?code=123&url=https://x',
      'microsoft-activation',
      /Microsoft Authenticator/
    ],
    [
      'phonefactor://activate_account?code=1&url=https://x',
      'microsoft-activation',
      /different authenticator app/
    ],
    [
      'https://example.com/welcome',
      'web-link',
      /^This QR code is a web link to example\.com, not an authenticator setup code\.$/
    ],
    ['www.example.org', 'web-link', /web link to www\.example\.org/],
    ['mailto:someone@example.com', 'text', /holds text/],
    [
      'WIFI:S:home;T:WPA;P:secret;;',
      'text',
      /^This QR code holds text, not an authenticator setup code\.$/
    ],
    ['NOT A otpauth-migration:// URL', 'text', /holds text/],
    ['', 'text', /empty/]
  ])('%s -> %s', (text, kind, explanation) => {
    const c = classifyQrText(text)
    expect(c.kind).toBe(kind)
    expect(c.accounts).toEqual([])
    expect(c.explanation).toMatch(explanation)
  })

  it('3 KB of junk is explained as text, never an account', () => {
    const junk = Array.from({ length: 3072 }, (_, i) =>
      String.fromCharCode(33 + ((i * 7919) % 90))
    ).join('')
    const c = classifyQrText(junk)
    expect(c.kind).toBe('text')
    expect(c.accounts).toEqual([])
    const huge = classifyQrText('x'.repeat(20000))
    expect(huge.explanation).toMatch(/20000 characters/)
  })
})

describe('extractOtpUris', () => {
  it('finds every setup link in pasted text, in order, once each', () => {
    const text = `Your code: ${totp}\nand again ${totp} plus "otpauth-migration://offline?data=AAAA" end`
    expect(extractOtpUris(text)).toEqual([totp, 'otpauth-migration://offline?data=AAAA'])
  })
})

describe('scan outcome', () => {
  const existing: Account[] = [
    {
      id: 'a1',
      issuer: 'ACME Co',
      label: 'john@example.com',
      otp: {
        type: 'totp',
        secret: 'HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ',
        algorithm: 'SHA1',
        digits: 6,
        period: 30,
        counter: 0
      },
      tags: [],
      favorite: false,
      order: 0,
      status: 'active',
      createdAt: 0,
      updatedAt: 0
    },
    {
      id: 'a2',
      issuer: 'Other',
      label: 'me',
      otp: {
        type: 'totp',
        secret: 'JBSWY3DPEHPK3PXP',
        algorithm: 'SHA1',
        digits: 6,
        period: 30,
        counter: 0
      },
      tags: [],
      favorite: false,
      order: 1,
      status: 'active',
      createdAt: 0,
      updatedAt: 0
    }
  ]

  it('flags duplicates, name conflicts and repeats; the view carries no secret', () => {
    const out = buildScanOutcome(
      [
        {
          name: 'Display 1',
          width: 100,
          height: 100,
          texts: [
            { text: totp, center: { x: 5, y: 5 } },
            { text: 'otpauth://totp/Other:me?secret=KRSXG5CTMVRXEZLU&issuer=Other' },
            { text: 'otpauth://totp/New:me?secret=KRSXG5CTMVRXEZLU&issuer=New' },
            { text: 'https://example.com' }
          ]
        },
        { name: 'Display 2', texts: [{ text: totp }] }
      ],
      { existing }
    )
    expect(out.view.codes.map((c) => c.kind)).toEqual(['otpauth', 'otpauth', 'otpauth', 'web-link'])
    expect(
      out.view.candidates.map((c) => [c.key, c.duplicateOf, c.conflictWith, c.sameAs])
    ).toEqual([
      ['acc-1', 'a1', undefined, undefined],
      ['acc-2', undefined, 'a2', undefined],
      ['acc-3', undefined, undefined, 'acc-2']
    ])
    expect(out.view.summary).toBe(
      'Found 4 QR codes: 1 new account to add, 2 already saved or repeated, 1 other code.'
    )
    expect(JSON.stringify(out.view)).not.toContain('HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ')
    expect(JSON.stringify(out.view)).not.toContain('KRSXG5CTMVRXEZLU')
    expect(out.candidates[0]!.account.otp.secret).toBe('HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ')
  })

  it('carries multi-code export progress across scans', () => {
    const acc: NewAccount = {
      issuer: 'A',
      label: 'b',
      otp: {
        type: 'totp',
        secret: 'JBSWY3DPEHPK3PXP',
        algorithm: 'SHA1',
        digits: 6,
        period: 30,
        counter: 0
      }
    }
    const uris = encodeMigrationBatches([acc, acc, acc], { maxPerQr: 1, batchId: 11 })
    const first = scanText(uris[0]!)
    expect(first.view.batches).toEqual([
      expect.objectContaining({ id: 11, size: 3, scanned: [0], missing: [1, 2], complete: false })
    ])
    expect(first.view.summary).toMatch(/codes 2, 3 are still missing/)
    const rest = scanText(`${uris[1]}\n${uris[2]}`, { previousMigrations: first.migrations })
    expect(rest.view.batches[0]).toMatchObject({ complete: true, missing: [] })
  })

  it('a paste of 20,000 setup links: every one listed, repeats pointing at the first', () => {
    const secrets = ['JBSWY3DPEHPK3PXP', 'KRSXG5CTMVRXEZLU', 'HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ']
    const lines = Array.from(
      { length: 20_000 },
      (_, i) => `otpauth://totp/S:u${i}?secret=${secrets[i % 3]}&issuer=S`
    )
    const out = scanText(lines.join('\n'), { existing: [existing[1]!] })
    expect(out.view.candidates).toHaveLength(20_000)
    const [c0, c1, c2, c3, c4] = out.view.candidates
    expect([c0, c1, c2, c3, c4].map((c) => [c!.duplicateOf, c!.sameAs])).toEqual([
      ['a2', undefined],
      [undefined, undefined],
      [undefined, undefined],
      ['a2', 'acc-1'],
      [undefined, 'acc-2']
    ])
    expect(out.view.candidates.at(-1)).toMatchObject({ key: 'acc-20000', sameAs: 'acc-2' })
  })

  it('duplicate flags look at each account a bounded number of times, not once per pair', () => {
    // A paste or an export holds thousands of accounts and the vault up to tens of thousands;
    // comparing every pair froze the main process for seconds. Counted, not timed.
    let reads = 0
    const counted = <T extends { otp: unknown }>(a: T): T => {
      const otp = a.otp
      return Object.defineProperty({ ...a }, 'otp', {
        get: () => {
          reads++
          return otp
        }
      })
    }
    const n = 2_000
    const vault: Account[] = Array.from({ length: n }, (_, i) =>
      counted({
        ...existing[0]!,
        id: `v${i}`,
        label: `v${i}`,
        otp: { ...existing[0]!.otp, secret: `V${i}` }
      })
    )
    const candidates = Array.from({ length: n }, (_, i) => ({
      key: `acc-${i + 1}`,
      source: 'paste',
      account: counted({
        issuer: '',
        label: `c${i}`,
        otp: { ...existing[0]!.otp, secret: `C${i % 1000}` }
      })
    }))
    const out = flagDuplicates(candidates, vault)
    expect(out[1000]!.sameAs).toBe('acc-1')
    expect(out.filter((c) => c.duplicateOf)).toEqual([])
    expect(reads).toBeLessThanOrEqual(8 * n)
  })

  it('pasted text without a setup link is QR_NOT_FOUND', () => {
    expect(() => scanText('hello')).toThrow(expect.objectContaining({ code: 'QR_NOT_FOUND' }))
  })
})
