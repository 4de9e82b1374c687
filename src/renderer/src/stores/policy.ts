/**
 * The managed policies as main enforces them, mirrored for the view: which controls to show
 * disabled with the managed note, and what the Policies panel lists. Main enforces every policy
 * itself; this store only lets the window say so before the user tries.
 */
import { create } from 'zustand'
import type { PolicyName, PolicySnapshotView, PolicyValues } from '../../../shared/policy'
import { api } from '../api'

interface PolicyState {
  /** Null until main answered (treated as unmanaged: main refuses what a policy forbids anyway). */
  snapshot: PolicySnapshotView | null
  load(): Promise<void>
  /** Main announced a change (the policy file was edited while Tessera runs). */
  received(snapshot: PolicySnapshotView): void
  reset(): void
}

export const usePolicyStore = create<PolicyState>()((set) => ({
  snapshot: null,
  async load() {
    const result = await api().policy.get()
    if (result.ok) set({ snapshot: result.value })
  },
  received(snapshot) {
    set({ snapshot })
  },
  reset() {
    set({ snapshot: null })
  }
}))

/** The value of one policy in force, or undefined while unknown. */
export function usePolicyValue<K extends PolicyName>(name: K): PolicyValues[K] | undefined {
  return usePolicyStore((s) => s.snapshot?.values[name])
}

/** Whether IT set `name` (so the control it governs shows the managed note). */
export function usePolicySet(name: PolicyName): boolean {
  return usePolicyStore((s) => s.snapshot?.entries.some((e) => e.name === name) ?? false)
}
