import { AppError } from '../../../shared/errors'
import { IMPORT_FORMAT_LABELS } from '../../../shared/import-formats'
import { looksLikeAegis } from './aegis'
import { looksLikeAndOtp } from './andotp'
import { looksLikeBitwardenCsv, looksLikeBitwardenJson } from './bitwarden'
import { looksLikeEnteEncrypted } from './ente'
import { looksLikeFreeOtpPlus } from './freeotp-plus'
import { looksLikeProton } from './proton'
import { looksLikeTwoFas } from './twofas'
import type { ImportFormat } from './types'
import { bytesToText, isRecord, parseJsonText } from './util'

/** Human names of the formats, for messages and the review screen (declared in shared). */
export const FORMAT_NAMES: Readonly<Record<ImportFormat, string>> = IMPORT_FORMAT_LABELS

function notYet(app: string, hint: string): AppError {
  return new AppError(
    'UNSUPPORTED',
    `This looks like a backup from ${app}, which Tessera cannot import yet. ${hint}`,
    { details: { app } }
  )
}

const EXPORT_URIS =
  'If the app can export otpauth:// links or Google Authenticator QR codes, import those instead.'

function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  return magic.every((b, i) => bytes[i] === b)
}

/**
 * True when the bytes look like ciphertext rather than text: more than 3% control bytes (other
 * than tab and line breaks) in the first 1 KiB. Random data has about 10%; a text file with a
 * damaged byte or two has almost none, and is then read (and reported) as the text it is.
 */
function isBinary(bytes: Uint8Array): boolean {
  const head = bytes.subarray(0, 1024)
  let control = 0
  for (const b of head)
    if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) || b === 0x7f) control++
  return control > head.length * 0.03
}

function detectXml(text: string): never {
  if (text.includes('com.authy.')) throw notYet('Authy', EXPORT_URIS)
  if (text.includes('com.blizzard.')) throw notYet('the Battle.net Authenticator', EXPORT_URIS)
  if (text.includes('STATIC_TOTP_CODES_LIST')) throw notYet('TOTP Authenticator', EXPORT_URIS)
  if (/&quot;(algo|issuerExt)&quot;/.test(text)) {
    throw notYet(
      'FreeOTP or FreeOTP+ (internal settings file)',
      'In FreeOTP+, use Export, JSON, and import that file.'
    )
  }
  throw notYet('another app (an Android settings XML file)', EXPORT_URIS)
}

function detectJson(json: unknown): ImportFormat {
  if (looksLikeAegis(json)) return 'aegis'
  if (looksLikeTwoFas(json)) return '2fas'
  if (looksLikeBitwardenJson(json)) return 'bitwarden'
  if (looksLikeEnteEncrypted(json)) return 'ente'
  if (looksLikeProton(json)) return 'proton'
  if (looksLikeFreeOtpPlus(json)) return 'freeotp-plus'
  if (looksLikeAndOtp(json)) return 'andotp'
  if (Array.isArray(json) && json.some((e) => isRecord(e) && 'otpGenerator' in e))
    throw notYet('Duo Mobile', EXPORT_URIS)
  if (isRecord(json) && Array.isArray(json.Authenticators))
    throw notYet('Stratum (Authenticator Pro)', EXPORT_URIS)
  if (isRecord(json) && ('shared_secret' in json || isRecord(json.accounts)))
    throw notYet('Steam Desktop Authenticator (maFile)', EXPORT_URIS)
  throw new AppError(
    'IMPORT_FORMAT',
    'Tessera does not recognise this JSON file as a backup of any authenticator it can import (Aegis, 2FAS, andOTP, Bitwarden, Ente Auth, Proton Authenticator, FreeOTP+). Choose the backup file the app exported.'
  )
}

/**
 * Works out which app wrote a backup from its content alone (never its file name).
 *
 * @throws AppError UNSUPPORTED for a recognised app Tessera cannot read yet (Authy, Duo, FreeOTP,
 *   Stratum, Steam, Battle.net, TOTP Authenticator, app databases, ZIP files), with `details.app`.
 * @throws AppError IMPORT_FORMAT for an empty or unrecognised file; IMPORT_CORRUPT for text that
 *   starts like JSON but does not parse.
 */
export function detectFormat(bytes: Uint8Array): ImportFormat {
  if (bytes.length === 0)
    throw new AppError(
      'IMPORT_FORMAT',
      'The file is empty. Choose the backup file your authenticator exported.'
    )
  const ascii = Buffer.from(bytes.subarray(0, 16)).toString('latin1')
  if (ascii.startsWith('SQLite format 3')) {
    throw notYet(
      'an app database (Google Authenticator, Microsoft Authenticator or Stratum)',
      EXPORT_URIS
    )
  }
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]))
    throw notYet(
      'a ZIP archive (e.g. Authenticator Plus)',
      'Unpack it and import the file inside, or export otpauth:// links.'
    )
  if (ascii.toUpperCase() === 'AUTHENTICATORPRO')
    throw notYet('Stratum (Authenticator Pro), encrypted', EXPORT_URIS)
  if (startsWith(bytes, [0xac, 0xed, 0x00, 0x05]))
    throw notYet(
      'FreeOTP 2',
      'In FreeOTP, share each token as a QR code, or move to FreeOTP+ and export JSON.'
    )
  if (startsWith(bytes, [0x1f, 0x8b])) throw notYet('a compressed (gzip) file', 'Unpack it first.')
  if (isBinary(bytes)) return 'andotp' // encrypted andOTP backups are the only binary format read
  const text = bytesToText(bytes)
  const trimmed = text.trimStart()
  if (trimmed.startsWith('<')) detectXml(trimmed)
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    return detectJson(parseJsonText(trimmed, 'backup'))
  }
  if (looksLikeBitwardenCsv(trimmed)) return 'bitwarden'
  if (/(otpauth(-migration)?|motp):\/\//i.test(trimmed))
    return /[?&]codeDisplay=/.test(trimmed) ? 'ente' : 'uris'
  if (/^[A-Za-z0-9+/=\s]+$/.test(trimmed) && trimmed.length >= 64)
    throw notYet('TOTP Authenticator (encrypted)', EXPORT_URIS)
  throw new AppError(
    'IMPORT_FORMAT',
    'Tessera does not recognise this file. Import a backup from Aegis, 2FAS, andOTP, Bitwarden, Ente Auth, Proton Authenticator or FreeOTP+, or a text file of otpauth:// links.'
  )
}
