import { AppError } from '../../../shared/errors'
import type { HashAlgorithm, NewAccount, OtpParams, OtpType } from '../../../shared/model'
import {
  bytesToBase32,
  DEFAULT_DIGITS,
  DEFAULT_PERIOD,
  normalizeBase32,
  validateOtpParams
} from '../otp'

/*
 * otpauth:// parsing, following Google's Key URI Format (otpauth://TYPE/LABEL?PARAMETERS) and
 * the variants real apps export. Decisions where public implementations disagree, each chosen so
 * that no information in the URI is dropped:
 *
 * - Issuer: a non-empty `issuer` parameter is authoritative (Google Authenticator, hectorm). The
 *   label prefix is used when the parameter is missing or empty. When both are set and differ
 *   (case-insensitively), the parameter is the issuer and the label keeps its full text,
 *   "Prefix:account", so the prefix is not silently lost; equal ones collapse to the account.
 * - ":alice" (empty prefix) means no issuer in the label; account "alice".
 * - A label without a colon is the account name (Google, hectorm, Ente), except when it equals
 *   the issuer parameter: then it is only the issuer (what Stratum writes for accounts with no
 *   user name) and the account name is empty. Nothing is lost: the text is in the issuer.
 * - A missing or empty label is accepted when an issuer parameter names the account; with
 *   neither there is nothing to show the user, so it is rejected.
 * - Labels are percent-decoded but '+' stays a plus (it is a path; e-mail addresses such as
 *   alice+work@example.com are common). Parameter values are form-decoded: '+' is a space
 *   (Aegis writes issuer=Air+Canada). Invalid percent escapes are kept as typed. A '#' is part of
 *   the label, not a fragment (Ente's "Mongo Atlas:Acc !@#444" case).
 * - Unknown parameters (icon, image, color, codeDisplay, algo, extra, ...) are IGNORED: the
 *   account model has no place for them, they are presentational, and keeping arbitrary
 *   attacker-chosen values (image URLs) in the vault would only add risk.
 * - A parameter given twice with different values is rejected (which secret is meant?).
 * - hotp requires `counter` (Key URI Format: REQUIRED); guessing 0 would silently
 *   desynchronise an account whose server is past 0. `counter` on other types is ignored.
 * - Steam: otpauth://steam/..., steam://SECRET (Aegis, Bitwarden), and on otpauth://totp a
 *   `steam` or `encoder=steam` parameter (Stratum, KeeWeb), or the issuer "Steam" unless the URI
 *   asks for digits other than 5 (steamguard-cli / SDA links).
 * - Yandex: otpauth://yandex/ (Ente, Aegis) and otpauth://yaotp/ (Stratum); `pin` is kept,
 *   `pin_length` is checked but not stored (no field; it is only a UI hint). Issuer defaults to
 *   "Yandex".
 * - mOTP: motp://issuer:account?secret=HEX (the mOTP format, Stratum) with a hex init-secret,
 *   and otpauth://motp/...?secret=BASE32 (Aegis); there a secret that is not base32 but is hex
 *   is read as hex. Default period 10 s.
 */

const MAX_URI_LENGTH = 64 * 1024

const TYPES: Readonly<Record<string, OtpType>> = {
  totp: 'totp',
  hotp: 'hotp',
  steam: 'steam',
  yandex: 'yandex',
  yaotp: 'yandex',
  motp: 'motp'
}

function reject(problem: string, cause?: unknown): AppError {
  return new AppError(
    'INVALID_URI',
    `This link cannot be added: ${problem}. Check that the whole QR code or link was used, or enter the key by hand.`,
    cause === undefined ? undefined : { cause }
  )
}

/**
 * The first sentence of an engine error, lower-cased, to embed in our own message: "The secret
 * is not valid base32: ..." becomes "secret is not valid base32: ...".
 */
function problemOf(e: AppError): string {
  const first = e.message.split('. ')[0] ?? e.message
  const trimmed = first.replace(/^The secret /, 'secret ')
  return trimmed.charAt(0).toLowerCase() + trimmed.slice(1)
}

/** Percent-decodes, keeping malformed escapes as typed instead of failing the whole URI. */
function percentDecode(s: string): string {
  return s.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run)
    } catch {
      return run
    }
  })
}

/** Query parameters by lower-cased name, values decoded. */
type Params = ReadonlyMap<string, string>

function parseQuery(query: string): Params {
  const map = new Map<string, string>()
  for (const part of query.split('&')) {
    if (part === '') continue
    const eq = part.indexOf('=')
    const rawKey = eq < 0 ? part : part.slice(0, eq)
    const rawValue = eq < 0 ? '' : part.slice(eq + 1)
    const key = percentDecode(rawKey.replace(/\+/g, ' ')).trim().toLowerCase()
    const value = percentDecode(rawValue.replace(/\+/g, ' '))
    const seen = map.get(key)
    if (seen !== undefined && seen !== value) {
      throw reject(`the parameter '${key}' appears twice with different values`)
    }
    map.set(key, value)
  }
  return map
}

