import { buildAccount, entryName, ResultBuilder } from './build'
import { corrupt, EntryError, notThisFormat } from './errors'
import type { ImportOptions, ImportResult } from './types'
import { bytesToText, isRecord, parseJsonText } from './util'

const NAME = 'FreeOTP+'

/** True for a FreeOTP+ JSON export (a `tokens` list). */
export function looksLikeFreeOtpPlus(json: unknown): boolean {
  return isRecord(json) && Array.isArray(json.tokens)
}

function secretBytes(value: unknown): Uint8Array {
  // FreeOTP keeps secrets as Java's signed bytes (-128..127).
  if (!Array.isArray(value) || value.length === 0 || value.length > 640)
    throw new EntryError('its secret is not a list of bytes')
  const out = new Uint8Array(value.length)
  value.forEach((b, i) => {
    if (typeof b !== 'number' || !Number.isInteger(b) || b < -128 || b > 255)
      throw new EntryError('its secret is not a list of bytes')
    out[i] = b & 0xff
  })
  return out
}

/**
 * Reads a FreeOTP+ JSON export (`tokens` with signed-byte secrets). HOTP counters are taken as
 * stored.
 * @throws AppError IMPORT_FORMAT, IMPORT_CORRUPT.
 */
export async function importFreeOtpPlus(
  bytes: Uint8Array,
  _options: ImportOptions
): Promise<ImportResult> {
  const json = parseJsonText(bytesToText(bytes), NAME)
  if (!looksLikeFreeOtpPlus(json) || !isRecord(json))
    throw notThisFormat(NAME, 'it has no token list')
  if (!Array.isArray(json.tokens)) throw corrupt(NAME, 'the token list is missing')
  const out = new ResultBuilder()
  json.tokens.forEach((t, i) => {
    const name = isRecord(t)
      ? entryName(t.issuerExt ?? t.issuerInt, t.label, `token ${i + 1}`)
      : `token ${i + 1}`
    out.add(name, () => {
      if (!isRecord(t)) throw new EntryError('it is not a token')
      return buildAccount({
        issuer: t.issuerExt ?? t.issuerInt,
        label: t.label,
        type: t.type,
        secret: secretBytes(t.secret),
        algorithm: t.algo,
        digits: t.digits,
        period: t.period,
        counter: t.counter
      })
    })
  })
  return out.result()
}
