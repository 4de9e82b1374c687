/**
 * Google Authenticator "Transfer accounts" QR payloads: `otpauth-migration://offline?data=...`
 * where `data` is base64 of a protobuf `MigrationPayload` (schema in `../qr/proto`). Decoding and
 * encoding go through @bufbuild/protobuf with the generated schema; nothing is parsed by hand.
 *
 * Format facts: algorithm/digits/type enums have an "unspecified" 0 that means SHA1 / 6 digits /
 * TOTP; there is no period field (always 30 s); `name` may carry an "Issuer:" prefix; an export
 * of many accounts is split over several QR codes sharing `batch_id`, numbered by `batch_index`
 * out of `batch_size`.
 */
import { create, fromBinary, toBinary } from '@bufbuild/protobuf'
import { AppError } from '../../../shared/errors'
import type { HashAlgorithm, NewAccount } from '../../../shared/model'
import type { MigrationBatchView } from '../../../shared/scan'
import { admitAccount, admitReason } from '../accounts/admit'
import { base32ToBytes, bytesToBase32 } from '../otp'
import {
  type MigrationPayload,
  MigrationPayload_Algorithm as Algorithm,
  MigrationPayload_DigitCount as DigitCount,
  MigrationPayload_OtpParametersSchema as OtpParametersSchema,
  MigrationPayload_OtpType as OtpType,
  MigrationPayloadSchema
} from '../qr/proto/google_auth_migration_pb'

/** Where one QR sits in a multi-QR export. `size` is 1 for a single-QR export. */
export interface MigrationBatchInfo {
  /** Number of QR codes in the whole export (>= 1). */
  size: number
  /** This code's position, 0-based. */
  index: number
  /** Shared by every code of one export. */
  id: number
}

/** An entry of the payload that cannot become an account, with the reason in plain words. */
export interface MigrationSkipped {
  name: string
  issuer: string
  reason: string
}

/** What one `otpauth-migration` QR holds. */
export interface MigrationDecoded {
  accounts: NewAccount[]
  skipped: MigrationSkipped[]
  /** Payload format version (0 when the exporter did not write it). */
  version: number
  batch: MigrationBatchInfo
}

/** Progress of one multi-QR export across the codes scanned so far (shared's view). */
export type MigrationBatchProgress = MigrationBatchView

const SCHEME = 'otpauth-migration:'

/**
 * Most codes one export may say it has. Google Authenticator puts about ten accounts in a code,
 * so this is 10,000 accounts; a hostile code claiming two billion parts made the "still
 * missing" list take the main process minutes and gigabytes.
 */
export const MAX_BATCH_SIZE = 1000

/** Missing codes named one by one in a progress message; the rest are counted. */
const MISSING_LISTED = 10

/** Whether `text` (trimmed) is an `otpauth-migration:` URI. */
export function isMigrationUri(text: string): boolean {
  return text.trim().toLowerCase().startsWith(SCHEME)
}

function invalid(what: string, cause?: unknown): AppError {
  return new AppError(
    'MIGRATION_INVALID',
    `This Google Authenticator export code could not be read: ${what}. ` +
      'Export the accounts again in Google Authenticator and scan the new code.',
    cause === undefined ? undefined : { cause }
  )
}

/** Extracts the `data` parameter keeping a literal '+' (form decoding would make it a space). */
function dataParam(uri: string): string {
  const q = uri.indexOf('?')
  if (q < 0) throw invalid('it has no data')
  const query = uri.slice(q + 1).split('#')[0] ?? ''
  for (const part of query.split('&')) {
    const eq = part.indexOf('=')
    const key = eq < 0 ? part : part.slice(0, eq)
    if (key.toLowerCase() !== 'data') continue
    try {
      return decodeURIComponent(part.slice(eq + 1))
    } catch (cause) {
      throw invalid('its data is not correctly escaped', cause)
    }
  }
  throw invalid('it has no data')
}

function base64ToBytes(text: string): Uint8Array {
  // Accept the standard and URL-safe alphabets, with or without padding; spaces are what a
  // form-decoder left of '+'.
  const s = text.replace(/ /g, '+').replace(/-/g, '+').replace(/_/g, '/').replace(/\s+/g, '')
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s) || s.replace(/=+$/, '').length % 4 === 1) {
    throw invalid('its data is not base64')
  }
  const bytes = Buffer.from(s, 'base64')
  if (bytes.length === 0) throw invalid('its data is empty')
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length)
}

const ALGORITHMS: Partial<Record<Algorithm, HashAlgorithm>> = {
  [Algorithm.UNSPECIFIED]: 'SHA1',
  [Algorithm.SHA1]: 'SHA1',
  [Algorithm.SHA256]: 'SHA256',
  [Algorithm.SHA512]: 'SHA512'
}

