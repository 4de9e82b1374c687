/**
 * An independent RFC 4226 / RFC 6238 computation with node:crypto, written for the tests only so
 * that the app's engine (otplib) is checked against something that shares no code with it.
 */
import { createHmac } from 'node:crypto'

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

/** RFC 4648 base32 → bytes (upper case, no padding expected). */
export function base32Decode(text: string): Buffer {
  const clean = text.replace(/=+$/, '').toUpperCase()
  let bits = 0
  let value = 0
  const out: number[] = []
  for (const ch of clean) {
    const index = ALPHABET.indexOf(ch)
    if (index < 0) throw new Error(`not base32: ${ch}`)
    value = (value << 5) | index
    bits += 5
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff)
      bits -= 8
    }
  }
  return Buffer.from(out)
}

/** RFC 4226 HOTP. */
export function hotp(key: Buffer, counter: number, digits = 6, algorithm = 'sha1'): string {
  const msg = Buffer.alloc(8)
  msg.writeBigUInt64BE(BigInt(counter))
  const mac = createHmac(algorithm, key).update(msg).digest()
  const offset = mac[mac.length - 1]! & 0x0f
  const binary = mac.readUInt32BE(offset) & 0x7fffffff
  return String(binary % 10 ** digits).padStart(digits, '0')
}

/** RFC 6238 TOTP at `atMs`. */
export function totp(
  base32Secret: string,
  atMs: number,
  period = 30,
  digits = 6,
  algorithm = 'sha1'
): string {
  return hotp(base32Decode(base32Secret), Math.floor(atMs / 1000 / period), digits, algorithm)
}
