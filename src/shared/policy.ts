/**
 * Managed policies as main, the renderer and the CLI see them: the typed values of every policy
 * IT can set, and the snapshot view that says which ones are in force, where each came from and
 * what was wrong with the rest. The list itself (descriptions, ranges, restrictive values) lives
 * in `src/main/core/policy/definitions.ts`; this file holds only types and the enum values the
 * renderer needs to show them.
 */
import type { ImportFormatId } from './ipc/import'
import type { ServerTypeName } from './ipc/servers'

/** How accounts may leave Tessera: any export, only encrypted files, or none at all. */
export const EXPORT_MODES = ['allowed', 'encryptedOnly', 'disabled'] as const
export type ExportMode = (typeof EXPORT_MODES)[number]

/** Whether the window is hidden from screenshots: the user's choice, always, or never. */
export const CAPTURE_PROTECTION_MODES = ['userChoice', 'forceOn', 'forceOff'] as const
export type CaptureProtectionMode = (typeof CAPTURE_PROTECTION_MODES)[number]

/** How Tessera updates itself: on its own, by telling the user, or not at all. */
export const UPDATE_MODES = ['auto', 'notify', 'none'] as const
export type UpdateMode = (typeof UPDATE_MODES)[number]

/** An enrollment server IT presets (EnrollmentServers). The access token stays the user's. */
export interface ManagedServer {
  name: string
  type: ServerTypeName
  /** Normalised base URL (https, or http to loopback only). */
  url: string
}

/**
 * The value of every policy, as main enforces it: what IT set where it set something valid, the
 * restrictive value where it set something invalid, and the default everywhere else. `null`
 * means "no limit" (ceilings) or "not set" (strings).
 */
export interface PolicyValues {
  EnrollmentServers: ManagedServer[]
  AllowUserAddedServers: boolean
  RequireAppLock: boolean
  PasswordMinLength: number
  AutoLockMaxMinutes: number | null
  LockOnScreenLock: boolean
  ClipboardClearMaxSeconds: number | null
  AllowCopyToClipboard: boolean
  ExportMode: ExportMode
  AllowSecretReveal: boolean
  AllowManualEntry: boolean
  /** null: every import format is allowed. */
  AllowedImportSources: ImportFormatId[] | null
  AllowScreenQrScan: boolean
  ScreenCaptureProtection: CaptureProtectionMode
  UpdateMode: UpdateMode
  DataDirectory: string | null
  SkipFirstRun: boolean
  AdminContactName: string | null
  AdminContactUrl: string | null
}

export type PolicyName = keyof PolicyValues

/**
 * Where a policy value came from: the Windows registry (machine or user hive), a macOS MDM
 * profile (forced preferences), or the root-owned policy file.
 */
export const POLICY_SOURCE_NAMES = ['HKLM', 'HKCU', 'profile', 'file'] as const
export type PolicySourceName = (typeof POLICY_SOURCE_NAMES)[number]

/** Words for a source, as the Policies view and `tessera policy` print them. */
export const POLICY_SOURCE_LABELS: Readonly<Record<PolicySourceName, string>> = {
  HKLM: 'Windows registry (computer)',
  HKCU: 'Windows registry (user)',
  profile: 'macOS configuration profile',
  file: 'Policy file'
}

/** What kind of problem a policy warning reports. */
export type PolicyWarningCode =
  /** A policy's value has the wrong type, is out of range or not one of its choices. */
  | 'invalid-value'
  /** A key no policy has (a typo, or a policy of a newer Tessera). */
  | 'unknown-policy'
  /** The policy file is not safe to trust (owner, permissions, a link, not a file). */
  | 'file-untrusted'
  /** The policy file cannot be used as it is (too large, too deep, not JSON, unreadable). */
  | 'file-unusable'
  /** A whole source could not be read (reg.exe or osascript failed). */
  | 'source-failed'
  /** A policy changed while running that only applies after a restart. */
  | 'restart-needed'

export interface PolicyWarning {
  code: PolicyWarningCode
  /** The policy concerned, or the key as written for `unknown-policy`. */
  policy?: string
  source?: PolicySourceName
  /** For the administrator: what is wrong and what Tessera did instead. */
  message: string
}

/** JSON a policy value can be shown as (the Policies view, `tessera policy --json`). */
export type PolicyJson =
  string | number | boolean | null | PolicyJson[] | { [k: string]: PolicyJson }

/** One policy IT set, as the Policies view lists it. */
export interface PolicyEntryView {
  name: PolicyName
  /** The value in force (the restrictive value when what IT set was invalid). */
  value: PolicyJson
  source: PolicySourceName
  /** Where exactly: a registry key, a file path, the profile's domain. */
  location: string
  /** `invalid`: what IT set could not be used, so the restrictive value applies. */
  status: 'applied' | 'invalid'
  /** Lower-precedence sources that set it too and were overridden. */
  overridden: PolicySourceName[]
}

/** How one source fared on the last read. */
export interface PolicySourceView {
  source: PolicySourceName
  location: string
  /** read: used; absent: nothing there; ignored: there but not trusted; failed: could not read. */
  status: 'read' | 'absent' | 'ignored' | 'failed'
}

/** Everything the renderer and `tessera policy` learn about policies. No secrets in here. */
export interface PolicySnapshotView {
  /** True when at least one policy is set. */
  managed: boolean
  values: PolicyValues
  /** The policies IT set, in the list's order. */
  entries: PolicyEntryView[]
  warnings: PolicyWarning[]
  sources: PolicySourceView[]
  /** Who to ask, when IT said so. */
  admin: { name: string | null; url: string | null }
  /** When main last read the sources (ms since the epoch). */
  readAt: number
}

/** What a user sees beside every control a policy governs. */
export const MANAGED_LABEL = 'Managed by your organization'
