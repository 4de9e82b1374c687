import { createHash, createHmac } from 'node:crypto'
import { AppError } from '../../../shared/errors'

/*
 * Yandex Key ("yaotp"): 8 lower-case letters from HMAC-SHA256 over a 30 s counter, keyed by
 * SHA-256(PIN || first 16 secret bytes). It truncates to 63 bits (8 bytes) rather than RFC 4226's
 * 31, which otplib's `truncateDigest` hook (31-bit result) cannot express, so the HMAC is
 * computed here with node:crypto; hashing stays in the platform library.
 */

/** Key bytes Yandex uses; a 26-byte secret carries 16 key bytes plus a 12-bit checksum. */
const KEY_BYTES = 16
const FULL_BYTES = 26
/** Generator polynomial of the 12-bit checksum (x^12 + x^11 + x^7 + x^6 + x^5 + x^4 + x + 1). */
const CHECKSUM_POLY = 0x18f3

/**
 * Checks the length of a Yandex secret (16 bytes, or 26 bytes with a checksum) and, for the
 * 26-byte form, its checksum: the remainder of the first 196 bits modulo {@link CHECKSUM_POLY}
 * must equal the last 12 bits.
 *
 * @throws AppError INVALID_SECRET when the length is wrong or the checksum does not match.
 */
export function validateYandexSecret(bytes: Uint8Array): void {
  if (bytes.length !== KEY_BYTES && bytes.length !== FULL_BYTES) {
    throw new AppError(
      'INVALID_SECRET',
      `A Yandex secret must be 16 or 26 bytes (26 or 42 base32 characters); this one has ${bytes.length} bytes. Scan the Yandex QR code again.`
    )
  }
  if (bytes.length === KEY_BYTES) return
  const messageBits = FULL_BYTES * 8 - 12
  let rem = 0
  for (let i = 0; i < messageBits; i++) {
    const bit = ((bytes[i >> 3] ?? 0) >> (7 - (i & 7))) & 1
    rem = (rem << 1) | bit
    if (rem & 0x1000) rem ^= CHECKSUM_POLY
  }
  const stored = (((bytes[FULL_BYTES - 2] ?? 0) & 0x0f) << 8) | (bytes[FULL_BYTES - 1] ?? 0)
  if (rem !== stored) {
    throw new AppError(
      'INVALID_SECRET',
      'The Yandex secret fails its checksum, so a character was probably mistyped. Scan the Yandex QR code again.'
    )
  }
}

const LETTERS = 26n
const DIGITS = 8

/** Yandex code for `counter` (= floor(unix seconds / period)); `secret` already validated. */
export function yandexCode(secret: Uint8Array, pin: string, counter: number): string {
  const keyHash = createHash('sha256')
    .update(Buffer.from(pin, 'utf8'))
    .update(secret.subarray(0, KEY_BYTES))
    .digest()
  const key = keyHash[0] === 0 ? keyHash.subarray(1) : keyHash
  const msg = Buffer.alloc(8)
  msg.writeBigUInt64BE(BigInt(counter))
  const mac = createHmac('sha256', key).update(msg).digest()
  const offset = (mac[mac.length - 1] ?? 0) & 0x0f
  let value = mac.readBigUInt64BE(offset) & 0x7fff_ffff_ffff_ffffn
  value %= LETTERS ** BigInt(DIGITS)
  let out = ''
  for (let i = 0; i < DIGITS; i++) {
    out = String.fromCharCode(97 + Number(value % LETTERS)) + out
    value /= LETTERS
  }
  return out
}
