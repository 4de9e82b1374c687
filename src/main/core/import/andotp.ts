import { buildAccount, entryName, ResultBuilder } from './build'
import { aesGcmOpenPacked, KDF_LIMITS, pbkdf2Key, sha256 } from './crypto'
import { corrupt, EntryError, notThisFormat, passwordRequired, wrongPassword } from './errors'
import type { ImportOptions, ImportResult } from './types'
import { bytesToText, hexToBytes, isRecord, parseJsonText } from './util'

const NAME = 'andOTP'
const NONCE = 12
const TAG = 16

/** True for a plain andOTP export: a JSON list whose entries have `secret` and `type`. */
export function looksLikeAndOtp(json: unknown): boolean {
  return (
    Array.isArray(json) &&
    json.length > 0 &&
    json.every((e) => isRecord(e) && 'secret' in e && 'type' in e && !('otpGenerator' in e))
  )
}

function readEntries(json: unknown): ImportResult {
  if (!Array.isArray(json)) throw corrupt(NAME, 'the entry list is missing')
  const out = new ResultBuilder()
  json.forEach((e, i) => {
    const name = isRecord(e) ? entryName(e.issuer, e.label, `entry ${i + 1}`) : `entry ${i + 1}`
    out.add(name, () => {
      if (!isRecord(e)) throw new EntryError('it is not an entry')
      let issuer = e.issuer
      let label = e.label
      // Old andOTP exports have no issuer: the label reads "Issuer - account".
      if (
        (issuer === undefined || issuer === '') &&
        typeof label === 'string' &&
        label.includes(' - ')
      ) {
        const at = label.indexOf(' - ')
        issuer = label.slice(0, at)
        label = label.slice(at + 3)
      }
      const type = typeof e.type === 'string' ? e.type.toLowerCase() : e.type
      let secret: unknown = e.secret
      if (type === 'motp') {
        // andOTP keeps mOTP secrets as the hex text users type in.
        const hex = hexToBytes(typeof e.secret === 'string' ? e.secret.trim() : null)
        if (!hex || hex.length === 0) throw new EntryError('its mOTP secret is not hex')
        secret = new Uint8Array(hex)
      }
      return buildAccount({
        issuer,
        label,
        type,
        secret,
        algorithm: e.algorithm,
        digits: e.digits,
        period: e.period,
        counter: e.counter,
        pin: e.pin,
        tags: e.tags
      })
    })
  })
  return out.result()
}

function plausibleNewFormat(data: Buffer): number | null {
  if (data.length < 4 + 12 + NONCE + TAG) return null
  const iterations = data.readUInt32BE(0)
  return iterations >= 1000 && iterations <= KDF_LIMITS.pbkdf2MaxIterations ? iterations : null
}

async function decrypt(data: Buffer, password: string): Promise<Buffer> {
  const iterations = plausibleNewFormat(data)
  if (iterations !== null) {
    // Current format: iterations (4, big-endian) | salt (12) | nonce (12) | ciphertext | tag
    const salt = data.subarray(4, 16)
    const key = await pbkdf2Key(NAME, password, salt, iterations, 'sha1')
    const plain = aesGcmOpenPacked(key, data.subarray(16))
    if (plain) return plain
  }
  if (data.length >= NONCE + TAG) {
    // Old format: key = SHA-256(password); nonce (12) | ciphertext | tag
    const key = sha256(password)
    const plain = aesGcmOpenPacked(key, data)
    if (plain) return plain
  } else {
    throw corrupt(NAME, 'the file is too short')
  }
  throw wrongPassword(NAME)
}

/**
 * Reads an andOTP backup: plain JSON, or encrypted (.json.aes) in the current
 * (PBKDF2-SHA1 + AES-256-GCM) or the old (SHA-256 key + AES-256-GCM) format.
 * @throws AppError PASSWORD_REQUIRED, WRONG_PASSWORD, IMPORT_FORMAT, IMPORT_CORRUPT, UNSUPPORTED.
 */
export async function importAndOtp(
  bytes: Uint8Array,
  options: ImportOptions
): Promise<ImportResult> {
  const text = bytesToText(bytes).trim()
  if (text.startsWith('[')) {
    const json = parseJsonText(text, NAME)
    if (Array.isArray(json) && json.length === 0) return { accounts: [], failed: [] }
    if (!looksLikeAndOtp(json)) throw notThisFormat(NAME, 'its entries have no secret and type')
    return readEntries(json)
  }
  if (text.startsWith('{'))
    throw notThisFormat(NAME, 'andOTP backups are a JSON list or an encrypted file')
  if (options.password === undefined) throw passwordRequired(NAME)
  const plain = await decrypt(Buffer.from(bytes), options.password)
  return readEntries(parseJsonText(bytesToText(plain), NAME))
}
