/**
 * macOS policies: only preferences an MDM configuration profile forces count. A value the user
 * wrote with `defaults write` lives in the same domain but is not forced, so it is not policy.
 *
 * The check is CoreFoundation's own `CFPreferencesAppValueIsForced(key, domain)`, with the value
 * from `CFPreferencesCopyAppValue`, called from a short JavaScript-for-Automation script run by
 * the system's `/usr/bin/osascript` (the same functions a native module would call, without a
 * binary to build per architecture). The script prints one JSON object; the parser below is
 * what the unit tests cover, and test/integration/policy/macos-profile.test.ts runs the script
 * for real on macOS.
 */
import { POLICY_NAMES } from '../definitions'
import type { PolicyReading, RawPolicyValue } from '../merge'

/** What running osascript gave. */
export interface OsaResult {
  exitCode: number | null
  stdout: string
  error?: string
}

/** Runs a JXA script with arguments: `osascript -l JavaScript -e <script> <args...>`. */
export type OsaRun = (script: string, args: readonly string[]) => Promise<OsaResult>

/**
 * The JXA script: argv[0] is the domain (the app's bundle id), the rest are policy names. For
 * each name the domain forces, it records the value (plist types unwrapped to JSON).
 */
export const FORCED_PREFERENCES_SCRIPT = `
ObjC.import('Foundation');
ObjC.bindFunction('CFPreferencesAppValueIsForced', ['bool', ['id', 'id']]);
ObjC.bindFunction('CFPreferencesCopyAppValue', ['id', ['id', 'id']]);
function run(argv) {
  var domain = $(argv[0]);
  var forced = {};
  for (var i = 1; i < argv.length; i++) {
    var key = $(argv[i]);
    if ($.CFPreferencesAppValueIsForced(key, domain)) {
      var value = $.CFPreferencesCopyAppValue(key, domain);
      forced[argv[i]] = value === null || value === undefined ? null : ObjC.deepUnwrap(value);
    }
  }
  return JSON.stringify({ forced: forced });
}
`

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** Parses the script's output into a reading of the profile source. */
export function parseForcedPreferences(domain: string, stdout: string): PolicyReading {
  const location = `${domain} (configuration profile)`
  let parsed: unknown
  try {
    parsed = JSON.parse(stdout.trim())
  } catch {
    return failed(location, 'its answer was not JSON')
  }
  if (!isRecord(parsed) || !isRecord(parsed['forced'])) {
    return failed(location, 'its answer had no "forced" object')
  }
  const values: RawPolicyValue[] = Object.entries(parsed['forced']).map(([key, value]) => ({
    key,
    value
  }))
  return {
    source: 'profile',
    location,
    status: values.length > 0 ? 'read' : 'absent',
    values,
    warnings: []
  }
}

function failed(location: string, why: string): PolicyReading {
  return {
    source: 'profile',
    location,
    status: 'failed',
    values: [],
    warnings: [
      {
        code: 'source-failed',
        source: 'profile',
        message: `Tessera could not read the managed preferences of ${location}: ${why}.`
      }
    ]
  }
}

/** Reads the forced preferences of `domain` for every policy name. */
export async function readProfilePolicies(run: OsaRun, domain: string): Promise<PolicyReading> {
  const result = await run(FORCED_PREFERENCES_SCRIPT, [domain, ...POLICY_NAMES])
  if (result.error !== undefined || result.exitCode !== 0) {
    return failed(
      `${domain} (configuration profile)`,
      result.error ?? `osascript exited ${result.exitCode}`
    )
  }
  return parseForcedPreferences(domain, result.stdout)
}
