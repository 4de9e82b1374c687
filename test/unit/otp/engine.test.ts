import { describe, expect, it } from 'vitest'
import {
  base32ToBytes,
  bytesToBase32,
  codeView,
  generateCode,
  normalizeBase32,
  secondsRemaining,
  validateOtpParams
} from '../../../src/main/core/otp'
import { AppError } from '../../../src/shared/errors'
import type { OtpParams } from '../../../src/shared/model'
import { readCorpusJson } from '../../helpers/corpora'

const RFC_SEED = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'
const base: OtpParams = {
  type: 'totp',
  secret: RFC_SEED,
  algorithm: 'SHA1',
  digits: 6,
  period: 30,
  counter: 0
}

function errorOf(fn: () => unknown): AppError {
  try {
    fn()
  } catch (e) {
    if (e instanceof AppError) return e
    throw e
  }
  throw new Error('expected an AppError, nothing was thrown')
}

describe('normalizeBase32', () => {
  it.each([
    ['jbswy3dpehpk3pxp', 'JBSWY3DPEHPK3PXP'],
    ['JBSW Y3DP EHPK 3PXP', 'JBSWY3DPEHPK3PXP'],
    ['jbsw-y3dp-ehpk-3pxp', 'JBSWY3DPEHPK3PXP'],
    ['  JBSWY3DPEHPK3PXP\n', 'JBSWY3DPEHPK3PXP'],
    ['GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA====', 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA'],
    ['GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA', 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA'],
    ['GEZA=', 'GEZA'],
    ['GEZA==========', 'GEZA'],
    ['AA', 'AA']
  ])('%j -> %j', (input, out) => {
    expect(normalizeBase32(input)).toBe(out)
  })

  it.each([
    ['', /it is empty/],
    ['  - ', /only spaces/],
    ['ABCDEFGHIJKLMNOP1', /character '1' at position 17.*letters A-Z and the digits 2-7/],
    ['ab!d', /character '!' at position 3/],
    ['AB=CD', /'=' padding at position 3 is followed by more characters/],
    ['A', /1 characters cannot be a whole number of bytes/],
    ['ABC', /3 characters/],
    ['ABCDEF', /6 characters/],
    ['ÄB', /character 'Ä' at position 1/],
    // letters whose upper case is ASCII must not pass as base32 (long s -> S, dotless i -> I)
    ['JBSWY3DPEHPKſPXP', /character 'ſ' at position 13/],
    ['JBSWY3DPEHPKıPXP', /character 'ı' at position 13/]
  ])('rejects %j naming the problem', (input, message) => {
    const e = errorOf(() => normalizeBase32(input))
    expect(e.code).toBe('INVALID_SECRET')
    expect(e.message).toMatch(/^The secret is not valid base32: /)
    expect(e.message).toMatch(message)
  })

  it('counts positions in the text as typed (spaces included)', () => {
    expect(errorOf(() => normalizeBase32('ABCD EFG0')).message).toMatch(/'0' at position 9/)
  })
})

describe('base32 bytes', () => {
  it('round-trips every length 0..40 through canonical text', () => {
    for (let n = 1; n <= 40; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n * 11) & 0xff)
      const text = bytesToBase32(bytes)
      expect(text).toMatch(/^[A-Z2-7]+$/)
      expect(Buffer.from(base32ToBytes(text)).equals(Buffer.from(bytes))).toBe(true)
      expect(
        Buffer.from(base32ToBytes(text.toLowerCase() + '====')).equals(Buffer.from(bytes))
      ).toBe(true)
    }
  })
  it('matches RFC 4648 section 10 test vectors', () => {
    const cases: [string, string][] = [
      ['f', 'MY'],
      ['fo', 'MZXQ'],
      ['foo', 'MZXW6'],
      ['foob', 'MZXW6YQ'],
      ['fooba', 'MZXW6YTB'],
      ['foobar', 'MZXW6YTBOI']
    ]
    for (const [plain, b32] of cases) {
      expect(bytesToBase32(new TextEncoder().encode(plain))).toBe(b32)
      expect(new TextDecoder().decode(base32ToBytes(b32))).toBe(plain)
    }
  })
  it('decodes the 1-byte secret "AA" that real otpauth URIs use', () => {
    expect([...base32ToBytes('AA')]).toEqual([0])
  })

  interface StratumSecrets {
    secret_validate: { secret: string | null; valid: boolean; note: string }[]
  }
  const stratum = readCorpusJson<StratumSecrets>('otpauth-uri', 'stratum_uri_cases.json')
  const b32cases = stratum.secret_validate.filter(
    (c) => !/mOTP|Yandex/.test(c.note) && c.secret !== null
  )
  it.each(b32cases)('Stratum secret_validate %j', (c) => {
    if (c.valid) expect(() => normalizeBase32(c.secret ?? '')).not.toThrow()
    else expect(errorOf(() => normalizeBase32(c.secret ?? '')).code).toBe('INVALID_SECRET')
  })
})

