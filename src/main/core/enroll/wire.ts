import { join } from 'node:path'
import type { AccountStore } from '../accounts/store'
import { AuditLog } from '../audit/log'
import { generateCode } from '../otp'
import { parseOtpauthUri } from '../otpauth'
import { VaultServerStore, type VaultCollections } from '../servers/store'
import { EnrollService, type EnrollServiceDeps } from './service'

/** The folder under the data directory where the enrollment audit log is kept. */
export const AUDIT_DIR_NAME = 'audit'

/**
 * The enrollment service over an unlocked vault (accounts, and server profiles in its `servers`
 * collection), with the real OTP engine and otpauth parser and an audit log in
 * `<dataDir>/audit/audit.jsonl`. The app and the CLI both build it this way.
 */
export function enrollServiceForVault(
  vault: AccountStore & VaultCollections,
  dataDir: string,
  extra: Partial<EnrollServiceDeps> = {}
): { service: EnrollService; servers: VaultServerStore; audit: AuditLog } {
  const now = extra.now ?? Date.now
  const servers = new VaultServerStore(vault, now)
  const audit = new AuditLog(join(dataDir, AUDIT_DIR_NAME), now)
  const service = new EnrollService({
    servers,
    accounts: vault,
    generateCode,
    parseUri: parseOtpauthUri,
    audit,
    ...extra
  })
  return { service, servers, audit }
}
