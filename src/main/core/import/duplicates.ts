import type { Account, NewAccount } from '../../../shared/model'
import type { DuplicateReasonView } from '../../../shared/ipc/import'
import { matchBatch } from '../accounts/duplicates'

/** Why an imported account counts as one the vault (or the same file) already has. */
export type DuplicateReason = DuplicateReasonView

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

/**
 * Finds which found accounts duplicate an existing one: same secret and type (the same
 * credential, whatever it is called), or same issuer and name (case-insensitive; likely an
 * older enrolment of the same login). Repeats inside the found list count too, against the
 * first occurrence. At most one entry per found account, secret matches first. The rule itself
 * lives in `accounts/duplicates` (shared with scan review and manual add).
 */
export function findDuplicates(found: NewAccount[], existing: Account[]): Duplicate[] {
  const out: Duplicate[] = []
  matchBatch(found, existing).forEach((m, index) => {
    if (m.sameSecret !== undefined)
      out.push({ index, existingId: m.sameSecret, reason: 'same-secret' })
    else if (m.earlierSameSecret !== undefined)
      out.push({
        index,
        existingId: null,
        earlierIndex: m.earlierSameSecret,
        reason: 'same-secret'
      })
    else if (m.sameName !== undefined)
      out.push({ index, existingId: m.sameName, reason: 'same-name' })
    else if (m.earlierSameName !== undefined)
      out.push({ index, existingId: null, earlierIndex: m.earlierSameName, reason: 'same-name' })
  })
  return out
}
