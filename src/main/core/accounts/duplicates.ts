/**
 * The one rule for "is this account already there", shared by import review, scan review and
 * manual add / add by URI. Before this module each of them compared accounts its own way, so the
 * same QR code imported as a file, scanned, and pasted as a URI could get three answers.
 *
 * Two identities count:
 * - the secret: same OTP type and the same secret bytes (so `jbsw y3dp`, `JBSWY3DP` and
 *   `JBSWY3DP======` are one secret; the same key as TOTP and as HOTP is not);
 * - the name: same issuer and label, trimmed and case-insensitive (an account with neither has
 *   no name identity and never matches by name).
 *
 * Everything here is linear: the existing accounts are indexed once in maps (the first account
 * with a key wins) and each candidate is one lookup, since an import can hold thousands of
 * accounts and the vault tens of thousands.
 */
import type { NewAccount } from '../../../shared/model'
import { base32ToBytes, bytesToBase32 } from '../otp'

/** What the duplicate rule reads from an account. */
export type IdentitySource = Pick<NewAccount, 'issuer' | 'label' | 'otp'>

/** An account already saved: the identity fields plus its id. */
export type IdentifiedAccount = IdentitySource & { id: string }

/**
 * The secret identity of an account: its OTP type plus the canonical base32 of its secret bytes.
 * A secret that does not decode as base32 (a stored oddity) is compared as its text, so it still
 * matches an exact copy of itself.
 */
export function secretKey(a: Pick<NewAccount, 'otp'>): string {
  let secret = a.otp.secret
  try {
    secret = bytesToBase32(base32ToBytes(secret))
  } catch {
    // not base32: compare as stored
  }
  return `${a.otp.type}\u0000${secret}`
}

/**
 * The name identity of an account: issuer and label, trimmed and case-folded; null when both
 * are empty (unnamed accounts must not all count as one another's duplicates).
 */
export function nameKey(a: Pick<NewAccount, 'issuer' | 'label'>): string | null {
  const issuer = a.issuer.trim().toLowerCase()
  const label = a.label.trim().toLowerCase()
  return issuer === '' && label === '' ? null : `${issuer}\u0000${label}`
}

/** Both identity keys of an account, computed once. */
export interface IdentityKeys {
  secret: string
  name: string | null
}

/** Computes both identity keys of an account (see `secretKey` and `nameKey`). */
export function identityKeys(a: IdentitySource): IdentityKeys {
  return { secret: secretKey(a), name: nameKey(a) }
}

/** What the saved accounts have in common with one candidate (ids of the first such accounts). */
export interface ExistingMatch {
  /** First saved account with the same secret and type. */
  sameSecret?: string
  /** First saved account with the same issuer and label. */
  sameName?: string
  /** First saved account with both the same secret and the same name (an exact copy). */
  exact?: string
}

/** What one candidate of a batch has in common with the saved accounts and earlier candidates. */
export interface CandidateMatch extends ExistingMatch {
  /** Index of the first earlier candidate of the batch with the same secret and type. */
  earlierSameSecret?: number
  /** Index of the first earlier candidate of the batch with the same issuer and label. */
  earlierSameName?: number
}

/**
 * The saved accounts indexed by identity, built once in one pass. Answers, per candidate, which
 * saved account has the same secret, the same name, or both. Build it again after the saved
 * accounts change.
 */
export class DuplicateIndex {
  private readonly bySecret = new Map<string, string>()
  private readonly byName = new Map<string, string>()
  private readonly byBoth = new Map<string, string>()

  constructor(existing: Iterable<IdentifiedAccount>) {
    for (const a of existing) {
      const k = identityKeys(a)
      if (!this.bySecret.has(k.secret)) this.bySecret.set(k.secret, a.id)
      if (k.name === null) continue
      if (!this.byName.has(k.name)) this.byName.set(k.name, a.id)
      const both = `${k.secret}\u0001${k.name}`
      if (!this.byBoth.has(both)) this.byBoth.set(both, a.id)
    }
  }

  /** Which saved accounts `candidate` matches; pass precomputed `keys` to avoid decoding twice. */
  match(candidate: IdentitySource, keys: IdentityKeys = identityKeys(candidate)): ExistingMatch {
    const out: ExistingMatch = {}
    const secret = this.bySecret.get(keys.secret)
    if (secret !== undefined) out.sameSecret = secret
    if (keys.name !== null) {
      const name = this.byName.get(keys.name)
      if (name !== undefined) out.sameName = name
      const exact = this.byBoth.get(`${keys.secret}\u0001${keys.name}`)
      if (exact !== undefined) out.exact = exact
    }
    return out
  }
}

/**
 * Matches every candidate of a batch (an import file, a scan) against the saved accounts and
 * against the candidates before it in the batch (the first occurrence wins). Linear in
 * `candidates.length + existing.length`. Returns one entry per candidate, in order; an entry
 * with no fields means the candidate is new.
 */
export function matchBatch(
  candidates: readonly IdentitySource[],
  existing: Iterable<IdentifiedAccount>
): CandidateMatch[] {
  const index = new DuplicateIndex(existing)
  const seenSecret = new Map<string, number>()
  const seenName = new Map<string, number>()
  return candidates.map((c, i) => {
    const keys = identityKeys(c)
    const out: CandidateMatch = index.match(c, keys)
    const earlierSecret = seenSecret.get(keys.secret)
    if (earlierSecret !== undefined) out.earlierSameSecret = earlierSecret
    else seenSecret.set(keys.secret, i)
    if (keys.name !== null) {
      const earlierName = seenName.get(keys.name)
      if (earlierName !== undefined) out.earlierSameName = earlierName
      else seenName.set(keys.name, i)
    }
    return out
  })
}
