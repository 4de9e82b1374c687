/**
 * Enforcement: the checks main and the CLI call before a governed action, and the ceilings that
 * turn a user's choice into the value in force. Everything here takes a snapshot and is pure, so
 * the app's handlers and `tessera` apply exactly the same rules.
 *
 * A refusal is AppError POLICY_FORBIDDEN whose message says what is not allowed, which policy
 * says so and where it is set, and whom to ask; `details` carry the same facts for the UI.
 */
import { AppError, type ErrorDetails } from '../../../shared/errors'
import type { ImportFormatId } from '../../../shared/ipc/import'
import {
  POLICY_SOURCE_LABELS,
  type PolicyName,
  type PolicySnapshotView,
  type PolicyValues
} from '../../../shared/policy'

/** Reads the snapshot in force now (the service's, or a fixed one in tests). */
export type PolicyGetter = () => PolicySnapshotView

/** "Ask IT Service Desk (https://…)", or the generic line when IT named nobody. */
export function adminContactText(snapshot: PolicySnapshotView): string {
  const { name, url } = snapshot.admin
  if (name && url) return `Ask ${name} (${url}) if you need it.`
  if (name) return `Ask ${name} if you need it.`
  if (url) return `Ask your IT department (${url}) if you need it.`
  return 'Ask your IT department if you need it.'
}

/**
 * The POLICY_FORBIDDEN error for `policy`: "<what> (policy <Name>, set in <where>). <contact>".
 * `what` is a sentence without its final period, e.g. "Your organization does not allow exporting
 * accounts".
 */
export function policyForbidden(
  snapshot: PolicySnapshotView,
  policy: PolicyName,
  what: string
): AppError {
  const entry = snapshot.entries.find((e) => e.name === policy)
  const where = entry ? `, set in the ${POLICY_SOURCE_LABELS[entry.source].toLowerCase()}` : ''
  const details: ErrorDetails = { policy, managed: true }
  if (entry) details['policySource'] = entry.source
  if (snapshot.admin.name) details['contactName'] = snapshot.admin.name
  if (snapshot.admin.url) details['contactUrl'] = snapshot.admin.url
  return new AppError(
    'POLICY_FORBIDDEN',
    `${what} (policy ${policy}${where}). ${adminContactText(snapshot)}`,
    { details }
  )
}

/** What kind of export is asked for: a password-protected file, a plain file, or QR codes. */
export type ExportKind = 'encrypted' | 'plain' | 'qr'

/** Why `kind` of export is refused, or null when it is allowed. */
export function exportRefusal(snapshot: PolicySnapshotView, kind: ExportKind): AppError | null {
  const mode = snapshot.values.ExportMode
  if (mode === 'allowed') return null
  if (mode === 'disabled') {
    return policyForbidden(
      snapshot,
      'ExportMode',
      'Your organization does not allow exporting accounts from Tessera'
    )
  }
  if (kind === 'encrypted') return null
  return policyForbidden(
    snapshot,
    'ExportMode',
    kind === 'qr'
      ? 'Your organization allows only password-protected export files, so migration QR codes cannot be shown'
      : 'Your organization allows only password-protected export files; choose the encrypted export'
  )
}

/** Refuses an export the policy forbids. Call it first, before reading a single account. */
export function assertExportAllowed(snapshot: PolicySnapshotView, kind: ExportKind): void {
  const refusal = exportRefusal(snapshot, kind)
  if (refusal) throw refusal
}

/** Refuses showing a secret (Reveal secret) when AllowSecretReveal is false. */
export function assertRevealAllowed(snapshot: PolicySnapshotView): void {
  if (!snapshot.values.AllowSecretReveal) {
    throw policyForbidden(
      snapshot,
      'AllowSecretReveal',
      'Your organization does not allow showing secret keys'
    )
  }
}

/** Refuses typing or pasting a setup key or otpauth link when AllowManualEntry is false. */
export function assertManualEntryAllowed(snapshot: PolicySnapshotView): void {
  if (!snapshot.values.AllowManualEntry) {
    throw policyForbidden(
      snapshot,
      'AllowManualEntry',
      'Your organization does not allow adding accounts by typing or pasting a setup key; scan the QR code instead'
    )
  }
}

/** The import formats allowed (every one when AllowedImportSources is not set). */
export function allowedImportFormats(
  values: PolicyValues,
  all: readonly ImportFormatId[]
): readonly ImportFormatId[] {
  return values.AllowedImportSources ?? all
}

/** Refuses importing `format` when AllowedImportSources does not list it. */
export function assertImportAllowed(
  snapshot: PolicySnapshotView,
  format: ImportFormatId,
  label: string
): void {
  const allowed = snapshot.values.AllowedImportSources
  if (allowed === null || allowed.includes(format)) return
  throw policyForbidden(
    snapshot,
    'AllowedImportSources',
    allowed.length === 0
      ? 'Your organization does not allow importing accounts'
      : `Your organization does not allow importing from ${label}`
  )
}

