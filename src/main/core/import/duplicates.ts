import type { Account, NewAccount } from '../../../shared/model'
import { base32ToBytes, bytesToBase32 } from '../otp'

/** Why an imported account counts as one the vault (or the same file) already has. */
export type DuplicateReason = 'same-secret' | 'same-name'

/** One found account that the vault (or an earlier row of the same file) already has. */
export interface Duplicate {
  /** Index into the `found` list. */
  index: number
  /** Id of the existing account, or null when it repeats an earlier entry of the same file. */
  existingId: string | null
  /** Index of the earlier entry of the same file, when existingId is null. */
  earlierIndex?: number
  reason: DuplicateReason
}

function secretKey(a: Pick<NewAccount, 'otp'>): string {
  let secret = a.otp.secret
  try {
    secret = bytesToBase32(base32ToBytes(secret))
  } catch {
    // compare as stored
  }
  return `${a.otp.type}:${secret}`
}

function nameKey(a: Pick<NewAccount, 'issuer' | 'label'>): string | null {
  const issuer = a.issuer.trim().toLowerCase()
  const label = a.label.trim().toLowerCase()
  return issuer === '' && label === '' ? null : `${issuer}\u0000${label}`
}

/**
 * Finds which found accounts duplicate an existing one: same secret and type (the same
 * credential, whatever it is called), or same issuer and name (case-insensitive; likely an
 * older enrolment of the same login). Repeats inside the found list count too, against the
 * first occurrence. At most one entry per found account, secret matches first.
 */
export function findDuplicates(found: NewAccount[], existing: Account[]): Duplicate[] {
  const bySecret = new Map<string, string>()
  const byName = new Map<string, string>()
  for (const a of existing) {
    if (!bySecret.has(secretKey(a))) bySecret.set(secretKey(a), a.id)
    const n = nameKey(a)
    if (n !== null && !byName.has(n)) byName.set(n, a.id)
  }
  const seenSecret = new Map<string, number>()
  const seenName = new Map<string, number>()
  const out: Duplicate[] = []
  found.forEach((a, index) => {
    const s = secretKey(a)
    const n = nameKey(a)
    const existingSecret = bySecret.get(s)
    const existingName = n === null ? undefined : byName.get(n)
    const earlierSecret = seenSecret.get(s)
    const earlierName = n === null ? undefined : seenName.get(n)
    if (existingSecret !== undefined)
      out.push({ index, existingId: existingSecret, reason: 'same-secret' })
    else if (earlierSecret !== undefined)
      out.push({ index, existingId: null, earlierIndex: earlierSecret, reason: 'same-secret' })
    else if (existingName !== undefined)
      out.push({ index, existingId: existingName, reason: 'same-name' })
    else if (earlierName !== undefined)
      out.push({ index, existingId: null, earlierIndex: earlierName, reason: 'same-name' })
    if (!seenSecret.has(s)) seenSecret.set(s, index)
    if (n !== null && !seenName.has(n)) seenName.set(n, index)
  })
  return out
}