describe('validateOtpParams', () => {
  it('accepts digits 6 to 10 for totp and hotp, and each length gives a code that long', () => {
    for (const type of ['totp', 'hotp'] as const) {
      for (let digits = 6; digits <= 10; digits++) {
        const p = { ...base, type, digits }
        expect(() => validateOtpParams(p)).not.toThrow()
        expect(generateCode(p, 59_000)).toMatch(new RegExp(`^\\d{${digits}}$`))
      }
    }
  })
  it.each([5, 11, 0, 6.5, Number.NaN])('rejects totp digits %s with the field named', (digits) => {
    const e = errorOf(() => validateOtpParams({ ...base, digits }))
    expect(e.code).toBe('INVALID_INPUT')
    expect(e.message).toContain('digits must be between 6 and 10')
  })
  it.each([
    [{ type: 'steam', digits: 6 }, 'digits must be 5 for steam accounts'],
    [{ type: 'motp', digits: 8 }, 'digits must be 6 for motp accounts'],
    [{ type: 'yandex', digits: 6 }, 'digits must be 8 for yandex accounts'],
    [{ type: 'foo' }, "type 'foo' is not supported"],
    [{ algorithm: 'MD5' }, "algorithm 'MD5' is not supported"],
    [{ period: 0 }, 'period must be a whole number of seconds between 1 and'],
    [{ period: 1.5 }, 'period must be a whole number of seconds'],
    [{ type: 'hotp', counter: -1 }, 'counter must be a whole number, 0 or more'],
    [{ pin: '' }, 'pin must be a non-empty text']
  ])('rejects %j', (over, message) => {
    const e = errorOf(() => validateOtpParams({ ...base, ...over } as OtpParams))
    expect(e.code).toBe('INVALID_INPUT')
    expect(e.message).toContain(message)
  })
  it('accepts periods up to about 68 years and rejects longer ones', () => {
    expect(() => validateOtpParams({ ...base, period: 2 ** 31 - 1 })).not.toThrow()
    expect(errorOf(() => validateOtpParams({ ...base, period: 2 ** 31 })).message).toContain(
      'period must be a whole number of seconds between 1 and 2147483647'
    )
  })
  it('rejects a secret longer than 1024 bytes', () => {
    const secret = bytesToBase32(new Uint8Array(1025).fill(1))
    expect(errorOf(() => validateOtpParams({ ...base, secret })).message).toMatch(
      /1025 bytes long; at most 1024/
    )
    expect(() =>
      validateOtpParams({ ...base, secret: bytesToBase32(new Uint8Array(1024)) })
    ).not.toThrow()
  })
  it('ignores the period of hotp accounts', () => {
    expect(() => validateOtpParams({ ...base, type: 'hotp', period: 0 })).not.toThrow()
  })
  it('rejects a bad secret with INVALID_SECRET', () => {
    expect(errorOf(() => validateOtpParams({ ...base, secret: '' })).code).toBe('INVALID_SECRET')
    expect(errorOf(() => validateOtpParams({ ...base, secret: 'AB1' })).message).toMatch(
      /'1' at position 3/
    )
  })
  it('rejects an mOTP secret shorter than 16 hex characters', () => {
    const secret = bytesToBase32(Buffer.from('abcdef1234', 'hex'))
    const e = errorOf(() =>
      validateOtpParams({ ...base, type: 'motp', digits: 6, period: 10, secret })
    )
    expect(e.code).toBe('INVALID_SECRET')
    expect(e.message).toMatch(/at least 16 hex/)
  })

  interface YandexValidation {
    yandex_secret_validation: { valid: string[]; invalid: string[] }
  }
  const yv = readCorpusJson<YandexValidation>(
    'rfc-vectors',
    'other_otp_vectors.json'
  ).yandex_secret_validation
  const first = (s: string): string => s.split(' ')[0] ?? s
  const yandex = (secret: string): OtpParams => ({ ...base, type: 'yandex', digits: 8, secret })
  it.each(yv.valid.map(first))('accepts Yandex secret %s', (secret) => {
    expect(() => validateOtpParams(yandex(secret))).not.toThrow()
  })
  it.each(yv.invalid.map(first))('rejects Yandex secret %s', (secret) => {
    expect(errorOf(() => validateOtpParams(yandex(secret))).code).toBe('INVALID_SECRET')
  })
  it('names the checksum when a Yandex secret has a typo', () => {
    expect(errorOf(() => validateOtpParams(yandex(first(yv.invalid[0] ?? '')))).message).toMatch(
      /checksum/
    )
  })
})

