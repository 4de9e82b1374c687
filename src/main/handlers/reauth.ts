/**
 * The re-authentication gate's channels (`vault:reauthStatus`, `vault:reauth`) and the check the
 * secret-carrying handlers make. The gate's state lives in main (core/vault/reauth.ts): the page
 * can ask to be confirmed, never declare that it was.
 */
import type { ReauthGate } from '../core/vault/reauth'
import type { Handler } from '../handlers'

/** What a handler needs of the gate: "confirmed within the grace period, or REAUTH_REQUIRED". */
export interface ReauthCheck {
  assertConfirmed(what: string): Promise<void>
}

/**
 * The channels that hand a secret out of the vault and check the gate first (after their policy
 * check, so a forbidden action is refused without asking for a password). A test calls each one
 * unconfirmed and expects REAUTH_REQUIRED.
 */
export const REAUTH_CHANNELS = ['accounts:reveal', 'export:saveFile', 'export:migrationQr'] as const

export function reauthHandlers(gate: ReauthGate): {
  'vault:reauthStatus': Handler<'vault:reauthStatus'>
  'vault:reauth': Handler<'vault:reauth'>
} {
  return {
    'vault:reauthStatus': async () => gate.status(),
    'vault:reauth': async (proof) => gate.confirm(proof)
  }
}
