/**
 * IPC channels of the scan domain: read QR codes off every display, from an image (dropped,
 * pasted, chosen in the file dialog, on the clipboard) or from pasted otpauth text, review what
 * was found (no secrets cross), then save the ticked accounts in one vault write. Main keeps the
 * accounts and their secrets under an opaque token until they are saved, discarded, replaced by
 * the next scan, or the token expires.
 */
import { z } from 'zod'
import type { ScanResultView } from '../scan'
import { channel } from './contract'

import { imageTooLargeMessage, MAX_SCAN_IMAGE_BYTES } from '../limits'
/** The largest image file main decodes (a 7680x4320 PNG screenshot is well below). */
export { MAX_SCAN_IMAGE_BYTES } from '../limits'
/** Base64 of {@link MAX_SCAN_IMAGE_BYTES}, rounded up to whole groups. */
const MAX_SCAN_IMAGE_BASE64 = Math.ceil(MAX_SCAN_IMAGE_BYTES / 3) * 4
/** Longest pasted text main looks at (a 10-part Google export is ~10 KB). */
export const MAX_SCAN_TEXT = 256 * 1024
/** Most accounts one save may name. */
export const MAX_SCAN_KEYS = 10_000
/** How long main keeps a scan's accounts for the review (then "scan again"). */
export const SCAN_TTL_MS = 10 * 60 * 1000

/** Most files one multi-file scan (a drop, a pick) reads. */
export const MAX_SCAN_FILES = 20
/** All the images of one multi-file scan together, as base64 (four times one image's cap). */
const MAX_SCAN_FILES_BASE64 = 4 * MAX_SCAN_IMAGE_BASE64

/** Image types the window accepts by drop or paste. */
export const SCAN_IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/gif'] as const

const tokenSchema = z.string().min(1).max(128)

/** Where a scan's codes came from. */
export type ScanSourceKind = 'screens' | 'image' | 'clipboard' | 'text' | 'link'

/** One finished scan, ready for review. */
export interface ScanStepView {
  /** Send back with `scan:save` / `scan:discard`. */
  token: string
  source: ScanSourceKind
  /** When main forgets this scan (ms since the epoch, main's clock). */
  expiresAt: number
  result: ScanResultView
}

/** What `scan:save` saved. */
export interface ScanSaveView {
  added: number
  /** Ids of the new accounts, in scan order. */
  ids: string[]
}

export const scanChannels = {
  /**
   * Starts the QR decoder threads now (when the scan screen opens), so "Scan screen" does not
   * wait for them.
   */
  'scan:warm': channel<null>()(z.undefined()),
  /** Captures every display at its native resolution in main and reads every QR code on them. */
  'scan:screens': channel<ScanStepView>()(z.undefined()),
  /** Reads an image the page holds (a dropped or pasted file, a file input), as base64. */
  'scan:image': channel<ScanStepView>()(
    z.strictObject({
      data: z
        .string()
        .min(1, 'The image is empty. Choose the screenshot itself.')
        .max(MAX_SCAN_IMAGE_BASE64, imageTooLargeMessage('The image'))
        .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'The image did not arrive intact. Try again.'),
      fileName: z.string().max(255).optional()
    })
  ),
  /**
   * Reads several files at once (dropped or chosen together) into ONE review: accounts from every
   * file, Google Authenticator export parts spread over the files assembled, and a line for each
   * file that could not be scanned (not an image, no QR code, too large). A file the page did not
   * send for its size comes as `{fileName, size}` without data, so main words the refusal.
   */
  'scan:images': channel<ScanStepView>()(
    z
      .strictObject({
        files: z
          .array(
            z.strictObject({
              fileName: z.string().min(1).max(255),
              data: z
                .string()
                .max(MAX_SCAN_IMAGE_BASE64, imageTooLargeMessage('The image'))
                .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'The image did not arrive intact. Try again.')
                .optional(),
              size: z.number().int().nonnegative().optional()
            })
          )
          .min(1, 'Choose at least one image.')
          .max(MAX_SCAN_FILES, `Scan at most ${MAX_SCAN_FILES} files at once.`)
      })
      .refine(
        (v) => v.files.reduce((n, f) => n + (f.data?.length ?? 0), 0) <= MAX_SCAN_FILES_BASE64,
        `These images are over ${(4 * MAX_SCAN_IMAGE_BYTES) / 1048576} MiB together. Scan them in smaller groups.`
      )
  ),
  /**
   * Lets the user choose an image in the system's file dialog (main reads it). Answers null when
   * the dialog was cancelled.
   */
  'scan:pickFile': channel<ScanStepView | null>()(z.undefined()),
  /** Reads the image on the system clipboard (main reads it; the page needs no permission). */
  'scan:clipboard': channel<ScanStepView>()(z.undefined()),
  /** Finds otpauth:// and otpauth-migration:// links in pasted text. */
  'scan:text': channel<ScanStepView>()(
    z.strictObject({
      text: z
        .string()
        .min(1, 'Nothing was pasted.')
        .max(MAX_SCAN_TEXT, 'The pasted text is too long. Paste only the setup link.')
    })
  ),
  /** Saves the ticked accounts of a scan in one vault write and forgets the scan. */
  'scan:save': channel<ScanSaveView>()(
    z.strictObject({
      token: tokenSchema,
      keys: z
        .array(z.string().min(1).max(64))
        .min(1, 'Tick at least one account to add.')
        .max(MAX_SCAN_KEYS)
    })
  ),
  /** Forgets a scan without saving anything. */
  'scan:discard': channel<null>()(z.strictObject({ token: tokenSchema })),
  /** Forgets which parts of multi-code Google Authenticator exports were scanned. */
  'scan:resetBatches': channel<null>()(z.undefined())
}

export const scanEvents = {}
