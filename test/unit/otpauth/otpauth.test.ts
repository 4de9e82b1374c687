import { describe, expect, it } from 'vitest'
import { base32ToBytes, codeView } from '../../../src/main/core/otp'
import { formatOtpauthUri, parseOtpauthUri } from '../../../src/main/core/otpauth'
import { AppError } from '../../../src/shared/errors'
import type { NewAccount, OtpParams, OtpType } from '../../../src/shared/model'
import { readCorpus, readCorpusJson } from '../../helpers/corpora'

const S = 'JBSWY3DPEHPK3PXP'

function rejection(uri: string): AppError {
  try {
    parseOtpauthUri(uri)
  } catch (e) {
    if (e instanceof AppError) return e
    throw e
  }
  throw new Error(`expected ${uri} to be rejected, it parsed`)
}

describe('parseOtpauthUri: names and encoding', () => {
  it.each([
    ['otpauth://totp/ACME%20Co:john%40example.com?secret=S', 'ACME Co', 'john@example.com'],
    ['otpauth://totp/ACME%20Co%3Ajohn?secret=S', 'ACME Co', 'john'],
    ['otpauth://totp/ACME%3a%20%20john?secret=S', 'ACME', 'john'],
    ['otpauth://totp/alice+work@example.com?secret=S', '', 'alice+work@example.com'],
    ['otpauth://totp/x?secret=S&issuer=Air+Canada', 'Air Canada', 'x'],
    ['otpauth://totp/x?secret=S&issuer=Air%20Canada', 'Air Canada', 'x'],
    ['otpauth://totp/x?secret=S&issuer=1%2B1', '1+1', 'x'],
    ['otpauth://totp/Big Corp:bob smith?secret=S', 'Big Corp', 'bob smith'],
    ['otpauth://totp/a:b:c?secret=S', 'a', 'b:c'],
    ['otpauth://totp/100%:bob?secret=S', '100%', 'bob'],
    ['otpauth://totp/%E2%9C%93:bob?secret=S', '✓', 'bob'],
    ['otpauth://totp/x:Acc%20!@#1?secret=S', 'x', 'Acc !@#1'],
    ['otpauth://totp/?secret=S&issuer=OnlyIssuer', 'OnlyIssuer', ''],
    ['otpauth://totp/GitHub?secret=S&issuer=GitHub', 'GitHub', '']
  ])('%s -> issuer %j, account %j', (uri, issuer, label) => {
    const a = parseOtpauthUri(uri.replace('secret=S', `secret=${S}`))
    expect(a.issuer).toBe(issuer)
    expect(a.label).toBe(label)
  })

  it('keeps a differing label prefix instead of dropping it; the parameter is the issuer', () => {
    const a = parseOtpauthUri(`otpauth://totp/Old%20Name:bob?secret=${S}&issuer=New%20Name`)
    expect(a).toMatchObject({ issuer: 'New Name', label: 'Old Name:bob' })
  })
  it('treats prefix and parameter that differ only in case as the same issuer', () => {
    expect(parseOtpauthUri(`otpauth://totp/acme:bob?secret=${S}&issuer=ACME`)).toMatchObject({
      issuer: 'ACME',
      label: 'bob'
    })
  })
  it('reads upper-case scheme, type and parameter names', () => {
    const a = parseOtpauthUri(`OTPAUTH://TOTP/a?SECRET=${S}&ALGORITHM=sha256&DIGITS=8&PERIOD=60`)
    expect(a.otp).toMatchObject({ type: 'totp', algorithm: 'SHA256', digits: 8, period: 60 })
  })
  it('accepts algorithm spellings sha-512 and SHA_256', () => {
    expect(parseOtpauthUri(`otpauth://totp/a?secret=${S}&algorithm=sha-512`).otp.algorithm).toBe(
      'SHA512'
    )
    expect(parseOtpauthUri(`otpauth://totp/a?secret=${S}&algorithm=SHA_256`).otp.algorithm).toBe(
      'SHA256'
    )
  })
  it('normalises the secret: lower case, spaces, padding', () => {
    expect(
      parseOtpauthUri('otpauth://totp/a?secret=jbsw%20y3dp-ehpk3pxp%3D%3D%3D').otp.secret
    ).toBe(S)
    expect(parseOtpauthUri(`otpauth://totp/a?secret=${S}======`).otp.secret).toBe(S)
  })
  it('ignores unknown parameters (the account is the same as without them)', () => {
    const plain = parseOtpauthUri(`otpauth://totp/a:b?secret=${S}`)
    for (const extra of [
      'icon=x',
      'image=https%3A%2F%2Fevil.example%2Fx.png',
      'color=red',
      'algo=SHA256',
      'extra',
      'x=1&y=2'
    ]) {
      expect(parseOtpauthUri(`otpauth://totp/a:b?secret=${S}&${extra}`)).toEqual(plain)
    }
  })
  it('accepts a repeated parameter with the same value, rejects conflicting ones', () => {
    expect(parseOtpauthUri(`otpauth://totp/a?secret=${S}&secret=${S}`).otp.secret).toBe(S)
    expect(rejection(`otpauth://totp/a?secret=${S}&secret=GEZDGNBV`).message).toContain(
      "the parameter 'secret' appears twice with different values"
    )
  })
  it('reads empty parameters (digits=, period=, algorithm=) as absent: the defaults apply', () => {
    const a = parseOtpauthUri(`otpauth://totp/a?secret=${S}&digits=&period=&algorithm=&issuer=`)
    expect(a.otp).toMatchObject({ algorithm: 'SHA1', digits: 6, period: 30 })
    expect(rejection(`otpauth://hotp/a?secret=${S}&counter=`).message).toContain(
      'counter is required for hotp'
    )
  })
  it('ignores counter on totp and requires it on hotp', () => {
    expect(parseOtpauthUri(`otpauth://totp/a?secret=${S}&counter=9`).otp.counter).toBe(0)
    expect(parseOtpauthUri(`otpauth://hotp/a?secret=${S}&counter=9`).otp.counter).toBe(9)
  })
  it('trims surrounding whitespace of the whole link', () => {
    expect(parseOtpauthUri(`  otpauth://totp/a?secret=${S}\n`).otp.secret).toBe(S)
  })
})

