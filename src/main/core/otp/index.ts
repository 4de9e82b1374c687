/**
 * The OTP engine: base32 secrets, parameter checks and synchronous code generation for TOTP,
 * HOTP, Steam Guard, mOTP and Yandex Key.
 */
export { base32ToBytes, bytesToBase32, normalizeBase32 } from './base32'
export { codeView, generateCode, secondsRemaining } from './generate'
export { bytesToHex } from './motp'
export {
  DEFAULT_DIGITS,
  DEFAULT_PERIOD,
  DIGITS_RANGE,
  isTimeBased,
  MAX_PERIOD,
  MAX_SECRET_BYTES,
  validateOtpParams
} from './params'
export { validateYandexSecret } from './yandex'
