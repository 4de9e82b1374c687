import { AppError } from '../../../shared/errors'

/*
 * RFC 4648 base32 for OTP secrets. Written here rather than taken from a library because the
 * value is in the error messages: a user who typed a setup key by hand needs to hear which
 * character at which position is wrong, and base32 is an encoding, not crypto.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

/** Character code -> 5-bit value, -1 for characters outside the alphabet (upper case only). */
const DECODE = (() => {
  const table = new Int8Array(128).fill(-1)
  for (let i = 0; i < ALPHABET.length; i++) table[ALPHABET.charCodeAt(i)] = i
  return table
})()

/** Characters a person or an exporter may put inside a secret for readability. */
const isSeparator = (ch: string): boolean => ch === ' ' || ch === '-' || /\s/.test(ch)

function invalid(problem: string): AppError {
  return new AppError(
    'INVALID_SECRET',
    `The secret is not valid base32: ${problem}. Check the setup key and enter it again.`
  )
}

function describeChar(ch: string): string {
  const code = ch.codePointAt(0) ?? 0
  return code < 0x20 || code === 0x7f ? `U+${code.toString(16).padStart(4, '0')}` : `'${ch}'`
}

/**
 * Normalises a base32 secret to its canonical form: upper case, no spaces or hyphens, no `=`
 * padding. Lower case, spaces, hyphens and missing or extra trailing padding are accepted.
 * The characters themselves are kept: when the last character carries unused non-zero bits
 * ("ABCDEFG" for the bytes of "ABCDEFA") the text is not rewritten, so a secret reads back
 * exactly as the service showed it. Compare secrets by {@link base32ToBytes}, not by text.
 *
 * @throws AppError INVALID_SECRET naming the problem: empty, the first bad character and its
 *   1-based position in `input`, padding in the middle, or a length no base32 text can have.
 */
export function normalizeBase32(input: string): string {
  let out = ''
  let paddingAt = -1
  let pos = 0
  for (const ch of input) {
    pos++
    if (isSeparator(ch)) continue
    if (ch === '=') {
      if (paddingAt < 0) paddingAt = pos
      continue
    }
    // ASCII only before upper-casing: 'ſ' and 'ı' upper-case to 'S' and 'I'
    const ascii = ch.length === 1 && ch.charCodeAt(0) < 128
    const code = ascii ? ch.toUpperCase().charCodeAt(0) : -1
    if (code < 0 || DECODE[code] === -1) {
      const hint = /[0189]/.test(ch) ? ' (base32 uses only the letters A-Z and the digits 2-7)' : ''
      throw invalid(`character ${describeChar(ch)} at position ${pos} is not allowed${hint}`)
    }
    if (paddingAt >= 0) {
      throw invalid(`'=' padding at position ${paddingAt} is followed by more characters`)
    }
    out += String.fromCharCode(code)
  }
  if (out.length === 0) {
    throw invalid(
      input.length === 0 ? 'it is empty' : 'it contains only spaces, hyphens or padding'
    )
  }
  const rest = out.length % 8
  if (rest === 1 || rest === 3 || rest === 6) {
    throw invalid(
      `${out.length} characters cannot be a whole number of bytes (a character is missing or one too many)`
    )
  }
  return out
}

/**
 * Decodes base32 (canonical or not, see {@link normalizeBase32}) to bytes. Unused trailing bits
 * of the last character are ignored, as every authenticator does.
 *
 * @throws AppError INVALID_SECRET when the text is not base32.
 */
export function base32ToBytes(input: string): Uint8Array {
  const s = normalizeBase32(input)
  const bytes = new Uint8Array(Math.floor((s.length * 5) / 8))
  let buffer = 0
  let bits = 0
  let j = 0
  for (let i = 0; i < s.length; i++) {
    buffer = ((buffer << 5) | (DECODE[s.charCodeAt(i)] ?? 0)) & 0xffff
    bits += 5
    if (bits >= 8) {
      bits -= 8
      bytes[j++] = (buffer >>> bits) & 0xff
    }
  }
  return bytes
}

/** Encodes bytes as canonical base32: upper case, no `=` padding. */
export function bytesToBase32(bytes: Uint8Array): string {
  let out = ''
  let buffer = 0
  let bits = 0
  for (const byte of bytes) {
    buffer = ((buffer << 8) | byte) & 0xffff
    bits += 8
    while (bits >= 5) {
      bits -= 5
      out += ALPHABET[(buffer >>> bits) & 31]
    }
  }
  if (bits > 0) out += ALPHABET[(buffer << (5 - bits)) & 31]
  return out
}
