import { AppError } from '../../../shared/errors'
import { HASH_ALGORITHMS, OTP_TYPES } from '../../../shared/model'
import type { OtpParams, OtpType } from '../../../shared/model'
import { base32ToBytes } from './base32'
import { validateYandexSecret } from './yandex'

/**
 * Longest secret accepted, in bytes. Far above any real provider (hectorm's cases go to 99
 * bytes, RFC 6238's SHA512 seed is 64); it only stops a pasted blob from being hashed on every
 * UI refresh.
 */
export const MAX_SECRET_BYTES = 1024

/**
 * Longest time step accepted, in seconds (about 68 years). Any real period fits; the cap keeps
 * `validUntil` (ms) an exact integer.
 */
export const MAX_PERIOD = 2 ** 31 - 1

/** Digits each type allows: [min, max]. */
export const DIGITS_RANGE: Readonly<Record<OtpType, readonly [number, number]>> = {
  totp: [6, 10],
  hotp: [6, 10],
  steam: [5, 5],
  motp: [6, 6],
  yandex: [8, 8]
}

/** Digits when a link or import does not say: the Key URI Format's 6, and each scheme's fixed length. */
export const DEFAULT_DIGITS: Readonly<Record<OtpType, number>> = {
  totp: 6,
  hotp: 6,
  steam: 5,
  motp: 6,
  yandex: 8
}

/** Default time step per type, in seconds (mOTP counts 10-second steps). */
export const DEFAULT_PERIOD: Readonly<Record<OtpType, number>> = {
  totp: 30,
  hotp: 30,
  steam: 30,
  motp: 10,
  yandex: 30
}

/** Types whose code depends on the clock (everything but hotp). */
export function isTimeBased(type: OtpType): boolean {
  return type !== 'hotp'
}

function bad(message: string): AppError {
  return new AppError('INVALID_INPUT', `${message}. Check the account's settings and try again.`)
}

/** @throws AppError INVALID_INPUT unless `period` is a whole number of seconds, 1..MAX_PERIOD. */
export function checkPeriod(period: number): void {
  if (!Number.isSafeInteger(period) || period < 1 || period > MAX_PERIOD) {
    throw bad(
      `period must be a whole number of seconds between 1 and ${MAX_PERIOD} (got ${String(period)})`
    )
  }
}

/**
 * Checks every field of `p` and returns the decoded secret bytes (so callers do not decode
 * twice). See {@link validateOtpParams} for the rules.
 */
export function checkOtpParams(p: OtpParams): Uint8Array {
  if (typeof p !== 'object' || p === null) throw bad('OTP settings are missing')
  if (!(OTP_TYPES as readonly unknown[]).includes(p.type)) {
    throw bad(`type '${String(p.type)}' is not supported (use one of ${OTP_TYPES.join(', ')})`)
  }
  if (!(HASH_ALGORITHMS as readonly unknown[]).includes(p.algorithm)) {
    throw bad(
      `algorithm '${String(p.algorithm)}' is not supported (use one of ${HASH_ALGORITHMS.join(', ')})`
    )
  }
  const [min, max] = DIGITS_RANGE[p.type]
  if (!Number.isInteger(p.digits) || p.digits < min || p.digits > max) {
    throw bad(
      min === max
        ? `digits must be ${min} for ${p.type} accounts (got ${String(p.digits)})`
        : `digits must be between ${min} and ${max} (got ${String(p.digits)})`
    )
  }
  if (isTimeBased(p.type)) checkPeriod(p.period)
  if (!Number.isSafeInteger(p.counter) || p.counter < 0) {
    throw bad(`counter must be a whole number, 0 or more (got ${String(p.counter)})`)
  }
  if (p.pin !== undefined && (typeof p.pin !== 'string' || p.pin.length === 0)) {
    throw bad('pin must be a non-empty text when it is set')
  }
  if (typeof p.secret !== 'string') {
    throw new AppError('INVALID_SECRET', 'The secret is missing. Enter the setup key again.')
  }
  const bytes = base32ToBytes(p.secret)
  if (bytes.length > MAX_SECRET_BYTES) {
    throw new AppError(
      'INVALID_SECRET',
      `The secret is ${bytes.length} bytes long; at most ${MAX_SECRET_BYTES} are accepted. Check that only the setup key was pasted.`
    )
  }
  if (p.type === 'motp' && bytes.length < 8) {
    throw new AppError(
      'INVALID_SECRET',
      `An mOTP secret must be at least 16 hex characters (8 bytes); this one has ${bytes.length} bytes. Enter the whole init-secret.`
    )
  }
  if (p.type === 'yandex') validateYandexSecret(bytes)
  return bytes
}

/**
 * Checks OTP settings before they are stored or used.
 *
 * Rules: `type` and `algorithm` from the model's lists; `digits` 6-10 for totp/hotp (RFC 4226's
 * 31-bit value has at most 10 digits), 5 for steam, 6 for motp, 8 for yandex; `period` a whole
 * number of seconds from 1 to {@link MAX_PERIOD} for time-based types (ignored for hotp); `counter` a safe integer >= 0;
 * `pin`, when set, non-empty. A pin is not required here (an imported Yandex or mOTP account may
 * get its PIN later); generating a code without it fails.
 *
 * @throws AppError INVALID_INPUT naming the field, e.g. "digits must be between 6 and 10".
 * @throws AppError INVALID_SECRET when the secret is not base32, is empty, too long, too short
 *   for mOTP, or is a Yandex secret whose checksum does not match.
 */
export function validateOtpParams(p: OtpParams): void {
  checkOtpParams(p)
}
