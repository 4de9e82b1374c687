/**
 * THE policy list: every policy IT can set, once. The readers (registry, macOS profile, policy
 * file), the merge, the enforcement, the Policies view, `tessera policy` and the generated
 * templates (ADMX/ADML, .mobileconfig, profile manifest, JSON Schema, Markdown) all come from
 * here. To add a policy: add its value type to `PolicyValues` in src/shared/policy.ts, add its
 * definition below (the type-check fails until both agree), run `npm run policy:templates`, and
 * enforce it where the governed setting lives.
 *
 * Security limits are ceilings: a user may choose stricter (a shorter auto-lock), never looser.
 * A value IT set that cannot be used (wrong type, out of range, unknown choice) never loosens
 * anything: the policy's `restrictive` value applies and the snapshot says which one was wrong.
 */
import {
  CAPTURE_PROTECTION_MODES,
  EXPORT_MODES,
  UPDATE_MODES,
  type PolicyName,
  type PolicyValues
} from '../../../shared/policy'
import { IMPORT_FORMAT_IDS, IMPORT_FORMAT_LABELS } from '../../../shared/import-formats'
import {
  MAX_AUTO_LOCK_MINUTES,
  MAX_CLIPBOARD_CLEAR_SECONDS,
  MIN_PASSWORD_LENGTH
} from '../../../shared/limits'
import { ENROLLMENT_SERVER_TYPES } from '../servers/model'
import { APP_ID, PRODUCT_NAME } from '../../../shared/app-identity'

/** The product name in templates and in the registry key (`Software\Policies\Tessera`). */
export const POLICY_PRODUCT_NAME = PRODUCT_NAME

/** Registry key below HKLM and HKCU that holds Tessera's policies. */
export const POLICY_REGISTRY_KEY = 'Software\\Policies\\Tessera'

/** The macOS preferences domain MDM profiles target: the app's bundle id (`APP_ID`). */
export const APP_POLICY_DOMAIN = APP_ID

/** Where the policy file lives on Linux and macOS (config management writes it as root). */
export const POLICY_FILE_PATH = '/etc/tessera/policy.json'

/** Groups policies in Group Policy's tree, the profile manifest and the reference. */
export const POLICY_CATEGORIES = {
  Servers: 'Enrollment servers',
  AppLock: 'App lock',
  Clipboard: 'Clipboard',
  Transfer: 'Import and export',
  Privacy: 'Privacy and scanning',
  Setup: 'Installation and updates',
  Support: 'Support contact'
} as const
export type PolicyCategory = keyof typeof POLICY_CATEGORIES

/** The shape of a policy's value, which decides how each source stores it. */
export type PolicyKind =
  /** REG_DWORD 0/1; plist <true/>/<false/>; JSON true/false. */
  | { type: 'boolean' }
  /** A whole number in [min, max]: REG_DWORD or REG_QWORD; plist <integer>; JSON number. */
  | { type: 'number'; min: number; max: number; unit: string }
  /** REG_SZ (REG_EXPAND_SZ for paths); plist <string>; JSON string. */
  | { type: 'string'; format: 'text' | 'path' | 'url'; maxLength: number }
  /** One of `values`: REG_SZ; plist <string>; JSON string. */
  | { type: 'enum'; values: readonly string[]; labels: Readonly<Record<string, string>> }
  /**
   * Some of `items`: a registry subkey of REG_SZ values (what Group Policy's list writes) or one
   * REG_MULTI_SZ; plist <array> of <string>; JSON array of strings.
   */
  | { type: 'list'; items: readonly string[]; labels: Readonly<Record<string, string>> }
  /**
   * A list of `{name, type, url}`: REG_MULTI_SZ or REG_SZ holding JSON (Group Policy's multi-line
   * text box); plist <array> of <dict>; JSON array of objects.
   */
  | { type: 'servers'; serverTypes: readonly string[] }

