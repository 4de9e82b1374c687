/**
 * Managed policies: the list (definitions.ts), the readers (sources/), the merge (merge.ts), the
 * running service (service.ts, platform.ts) and the checks every handler and CLI command makes
 * (enforce.ts). Main holds one {@link PolicyPort}; handlers read its snapshot at each call, so a
 * change picked up while running applies to the very next action.
 */
import type { PolicySnapshotView } from '../../../shared/policy'
import { unmanagedSnapshot } from './merge'

export * from './enforce'

/** What main needs of the policy service: the snapshot in force, and word when it changes. */
export interface PolicyPort {
  readonly snapshot: PolicySnapshotView
  /** Calls back after every change; returns the unsubscribe function. */
  onChange(listener: (snapshot: PolicySnapshotView) => void): () => void
}

/**
 * A policy port that never changes (an unmanaged install's defaults unless `snapshot` is given):
 * the composition's default, and what tests pass.
 */
export function fixedPolicies(snapshot: PolicySnapshotView = unmanagedSnapshot()): PolicyPort {
  return { snapshot, onChange: () => () => undefined }
}
