/**
 * IPC channels of managed policies: the snapshot main enforces (values, where each was set,
 * warnings) for the renderer to show governed controls disabled with the managed badge, and the
 * event that says it changed while Tessera runs. Main enforces every policy itself; the renderer
 * only shows them.
 */
import { z } from 'zod'
import type { PolicySnapshotView } from '../policy'
import { channel, event } from './contract'

export const policyChannels = {
  /**
   * The policies in force now. Answered while the vault is locked: RequireAppLock and
   * PasswordMinLength decide what first run and unlock may offer.
   */
  'policy:get': channel<PolicySnapshotView>({ openWhileLocked: true })(z.undefined())
}

export const policyEvents = {
  /** The policies changed while running (the policy file was edited, the registry re-read). */
  'policy:changed': event<PolicySnapshotView>()
}