/** One policy. `V` is its value type from `PolicyValues`. */
export interface PolicyDefinition<N extends PolicyName = PolicyName> {
  name: N
  /** A short title for Group Policy editors and MDM consoles. */
  title: string
  category: PolicyCategory
  /** The Tessera version that first reads this policy (`supportedOn` in the ADMX). */
  since: string
  /** For administrators: what it does, what each value means, what the user sees. */
  description: string
  /** The settings or actions it governs, in the app's words (shown in the reference). */
  governs: readonly string[]
  kind: PolicyKind
  /** What applies when no source sets it. */
  default: PolicyValues[N]
  /** What applies when a source sets something unusable: never looser than any valid value. */
  restrictive: PolicyValues[N]
  /** A value for the generated examples (.mobileconfig, policy.json). */
  example: PolicyValues[N]
}

const FIRST = '0.1.0'

const booleanKind = { type: 'boolean' } as const

/**
 * Every policy, in the order the templates and the Policies view list them. A mapped type over
 * `PolicyValues`, so a policy with no definition (or a definition of the wrong value type) fails
 * the type-check.
 */
export const POLICY_DEFINITIONS: { readonly [N in PolicyName]: PolicyDefinition<N> } = {
  EnrollmentServers: {
    name: 'EnrollmentServers',
    title: 'Preset enrollment servers',
    category: 'Servers',
    since: FIRST,
    description:
      'Enrollment servers Tessera lists for every user, marked "Managed by your organization". ' +
      'Users cannot edit or remove them; each user still signs in with their own access token, ' +
      'which stays theirs. Each entry has a name, a type (' +
      ENROLLMENT_SERVER_TYPES.join(', ') +
      ') and an https URL. An entry that is not valid is left out and reported; the others apply.',
    governs: ['Servers: the preset server entries'],
    kind: { type: 'servers', serverTypes: ENROLLMENT_SERVER_TYPES },
    default: [],
    restrictive: [],
    example: [{ name: 'Company SSO', type: 'ucloud', url: 'https://sso.example.com/api' }]
  },
  AllowUserAddedServers: {
    name: 'AllowUserAddedServers',
    title: 'Allow users to add their own servers',
    category: 'Servers',
    since: FIRST,
    description:
      'When false, users can use only the preset enrollment servers: adding a server is refused ' +
      'in the app and in the tessera command line. Servers a user added earlier stay listed but ' +
      'are disabled while this is false.',
    governs: ['Servers: Add server', 'tessera server add'],
    kind: booleanKind,
    default: true,
    restrictive: false,
    example: false
  },
  RequireAppLock: {
    name: 'RequireAppLock',
    title: 'Require a vault password',
    category: 'AppLock',
    since: FIRST,
    description:
      'When true, every vault must open with a password: a new vault cannot be created without ' +
      'one, the password cannot be removed, and the keychain does not open the vault on its own. ' +
      'On a vault without a password, Tessera asks the user to add one before anything else.',
    governs: ['First run: how the vault opens', 'Settings: Vault access'],
    kind: booleanKind,
    default: false,
    restrictive: true,
    example: true
  },
  PasswordMinLength: {
    name: 'PasswordMinLength',
    title: 'Minimum vault password length',
    category: 'AppLock',
    since: FIRST,
    description:
      `The fewest characters a new vault password may have (${MIN_PASSWORD_LENGTH} to 64; ` +
      `Tessera's own minimum is ${MIN_PASSWORD_LENGTH}). Existing passwords keep working; the ` +
      'rule applies when a password is set or changed.',
    governs: ['First run and Settings: new vault password'],
    kind: { type: 'number', min: MIN_PASSWORD_LENGTH, max: 64, unit: 'characters' },
    default: MIN_PASSWORD_LENGTH,
    restrictive: 16,
    example: 12
  },
  AutoLockMaxMinutes: {
    name: 'AutoLockMaxMinutes',
    title: 'Longest auto-lock delay',
    category: 'AppLock',
    since: FIRST,
    description:
      `A ceiling on the user's auto-lock setting, in minutes (1 to ${MAX_AUTO_LOCK_MINUTES}). ` +
      'Users may choose a shorter delay, never a longer one or "never"; a longer saved choice ' +
      'is treated as this value.',
    governs: ['Settings: Lock after'],
    kind: { type: 'number', min: 1, max: MAX_AUTO_LOCK_MINUTES, unit: 'minutes' },
    default: null,
    restrictive: 5,
    example: 10
  },
  LockOnScreenLock: {
    name: 'LockOnScreenLock',
    title: 'Lock when the computer locks',
    category: 'AppLock',
    since: FIRST,
    description:
      'When true, Tessera always locks its vault when the screen locks or the computer sleeps, ' +
      'and users cannot turn that off. When false or not set, users choose.',
    governs: ['Settings: Lock when the computer locks or sleeps'],
    kind: booleanKind,
    default: false,
    restrictive: true,
    example: true
  },
  ClipboardClearMaxSeconds: {
    name: 'ClipboardClearMaxSeconds',
    title: 'Longest time a copied code stays on the clipboard',
    category: 'Clipboard',
    since: FIRST,
    description:
      `A ceiling on the user's clipboard-clearing setting, in seconds (1 to ` +
      `${MAX_CLIPBOARD_CLEAR_SECONDS}). Users may choose a shorter time, never a longer one or ` +
      '"never".',
    governs: ['Settings: Clear the clipboard after'],
    kind: { type: 'number', min: 1, max: MAX_CLIPBOARD_CLEAR_SECONDS, unit: 'seconds' },
    default: null,
    restrictive: 15,
    example: 30
  },
  AllowCopyToClipboard: {
    name: 'AllowCopyToClipboard',
    title: 'Allow copying codes',
    category: 'Clipboard',
    since: FIRST,
    description:
      'When false, codes cannot be copied to the clipboard; users read them off the screen.',
    governs: ['Codes: Copy'],
    kind: booleanKind,
    default: true,
    restrictive: false,
    example: true
  },
  ExportMode: {
    name: 'ExportMode',
    title: 'Export',
    category: 'Transfer',
    since: FIRST,
    description:
      'Whether accounts may leave Tessera. allowed: every export. encryptedOnly: only ' +
      'password-protected export files (no plain files, no migration QR codes). disabled: no ' +
      'export at all, in the app and in the tessera command line.',
    governs: ['Export', 'tessera export'],
    kind: {
      type: 'enum',
      values: EXPORT_MODES,
      labels: {
        allowed: 'Allowed',
        encryptedOnly: 'Encrypted files only',
        disabled: 'Disabled'
      }
    },
    default: 'allowed',
    restrictive: 'disabled',
    example: 'encryptedOnly'
  },
  AllowSecretReveal: {
    name: 'AllowSecretReveal',
    title: 'Allow showing secrets',
    category: 'Transfer',
    since: FIRST,
    description:
      "When false, an account's secret key and its QR code cannot be shown (Reveal secret).",
    governs: ['Account details: Reveal secret'],
    kind: booleanKind,
    default: true,
    restrictive: false,
    example: false
  },
  AllowManualEntry: {
    name: 'AllowManualEntry',
    title: 'Allow typing in setup keys',
    category: 'Transfer',
    since: FIRST,
    description:
      'When false, accounts cannot be added by typing or pasting a setup key or otpauth link; ' +
      'only scanning, import (as allowed) and server enrollment add accounts.',
    governs: ['Add account: Enter a setup key', 'Add account: Paste a link', 'tessera add'],
    kind: booleanKind,
    default: true,
    restrictive: false,
    example: true
  },
  AllowedImportSources: {
    name: 'AllowedImportSources',
    title: 'Allowed import formats',
    category: 'Transfer',
    since: FIRST,
    description:
      'The backup formats users may import from. Not set: all of them. An empty list: no import. ' +
      'Formats: ' +
      IMPORT_FORMAT_IDS.map((f) => `${f} (${IMPORT_FORMAT_LABELS[f]})`).join(', ') +
      '.',
    governs: ['Import', 'tessera import'],
    kind: { type: 'list', items: IMPORT_FORMAT_IDS, labels: IMPORT_FORMAT_LABELS },
    default: null,
    restrictive: [],
    example: ['aegis', '2fas']
  },
  AllowScreenQrScan: {
    name: 'AllowScreenQrScan',
    title: 'Allow scanning QR codes on the screen',
    category: 'Privacy',
    since: FIRST,
    description:
      'When false, Tessera does not capture the screen to find QR codes; images and the ' +
      'clipboard can still be scanned.',
    governs: ['Scan: Scan the screen'],
    kind: booleanKind,
    default: true,
    restrictive: false,
    example: true
  },
  ScreenCaptureProtection: {
    name: 'ScreenCaptureProtection',
    title: 'Hide Tessera from screen capture',
    category: 'Privacy',
    since: FIRST,
    description:
      'userChoice: users decide (on by default). forceOn: the window is always hidden from ' +
      'screenshots and screen sharing. forceOff: never hidden, for remote-desktop and ' +
      'screen-reader setups that need to see the window.',
    governs: ['Settings: Hide from screenshots and screen sharing'],
    kind: {
      type: 'enum',
      values: CAPTURE_PROTECTION_MODES,
      labels: { userChoice: "User's choice", forceOn: 'Always hidden', forceOff: 'Never hidden' }
    },
    default: 'userChoice',
    restrictive: 'forceOn',
    example: 'forceOn'
  },
  UpdateMode: {
    name: 'UpdateMode',
    title: 'Updates',
    category: 'Setup',
    since: FIRST,
    description:
      'auto: Tessera downloads and installs updates. notify: it says an update is available and ' +
      'installs nothing on its own. none: it does not look for updates (you deploy them). An ' +
      'unusable value means notify.',
    governs: ['Updates'],
    kind: {
      type: 'enum',
      values: UPDATE_MODES,
      labels: { auto: 'Automatic', notify: 'Notify only', none: 'No update checks' }
    },
    default: 'auto',
    restrictive: 'notify',
    example: 'notify'
  },
  DataDirectory: {
    name: 'DataDirectory',
    title: 'Data folder',
    category: 'Setup',
    since: FIRST,
    description:
      "An absolute folder for the vault and Tessera's other files, instead of the per-user " +
      'default. "~", ${HOME} and %USERPROFILE% stand for the user\'s home folder, %APPDATA% and ' +
      '%LOCALAPPDATA% for those folders. It wins over --data-dir and TESSERA_DATA_DIR, and ' +
      'applies when Tessera starts.',
    governs: ['Where the vault is kept'],
    kind: { type: 'string', format: 'path', maxLength: 1024 },
    default: null,
    restrictive: null,
    example: '${HOME}/.tessera'
  },
  SkipFirstRun: {
    name: 'SkipFirstRun',
    title: 'Skip the first-run setup',
    category: 'Setup',
    since: FIRST,
    description:
      'When true, Tessera creates the vault without asking, with its key in the OS keychain. ' +
      'When RequireAppLock is also true, the user is still asked for a password (nothing else).',
    governs: ['First run'],
    kind: booleanKind,
    default: false,
    restrictive: false,
    example: false
  },
  AdminContactName: {
    name: 'AdminContactName',
    title: 'Support contact name',
    category: 'Support',
    since: FIRST,
    description:
      'Who users should ask about managed settings (a team or a person), shown beside every ' +
      'managed setting and in every "not allowed" message.',
    governs: ['Every managed setting and refusal'],
    kind: { type: 'string', format: 'text', maxLength: 100 },
    default: null,
    restrictive: null,
    example: 'IT Service Desk'
  },
  AdminContactUrl: {
    name: 'AdminContactUrl',
    title: 'Support contact link',
    category: 'Support',
    since: FIRST,
    description: 'An https: or mailto: link for the support contact, shown with AdminContactName.',
    governs: ['Every managed setting and refusal'],
    kind: { type: 'string', format: 'url', maxLength: 2048 },
    default: null,
    restrictive: null,
    example: 'https://help.example.com/tessera'
  }
}

/** The definitions in list order. */
export const POLICY_LIST: readonly PolicyDefinition[] = Object.values(POLICY_DEFINITIONS)

/** Every policy name, in list order. */
export const POLICY_NAMES = POLICY_LIST.map((d) => d.name) as readonly PolicyName[]

/** True for a name of the list (exact case). */
export function isPolicyName(name: string): name is PolicyName {
  return Object.prototype.hasOwnProperty.call(POLICY_DEFINITIONS, name)
}

/** The policy a key means when only its case differs (`exportmode` → `ExportMode`), if any. */
export function policyNameIgnoringCase(name: string): PolicyName | undefined {
  const lower = name.toLowerCase()
  return POLICY_NAMES.find((n) => n.toLowerCase() === lower)
}

/** The values that apply when no source sets anything. */
export function defaultPolicyValues(): PolicyValues {
  const out: Record<string, unknown> = {}
  for (const d of POLICY_LIST) out[d.name] = structuredClone(d.default)
  return out as unknown as PolicyValues
}
