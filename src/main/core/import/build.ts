import { AppError } from '../../../shared/errors'
import type { HashAlgorithm, NewAccount, OtpType } from '../../../shared/model'
import { HASH_ALGORITHMS, OTP_TYPES } from '../../../shared/model'
import { base32ToBytes, bytesToBase32, validateOtpParams } from '../otp'
import { admitAccount, admitReason } from '../accounts/admit'
import type { ImportFailure, ImportResult } from './types'
import { EntryError } from './errors'
import { describeValue } from './util'

/** Raw facts an importer read for one entry, before validation. */
export interface RawEntry {
  issuer?: unknown
  label?: unknown
  type?: unknown
  /** base32 text, or raw key bytes. */
  secret?: unknown
  algorithm?: unknown
  digits?: unknown
  period?: unknown
  counter?: unknown
  pin?: unknown
  tags?: unknown
  favorite?: unknown
  note?: unknown
}

const MAX_TEXT = 2048
const MAX_NOTE = 65_536
/** Entries read from one file at most; the largest real vaults hold a few thousand. */
export const MAX_ENTRIES = 10_000

function text(value: unknown, field: string, max = MAX_TEXT): string {
  if (value === undefined || value === null) return ''
  if (typeof value !== 'string') throw new EntryError(`its ${field} is not text`)
  if (value.length > max) throw new EntryError(`its ${field} is longer than ${max} characters`)
  return value.trim()
}

function integer(value: unknown, field: string, fallback: number): number {
  if (value === undefined || value === null || value === '') return fallback
  const n = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) {
    throw new EntryError(`its ${field} (${describeValue(value)}) is not a whole number`)
  }
  return n
}

function otpType(value: unknown): OtpType {
  const t = typeof value === 'string' ? value.trim().toLowerCase() : value
  if (t === undefined || t === null || t === '') return 'totp'
  if (typeof t === 'string' && (OTP_TYPES as readonly string[]).includes(t)) return t as OtpType
  throw new EntryError(`unsupported type "${describeValue(value)}"`)
}

function algorithm(value: unknown, type: OtpType): HashAlgorithm {
  if (type === 'motp') return 'SHA1' // mOTP is MD5 by definition; the field is not used for it
  if (type === 'yandex') return 'SHA256'
  if (value === undefined || value === null || value === '') return 'SHA1'
  const a = typeof value === 'string' ? value.trim().toUpperCase().replace('-', '') : ''
  if ((HASH_ALGORITHMS as readonly string[]).includes(a)) return a as HashAlgorithm
  throw new EntryError(`unsupported algorithm "${describeValue(value)}"`)
}

function secretOf(value: unknown): string {
  let bytes: Uint8Array
  if (value instanceof Uint8Array) {
    bytes = value
  } else if (typeof value === 'string') {
    if (value.length > 1024) throw new EntryError('the secret is longer than 1024 characters')
    try {
      bytes = base32ToBytes(value)
    } catch (err) {
      if (err instanceof AppError) throw new EntryError('secret is not valid base32')
      throw err
    }
  } else {
    throw new EntryError('it has no secret')
  }
  if (bytes.length === 0) throw new EntryError('its secret is empty')
  if (bytes.length > 640) throw new EntryError('its secret is longer than any authenticator uses')
  return bytesToBase32(bytes)
}

/**
 * Validates what an importer read and turns it into a NewAccount.
 * @throws EntryError with a reason for the review screen ("unsupported type", ...).
 */
export function buildAccount(raw: RawEntry): NewAccount {
  const type = otpType(raw.type)
  const algo = algorithm(raw.algorithm, type)
  let digits = integer(raw.digits, 'number of digits', 6)
  let period = integer(raw.period, 'period', 30)
  const counter = type === 'hotp' ? integer(raw.counter, 'counter', 0) : 0
  if (type === 'steam') digits = 5
  else if (type === 'motp') {
    digits = 6
    if (raw.period === undefined || raw.period === null) period = 10
  } else if (type === 'yandex') digits = 8
  else if (digits < 6 || digits > 10) {
    throw new EntryError(`${digits}-digit codes are not supported (6 to 10 are)`)
  }
  if (type !== 'hotp' && (period < 1 || period > 86_400)) {
    throw new EntryError(`a period of ${period} seconds is not supported`)
  }
  const secret = secretOf(raw.secret)
  const pin = text(raw.pin, 'PIN')
  const account: NewAccount = {
    issuer: text(raw.issuer, 'issuer'),
    label: text(raw.label, 'name'),
    otp: { type, secret, algorithm: algo, digits, period: type === 'hotp' ? 30 : period, counter }
  }
  if (pin !== '') account.otp.pin = pin
  try {
    validateOtpParams(account.otp)
  } catch (err) {
    if (err instanceof AppError) throw new EntryError(err.message)
    throw err
  }
  const tags = tagsOf(raw.tags)
  if (tags.length > 0) account.tags = tags
  if (raw.favorite === true) account.favorite = true
  const note = text(raw.note, 'note', MAX_NOTE)
  if (note !== '') account.note = note
  // The same check as every other way in (secret length, name length, hidden characters).
  try {
    return admitAccount(account)
  } catch (err) {
    throw new EntryError(admitReason(err))
  }
}

function tagsOf(value: unknown): string[] {
  if (!Array.isArray(value)) return []
  const out: string[] = []
  for (const t of value.slice(0, 64)) {
    if (typeof t === 'string' && t.trim() !== '' && t.length <= 200 && !out.includes(t.trim())) {
      out.push(t.trim())
    }
  }
  return out
}

/** A display name for an entry that failed, from whatever the source had. */
export function entryName(issuer: unknown, label: unknown, fallback: string): string {
  const i = typeof issuer === 'string' ? issuer.trim().slice(0, 100) : ''
  const l = typeof label === 'string' ? label.trim().slice(0, 100) : ''
  if (i && l) return `${i} (${l})`
  return i || l || fallback
}

/**
 * Collects accounts and per-entry failures. `add` runs one entry's conversion and records an
 * EntryError (or an AppError about that entry) as a failure instead of aborting the file.
 */
export class ResultBuilder {
  readonly accounts: ImportResult['accounts'] = []
  readonly failed: ImportFailure[] = []
  private entries = 0

  /** Refuses files with more entries than any real backup, before parsing them all. */
  private count(): void {
    if (++this.entries > MAX_ENTRIES) {
      throw new AppError(
        'UNSUPPORTED',
        `This backup holds more than ${MAX_ENTRIES} entries, more than Tessera imports at once. Split it, or check that it is the right file.`,
        { details: { tooManyEntries: true } }
      )
    }
  }

  add(
    name: string,
    convert: () => ReturnType<typeof buildAccount> | ReturnType<typeof buildAccount>[]
  ): void {
    this.count()
    try {
      const out = convert()
      if (Array.isArray(out)) this.accounts.push(...out)
      else this.accounts.push(out)
    } catch (err) {
      if (err instanceof EntryError) this.failed.push({ name, reason: err.reason })
      else if (err instanceof AppError && err.code !== 'INTERNAL' && !err.details?.tooManyEntries) {
        this.failed.push({ name, reason: err.message })
      } else throw err
    }
  }

  fail(name: string, reason: string): void {
    this.count()
    this.failed.push({ name, reason })
  }

  result(): ImportResult {
    return { accounts: this.accounts, failed: this.failed }
  }
}
