import { AppError } from '../../../shared/errors'
import type { ImportReviewEntryView, ImportReviewView } from '../../../shared/ipc/import'
import type { Account, NewAccount } from '../../../shared/model'
import { importAegis } from './aegis'
import { importAndOtp } from './andotp'
import { importBitwarden } from './bitwarden'
import { detectFormat, FORMAT_NAMES } from './detect'
import { findDuplicates, type Duplicate } from './duplicates'
import { importEnte } from './ente'
import { importFreeOtpPlus } from './freeotp-plus'
import { importProton } from './proton'
import { importTwoFas } from './twofas'
import {
  IMPORT_FORMATS,
  type ImportFormat,
  type Importer,
  type ImportOptions,
  type ImportResult
} from './types'
import { importUriList } from './uri-list'
import { backupTooLarge, describeValue, MAX_IMPORT_BYTES } from './util'

export { detectFormat, FORMAT_NAMES } from './detect'
export { findDuplicates } from './duplicates'
export type { Duplicate, DuplicateReason } from './duplicates'
export { KDF_LIMITS } from './crypto'
export { legacyAegisPasswordBytes } from './aegis'
export { IMPORT_FORMATS } from './types'
export type { ImportFailure, ImportFormat, ImportOptions, ImportResult } from './types'
export {
  importAegis,
  importAndOtp,
  importBitwarden,
  importEnte,
  importFreeOtpPlus,
  importProton,
  importTwoFas,
  importUriList
}

/** The importer for each format; every one is a pure function of the bytes and password. */
export const IMPORTERS: Readonly<Record<ImportFormat, Importer>> = {
  aegis: importAegis,
  '2fas': importTwoFas,
  andotp: importAndOtp,
  bitwarden: importBitwarden,
  ente: importEnte,
  proton: importProton,
  'freeotp-plus': importFreeOtpPlus,
  uris: importUriList
}

/** Options of {@link importFile}. */
export interface ImportFileOptions extends ImportOptions {
  /** `auto` (default) detects by content. */
  format?: ImportFormat | 'auto'
}

/** What {@link importFile} found, and in which format. */
export interface ImportFileResult extends ImportResult {
  format: ImportFormat
}

/** Narrows a string (e.g. a CLI flag) to a known import format. */
export function isImportFormat(value: unknown): value is ImportFormat {
  return typeof value === 'string' && (IMPORT_FORMATS as readonly string[]).includes(value)
}

/**
 * Reads a backup file: detects its format by content (or uses `options.format`), decrypts it
 * with `options.password` when it is encrypted, and returns every account found plus every
 * entry that could not be read, with the reason. Nothing is saved.
 *
 * Errors a caller should handle: PASSWORD_REQUIRED (the file is encrypted and no password was
 * given: ask for one), WRONG_PASSWORD (ask again), IMPORT_FORMAT (not a backup Tessera knows),
 * UNSUPPORTED (an app Tessera cannot read yet, or key settings far beyond the app's own),
 * IMPORT_CORRUPT (damaged file). Nothing else escapes: an unexpected failure inside a parser is
 * reported as IMPORT_CORRUPT with `details.unexpected = true`.
 */
export async function importFile(
  bytes: Uint8Array,
  options: ImportFileOptions = {}
): Promise<ImportFileResult> {
  if (bytes.length > MAX_IMPORT_BYTES) throw backupTooLarge(bytes.length)
  const requested = options.format ?? 'auto'
  if (requested !== 'auto' && !isImportFormat(requested)) {
    throw new AppError(
      'INVALID_INPUT',
      `Unknown import format "${describeValue(requested)}". Use one of: auto, ${IMPORT_FORMATS.join(', ')}.`
    )
  }
  try {
    const format = requested === 'auto' ? detectFormat(bytes) : requested
    const importer = IMPORTERS[format]
    const opts: ImportOptions = {}
    if (options.password !== undefined) opts.password = options.password
    const result = await importer(bytes, opts)
    return { format, ...result }
  } catch (err) {
    if (err instanceof AppError) throw err
    throw new AppError(
      'IMPORT_CORRUPT',
      'Tessera could not read this backup: it seems damaged or unusual. Export it again from the app; if that does not help, report it without attaching the file.',
      { cause: err, details: { unexpected: true } }
    )
  }
}

/** One row of the review screen: no secret, so it may be sent to the renderer (shared's type). */
export type ImportReviewEntry = ImportReviewEntryView

/** Everything the review screen shows after a file was read; carries no secret. */
export type ImportReview = ImportReviewView

/**
 * Builds the review screen's view of an import: each account found (without its secret), which
 * are duplicates of existing accounts, and what failed and why. Save the selected
 * `result.accounts[index]` in one `AccountStore.addMany` call.
 */
export function reviewImport(result: ImportFileResult, existing: Account[]): ImportReview {
  const dups = new Map<number, Duplicate>(
    findDuplicates(result.accounts, existing).map((d) => [d.index, d])
  )
  const entries = result.accounts.map((a: NewAccount, index): ImportReviewEntry => {
    const d = dups.get(index)
    const duplicate: ImportReviewEntry['duplicate'] = d
      ? d.earlierIndex === undefined
        ? { reason: d.reason, existingId: d.existingId }
        : { reason: d.reason, existingId: d.existingId, earlierIndex: d.earlierIndex }
      : null
    return {
      index,
      issuer: a.issuer,
      label: a.label,
      type: a.otp.type,
      algorithm: a.otp.algorithm,
      digits: a.otp.digits,
      period: a.otp.period,
      counter: a.otp.counter,
      tags: [...(a.tags ?? [])],
      favorite: a.favorite ?? false,
      hasNote: (a.note ?? '') !== '',
      duplicate
    }
  })
  return {
    format: result.format,
    formatName: FORMAT_NAMES[result.format],
    entries,
    failed: result.failed,
    counts: { found: entries.length, duplicates: dups.size, failed: result.failed.length }
  }
}

/**
 * Picks the accounts to save: by default every one that is not a duplicate, or exactly the
 * indexes the user selected on the review screen.
 */
export function selectForSave(
  result: ImportResult,
  existing: Account[],
  selected?: number[]
): NewAccount[] {
  if (selected) {
    return [...new Set(selected)]
      .filter((i) => i >= 0 && i < result.accounts.length)
      .sort((a, b) => a - b)
      .map((i) => result.accounts[i] as NewAccount)
  }
  const dupIdx = new Set(findDuplicates(result.accounts, existing).map((d) => d.index))
  return result.accounts.filter((_, i) => !dupIdx.has(i))
}

export { ImportSessions } from './sessions'
export type { ImportSessionsOptions, ImportStep } from './sessions'
