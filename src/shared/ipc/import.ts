/**
 * IPC channels of the import domain: read another authenticator's backup in main, review what was
 * found (no secrets cross), answer a password prompt as often as needed, then save the selected
 * accounts in one vault write. The file's bytes and the decrypted accounts stay in main, keyed by
 * an opaque token, until the import is saved or discarded.
 */
import { z } from 'zod'
import type { OtpSummaryView } from '../model'
import { channel } from './contract'

import { IMPORT_FORMAT_IDS, type ImportFormatId } from '../import-formats'
export { IMPORT_FORMAT_IDS, IMPORT_FORMAT_LABELS, type ImportFormatId } from '../import-formats'

import { MAX_IMPORT_FILE_BYTES } from '../limits'
export { MAX_IMPORT_FILE_BYTES } from '../limits'
/** Base64 of {@link MAX_IMPORT_FILE_BYTES}, rounded up to whole groups. */
const MAX_IMPORT_BASE64 = Math.ceil(MAX_IMPORT_FILE_BYTES / 3) * 4
/** Most entries a review can hold (the core refuses files with more). */
export const MAX_IMPORT_ENTRIES = 10_000
export const MAX_BACKUP_PASSWORD_LENGTH = 4096

const formatSchema = z.enum(['auto', ...IMPORT_FORMAT_IDS]).default('auto')
const tokenSchema = z.string().min(1).max(128)

/** Same secret as an existing account, or same issuer and name. */
export type DuplicateReasonView = 'same-secret' | 'same-name'

/** One row of the review: what the account is, never its secret. */
export interface ImportReviewEntryView extends OtpSummaryView {
  /** Index into what the file holds; send the selected ones back to `import:commit`. */
  index: number
  tags: string[]
  favorite: boolean
  hasNote: boolean
  /** Set when the vault (or an earlier row of the same file) already has this account. */
  duplicate: {
    reason: DuplicateReasonView
    existingId: string | null
    earlierIndex?: number
  } | null
}

/** What the review screen shows after the file was read. */
export interface ImportReviewView {
  format: ImportFormatId
  formatName: string
  entries: ImportReviewEntryView[]
  /** Entries that could not be read, and why, in the core's words. */
  failed: { name: string; reason: string }[]
  counts: { found: number; duplicates: number; failed: number }
}

/** What a step of an import gives: a review, or a (repeat) password prompt. */
export type ImportStepState =
  | { status: 'ready'; token: string; review: ImportReviewView }
  | {
      status: 'needs-password'
      token: string
      /** The detected format's name, for the prompt ("Aegis backup password"). */
      formatName: string | null
      /** True after a wrong password, so the prompt says so. */
      wrongPassword: boolean
      message: string
    }

/** One step of an import as the renderer gets it: the state, and the file's name. */
export type ImportStepView = ImportStepState & {
  /** The file's name as the user chose it (no folder), for the dialog title. */
  fileName: string | null
}

/** What `import:commit` saved. */
export interface ImportCommitView {
  added: number
  /** Ids of the new accounts, in the order they were saved. */
  ids: string[]
}

export const importChannels = {
  /**
   * Reads a backup the renderer holds (a dropped file or a file input), as base64. Answers a
   * review, or a password prompt when the file is encrypted.
   */
  'import:open': channel<ImportStepView>()(
    z.strictObject({
      data: z
        .string()
        .min(1, 'The file is empty. Choose the backup file itself.')
        .max(
          MAX_IMPORT_BASE64,
          'The file is over 16 MiB; authenticator backups are far smaller. Choose the backup file itself.'
        )
        .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'The file did not arrive intact. Choose it again.'),
      fileName: z.string().max(255).optional(),
      format: formatSchema
    })
  ),
  /**
   * Lets the user choose the backup in the system's file dialog (main reads it; the page never
   * sees the bytes). Answers null when the dialog was cancelled.
   */
  'import:pickFile': channel<ImportStepView | null>()(z.strictObject({ format: formatSchema })),
  /** Tries a password for an import that asked for one; a wrong one asks again. */
  'import:unlock': channel<ImportStepView>()(
    z.strictObject({
      token: tokenSchema,
      password: z
        .string()
        .min(1, 'Type the backup’s password first.')
        .max(MAX_BACKUP_PASSWORD_LENGTH, 'That is longer than any backup password.')
    })
  ),
  /** The review again, against the accounts as they are now. */
  'import:review': channel<ImportReviewView>()(z.strictObject({ token: tokenSchema })),
  /** Saves the selected rows in one vault write and closes the import. */
  'import:commit': channel<ImportCommitView>()(
    z.strictObject({
      token: tokenSchema,
      selected: z.array(z.number().int().min(0).max(MAX_IMPORT_ENTRIES)).max(MAX_IMPORT_ENTRIES)
    })
  ),
  /** Closes an import and wipes what main held for it. */
  'import:discard': channel<null>()(z.strictObject({ token: tokenSchema }))
}

export const importEvents = {}
