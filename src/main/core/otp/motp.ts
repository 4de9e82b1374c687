import { createHash } from 'node:crypto'

/*
 * Mobile-OTP (motp.sourceforge.net): the first 6 hex digits of
 * MD5(decimal(floor(t / 10)) || init-secret as hex || PIN). The model stores every secret as
 * base32 of its bytes, so the hex text is rebuilt in lower case, as Aegis does; mOTP tokens
 * generate lower-case init-secrets, so this matches them. MD5 is what the scheme specifies.
 */

/** Encodes bytes as lower-case hex (the mOTP secret's textual form). */
export function bytesToHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex')
}

/** mOTP code for `counter` (= floor(unix seconds / period)). */
export function motpCode(secret: Uint8Array, pin: string, counter: number, digits: number): string {
  return createHash('md5')
    .update(`${counter}${bytesToHex(secret)}${pin}`, 'utf8')
    .digest('hex')
    .slice(0, digits)
}
