import type { NewAccount } from '../../../shared/model'
import { IMPORT_FORMAT_IDS, type ImportFormatId } from '../../../shared/import-formats'

/**
 * Every backup format Tessera can read (declared once, in shared, for the renderer's dropdown
 * too). `auto` lets {@link detectFormat} decide by content.
 */
export const IMPORT_FORMATS = IMPORT_FORMAT_IDS
/** One of {@link IMPORT_FORMATS}. */
export type ImportFormat = ImportFormatId

/** One entry of a backup that could not be imported, and why, in words a user understands. */
export interface ImportFailure {
  /** What the source calls the entry ("Issuer: account", a line number, ...). */
  name: string
  reason: string
}

/** What one importer found in a file. Entries that failed never abort the whole file. */
export interface ImportResult {
  accounts: NewAccount[]
  failed: ImportFailure[]
}

/** What an importer needs besides the bytes. */
export interface ImportOptions {
  /** The backup file's own password (not the vault's). */
  password?: string
}

/** A pure function from file bytes (+ password) to accounts. */
export type Importer = (bytes: Uint8Array, options: ImportOptions) => Promise<ImportResult>
