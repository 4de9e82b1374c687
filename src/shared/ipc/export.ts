/**
 * IPC channels of the export domain. Files are written by main through the system's save dialog:
 * their content never crosses to the page. The one exception is the migration QR viewer, whose
 * pictures necessarily carry secrets; it is asked for with an explicit acknowledgement. Every
 * export channel answers POLICY_FORBIDDEN when IT policy forbids exporting.
 */
import { z } from 'zod'
import { channel } from './contract'

export const EXPORT_FILE_FORMATS = ['aegis', 'aegis-plain', 'uris'] as const
export type ExportFileFormat = (typeof EXPORT_FILE_FORMATS)[number]

/** A password for an encrypted export: long enough to resist guessing. */
export const MIN_EXPORT_PASSWORD_LENGTH = 8
export const MAX_EXPORT_PASSWORD_LENGTH = 1024

/** Whether exporting is allowed, before the user picks anything. */
export interface ExportStatusView {
  allowed: boolean
  /** Why not, in words for the user (IT policy); null when allowed. */
  message: string | null
  /** ExportMode=encryptedOnly: only the password-protected file; plain files and QR codes are refused. */
  encryptedOnly: boolean
  /** Why plain exports are refused (encryptedOnly), in words for the user; null otherwise. */
  plainMessage: string | null
  /** Accounts an export would hold. */
  accounts: number
}

/** What `export:saveFile` did. */
export interface ExportSaveView {
  /** False when the user cancelled the save dialog (nothing was written). */
  saved: boolean
  /** Where the file went (the user's own choice), or null when cancelled. */
  path: string | null
  count: number
}

/** One QR code of a migration export, drawn by main; the renderer only paints it. */
export interface MigrationQrCodeView {
  /** Modules per side, quiet zone included: the SVG viewBox is `0 0 size size`. */
  size: number
  /** SVG path data of the dark modules, in module units. */
  path: string
  /** How many accounts this code carries. */
  accounts: number
}

export interface MigrationQrView {
  codes: MigrationQrCodeView[]
  /** Accounts the Google Authenticator format cannot carry, and why. */
  skipped: { name: string; reason: string }[]
}

const password = z
  .string()
  .min(
    MIN_EXPORT_PASSWORD_LENGTH,
    `Use at least ${MIN_EXPORT_PASSWORD_LENGTH} characters for the export password.`
  )
  .max(
    MAX_EXPORT_PASSWORD_LENGTH,
    `A password can have at most ${MAX_EXPORT_PASSWORD_LENGTH} characters.`
  )

export const exportChannels = {
  /** Whether exporting is allowed (IT policy), and how many accounts there are. */
  'export:status': channel<ExportStatusView>()(z.undefined()),
  /**
   * Writes an export through the system's save dialog. `aegis` needs the password twice;
   * `aegis-plain` and `uris` hold every secret in the clear and need the user's acknowledgement.
   */
  'export:saveFile': channel<ExportSaveView>()(
    z.discriminatedUnion('format', [
      z.strictObject({ format: z.literal('aegis'), password, confirm: z.string().max(1024) }),
      z.strictObject({
        format: z.enum(['aegis-plain', 'uris']),
        acknowledgePlaintext: z.literal(true, 'Confirm that the file will hold every secret.')
      })
    ])
  ),
  /**
   * Google Authenticator transfer QR codes for moving accounts to a phone, shown one by one. They
   * carry every secret, so the user must acknowledge that first.
   */
  'export:migrationQr': channel<MigrationQrView>()(
    z.strictObject({
      acknowledgeSecretsOnScreen: z.literal(true, 'Confirm that the codes may be shown.')
    })
  )
}

export const exportEvents = {}
