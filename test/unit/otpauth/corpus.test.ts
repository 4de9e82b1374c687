/*
 * Every case of every file in ../shared/corpora/otpauth-uri, one adapter per file. Where
 * Tessera deliberately reads a case differently from the app the case comes from, the case is an
 * EXCEPTION: it is listed with its reason, printed at run time, and our own reading is asserted
 * instead (nothing is skipped silently).
 */
import { afterAll, describe, expect, it } from 'vitest'
import { base32ToBytes, bytesToBase32, normalizeBase32 } from '../../../src/main/core/otp'
import { formatOtpauthUri, parseOtpauthUri } from '../../../src/main/core/otpauth'
import { AppError } from '../../../src/shared/errors'
import type { HashAlgorithm, NewAccount, OtpType } from '../../../src/shared/model'
import { readCorpusJson } from '../../helpers/corpora'

const exceptions: string[] = []
function exception(file: string, what: string, reason: string): void {
  const line = `[otpauth corpus exception] ${file}: ${what} -- ${reason}`
  exceptions.push(line)
  console.info(line)
}
afterAll(() => {
  console.info(
    `otpauth corpus: ${exceptions.length} case(s) read differently on purpose (listed above)`
  )
})

function rejection(uri: string): AppError {
  try {
    parseOtpauthUri(uri)
  } catch (e) {
    if (e instanceof AppError) return e
    throw e
  }
  throw new Error(`expected ${uri} to be rejected, it parsed`)
}

/** format -> parse gives back the same account. */
function expectRoundTrip(a: NewAccount): void {
  expect(parseOtpauthUri(formatOtpauthUri(a))).toEqual(a)
}

const hex = (secret: string): string => Buffer.from(base32ToBytes(secret)).toString('hex')

// ---------------------------------------------------------------------------------------------
describe('hectorm_otpauth_cases.json', () => {
  interface Side {
    expected_parse_result: {
      type: 'hotp' | 'totp'
      issuer: string
      label: string
      secret_base32: string
      algorithm: string
      digits: number
      period?: number
      counter?: number
    }
    canonical_uri: string
    uris_that_must_parse_to_expected: string[]
  }
  const f = readCorpusJson<{ cases: ({ case: string } & Record<'hotp' | 'totp', Side>)[] }>(
    'otpauth-uri',
    'hectorm_otpauth_cases.json'
  )
  const supported = new Set(['SHA1', 'SHA256', 'SHA512'])
  const rows = f.cases.flatMap((c) =>
    (['hotp', 'totp'] as const).flatMap((t) =>
      c[t].uris_that_must_parse_to_expected.map((uri, i) => ({
        name: `${c.case} ${t} #${i}`,
        uri,
        e: c[t].expected_parse_result
      }))
    )
  )
  it('has the 92 URIs its manifest announces', () => expect(rows).toHaveLength(92))

  it.each(rows)('$name', ({ name, uri, e }) => {
    if (!supported.has(e.algorithm)) {
      exception(
        'hectorm',
        `${name} (${e.algorithm})`,
        'algorithm outside SHA1/SHA256/SHA512: rejected by name'
      )
      expect(rejection(uri).message).toContain(`unsupported algorithm`)
      return
    }
    if (e.type === 'hotp' && !/[?&]counter=/i.test(uri)) {
      exception(
        'hectorm',
        name,
        'hotp without counter: Key URI Format makes counter REQUIRED; rejected'
      )
      expect(rejection(uri).message).toContain('counter is required for hotp')
      return
    }
    const a = parseOtpauthUri(uri)
    let label = e.label
    if (/\/Contoso%20Co:/.test(uri)) {
      exception(
        'hectorm',
        `${name} (prefix "Contoso Co" vs issuer=ACME Co)`,
        'issuer param wins as in hectorm, but the differing prefix is kept in the label instead of dropped'
      )
      label = `Contoso Co:${e.label}`
    }
    expect(a.issuer).toBe(e.issuer)
    expect(a.label).toBe(label)
    expect(a.otp.type).toBe(e.type)
    expect(a.otp.secret).toBe(e.secret_base32)
    expect(a.otp.algorithm).toBe(e.algorithm)
    expect(a.otp.digits).toBe(e.digits)
    if (e.type === 'totp') expect(a.otp.period).toBe(e.period)
    else expect(a.otp.counter).toBe(e.counter)
    expectRoundTrip(a)
  })

  const canon = f.cases.flatMap((c) =>
    (['hotp', 'totp'] as const)
      .filter((t) => supported.has(c[t].expected_parse_result.algorithm))
      .map((t) => ({ name: `${c.case} ${t}`, uri: c[t].canonical_uri }))
  )
  it('canonical_uri: our own serialisation differs on purpose but reads back equal', () => {
    exception(
      'hectorm',
      `canonical_uri (${canon.length} supported cases)`,
      "it is hectorm's serializer layout; Tessera writes Stratum's layout (see stratum round_trip_exact) and asserts format->parse equality instead"
    )
    for (const { uri } of canon) expectRoundTrip(parseOtpauthUri(uri))
  })
})

