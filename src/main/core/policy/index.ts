/**
 * The export switch the handlers use today: whether accounts may leave Tessera (file exports and
 * migration QR codes). Every export path in main calls {@link assertExportAllowed}.
 *
 * The managed policies IT sets live beside this file: the list (definitions.ts), the readers
 * (sources/), the merge (merge.ts), the running service (service.ts, platform.ts) and the checks
 * (enforce.ts). The handlers move from these flags to the policy snapshot as they are wired.
 */
import { AppError } from '../../../shared/errors'

/** The policy switches main reads; everything is allowed by default. */
export interface PolicyFlags {
  /** False: no export of any kind (files, QR codes). */
  allowExport: boolean
  /** Who set the flags, named in messages ("your organisation"). */
  source?: 'default' | 'settings' | 'policy'
}

/** What an unmanaged install allows. */
export const DEFAULT_POLICY: Readonly<PolicyFlags> = Object.freeze({
  allowExport: true,
  source: 'default'
})

/** Where the current flags come from (settings today, a policy file later). */
export type PolicySource = () => PolicyFlags

/** The message a refused export shows, or null when exporting is allowed. */
export function exportRefusal(flags: PolicyFlags): string | null {
  if (flags.allowExport) return null
  return flags.source === 'policy'
    ? 'Your organisation does not allow exporting accounts from Tessera. Ask your IT department if you need to move them.'
    : 'Exporting accounts is turned off in Tessera’s settings. Turn it on there to export.'
}

/**
 * Refuses an export the policy forbids. Call it first in every export path, before reading a
 * single account.
 *
 * @throws AppError POLICY_FORBIDDEN naming who forbade it and what the user can do.
 */
export function assertExportAllowed(source: PolicySource): void {
  const message = exportRefusal(source())
  if (message !== null) throw new AppError('POLICY_FORBIDDEN', message)
}