describe('parseOtpauthUri: rejections name the problem', () => {
  it.each([
    ['https://example.com/?secret=' + S, 'not an otpauth URI'],
    ['', 'not an otpauth URI'],
    ['otpauth-migration://offline?data=CjEKCkhlbGxv', 'otpauth-migration'],
    [`otpauth://foo/a?secret=${S}`, "unsupported type 'foo'"],
    [`otpauth:///a?secret=${S}`, 'the type is missing'],
    ['otpauth://totp/a?issuer=x', 'secret is missing'],
    ['otpauth://totp/a?secret=', 'secret is not valid base32: it is empty'],
    ['otpauth://totp/a?secret=ABC1DEFG', "secret is not valid base32: character '1' at position 4"],
    [`otpauth://totp/a?secret=${S}&digits=5`, 'digits must be between 6 and 10'],
    [`otpauth://totp/a?secret=${S}&digits=11`, 'digits must be between 6 and 10'],
    [
      `otpauth://totp/a?secret=${S}&digits=six`,
      "digits must be a whole number of at least 1 (got 'six')"
    ],
    [`otpauth://totp/a?secret=${S}&period=0`, 'period must be a whole number of at least 1'],
    [`otpauth://totp/a?secret=${S}&algorithm=MD5`, "unsupported algorithm 'MD5'"],
    [`otpauth://hotp/a?secret=${S}`, 'counter is required for hotp'],
    [`otpauth://hotp/a?secret=${S}&counter=-1`, 'counter must be a whole number, 0 or more'],
    [`otpauth://hotp/a?secret=${S}&counter=1e3`, 'counter must be a whole number'],
    [
      `otpauth://hotp/a?secret=${S}&counter=99999999999999999999`,
      "counter '99999999999999999999' is too large"
    ],
    // 2^53: a number of all digits, so "must be a whole number" would be wrong
    [
      `otpauth://hotp/a?secret=${S}&counter=9007199254740992`,
      "counter '9007199254740992' is too large (at most 9007199254740991)"
    ],
    [
      `otpauth://totp/a?secret=${S}&period=99999999999999999999`,
      "period '99999999999999999999' is too large"
    ],
    [`otpauth://totp/?secret=${S}`, 'it names no account'],
    [`otpauth://yandex/a?secret=${S}`, 'Yandex secret must be 16 or 26 bytes'],
    [
      `otpauth://yaotp/a?secret=ORSXG5DJNZTXIZLTORUW4ZZRGI&pin_length=four`,
      'pin_length must be a whole number'
    ],
    ['motp://a:b?secret=xyz0123456789abc', 'the mOTP secret is not hexadecimal'],
    ['steam://', 'secret is not valid base32: it is empty']
  ])('%s -> "%s"', (uri, problem) => {
    const e = rejection(uri)
    expect(e.code).toBe('INVALID_URI')
    expect(e.message).toContain(problem)
    expect(e.message).toMatch(/^This link cannot be added: .*\. Check that the whole QR code/)
  })
})