function wholeNumber(params: Params, name: string, min: number): number | undefined {
  const raw = params.get(name)
  // An empty value (`digits=`) says nothing; it reads as absent, like `issuer=`.
  if (raw === undefined || raw.trim() === '') return undefined
  const s = raw.trim()
  const n = /^\d+$/.test(s) ? Number(s) : Number.NaN
  if (n > Number.MAX_SAFE_INTEGER) {
    throw reject(`${name} '${s}' is too large (at most ${Number.MAX_SAFE_INTEGER})`)
  }
  if (!Number.isSafeInteger(n) || n < min) {
    throw reject(
      `${name} must be a whole number${min > 0 ? ` of at least ${min}` : ', 0 or more'} (got '${raw}')`
    )
  }
  return n
}

function algorithmOf(params: Params, type: OtpType): HashAlgorithm {
  // Yandex is HMAC-SHA256 by definition; whatever the link says would not change its codes.
  if (type === 'yandex') return 'SHA256'
  const raw = params.get('algorithm')
  if (raw === undefined || raw.trim() === '') return 'SHA1'
  const key = raw.trim().toUpperCase().replace(/[-_]/, '')
  if (key === 'SHA1' || key === 'SHA256' || key === 'SHA512') return key
  throw reject(`unsupported algorithm '${raw}' (Tessera supports SHA1, SHA256 and SHA512)`)
}

function secretFromBase32(raw: string | undefined): string {
  if (raw === undefined) throw reject('secret is missing')
  try {
    return normalizeBase32(raw)
  } catch (e) {
    if (e instanceof AppError) throw reject(problemOf(e), e)
    throw e
  }
}

function secretFromHex(raw: string | undefined): string {
  if (raw === undefined) throw reject('secret is missing')
  const s = raw.replace(/[\s-]/g, '')
  if (s === '') throw reject('secret is empty')
  if (!/^[0-9a-fA-F]+$/.test(s) || s.length % 2 !== 0) {
    throw reject(
      'the mOTP secret is not hexadecimal (expected an even number of characters 0-9, a-f)'
    )
  }
  return bytesToBase32(Buffer.from(s, 'hex'))
}

interface Label {
  prefix: string | undefined
  account: string
}

function splitLabel(raw: string): Label {
  const label = percentDecode(raw)
  const colon = label.indexOf(':')
  if (colon < 0) return { prefix: undefined, account: label.trim() }
  return { prefix: label.slice(0, colon).trim(), account: label.slice(colon + 1).trim() }
}

function resolveNames(
  label: Label,
  issuerParam: string | undefined
): { issuer: string; label: string } {
  const param = issuerParam?.trim() ?? ''
  const { prefix, account } = label
  if (prefix === undefined) {
    if (param !== '' && account === param) return { issuer: param, label: '' }
    return { issuer: param, label: account }
  }
  if (param === '' || prefix === '') return { issuer: param || prefix, label: account }
  if (prefix.toLowerCase() === param.toLowerCase()) return { issuer: param, label: account }
  return { issuer: param, label: account === '' ? prefix : `${prefix}:${account}` }
}

/** Options of {@link parseOtpauthUri}. */
export interface ParseOtpauthOptions {
  /**
   * Accept a link that names no account (empty label and issuer). A single link the user adds
   * must name something to show; a line of a backup file need not (an unnamed entry is kept so
   * it is not lost, and can be named afterwards), or Tessera's own URI export of an unnamed
   * account would not import back.
   */
  allowUnnamed?: boolean
}

function finish(
  issuer: string,
  label: string,
  otp: OtpParams,
  opts: ParseOtpauthOptions
): NewAccount {
  if (issuer === '' && label === '' && !opts.allowUnnamed) {
    throw reject('it names no account (the label and the issuer are both empty)')
  }
  try {
    validateOtpParams(otp)
  } catch (e) {
    if (e instanceof AppError) throw reject(problemOf(e), e)
    throw e
  }
  return { issuer, label, otp }
}