// ---------------------------------------------------------------------------------------------
describe('stratum_uri_cases.json', () => {
  interface Expected {
    type: OtpType
    issuer: string
    username: string | null
    secret: string
    algorithm?: HashAlgorithm
    digits?: number
    period?: number
    counter?: number
    icon?: string
    pin_length?: number
  }
  interface Stratum {
    parse_valid: { uri: string; expected: Expected; note: string }[]
    parse_invalid_must_reject: { uri: string; reason: string }[]
    round_trip_exact: { uris: string[] }
    serialise: { entry: Expected & { pin?: string }; expected_uri: string }[]
    validation_rules: Record<string, string>
    secret_normalise: { input: string; output: string; note: string }[]
    secret_validate: { secret: string | null; valid: boolean; note: string }[]
    migration: Record<string, string>
  }
  const f = readCorpusJson<Stratum>('otpauth-uri', 'stratum_uri_cases.json')
  const DIGITS: Record<OtpType, number> = { totp: 6, hotp: 6, steam: 5, yandex: 8, motp: 6 }
  const secretHexOf = (type: OtpType, s: string): string =>
    type === 'motp' ? s.toLowerCase() : hex(s)

  it.each(f.parse_valid)('parse_valid: $note', ({ uri, expected: x, note }) => {
    if (/^otpauth:\/\/hotp\//.test(uri) && !uri.includes('counter=')) {
      exception(
        'stratum',
        note,
        'hotp without counter is rejected (counter is REQUIRED by the Key URI Format)'
      )
      expect(rejection(uri).message).toContain('counter is required for hotp')
      return
    }
    const a = parseOtpauthUri(uri)
    let issuer = x.issuer
    let label = x.username ?? ''
    const rawLabel = decodeURIComponent(
      uri.replace(/^[a-z]+:\/\/[a-z]+\/?/i, '').split('?')[0] ?? ''
    )
    if (/MISMATCH/.test(note)) {
      exception(
        'stratum',
        note,
        'issuer param wins (Google, hectorm); the differing prefix stays in the label'
      )
      issuer = 'something'
      label = 'issuer:username'
    } else if (/truncated/.test(note)) {
      exception('stratum', note, 'Stratum-specific length limit; Tessera keeps the full text')
      if (x.username === null) label = rawLabel
      else label = rawLabel.split(':')[1] ?? ''
      if (x.username === null) issuer = ''
    } else if (/blank issuer prefix/.test(note)) {
      exception(
        'stratum',
        note,
        'empty prefix means "no issuer" (hectorm); the text after it is the account'
      )
      issuer = ''
      label = 'username'
    } else if (x.username === null && !rawLabel.includes(':') && !uri.includes('issuer=')) {
      exception(
        'stratum',
        note,
        'a lone label is the ACCOUNT name (Google, hectorm, Ente), not the issuer'
      )
      issuer = ''
      label = x.issuer
    }
    if (x.icon !== undefined)
      exception('stratum', note, 'unknown/presentational parameters (icon) are ignored')
    if (x.pin_length !== undefined)
      exception('stratum', note, 'pin_length is checked but not stored (no field)')
    expect(a.issuer).toBe(issuer)
    expect(a.label).toBe(label)
    expect(a.otp.type).toBe(x.type)
    expect(hex(a.otp.secret)).toBe(secretHexOf(x.type, x.secret))
    if (x.type === 'yandex') {
      exception(
        'stratum',
        note,
        "algorithm is SHA256 (the HMAC Yandex uses), not Stratum's SHA1 default"
      )
      expect(a.otp.algorithm).toBe('SHA256')
    } else {
      expect(a.otp.algorithm).toBe(x.algorithm ?? 'SHA1')
    }
    expect(a.otp.digits).toBe(x.digits ?? DIGITS[x.type])
    expect(a.otp.period).toBe(x.period ?? (x.type === 'motp' ? 10 : 30))
    expect(a.otp.counter).toBe(x.counter ?? 0)
    expectRoundTrip(a)
  })

  it.each(f.parse_invalid_must_reject)('rejects $uri ($reason)', ({ uri }) => {
    expect(rejection(uri).code).toBe('INVALID_URI')
  })

  it.each(f.round_trip_exact.uris)('round-trips exactly: %s', (uri) => {
    expect(formatOtpauthUri(parseOtpauthUri(uri))).toBe(uri)
  })

  it.each(f.serialise)('serialise -> $expected_uri', ({ entry, expected_uri }) => {
    const account: NewAccount = {
      issuer: entry.issuer,
      label: entry.username ?? '',
      otp: {
        type: entry.type,
        secret:
          entry.type === 'motp'
            ? bytesToBase32(Buffer.from(entry.secret, 'hex'))
            : normalizeBase32(entry.secret),
        // Yandex is SHA256 by definition (see parse_valid); Stratum leaves its SHA1 default.
        algorithm: entry.type === 'yandex' ? 'SHA256' : (entry.algorithm ?? 'SHA1'),
        digits: entry.digits ?? DIGITS[entry.type],
        period: entry.period ?? (entry.type === 'motp' ? 10 : 30),
        counter: entry.counter ?? 0,
        ...(entry.pin === undefined ? {} : { pin: entry.pin })
      }
    }
    const ours = formatOtpauthUri(account)
    if (entry.type === 'steam') {
      exception(
        'stratum',
        expected_uri,
        'Steam is written as otpauth://steam/ (Aegis, Ente) so other apps cannot show wrong TOTP codes'
      )
      expect(ours.startsWith('otpauth://steam/')).toBe(true)
    } else if (entry.pin !== undefined) {
      exception(
        'stratum',
        expected_uri,
        `the pin is written (pin=) so the account round-trips${entry.type === 'yandex' ? '; Yandex as otpauth://yandex/ (Ente)' : ''}`
      )
      expect(ours).toContain(`pin=${entry.pin}`)
    } else {
      expect(ours).toBe(expected_uri)
    }
    expect(parseOtpauthUri(ours)).toEqual(account)
    // Stratum's own URI reads back to the same account too (names aside where Stratum's layout
    // relies on its lone-label-is-issuer rule).
    const theirs = parseOtpauthUri(expected_uri)
    expect(theirs.otp.type).toBe(account.otp.type)
    expect(hex(theirs.otp.secret)).toBe(hex(account.otp.secret))
    expect(theirs.otp.digits).toBe(account.otp.digits)
  })

  it('validation_rules: digit ranges per type', () => {
    exception(
      'stratum',
      'validation_rules.digits "HOTP 6..8"',
      'HOTP allows 6..10 like TOTP (31-bit value has 10 digits)'
    )
    exception(
      'stratum',
      'validation_rules.issuer "required"',
      'an account may have only a name (Key URI Format makes issuer optional)'
    )
    const u = (t: string, d: number): string =>
      `otpauth://${t}/a:b?secret=ABCDEFG&counter=0&digits=${d}`
    for (const d of [6, 7, 8, 9, 10]) {
      expect(parseOtpauthUri(u('totp', d)).otp.digits).toBe(d)
      expect(parseOtpauthUri(u('hotp', d)).otp.digits).toBe(d)
    }
    for (const d of [5, 11])
      expect(rejection(u('totp', d)).message).toContain('digits must be between 6 and 10')
    expect(rejection(u('yandex', 6)).message).toContain('digits must be 8')
    expect(rejection(u('motp', 8)).message).toContain('digits must be 6')
    expect(rejection('otpauth://totp/a:b?secret=ABCDEFG&period=-30').message).toContain(
      'period must be'
    )
    expect(rejection('otpauth://totp/a:b?secret=11111111').message).toContain('not valid base32')
  })

  it.each(f.secret_normalise)(
    'secret_normalise $input -> $output ($note)',
    ({ input, output, note }) => {
      if (/mOTP/.test(note)) {
        exception(
          'stratum',
          `secret_normalise ${input} (${note})`,
          'mOTP secrets are stored as bytes; hex is written in lower case (as Aegis); non-hex is rejected'
        )
        if (/^[0-9a-f]+$/i.test(input) && input.length % 2 === 0) {
          expect(hex(parseOtpauthUri(`motp://a:b?secret=${input}`).otp.secret)).toBe(
            output.toLowerCase()
          )
        } else {
          expect(rejection(`motp://a:b?secret=${input}`).message).toContain('not hexadecimal')
        }
        return
      }
      expect(normalizeBase32(input)).toBe(output)
      expect(
        parseOtpauthUri(`otpauth://totp/a:b?secret=${encodeURIComponent(input)}`).otp.secret
      ).toBe(output)
    }
  )

  it.each(f.secret_validate)(
    'secret_validate $secret valid=$valid ($note)',
    ({ secret, valid, note }) => {
      const uri =
        secret === null
          ? 'otpauth://totp/a:b?issuer=a'
          : /mOTP/.test(note)
            ? `motp://a:b?secret=${secret}`
            : /Yandex/.test(note)
              ? `otpauth://yandex/a:b?secret=${secret}`
              : `otpauth://totp/a:b?secret=${encodeURIComponent(secret)}`
      if (valid) expect(() => parseOtpauthUri(uri)).not.toThrow()
      else expect(rejection(uri).message).toMatch(/secret/)
    }
  )

  it('migration: what is not a single account is rejected with a pointer to Import', () => {
    expect(Object.keys(f.migration)).toHaveLength(2)
    expect(rejection('abcdef').message).toContain('not an otpauth URI')
    expect(rejection('otpauth-migration://offline?data=abcdef').message).toContain('use Import')
  })
})