/** Refuses capturing the screen to find QR codes when AllowScreenQrScan is false. */
export function assertScreenScanAllowed(snapshot: PolicySnapshotView): void {
  if (!snapshot.values.AllowScreenQrScan) {
    throw policyForbidden(
      snapshot,
      'AllowScreenQrScan',
      'Your organization does not allow scanning the screen; open an image of the QR code instead'
    )
  }
}

/** Refuses copying a code when AllowCopyToClipboard is false. */
export function assertCopyAllowed(snapshot: PolicySnapshotView): void {
  if (!snapshot.values.AllowCopyToClipboard) {
    throw policyForbidden(
      snapshot,
      'AllowCopyToClipboard',
      'Your organization does not allow copying codes; type the code you see'
    )
  }
}

/** Refuses adding a server of the user's own when AllowUserAddedServers is false. */
export function assertUserServersAllowed(snapshot: PolicySnapshotView): void {
  if (!snapshot.values.AllowUserAddedServers) {
    throw policyForbidden(
      snapshot,
      'AllowUserAddedServers',
      'Your organization allows only the servers it set up'
    )
  }
}

/**
 * A user's choice under a ceiling: the choice when it is within the ceiling, otherwise the
 * ceiling. `0` means "never" and is looser than any ceiling.
 */
export function underCeiling(choice: number, ceiling: number | null): number {
  if (ceiling === null) return choice
  if (choice === 0 || choice > ceiling) return ceiling
  return choice
}

/** Idle minutes before auto-lock in force: the user's choice under AutoLockMaxMinutes. */
export function effectiveAutoLockMinutes(choice: number, values: PolicyValues): number {
  return underCeiling(choice, values.AutoLockMaxMinutes)
}

/** Seconds before the clipboard clears in force: the choice under ClipboardClearMaxSeconds. */
export function effectiveClipboardClearSeconds(choice: number, values: PolicyValues): number {
  return underCeiling(choice, values.ClipboardClearMaxSeconds)
}

/** Whether the vault locks with the screen: always under LockOnScreenLock, else the choice. */
export function effectiveLockOnSuspend(choice: boolean, values: PolicyValues): boolean {
  return values.LockOnScreenLock ? true : choice
}

/** Whether the window hides from capture: forced either way by ScreenCaptureProtection. */
export function effectiveHideFromCapture(choice: boolean, values: PolicyValues): boolean {
  if (values.ScreenCaptureProtection === 'forceOn') return true
  if (values.ScreenCaptureProtection === 'forceOff') return false
  return choice
}

/** Refuses saving an auto-lock choice looser than AutoLockMaxMinutes. */
export function assertAutoLockChoice(snapshot: PolicySnapshotView, minutes: number): void {
  const max = snapshot.values.AutoLockMaxMinutes
  if (max !== null && (minutes === 0 || minutes > max)) {
    throw policyForbidden(
      snapshot,
      'AutoLockMaxMinutes',
      `Your organization requires Tessera to lock after at most ${max} minute${max === 1 ? '' : 's'}; choose ${max} or fewer`
    )
  }
}

/** Refuses saving a clipboard choice looser than ClipboardClearMaxSeconds. */
export function assertClipboardChoice(snapshot: PolicySnapshotView, seconds: number): void {
  const max = snapshot.values.ClipboardClearMaxSeconds
  if (max !== null && (seconds === 0 || seconds > max)) {
    throw policyForbidden(
      snapshot,
      'ClipboardClearMaxSeconds',
      `Your organization requires copied codes to be cleared within ${max} seconds; choose ${max} or fewer`
    )
  }
}

/** Refuses turning off "lock when the computer locks" under LockOnScreenLock. */
export function assertLockOnSuspendChoice(snapshot: PolicySnapshotView, on: boolean): void {
  if (!on && snapshot.values.LockOnScreenLock) {
    throw policyForbidden(
      snapshot,
      'LockOnScreenLock',
      'Your organization requires Tessera to lock when the computer locks or sleeps'
    )
  }
}

/** Refuses changing "hide from capture" when ScreenCaptureProtection decides it. */
export function assertCaptureChoice(snapshot: PolicySnapshotView, hide: boolean): void {
  const mode = snapshot.values.ScreenCaptureProtection
  if (mode === 'forceOn' && !hide) {
    throw policyForbidden(
      snapshot,
      'ScreenCaptureProtection',
      'Your organization requires Tessera to stay hidden from screen capture'
    )
  }
  if (mode === 'forceOff' && hide) {
    throw policyForbidden(
      snapshot,
      'ScreenCaptureProtection',
      'Your organization keeps Tessera visible to screen capture (for remote desktop)'
    )
  }
}

/**
 * Refuses a new vault password shorter than PasswordMinLength, when IT set that policy. Without
 * it this is no policy matter: Tessera's own length rules apply where they always did, and a
 * short password must not be called "required by your organization".
 */
export function assertPasswordLength(snapshot: PolicySnapshotView, password: string): void {
  if (!snapshot.entries.some((e) => e.name === 'PasswordMinLength')) return
  const min = snapshot.values.PasswordMinLength
  if ([...password].length < min) {
    throw policyForbidden(
      snapshot,
      'PasswordMinLength',
      `Your organization requires vault passwords of at least ${min} characters; choose a longer one`
    )
  }
}
