import { AppError } from '../../../shared/errors'
import { MAX_IMPORT_FILE_BYTES } from '../../../shared/limits'
import { jsonDepthExceeds } from '../json-depth'
import { corrupt } from './errors'

/** Largest backup Tessera reads (declared once, in the IPC contract, which also caps the call). */
export const MAX_IMPORT_BYTES = MAX_IMPORT_FILE_BYTES

/** IMPORT_FORMAT for a file over {@link MAX_IMPORT_BYTES}: the same words from the app and the CLI. */
export function backupTooLarge(size: number): AppError {
  return new AppError(
    'IMPORT_FORMAT',
    `The file is ${Math.round(size / 1048576)} MiB; authenticator backups are far smaller. Choose the backup file itself.`
  )
}

const decoder = new TextDecoder('utf-8', { fatal: false })

/** File bytes as text, without a UTF-8 byte-order mark. */
export function bytesToText(bytes: Uint8Array): string {
  const text = decoder.decode(bytes)
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
}

/** Deepest JSON nesting read; real backups nest about five levels. */
export const MAX_JSON_DEPTH = 64

/**
 * JSON.parse that reports failure as IMPORT_CORRUPT for the named format. JSON nested deeper
 * than {@link MAX_JSON_DEPTH} is refused before parsing: parsing absurd nesting is slow, and an
 * import parses twice (detection and importer).
 */
export function parseJsonText(text: string, formatName: string): unknown {
  if (jsonDepthExceeds(text, MAX_JSON_DEPTH)) {
    throw corrupt(formatName, `its JSON is nested more than ${MAX_JSON_DEPTH} levels deep`)
  }
  try {
    return JSON.parse(text)
  } catch (err) {
    throw corrupt(formatName, 'its JSON cannot be read', err)
  }
}

/** A plain object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Strict hex decoding; null when the text is not even-length hex. */
export function hexToBytes(value: unknown): Buffer | null {
  if (typeof value !== 'string' || value.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(value))
    return null
  return Buffer.from(value, 'hex')
}

/** Strict base64 (standard or URL-safe, padding optional); null when the text is not base64. */
export function base64ToBytes(value: unknown): Buffer | null {
  if (typeof value !== 'string') return null
  const s = value.replace(/\s+/g, '')
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(s) || s.replace(/=+$/, '').length % 4 === 1) return null
  return Buffer.from(s.replace(/-/g, '+').replace(/_/g, '/'), 'base64')
}

/** UTF-8 bytes of a string. */
export const utf8 = (s: string): Buffer => Buffer.from(s, 'utf8')

/**
 * A short, safe rendering of an untrusted value for a message: never String() of an array or
 * object (a deeply nested one overflows the stack), never more than 20 characters.
 */
export function describeValue(value: unknown): string {
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'object' && value !== null) return 'an object'
  return String(value).slice(0, 20)
}