const DIGITS: Partial<Record<DigitCount, number>> = {
  [DigitCount.UNSPECIFIED]: 6,
  [DigitCount.SIX]: 6,
  [DigitCount.EIGHT]: 8,
  [DigitCount.SEVEN]: 7
}

/** Splits "Issuer:label" when the prefix is the issuer; otherwise keeps the name whole. */
function labelFrom(name: string, issuer: string): string {
  const trimmed = name.trim()
  if (issuer) {
    const prefix = `${issuer}:`
    if (trimmed.startsWith(prefix)) return trimmed.slice(prefix.length).trim()
  }
  return trimmed
}

/**
 * Decodes the protobuf bytes of a `MigrationPayload`.
 *
 * @throws AppError MIGRATION_INVALID when the bytes are not a payload or hold no entries.
 */
export function decodeMigrationPayload(bytes: Uint8Array): MigrationDecoded {
  let payload: MigrationPayload
  try {
    payload = fromBinary(MigrationPayloadSchema, bytes)
  } catch (cause) {
    throw invalid('its data is damaged or not a Google Authenticator export', cause)
  }
  if (payload.otpParameters.length === 0) throw invalid('it holds no accounts')
  const accounts: NewAccount[] = []
  const skipped: MigrationSkipped[] = []
  for (const p of payload.otpParameters) {
    const issuer = p.issuer.trim()
    const label = labelFrom(p.name, issuer)
    const skip = (reason: string): void => {
      skipped.push({ name: p.name, issuer, reason })
    }
    const algorithm = ALGORITHMS[p.algorithm]
    if (!algorithm) {
      skip(
        p.algorithm === Algorithm.MD5
          ? 'it uses the MD5 algorithm, which Tessera does not support'
          : `it uses an unknown algorithm (${p.algorithm})`
      )
      continue
    }
    const digits = DIGITS[p.digits]
    if (digits === undefined) {
      skip(`it uses an unknown number of digits (${p.digits})`)
      continue
    }
    if (p.type !== OtpType.UNSPECIFIED && p.type !== OtpType.HOTP && p.type !== OtpType.TOTP) {
      skip(`it uses an unknown code type (${p.type})`)
      continue
    }
    if (p.secret.length === 0) {
      skip('it has no secret key')
      continue
    }
    const hotp = p.type === OtpType.HOTP
    const counter = hotp ? p.counter : 0n
    if (counter < 0n || counter > BigInt(Number.MAX_SAFE_INTEGER)) {
      skip(`its counter ${counter.toString()} is out of range`)
      continue
    }
    // The same check as every other way in: a 1,500-byte or 1-byte secret, a name hiding bidi
    // controls or thousands of characters long, is listed as skipped, never offered.
    try {
      accounts.push(
        admitAccount({
          issuer,
          label,
          otp: {
            type: hotp ? 'hotp' : 'totp',
            secret: bytesToBase32(p.secret),
            algorithm,
            digits,
            period: 30,
            counter: Number(counter)
          }
        })
      )
    } catch (err) {
      skip(admitReason(err))
    }
  }
  const size = Math.max(1, payload.batchSize)
  const index = payload.batchIndex
  if (size > MAX_BATCH_SIZE) {
    throw invalid(`it says it is one of ${size} codes, more than an export has`)
  }
  if (index < 0 || index >= size) {
    throw invalid(`it says it is code ${index + 1} of ${size}`)
  }
  return {
    accounts,
    skipped,
    version: payload.version,
    batch: { size, index, id: payload.batchId }
  }
}

/**
 * Decodes an `otpauth-migration://offline?data=...` URI. The data may be percent-encoded or
 * carry raw `+`, `/` and `=` (both occur in the wild).
 *
 * @throws AppError MIGRATION_INVALID when the text is not such a URI, or its data is not base64
 *   of a valid payload. The message says to export again.
 */
export function decodeMigrationUri(uri: string): MigrationDecoded {
  const text = uri.trim()
  if (!isMigrationUri(text)) throw invalid('it is not an otpauth-migration:// link')
  return decodeMigrationPayload(base64ToBytes(dataParam(text)))
}

/**
 * Why `account` cannot be moved to Google Authenticator, in plain words, or null when it can.
 * The format only carries TOTP/HOTP with a 30-second period, SHA1/SHA256/SHA512 and 6 or 8 digits.
 */
export function migrationIncompatibility(account: NewAccount): string | null {
  const o = account.otp
  if (o.type !== 'totp' && o.type !== 'hotp') return `${o.type} accounts cannot be transferred`
  if (o.type === 'totp' && o.period !== 30) return `its codes change every ${o.period} s, not 30 s`
  if (o.digits !== 6 && o.digits !== 8) return `it has ${o.digits}-digit codes (only 6 or 8 fit)`
  return null
}