function parseSteamScheme(rest: string, opts: ParseOtpauthOptions): NewAccount {
  const secret = secretFromBase32(percentDecode(rest.replace(/[/?#].*$/s, '')))
  return finish(
    'Steam',
    '',
    {
      type: 'steam',
      secret,
      algorithm: 'SHA1',
      digits: 5,
      period: 30,
      counter: 0
    },
    opts
  )
}

function parseMotpScheme(rest: string, opts: ParseOtpauthOptions): NewAccount {
  const q = rest.indexOf('?')
  const rawLabel = (q < 0 ? rest : rest.slice(0, q)).replace(/^\/+/, '').replace(/\/+$/, '')
  const params = parseQuery(q < 0 ? '' : rest.slice(q + 1))
  const names = resolveNames(splitLabel(rawLabel), params.get('issuer'))
  const pin = params.get('pin')
  return finish(
    names.issuer,
    names.label,
    {
      type: 'motp',
      secret: secretFromHex(params.get('secret')),
      algorithm: 'SHA1',
      digits: wholeNumber(params, 'digits', 1) ?? DEFAULT_DIGITS.motp,
      period: wholeNumber(params, 'period', 1) ?? DEFAULT_PERIOD.motp,
      counter: 0,
      ...(pin ? { pin } : {})
    },
    opts
  )
}

function parseOtpauth(rest: string, opts: ParseOtpauthOptions): NewAccount {
  const q = rest.indexOf('?')
  const path = q < 0 ? rest : rest.slice(0, q)
  const slash = path.indexOf('/')
  const rawType = percentDecode(slash < 0 ? path : path.slice(0, slash))
    .trim()
    .toLowerCase()
  if (rawType === '')
    throw reject('the type is missing (expected otpauth://totp/... or otpauth://hotp/...)')
  let type = TYPES[rawType]
  if (type === undefined) throw reject(`unsupported type '${rawType}' (use totp or hotp)`)
  const rawLabel = slash < 0 ? '' : path.slice(slash + 1)
  const params = parseQuery(q < 0 ? '' : rest.slice(q + 1))
  const names = resolveNames(splitLabel(rawLabel), params.get('issuer'))

  const explicitDigits = wholeNumber(params, 'digits', 1)
  if (type === 'totp') {
    const flagged = params.has('steam') || params.get('encoder')?.trim().toLowerCase() === 'steam'
    // "Steam" as issuer, or as the whole label of an account with no issuer.
    const steamName = (names.issuer || names.label).toLowerCase() === 'steam'
    const byIssuer = steamName && (explicitDigits === undefined || explicitDigits === 5)
    if (flagged || byIssuer) type = 'steam'
  }
  const secret =
    type === 'motp' && !/^[A-Za-z2-7\s=-]*$/.test(params.get('secret') ?? '')
      ? secretFromHex(params.get('secret'))
      : secretFromBase32(params.get('secret'))

  let counter = 0
  if (type === 'hotp') {
    const c = wholeNumber(params, 'counter', 0)
    if (c === undefined) throw reject('counter is required for hotp')
    counter = c
  }
  if (type === 'yandex') wholeNumber(params, 'pin_length', 1)
  const pin = params.get('pin')
  const digits = type === 'steam' ? 5 : (explicitDigits ?? DEFAULT_DIGITS[type])
  const issuer = type === 'yandex' && names.issuer === '' ? 'Yandex' : names.issuer
  return finish(
    issuer,
    names.label,
    {
      type,
      secret,
      algorithm: algorithmOf(params, type),
      digits,
      period: type === 'hotp' ? 30 : (wholeNumber(params, 'period', 1) ?? DEFAULT_PERIOD[type]),
      counter,
      ...(pin && (type === 'motp' || type === 'yandex') ? { pin } : {})
    },
    opts
  )
}

/**
 * Parses an otpauth:// URI (also steam:// and motp://) into a new account. The secret comes
 * back canonical (upper-case base32, no padding); missing parameters take the Key URI Format
 * defaults (SHA1, 6 digits, 30 s; 5 digits for Steam, 8 for Yandex, 10 s for mOTP).
 *
 * @throws AppError INVALID_URI naming the exact problem: "not an otpauth URI", "secret is
 *   missing", "secret is not valid base32: ...", "digits must be between 6 and 10", "counter is
 *   required for hotp", "unsupported type 'foo'", "unsupported algorithm 'MD5'", "it names no
 *   account" (unless `opts.allowUnnamed`), ...
 */
export function parseOtpauthUri(uri: string, opts: ParseOtpauthOptions = {}): NewAccount {
  if (typeof uri !== 'string') throw reject('not an otpauth URI (no text was given)')
  if (uri.length > MAX_URI_LENGTH) throw reject('the text is too long to be an otpauth URI')
  const s = uri.trim()
  const m = /^([a-z][a-z0-9+.-]*):\/\/(.*)$/is.exec(s)
  const scheme = m?.[1]?.toLowerCase()
  const rest = m?.[2] ?? ''
  switch (scheme) {
    case 'otpauth':
      return parseOtpauth(rest, opts)
    case 'steam':
      return parseSteamScheme(rest, opts)
    case 'motp':
      return parseMotpScheme(rest, opts)
    case 'otpauth-migration':
      throw reject(
        'this is a Google Authenticator export (otpauth-migration), not a single account; use Import instead'
      )
    default:
      throw reject('not an otpauth URI (it should start with otpauth://)')
  }
}