describe('Steam, Yandex and mOTP links', () => {
  const steamForms = [
    `otpauth://steam/Steam:gaben?secret=${S}&issuer=Steam`,
    `otpauth://totp/Steam:gaben?secret=${S}&issuer=Steam`,
    `otpauth://totp/Valve:gaben?secret=${S}&steam`,
    `otpauth://totp/Valve:gaben?secret=${S}&encoder=steam&digits=5`
  ]
  it.each(steamForms)('%s is Steam Guard with 5 characters, and round-trips', (uri) => {
    const a = parseOtpauthUri(uri)
    expect(a.otp).toMatchObject({ type: 'steam', digits: 5, period: 30, algorithm: 'SHA1' })
    expect(a.label).toBe('gaben')
    expect(formatOtpauthUri(a).startsWith('otpauth://steam/')).toBe(true)
    expect(parseOtpauthUri(formatOtpauthUri(a))).toEqual(a)
    expect(codeView({ id: 'x', otp: a.otp }, 0).code).toMatch(/^[23456789BCDFGHJKMNPQRTVWXY]{5}$/)
  })
  it('reads Bitwarden/Aegis steam://SECRET as a Steam account named Steam', () => {
    const a = parseOtpauthUri(`steam://${S}`)
    expect(a).toEqual({
      issuer: 'Steam',
      label: '',
      otp: { type: 'steam', secret: S, algorithm: 'SHA1', digits: 5, period: 30, counter: 0 }
    })
    expect(parseOtpauthUri(formatOtpauthUri(a))).toEqual(a)
  })
  it('keeps a totp account whose issuer is Steam but asks for 6 digits a totp account', () => {
    const a = parseOtpauthUri(`otpauth://totp/Steam:x?secret=${S}&digits=6`)
    expect(a.otp.type).toBe('totp')
    expect(formatOtpauthUri(a)).toContain('digits=6')
    expect(parseOtpauthUri(formatOtpauthUri(a))).toEqual(a)
  })
  it('keeps the Yandex pin and defaults the issuer to Yandex', () => {
    const a = parseOtpauthUri('otpauth://yaotp/bob?secret=ORSXG5DJNZTXIZLTORUW4ZZRGI&pin_length=4')
    expect(a).toMatchObject({ issuer: 'Yandex', label: 'bob', otp: { type: 'yandex', digits: 8 } })
    expect(a.otp.pin).toBeUndefined()
    const b = parseOtpauthUri('otpauth://yandex/bob?secret=ORSXG5DJNZTXIZLTORUW4ZZRGI&pin=5239')
    expect(b.otp.pin).toBe('5239')
    expect(parseOtpauthUri(formatOtpauthUri(b))).toEqual(b)
  })
  it('gives Yandex accounts SHA256, the HMAC the scheme uses, whatever the link says', () => {
    const u = 'otpauth://yandex/bob?secret=ORSXG5DJNZTXIZLTORUW4ZZRGI&pin=1'
    expect(parseOtpauthUri(u).otp.algorithm).toBe('SHA256')
    expect(parseOtpauthUri(`${u}&algorithm=SHA1`).otp.algorithm).toBe('SHA256')
    expect(formatOtpauthUri(parseOtpauthUri(u))).not.toContain('algorithm')
  })
  it('reads motp:// with a hex secret and otpauth://motp/ with base32, both 10-second steps', () => {
    const a = parseOtpauthUri('motp://ACME:bob?secret=E3152AFEE62599C8&pin=1234')
    expect(a).toMatchObject({
      issuer: 'ACME',
      label: 'bob',
      otp: { type: 'motp', period: 10, pin: '1234' }
    })
    expect(Buffer.from(base32ToBytes(a.otp.secret)).toString('hex')).toBe('e3152afee62599c8')
    expect(codeView({ id: 'm', otp: a.otp }, 165_892_298_000).code).toBe('e7d8b6')
    expect(formatOtpauthUri(a)).toBe('motp://ACME:bob?secret=e3152afee62599c8&pin=1234')
    const b = parseOtpauthUri(`otpauth://motp/ACME:bob?secret=${a.otp.secret}&pin=1234`)
    expect(b).toEqual(a)
  })
})