const ALGORITHM_OUT: Record<HashAlgorithm, Algorithm> = {
  SHA1: Algorithm.SHA1,
  SHA256: Algorithm.SHA256,
  SHA512: Algorithm.SHA512
}

function randomBatchId(): number {
  return globalThis.crypto.getRandomValues(new Int32Array(1))[0] ?? 1
}

/**
 * Encodes accounts as Google Authenticator transfer URIs, `maxPerQr` accounts per code
 * (default 10, which keeps each code readable on a phone), all sharing one batch id so the
 * phone knows they belong together ("code 2 of 3").
 *
 * @throws AppError UNSUPPORTED naming the first account the format cannot carry (see
 *   {@link migrationIncompatibility}); filter them out first or export them another way.
 * @throws AppError INVALID_INPUT when the list is empty or `maxPerQr` is not a positive integer.
 */
export function encodeMigrationBatches(
  accounts: NewAccount[],
  opts: { maxPerQr?: number; batchId?: number } = {}
): string[] {
  const maxPerQr = opts.maxPerQr ?? 10
  if (!Number.isInteger(maxPerQr) || maxPerQr < 1) {
    throw new AppError('INVALID_INPUT', 'The number of accounts per QR code must be at least 1.')
  }
  if (accounts.length === 0) {
    throw new AppError('INVALID_INPUT', 'Choose at least one account to transfer.')
  }
  for (const a of accounts) {
    const why = migrationIncompatibility(a)
    if (why) {
      throw new AppError(
        'UNSUPPORTED',
        `"${a.issuer ? `${a.issuer}: ` : ''}${a.label}" cannot be moved to Google Authenticator: ${why}. ` +
          'Leave it out of the transfer or export it another way.'
      )
    }
  }
  const batchId = opts.batchId ?? randomBatchId()
  const size = Math.ceil(accounts.length / maxPerQr)
  const out: string[] = []
  for (let index = 0; index < size; index++) {
    const chunk = accounts.slice(index * maxPerQr, (index + 1) * maxPerQr)
    const payload = create(MigrationPayloadSchema, {
      otpParameters: chunk.map((a) =>
        create(OtpParametersSchema, {
          secret: base32ToBytes(a.otp.secret),
          name: a.issuer ? `${a.issuer}:${a.label}` : a.label,
          issuer: a.issuer,
          algorithm: ALGORITHM_OUT[a.otp.algorithm],
          digits: a.otp.digits === 8 ? DigitCount.EIGHT : DigitCount.SIX,
          type: a.otp.type === 'hotp' ? OtpType.HOTP : OtpType.TOTP,
          counter: a.otp.type === 'hotp' ? BigInt(a.otp.counter) : 0n
        })
      ),
      version: 1,
      batchSize: size,
      batchIndex: index,
      batchId
    })
    const data = Buffer.from(toBinary(MigrationPayloadSchema, payload)).toString('base64')
    out.push(`otpauth-migration://offline?data=${encodeURIComponent(data)}`)
  }
  return out
}

/**
 * Groups decoded codes by export (`batch.id`) and says which codes of each are still missing.
 * Pass every migration code scanned so far in this session, in any order, duplicates allowed.
 */
export function migrationBatchProgress(parts: MigrationDecoded[]): MigrationBatchProgress[] {
  const byId = new Map<string, { id: number; size: number; seen: Set<number> }>()
  for (const p of parts) {
    const key = `${p.batch.id}/${p.batch.size}`
    const entry = byId.get(key) ?? { id: p.batch.id, size: p.batch.size, seen: new Set<number>() }
    entry.seen.add(p.batch.index)
    byId.set(key, entry)
  }
  return [...byId.values()].map(({ id, size, seen }) => {
    const scanned = [...seen].sort((a, b) => a - b)
    const missing: number[] = []
    for (let i = 0; i < size; i++) if (!seen.has(i)) missing.push(i)
    const complete = missing.length === 0
    const listed = missing.slice(0, MISSING_LISTED).map((i) => i + 1)
    const list =
      missing.length > MISSING_LISTED
        ? `${listed.join(', ')} and ${missing.length - MISSING_LISTED} more`
        : listed.join(', ')
    const message = complete
      ? size === 1
        ? 'This export was a single code; every account in it was read.'
        : `All ${size} codes of this export were scanned.`
      : `Scanned ${scanned.length} of ${size} codes of this export; ` +
        `${missing.length === 1 ? 'code' : 'codes'} ${list} ${missing.length === 1 ? 'is' : 'are'} still missing. ` +
        'Show the next code in Google Authenticator and scan again.'
    return { id, size, scanned, missing, complete, message }
  })
}
