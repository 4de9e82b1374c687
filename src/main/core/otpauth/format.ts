import type { NewAccount } from '../../../shared/model'
import { wellFormed } from '../../../shared/text'
import { base32ToBytes, bytesToHex, DEFAULT_DIGITS, DEFAULT_PERIOD, normalizeBase32 } from '../otp'

/*
 * Writes the form Stratum and most apps read: label "Issuer%3Aaccount" (colon encoded), the
 * secret first, the issuer parameter always (Google recommends it), algorithm / digits / period
 * only when they differ from the type's default, counter always for hotp. Every output parses
 * back (parse.ts) to an equal account:
 *
 * - no account name: the label is the issuer alone (parse reads a label equal to the issuer
 *   parameter as "no account name");
 * - an issuer containing ':' cannot be a label prefix, so it only goes in the parameter, and an
 *   account name containing ':' gets an empty prefix (":a:b") so it is not split;
 * - Steam is written as otpauth://steam/ (Aegis, Ente): an app that does not know Steam then
 *   refuses it instead of showing wrong 6-digit codes, as it would for a totp URI with "&steam";
 * - Yandex as otpauth://yandex/ with its pin (Ente), mOTP as motp://issuer:account?secret=HEX
 *   (the mOTP format) plus pin. A pin is written when the account has one, so it round-trips;
 *   treat the output as secret (it contains the key anyway).
 */

// A name stored before names were cleaned of lone surrogates would make encodeURIComponent throw.
const enc = (s: string): string => encodeURIComponent(wellFormed(s))

function labelOf(issuer: string, account: string, separator: string): string {
  if (issuer !== '' && !issuer.includes(':')) {
    return account === '' ? enc(issuer) : `${enc(issuer)}${separator}${enc(account)}`
  }
  return account.includes(':') || (issuer !== '' && account === issuer)
    ? `${separator}${enc(account)}`
    : enc(account)
}

/**
 * Formats an account as an otpauth:// URI (motp:// for mOTP) that Tessera and common
 * authenticator apps read back to the same account. The result contains the secret: show it only
 * where a secret may be shown.
 */
export function formatOtpauthUri(a: Pick<NewAccount, 'issuer' | 'label' | 'otp'>): string {
  const { otp } = a
  const issuer = a.issuer.trim()
  const account = a.label.trim()
  const params: string[] = []
  const add = (k: string, v: string | number): void => {
    params.push(`${k}=${enc(String(v))}`)
  }

  if (otp.type === 'motp') {
    add('secret', bytesToHex(base32ToBytes(otp.secret)))
    // The motp:// label carries the issuer; the parameter only when the label cannot say it
    // (an issuer with ':'), or to mark a lone label as the issuer rather than the account.
    if (issuer.includes(':') || (issuer !== '' && account === '')) add('issuer', issuer)
    if (otp.period !== DEFAULT_PERIOD.motp) add('period', otp.period)
    if (otp.pin) add('pin', otp.pin)
    return `motp://${labelOf(issuer, account, ':')}?${params.join('&')}`
  }

  add('secret', normalizeBase32(otp.secret))
  if (issuer !== '') add('issuer', issuer)
  if (otp.algorithm !== 'SHA1' && otp.type !== 'yandex') add('algorithm', otp.algorithm)
  // A totp account named "Steam" states its digits, or parse.ts would read it as Steam Guard.
  const looksSteam = (issuer || account).toLowerCase() === 'steam'
  if (otp.digits !== DEFAULT_DIGITS[otp.type] || (otp.type === 'totp' && looksSteam)) {
    add('digits', otp.digits)
  }
  if (otp.type !== 'hotp' && otp.period !== DEFAULT_PERIOD[otp.type]) add('period', otp.period)
  if (otp.type === 'hotp') add('counter', otp.counter)
  if (otp.pin && otp.type === 'yandex') add('pin', otp.pin)
  return `otpauth://${otp.type}/${labelOf(issuer, account, '%3A')}?${params.join('&')}`
}
