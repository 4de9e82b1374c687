/**
 * What a QR code's text is, in plain words: an authenticator setup code (otpauth://), a Google
 * Authenticator export (otpauth-migration://), a Microsoft Authenticator activation link, a web
 * link or just text. Only the first two become accounts; the rest are explained.
 */
import { type ErrorShape, toErrorShape } from '../../../shared/errors'
import type { NewAccount } from '../../../shared/model'
import type { QrKind } from '../../../shared/scan'
import { admitAccount } from '../accounts/admit'
import { decodeMigrationUri, isMigrationUri, type MigrationDecoded } from '../migration'
import { parseOtpauthUri } from '../otpauth'

export interface ClassifiedQr {
  kind: QrKind
  accounts: NewAccount[]
  explanation: string
  /** Set for Google Authenticator export codes. */
  migration?: MigrationDecoded
  /** Set when the code looked like a setup code but could not be used. */
  error?: ErrorShape
}

/** Longest text we try to interpret; anything longer is explained as data, never parsed. */
export const MAX_QR_TEXT = 8192

const TYPE_NAMES: Record<string, string> = {
  totp: 'time-based',
  hotp: 'counter-based',
  steam: 'Steam Guard',
  motp: 'mOTP',
  yandex: 'Yandex Key'
}

function describeAccount(a: NewAccount): string {
  const who = a.issuer ? `${a.issuer} (${a.label})` : a.label || 'an unnamed account'
  return `${who}, ${TYPE_NAMES[a.otp.type] ?? a.otp.type} codes`
}

function looksLikeUrl(text: string): URL | undefined {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text) && !/^www\./i.test(text)) return undefined
  try {
    return new URL(/^www\./i.test(text) ? `https://${text}` : text)
  } catch {
    return undefined
  }
}

/**
 * Classifies the text of one QR code. Never throws: a code that looks like a setup code but
 * cannot be used comes back as kind 'invalid' with the error and what to do.
 */
export function classifyQrText(raw: string): ClassifiedQr {
  const text = raw.trim()
  if (text.length === 0) {
    return { kind: 'text', accounts: [], explanation: 'This QR code is empty.' }
  }
  if (text.length > MAX_QR_TEXT) {
    return {
      kind: 'text',
      accounts: [],
      explanation: `This QR code holds ${text.length} characters of data, not an authenticator setup code.`
    }
  }
  const lower = text.toLowerCase()
  if (isMigrationUri(text)) {
    try {
      const m = decodeMigrationUri(text)
      const n = m.accounts.length
      const part = m.batch.size > 1 ? ` (code ${m.batch.index + 1} of ${m.batch.size})` : ''
      const skipped = m.skipped.length
        ? ` ${m.skipped.length} ${m.skipped.length === 1 ? 'entry' : 'entries'} cannot be imported.`
        : ''
      return {
        kind: 'migration',
        accounts: m.accounts,
        migration: m,
        explanation:
          `This is a Google Authenticator export${part} with ${n} ${n === 1 ? 'account' : 'accounts'}.` +
          skipped
      }
    } catch (err) {
      const error = toErrorShape(err)
      return { kind: 'invalid', accounts: [], error, explanation: error.message }
    }
  }
  if (lower.startsWith('otpauth:')) {
    try {
      // Parsed, then admitted like every other way in (a 1-byte secret is explained, not offered).
      const account = admitAccount(parseOtpauthUri(text))
      return {
        kind: 'otpauth',
        accounts: [account],
        explanation: `This is an authenticator setup code for ${describeAccount(account)}.`
      }
    } catch (err) {
      const error = toErrorShape(err)
      return { kind: 'invalid', accounts: [], error, explanation: error.message }
    }
  }
  const url = looksLikeUrl(text)
  if (url) {
    const host = url.hostname
    if (
      /authenticatorapp\/activateaccount/i.test(url.pathname + url.search) ||
      lower.startsWith('phonefactor:')
    ) {
      return {
        kind: 'microsoft-activation',
        accounts: [],
        explanation:
          'This QR code activates Microsoft Authenticator push sign-in for a work or school account. ' +
          'Tessera cannot use it. On the Microsoft page, choose "I want to use a different authenticator app" ' +
          'to get a code Tessera can scan.'
      }
    }
    if (url.protocol === 'http:' || url.protocol === 'https:') {
      return {
        kind: 'web-link',
        accounts: [],
        explanation: `This QR code is a web link${host ? ` to ${host}` : ''}, not an authenticator setup code.`
      }
    }
    return {
      kind: 'text',
      accounts: [],
      explanation: `This QR code is a ${url.protocol.replace(/:$/, '')} link, not an authenticator setup code.`
    }
  }
  return {
    kind: 'text',
    accounts: [],
    explanation: 'This QR code holds text, not an authenticator setup code.'
  }
}

/**
 * Finds every otpauth:// and otpauth-migration:// URI inside pasted text (one per line, inside a
 * sentence, after a label such as "QR-Code:"), in order, without duplicates.
 */
export function extractOtpUris(text: string): string[] {
  // A Set, not out.includes(): pasted text is untrusted, and a quadratic pass over the ~7,000
  // links a 256 KB paste can hold froze the main process for seconds.
  const out = new Set<string>()
  for (const m of text.matchAll(/otpauth(?:-migration)?:\/\/[^\s"'<>]+/gi)) out.add(m[0])
  return [...out]
}
