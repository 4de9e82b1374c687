/**
 * Policy snapshots and ports for tests: a snapshot is what the real merge makes of a policy file
 * holding `raw` (so invalid values, ceilings and the admin contact behave as in the app), and a
 * settable port lets a test change the policies while the composed main process runs.
 */
import type { PolicyPort } from '../../src/main/core/policy'
import { mergePolicyReadings } from '../../src/main/core/policy/merge'
import type { PolicySnapshotView } from '../../src/shared/policy'

export const TEST_POLICY_FILE = '/etc/tessera/policy.json'

/** The snapshot of a policy file whose JSON object is `raw`. */
export function policySnapshot(raw: Record<string, unknown>): PolicySnapshotView {
  return mergePolicyReadings(
    [
      {
        source: 'file',
        location: TEST_POLICY_FILE,
        status: 'read',
        values: Object.entries(raw).map(([key, value]) => ({ key, value })),
        warnings: []
      }
    ],
    { paths: { platform: 'linux', home: '/home/test', env: {} } }
  )
}

/** A policy port whose snapshot the test sets; listeners hear every `set`. */
export function settablePolicies(
  initial: Record<string, unknown> = {}
): PolicyPort & { set(raw: Record<string, unknown>): void } {
  let current = policySnapshot(initial)
  const listeners = new Set<(s: PolicySnapshotView) => void>()
  return {
    get snapshot() {
      return current
    },
    onChange(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    set(raw) {
      current = policySnapshot(raw)
      for (const l of [...listeners]) l(current)
    }
  }
}
