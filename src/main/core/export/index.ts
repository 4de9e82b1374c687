import { encodeMigrationBatches, migrationIncompatibility } from '../migration'
import { formatOtpauthUri } from '../otpauth'
import type { ExportableAccount } from './aegis'

export { aegisContent, AEGIS_SCRYPT, exportAegisVault } from './aegis'
export type { ExportableAccount } from './aegis'

/**
 * A plain text list of otpauth:// URIs, one per line, readable by nearly every authenticator
 * (and by Tessera's own `uris` importer). Every secret is in the clear: warn before writing it.
 */
export function exportUriList(accounts: ExportableAccount[]): string {
  return accounts.map((a) => formatOtpauthUri(a)).join('\n') + (accounts.length > 0 ? '\n' : '')
}

/** Result of {@link exportMigrationBatches}. */
export interface MigrationExport {
  /** `otpauth-migration://` URIs, one per QR code, to show one by one ("2 of 3"). */
  uris: string[]
  /** Accounts the Google Authenticator format cannot carry (Steam, 7 digits, 60 s, ...). */
  skipped: { name: string; reason: string }[]
}

/**
 * Google Authenticator transfer QR payloads for moving accounts to a phone (read by Google
 * Authenticator, Aegis and 2FAS). Accounts the format cannot carry are left out and listed in
 * `skipped` with the reason, rather than failing the whole export.
 */
export function exportMigrationBatches(
  accounts: ExportableAccount[],
  opts: { maxPerQr?: number } = {}
): MigrationExport {
  const ok: ExportableAccount[] = []
  const skipped: MigrationExport['skipped'] = []
  for (const a of accounts) {
    const why = migrationIncompatibility({ issuer: a.issuer, label: a.label, otp: a.otp })
    if (why) skipped.push({ name: a.issuer ? `${a.issuer} (${a.label})` : a.label, reason: why })
    else ok.push(a)
  }
  const uris =
    ok.length === 0
      ? []
      : encodeMigrationBatches(
          ok.map((a) => ({ issuer: a.issuer, label: a.label, otp: a.otp })),
          opts
        )
  return { uris, skipped }
}