describe('generateCode', () => {
  it('uses the hotp counter and ignores the time', () => {
    const p: OtpParams = { ...base, type: 'hotp', counter: 1 }
    expect(generateCode(p, 0)).toBe('287082')
    expect(generateCode(p, 1_700_000_000_000)).toBe('287082')
  })
  it('accepts a 10-byte (80-bit) secret, shorter than otplib allows by default', () => {
    expect(generateCode({ ...base, secret: 'JBSWY3DPEHPK3PXP' }, 1_257_894_000_000)).toBe('528064')
  })
  it('accepts a 1-byte secret', () => {
    expect(generateCode({ ...base, secret: 'AA' }, 0)).toMatch(/^\d{6}$/)
  })
  it('accepts a non-canonical secret (lower case, spaces, padding)', () => {
    const canonical = generateCode(base, 59_000)
    expect(
      generateCode({ ...base, secret: 'gezd gnbv gy3t qojq gezd gnbv gy3t qojq====' }, 59_000)
    ).toBe(canonical)
  })
  it('rejects an empty secret rather than producing a code (Aegis expectation)', () => {
    for (const type of ['totp', 'hotp', 'steam'] as const) {
      const digits = type === 'steam' ? 5 : 6
      expect(errorOf(() => generateCode({ ...base, type, digits, secret: '' }, 0)).code).toBe(
        'INVALID_SECRET'
      )
    }
  })
  it('asks for the pin of mOTP and Yandex accounts', () => {
    const secret = bytesToBase32(Buffer.from('e3152afee62599c8', 'hex'))
    const e = errorOf(() =>
      generateCode({ ...base, type: 'motp', digits: 6, period: 10, secret }, 0)
    )
    expect(e.code).toBe('INVALID_INPUT')
    expect(e.message).toMatch(/pin is required for motp/)
  })
  it('gives codes up to the last instant a Date can hold', () => {
    expect(generateCode(base, 8.64e15)).toMatch(/^\d{6}$/)
    expect(codeView({ id: 'x', otp: { ...base, period: 1 } }, 8.64e15, true).validUntil).toBe(
      8.64e15 + 1000
    )
  })
  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY, 8.64e15 + 1, 1e300])(
    'rejects time %s',
    (t) => {
      expect(errorOf(() => generateCode(base, t)).code).toBe('INVALID_INPUT')
    }
  )
  it('handles odd periods: codes change exactly at multiples of the period', () => {
    for (const period of [1, 7, 45, 61, 86400]) {
      const p = { ...base, period }
      const boundary = 1_700_000_000_000 - (1_700_000_000_000 % (period * 1000)) + period * 1000
      const before = generateCode(p, boundary - 1)
      expect(generateCode(p, boundary - period * 1000)).toBe(before)
      // Same step as HOTP with counter boundary/period: the RFC 6238 definition.
      expect(generateCode(p, boundary)).toBe(
        generateCode({ ...p, type: 'hotp', counter: boundary / 1000 / period }, 0)
      )
    }
  })
})

describe('secondsRemaining and codeView', () => {
  it('counts down from the period to 1 within a step', () => {
    expect(secondsRemaining(base, 60_000)).toBe(30)
    expect(secondsRemaining(base, 60_001)).toBe(30)
    expect(secondsRemaining(base, 61_000)).toBe(29)
    expect(secondsRemaining(base, 89_999)).toBe(1)
    expect(secondsRemaining(base, 90_000)).toBe(30)
    expect(secondsRemaining({ ...base, period: 7 }, 13_500)).toBe(1)
  })
  it('rejects a period that is not a whole number of seconds', () => {
    expect(errorOf(() => secondsRemaining({ ...base, period: 0 }, 0)).message).toContain(
      'period must be'
    )
  })
  it('is 0 for hotp', () => {
    expect(secondsRemaining({ ...base, type: 'hotp' }, 12_345)).toBe(0)
  })
  it('gives validUntil at the step boundary and next = the following step', () => {
    const v = codeView({ id: 'a1', otp: base }, 1_111_111_109_000, true)
    expect(v).toEqual({
      id: 'a1',
      code: generateCode(base, 1_111_111_109_000),
      validUntil: 1_111_111_110_000,
      period: 30,
      next: generateCode(base, 1_111_111_110_000)
    })
    expect(v.code).toBe('081804')
    expect(v.next).not.toBe(v.code)
  })
  it('omits next unless asked', () => {
    expect(codeView({ id: 'a1', otp: base }, 0)).not.toHaveProperty('next')
  })
  it('gives hotp validUntil null and no next', () => {
    const v = codeView({ id: 'h', otp: { ...base, type: 'hotp', counter: 0 } }, 5, true)
    expect(v).toEqual({ id: 'h', code: '755224', validUntil: null, period: 30 })
  })
  it('uses 10-second steps for mOTP', () => {
    const secret = bytesToBase32(Buffer.from('e3152afee62599c8', 'hex'))
    const p: OtpParams = { ...base, type: 'motp', digits: 6, period: 10, secret, pin: '1234' }
    const v = codeView({ id: 'm', otp: p }, 165_892_298_000)
    expect(v.code).toBe('e7d8b6')
    expect(v.validUntil).toBe(165_892_300_000)
  })
  it('gives Steam codes from the Steam alphabet', () => {
    const v = codeView(
      { id: 's', otp: { ...base, type: 'steam', digits: 5 } },
      1_700_000_000_000,
      true
    )
    expect(v.code).toMatch(/^[23456789BCDFGHJKMNPQRTVWXY]{5}$/)
    expect(v.next).toMatch(/^[23456789BCDFGHJKMNPQRTVWXY]{5}$/)
  })
})
