/**
 * What a QR scan (screen, image file, clipboard image or pasted text) yields, as the renderer may
 * see it: every code found with its classification and plain-words explanation, the accounts it
 * holds WITHOUT their secrets, duplicate/conflict flags, and progress of multi-code Google
 * Authenticator exports. The main process keeps the secrets, keyed by `key`, until the user
 * confirms which accounts to save.
 */
import type { ErrorShape } from './errors'
import type { OtpSummaryView } from './model'

/** What a QR code turned out to be. */
export type QrKind =
  'otpauth' | 'migration' | 'microsoft-activation' | 'web-link' | 'text' | 'invalid'

/** Where a multi-code export stands. */
export interface MigrationBatchView {
  id: number
  size: number
  scanned: number[]
  missing: number[]
  complete: boolean
  message: string
}

/** One QR code found. */
export interface ScannedCodeView {
  /** The display or file it was found on. */
  source: string
  kind: QrKind
  /** Plain words for the user, e.g. "This QR code is a web link, not an authenticator setup code." */
  explanation: string
  /** Keys of the accounts this code holds (see ScanCandidateView.key). */
  accountKeys: string[]
  /** Google Authenticator export codes: which part of the export this is. */
  batch?: { id: number; size: number; index: number }
  /** Entries of an export that cannot be imported, with the reason. */
  skipped?: { name: string; issuer: string; reason: string }[]
  /** Why a code that looked like a setup code could not be used. */
  error?: ErrorShape
  /** Center of the code in source pixels (to highlight it). */
  center?: { x: number; y: number }
}

/** An account found by a scan, without its secret. */
export interface ScanCandidateView extends OtpSummaryView {
  key: string
  source: string
  /** Id of an existing account with the same secret (and type). */
  duplicateOf?: string
  /** Id of an existing account with the same issuer and label but a different secret. */
  conflictWith?: string
  /** Key of an earlier candidate in this same scan with the same secret. */
  sameAs?: string
}

/** A source that could not be scanned (unreadable file, failed capture). */
export interface ScanSourceView {
  name: string
  width?: number
  height?: number
  codes: number
  error?: ErrorShape
}

export interface ScanResultView {
  codes: ScannedCodeView[]
  candidates: ScanCandidateView[]
  batches: MigrationBatchView[]
  sources: ScanSourceView[]
  /** One line summing up, e.g. "Found 3 QR codes: 2 accounts to add, 1 web link." */
  summary: string
}
