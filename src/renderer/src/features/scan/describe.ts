/** Words for the scan review: account names, code types and why a row starts unticked. */
import type { ScanCandidateView, ScannedCodeView } from '../../../../shared/scan'

export const plural = (n: number, one: string, many = `${one}s`): string =>
  `${n} ${n === 1 ? one : many}`

/** "GitHub (alice@example.com)", or the label alone. */
export function candidateName(c: Pick<ScanCandidateView, 'issuer' | 'label'>): string {
  if (c.issuer && c.label) return `${c.issuer} (${c.label})`
  return c.issuer || c.label || 'Unnamed account'
}

/** "6 digits · every 30 s", "Counter · 6 digits", "Steam". */
export function typeLabel(c: ScanCandidateView): string {
  switch (c.type) {
    case 'hotp':
      return `Counter · ${c.digits} digits`
    case 'steam':
      return 'Steam Guard'
    case 'motp':
      return 'mOTP'
    case 'yandex':
      return 'Yandex Key'
    default: {
      const parts = [`${c.digits} digits`, `every ${c.period} s`]
      if (c.algorithm !== 'SHA1') parts.push(c.algorithm.replace('SHA', 'SHA-'))
      return parts.join(' · ')
    }
  }
}

/** Why a row starts unticked, in a few words; null for a new account. */
export function flagLabel(c: ScanCandidateView): string | null {
  if (c.duplicateOf) return 'Already in Tessera'
  if (c.sameAs) return 'Repeated in this scan'
  if (c.conflictWith) return 'Same name as a saved account'
  return null
}

/** The longer explanation under a flagged row. */
export function flagHint(c: ScanCandidateView): string | null {
  if (c.duplicateOf) return 'An account with this secret is already saved; adding it makes a copy.'
  if (c.sameAs) return 'The same account was found twice; it is listed once above.'
  if (c.conflictWith)
    return 'A saved account has this name but a different secret. Add it only if the site gave you a new code.'
  return null
}

/** Codes that hold no account to add (web links, text, broken setup codes), for the list below. */
export function otherCodes(codes: readonly ScannedCodeView[]): ScannedCodeView[] {
  return codes.filter((c) => c.accountKeys.length === 0)
}

const KIND_TITLES: Record<ScannedCodeView['kind'], string> = {
  otpauth: 'Setup code',
  migration: 'Google Authenticator export',
  'microsoft-activation': 'Microsoft Authenticator activation',
  'web-link': 'Web link',
  text: 'Text',
  invalid: 'Setup code that cannot be used'
}

export function kindTitle(kind: ScannedCodeView['kind']): string {
  return KIND_TITLES[kind]
}