describe('Aegis plain.txt (one URI per line) against EXPECTED.json', () => {
  interface V {
    id: string
    type: OtpType
    issuer: string
    name: string
    secret: string
    algorithm: string
    digits: number
    period?: number
    counter?: number
    otp_at_unix_1700000000?: string
    otp_at_stored_counter?: string
  }
  const vectors = readCorpusJson<{ vectors: V[] }>('aegis', 'EXPECTED.json').vectors
  const lines = readCorpus('aegis', 'importers', 'plain.txt')
    .toString('utf8')
    .split('\n')
    .filter(Boolean)
  it('has the 7 lines the manifest lists', () => expect(lines).toHaveLength(7))
  it.each(lines)('%s', (line) => {
    const a = parseOtpauthUri(line)
    const v = vectors.find((x) => x.secret === a.otp.secret)
    expect(v).toBeDefined()
    if (!v) return
    expect(a.issuer).toBe(v.issuer)
    expect(a.label).toBe(v.name)
    expect(a.otp).toMatchObject({ type: v.type, algorithm: v.algorithm, digits: v.digits })
    if (v.type === 'hotp') expect(a.otp.counter).toBe(v.counter)
    else expect(a.otp.period).toBe(v.period)
    expect(codeView({ id: v.id, otp: a.otp }, 1_700_000_000_000).code).toBe(
      v.otp_at_unix_1700000000 ?? v.otp_at_stored_counter
    )
    expect(parseOtpauthUri(formatOtpauthUri(a))).toEqual(a)
  })
})

describe('formatOtpauthUri', () => {
  const base: OtpParams = {
    type: 'totp',
    secret: S,
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    counter: 0
  }
  it('writes the Key URI Format layout, omitting defaults', () => {
    expect(formatOtpauthUri({ issuer: 'ACME Co', label: 'john@example.com', otp: base })).toBe(
      `otpauth://totp/ACME%20Co%3Ajohn%40example.com?secret=${S}&issuer=ACME%20Co`
    )
    expect(
      formatOtpauthUri({
        issuer: '',
        label: 'x',
        otp: { ...base, type: 'hotp', counter: 0, algorithm: 'SHA512', digits: 10 }
      })
    ).toBe(`otpauth://hotp/x?secret=${S}&algorithm=SHA512&digits=10&counter=0`)
  })
  it('writes a canonical secret even when the stored one has padding or lower case', () => {
    expect(
      formatOtpauthUri({
        issuer: 'a',
        label: 'b',
        otp: { ...base, secret: 'jbswy3dpehpk3pxp====' }
      })
    ).toContain(`secret=${S}&`)
  })

  // A tiny deterministic generator (no Math.random: failures must be reproducible).
  let seed = 12345
  const rnd = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff
    return seed % n
  }
  const pieces = [
    'a',
    'B',
    ' ',
    ':',
    '%',
    '+',
    '#',
    '&',
    '=',
    '?',
    '/',
    '@',
    'é',
    '鸭',
    '😀',
    '%3A',
    'Steam',
    'steam',
    '-'
  ]
  const text = (): string => {
    let s = ''
    for (let i = rnd(6); i > 0; i--) s += pieces[rnd(pieces.length)]
    return s.trim()
  }
  const types: OtpType[] = ['totp', 'hotp', 'steam', 'motp', 'yandex']
  const cases: NewAccount[] = []
  for (let i = 0; i < 400; i++) {
    const type = types[i % types.length] ?? 'totp'
    let issuer = text()
    const label = text()
    if (type === 'yandex' && issuer === '') issuer = 'Yandex' // parse defaults an empty Yandex issuer
    if (issuer === '' && label === '') issuer = 'x'
    const digits = { totp: 6 + rnd(5), hotp: 6 + rnd(5), steam: 5, motp: 6, yandex: 8 }[type]
    const secret =
      type === 'yandex' ? 'ORSXG5DJNZTXIZLTORUW4ZZRGI' : type === 'motp' ? 'GDW4ZDW24UFGA' : S
    cases.push({
      issuer,
      label,
      otp: {
        type,
        secret,
        algorithm:
          type === 'totp' || type === 'hotp'
            ? ((['SHA1', 'SHA256', 'SHA512'] as const)[rnd(3)] ?? 'SHA1')
            : type === 'yandex'
              ? 'SHA256'
              : 'SHA1',
        digits,
        period:
          type === 'hotp'
            ? 30
            : type === 'motp'
              ? ([10, 30][rnd(2)] ?? 10)
              : ([30, 60, 7][rnd(3)] ?? 30),
        counter: type === 'hotp' ? rnd(1_000_000) : 0,
        ...(type === 'motp' || type === 'yandex' ? { pin: String(1000 + rnd(9000)) } : {})
      }
    })
  }
  it('round-trips 400 generated accounts with awkward names (colons, %, +, #, emoji, "Steam")', () => {
    for (const a of cases) {
      const uri = formatOtpauthUri(a)
      expect({ uri, back: parseOtpauthUri(uri) }).toEqual({ uri, back: a })
    }
  })
})