// ---------------------------------------------------------------------------------------------
describe('ente_code_test_cases.json', () => {
  interface Ente {
    cases: {
      uri: string
      expected: {
        type?: OtpType
        issuer?: string
        account?: string
        secret?: string
        counter?: number
        pin?: string
        digits?: string
      }
      note: string
    }[]
    other: string[]
  }
  const f = readCorpusJson<Ente>('otpauth-uri', 'ente_code_test_cases.json')
  it.each(f.cases)('$note', ({ uri, expected: x }) => {
    const a = parseOtpauthUri(uri)
    if (x.type !== undefined) expect(a.otp.type).toBe(x.type)
    if (x.issuer !== undefined) expect(a.issuer).toBe(x.issuer)
    if (x.account !== undefined) expect(a.label).toBe(x.account)
    if (x.secret !== undefined) expect(a.otp.secret).toBe(x.secret)
    if (x.counter !== undefined) expect(a.otp.counter).toBe(x.counter)
    if (x.pin !== undefined) expect(a.otp.pin).toBe(x.pin)
    if (x.digits !== undefined) expect(a.otp.digits).toBe(8)
    expectRoundTrip(a)
  })
  it('UTF-8 names edited and re-serialised round-trip (伍迪 / 鸭子)', () => {
    const a = parseOtpauthUri(f.cases[5]?.uri ?? '')
    expectRoundTrip({ ...a, label: '伍迪', issuer: '鸭子' })
  })
  it('other notes', () => {
    expect(f.other).toHaveLength(2)
    exception(
      'ente',
      'codeDisplay round-trip',
      'codeDisplay (pinned, tags) is an Ente-specific parameter and is ignored like other unknown parameters'
    )
    exception('ente', 'HOTP cannot be shared', 'sharing is an Ente feature, not a URI property')
    const a = parseOtpauthUri(
      'otpauth://totp/x:y?secret=ASKZNWOU6SVYAMVS&codeDisplay=%7B%22pinned%22%3Atrue%2C%22tags%22%3A%5B%22tag1%22%5D%7D'
    )
    expect(a).toEqual(parseOtpauthUri('otpauth://totp/x:y?secret=ASKZNWOU6SVYAMVS'))
  })
})

