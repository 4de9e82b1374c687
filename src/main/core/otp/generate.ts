import { NodeCryptoPlugin } from '@otplib/plugin-crypto-node'
import { createGuardrails, generateSync } from 'otplib'
import { AppError } from '../../../shared/errors'
import type { Account, CodeView, OtpParams } from '../../../shared/model'
import { motpCode } from './motp'
import { checkOtpParams, checkPeriod, isTimeBased, MAX_SECRET_BYTES } from './params'
import { yandexCode } from './yandex'

/*
 * HOTP, TOTP and Steam go through otplib 13's synchronous `generateSync` (the UI asks for the
 * codes of the visible rows on every tick, so no promise per code). HMAC comes from Node's own
 * crypto (otplib's node plugin), synchronous like the pure-JS noble plugin and several times
 * faster on a cold start: `tessera code` computes a hundred codes before the JIT warms up.
 *
 * otplib's default guardrails follow RFC 4226's advice of 16-byte secrets and a 64-byte cap.
 * Real providers issue 10-byte (80-bit) secrets, Aegis's test vectors accept a 1-byte one and
 * hectorm's go to 99 bytes, so the secret limits are lowered/raised here; our own checks
 * (params.ts) already rejected empty and absurd input. Its period guardrail (max one hour) does
 * not apply: the time step is computed here and passed as an HOTP counter.
 */
const GUARDRAILS = createGuardrails({ MIN_SECRET_BYTES: 1, MAX_SECRET_BYTES })
const CRYPTO = new NodeCryptoPlugin()

const STEAM_ALPHABET = '23456789BCDFGHJKMNPQRTVWXY'

/**
 * Steam Guard: the 31-bit RFC 4226 value written in base 26, least significant first.
 *
 * otplib 13.5.0 has an `encodeToken` hook for exactly this, but its synchronous `generateSync`
 * (functional and class) drops `hooks` before calling HOTP; only the async path passes them.
 * Asking otplib for 10 digits instead yields the whole truncated value (< 2^31 < 10^10, so the
 * modulo leaves it intact), which is then encoded here.
 */
function steamEncode(value: number, length: number): string {
  let v = value
  let out = ''
  for (let i = 0; i < length; i++) {
    out += STEAM_ALPHABET[v % STEAM_ALPHABET.length]
    v = Math.floor(v / STEAM_ALPHABET.length)
  }
  return out
}

const ALGORITHM = { SHA1: 'sha1', SHA256: 'sha256', SHA512: 'sha512' } as const

/** The last instant a JavaScript Date can hold (year 275760); keeps every step count exact. */
const MAX_TIME_MS = 8.64e15

function checkTime(atMs: number): void {
  if (!Number.isFinite(atMs) || atMs < 0 || atMs > MAX_TIME_MS) {
    throw new AppError(
      'INVALID_INPUT',
      `time must be a number of milliseconds between 0 and ${MAX_TIME_MS} (got ${String(atMs)}). Check the system clock.`
    )
  }
}

/** Index of the time step containing `atMs` (RFC 6238's T with T0 = 0). */
function stepAt(period: number, atMs: number): number {
  return Math.floor(atMs / 1000 / period)
}

function codeFor(p: OtpParams, secret: Uint8Array, step: number): string {
  switch (p.type) {
    case 'hotp':
    case 'totp':
      return hotp(p, secret, step, p.digits)
    case 'steam':
      return steamEncode(Number(hotp(p, secret, step, 10)), p.digits)
    case 'motp':
      return motpCode(secret, requirePin(p), step, p.digits)
    case 'yandex':
      return yandexCode(secret, requirePin(p), step)
  }
}

/*
 * TOTP and Steam are HOTP over the time step (RFC 6238 section 4); passing the step as the
 * counter keeps one code path and exact integer arithmetic on millisecond timestamps.
 */
function hotp(p: OtpParams, secret: Uint8Array, counter: number, digits: number): string {
  return generateSync({
    strategy: 'hotp',
    secret,
    counter,
    algorithm: ALGORITHM[p.algorithm],
    digits,
    crypto: CRYPTO,
    guardrails: GUARDRAILS
  })
}

function requirePin(p: OtpParams): string {
  if (p.pin === undefined || p.pin === '') {
    throw new AppError(
      'INVALID_INPUT',
      `pin is required for ${p.type} accounts. Enter the account's PIN in its settings.`
    )
  }
  return p.pin
}

/**
 * The code at `atMs` (Unix milliseconds). hotp uses `p.counter` and ignores the time; every
 * other type uses the time step containing `atMs`. Synchronous.
 *
 * @throws AppError INVALID_INPUT / INVALID_SECRET as {@link validateOtpParams}; INVALID_INPUT
 *   when `atMs` is negative or not finite, or a motp/yandex account has no pin.
 */
export function generateCode(p: OtpParams, atMs: number): string {
  const secret = checkOtpParams(p)
  if (p.type === 'hotp') return codeFor(p, secret, p.counter)
  checkTime(atMs)
  return codeFor(p, secret, stepAt(p.period, atMs))
}

/**
 * Seconds until the current code changes, 1..period (rounded up, so a display never shows 0
 * while a code is still valid). 0 for hotp, whose code changes only when used.
 *
 * @throws AppError INVALID_INPUT when `atMs` is negative or not finite, or the period is invalid.
 */
export function secondsRemaining(p: OtpParams, atMs: number): number {
  if (!isTimeBased(p.type)) return 0
  checkTime(atMs)
  checkPeriod(p.period)
  const periodMs = p.period * 1000
  const until = (stepAt(p.period, atMs) + 1) * periodMs
  return Math.ceil((until - atMs) / 1000)
}

/**
 * The code view for one account at `atMs`: `validUntil` is the Unix ms at which the code
 * changes (null for hotp), and with `withNext` the following step's code is included
 * (time-based types only).
 *
 * @throws AppError as {@link generateCode}.
 */
export function codeView(a: Pick<Account, 'id' | 'otp'>, atMs: number, withNext = false): CodeView {
  const p = a.otp
  const secret = checkOtpParams(p)
  if (p.type === 'hotp') {
    return { id: a.id, code: codeFor(p, secret, p.counter), validUntil: null, period: p.period }
  }
  checkTime(atMs)
  const step = stepAt(p.period, atMs)
  const view: CodeView = {
    id: a.id,
    code: codeFor(p, secret, step),
    validUntil: (step + 1) * p.period * 1000,
    period: p.period
  }
  if (withNext) view.next = codeFor(p, secret, step + 1)
  return view
}