// ---------------------------------------------------------------------------------------------
describe('misc_uri_cases.json', () => {
  interface Misc {
    aegis: { cases: { uri: string; expected: string }[] }
    google_key_uri_format: {
      examples: {
        uri?: string
        label?: string
        expected: {
          type?: string
          issuer: string
          account: string
          secret?: string
          secret_hex?: string
          algorithm?: string
          digits?: number
          period?: number
        }
      }[]
      rules: string[]
    }
    conflicts_between_implementations: string[]
  }
  const f = readCorpusJson<Misc>('otpauth-uri', 'misc_uri_cases.json')
  it.each(f.aegis.cases)('aegis: $uri -> $expected', ({ uri, expected }) => {
    if (expected.startsWith('REJECT')) {
      expect(rejection(uri).message).toContain('secret is not valid base32: it is empty')
    } else {
      const a = parseOtpauthUri(uri)
      expect([...base32ToBytes(a.otp.secret)]).toEqual([0])
      expectRoundTrip(a)
    }
  })
  it.each(f.google_key_uri_format.examples)('google example %#', ({ uri, label, expected: x }) => {
    const a = parseOtpauthUri(uri ?? `otpauth://totp/${label ?? ''}?secret=JBSWY3DPEHPK3PXP`)
    expect(a.issuer).toBe(x.issuer)
    expect(a.label).toBe(x.account)
    if (x.type !== undefined) expect(a.otp.type).toBe(x.type)
    if (x.secret !== undefined) expect(a.otp.secret).toBe(x.secret)
    if (x.secret_hex !== undefined) expect(hex(a.otp.secret)).toBe(x.secret_hex)
    if (x.algorithm !== undefined) expect(a.otp.algorithm).toBe(x.algorithm)
    if (x.digits !== undefined) expect(a.otp.digits).toBe(x.digits)
    if (x.period !== undefined) expect(a.otp.period).toBe(x.period)
    expectRoundTrip(a)
  })
  it('rules: type, secret, algorithm and counter rules hold', () => {
    expect(f.google_key_uri_format.rules.length).toBeGreaterThanOrEqual(5)
    expect(rejection('otpauth://xotp/a?secret=JBSWY3DPEHPK3PXP').message).toContain(
      "unsupported type 'xotp'"
    )
    expect(rejection('otpauth://totp/a').message).toContain('secret is missing')
    expect(parseOtpauthUri('otpauth://totp/a?secret=JBSWY3DPEHPK3PXP====').otp.secret).toBe(
      'JBSWY3DPEHPK3PXP'
    )
    const d = parseOtpauthUri('otpauth://totp/a?secret=JBSWY3DPEHPK3PXP').otp
    expect([d.algorithm, d.digits, d.period]).toEqual(['SHA1', 6, 30])
    expect(rejection('otpauth://hotp/a?secret=JBSWY3DPEHPK3PXP').message).toContain(
      'counter is required for hotp'
    )
  })
  it('conflicts_between_implementations: our reading of each', () => {
    expect(f.conflicts_between_implementations).toHaveLength(5)
    const s = 'secret=JBSWY3DPEHPK3PXP'
    // 1. mismatch: param is the issuer, the prefix is kept in the label.
    expect(parseOtpauthUri(`otpauth://totp/Contoso:alice?${s}&issuer=ACME`)).toMatchObject({
      issuer: 'ACME',
      label: 'Contoso:alice'
    })
    // 2. lone label: account name.
    expect(parseOtpauthUri(`otpauth://totp/alice?${s}`)).toMatchObject({
      issuer: '',
      label: 'alice'
    })
    // 3. ":Username": no issuer, account Username.
    expect(parseOtpauthUri(`otpauth://totp/:Username?${s}`)).toMatchObject({
      issuer: '',
      label: 'Username'
    })
    // 4. both Yandex spellings.
    expect(parseOtpauthUri(`otpauth://yaotp/a?secret=ORSXG5DJNZTXIZLTORUW4ZZRGI`).otp.type).toBe(
      'yandex'
    )
    expect(
      parseOtpauthUri(`otpauth://yandex/a?secret=ORSXG5DJNZTXIZLTORUW4ZZRGI&pin=12`).otp
    ).toMatchObject({ type: 'yandex', pin: '12' })
    // 5. every Steam spelling.
    for (const uri of [
      `otpauth://steam/Steam:a?${s}`,
      `steam://JBSWY3DPEHPK3PXP`,
      `otpauth://totp/x:a?${s}&steam`,
      `otpauth://totp/x:a?${s}&encoder=steam`,
      `otpauth://totp/Steam:a?${s}`
    ]) {
      expect(parseOtpauthUri(uri).otp).toMatchObject({ type: 'steam', digits: 5 })
    }
  })
})
