/**
 * Merges what every policy source delivered into one typed snapshot.
 *
 * Precedence: HKLM > HKCU > macOS profile > policy file. For each policy the highest source that
 * sets it decides; lower ones are listed as overridden. A value that cannot be used applies the
 * policy's restrictive value (it never falls through to a lower source or to the default, either
 * of which could be looser) and adds a warning naming the policy and the source. Keys no policy
 * has are listed as warnings, never fatal.
 */
import type {
  PolicyEntryView,
  PolicyJson,
  PolicyName,
  PolicySnapshotView,
  PolicySourceName,
  PolicySourceView,
  PolicyWarning
} from '../../../shared/policy'
import {
  POLICY_DEFINITIONS,
  POLICY_LIST,
  defaultPolicyValues,
  isPolicyName,
  policyNameIgnoringCase
} from './definitions'
import { normalizePolicyValue, type PathContext } from './normalize'

/** Highest first. */
export const SOURCE_PRECEDENCE: readonly PolicySourceName[] = ['HKLM', 'HKCU', 'profile', 'file']

/** One key a source holds, as written there. */
export type RawPolicyValue =
  /** A JSON-like value (the registry reader converts REG_* to these first). */
  | { key: string; value: unknown }
  /** The source could tell the value is unusable before any check (a REG_BINARY, say). */
  | { key: string; invalid: string }

/** What one source delivered on one read. */
export interface PolicyReading {
  source: PolicySourceName
  /** A registry key, a file path, a profile domain: where an admin would look. */
  location: string
  status: PolicySourceView['status']
  values: RawPolicyValue[]
  /** Problems with the source itself (an untrusted file, a failed reg.exe). */
  warnings: PolicyWarning[]
  /** Registry value names are case-insensitive on Windows; file and plist keys are not. */
  caseInsensitiveKeys?: boolean
  /**
   * The source became unreadable or untrusted while running, and `values` are the last good
   * ones, kept so that a broken file never loosens what was in force (see PolicyService).
   */
  kept?: boolean
}

/** Keys a source may hold that are not policies and need no warning. */
const IGNORED_KEYS = new Set(['$schema', '$comment'])

function rank(source: PolicySourceName): number {
  return SOURCE_PRECEDENCE.indexOf(source)
}

function toJson(value: unknown): PolicyJson {
  return value === undefined ? null : (JSON.parse(JSON.stringify(value)) as PolicyJson)
}

function showValue(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value)
}

/**
 * The snapshot for these readings. Pure: the same readings give the same snapshot (`now` is
 * only recorded). `paths` expands DataDirectory's placeholders.
 */
export function mergePolicyReadings(
  readings: readonly PolicyReading[],
  options: { paths: PathContext; now?: number }
): PolicySnapshotView {
  const ordered = [...readings].sort((a, b) => rank(a.source) - rank(b.source))
  const warnings: PolicyWarning[] = []
  const found = new Map<PolicyName, { reading: PolicyReading; raw: RawPolicyValue }[]>()

  for (const reading of ordered) {
    warnings.push(...reading.warnings)
    if (reading.status !== 'read' && !reading.kept) continue
    const seenHere = new Set<PolicyName>()
    for (const raw of reading.values) {
      if (IGNORED_KEYS.has(raw.key)) continue
      const exact = isPolicyName(raw.key) ? raw.key : undefined
      const folded = policyNameIgnoringCase(raw.key)
      const name = exact ?? (reading.caseInsensitiveKeys ? folded : undefined)
      if (name === undefined) {
        const hint = folded ? ` Did you mean ${folded}? Policy names are case-sensitive here.` : ''
        warnings.push({
          code: 'unknown-policy',
          policy: raw.key,
          source: reading.source,
          message: `${reading.location}: "${raw.key}" is not a Tessera policy; it is ignored.${hint}`
        })
        continue
      }
      if (seenHere.has(name)) continue
      seenHere.add(name)
      const list = found.get(name) ?? []
      list.push({ reading, raw })
      found.set(name, list)
    }
  }

  const values = defaultPolicyValues() as unknown as Record<PolicyName, unknown>
  const entries: PolicyEntryView[] = []
  for (const def of POLICY_LIST) {
    const setBy = found.get(def.name)
    if (!setBy || setBy.length === 0) continue
    const [winner, ...rest] = setBy as [(typeof setBy)[number], ...typeof setBy]
    const { reading, raw } = winner
    const checked =
      'invalid' in raw
        ? ({ ok: false, reason: raw.invalid } as const)
        : normalizePolicyValue(POLICY_DEFINITIONS[def.name], raw.value, options.paths)
    const where = `${def.name} in ${reading.location}`
    let status: PolicyEntryView['status'] = 'applied'
    if (checked.ok) {
      values[def.name] = checked.value
      for (const note of checked.notes) {
        warnings.push({
          code: 'invalid-value',
          policy: def.name,
          source: reading.source,
          message: `${where}: ${note}.`
        })
      }
    } else {
      status = 'invalid'
      values[def.name] = structuredClone(def.restrictive)
      const applied =
        def.restrictive === null ? 'it is not applied' : `${showValue(def.restrictive)} applies`
      warnings.push({
        code: 'invalid-value',
        policy: def.name,
        source: reading.source,
        message: `${where} cannot be used (${checked.reason}), so the restrictive value: ${applied}. Fix the value to lift this.`
      })
    }
    entries.push({
      name: def.name,
      value: toJson(values[def.name]),
      source: reading.source,
      location: reading.location,
      status,
      overridden: rest.map((r) => r.reading.source)
    })
  }

  const typed = values as unknown as PolicySnapshotView['values']
  return {
    managed: entries.length > 0,
    values: typed,
    entries,
    warnings,
    sources: ordered.map((r) => ({ source: r.source, location: r.location, status: r.status })),
    admin: { name: typed.AdminContactName, url: typed.AdminContactUrl },
    readAt: options.now ?? Date.now()
  }
}

/** The snapshot of an unmanaged install: defaults, no sources. */
export function unmanagedSnapshot(now = Date.now()): PolicySnapshotView {
  const values = defaultPolicyValues()
  return {
    managed: false,
    values,
    entries: [],
    warnings: [],
    sources: [],
    admin: { name: null, url: null },
    readAt: now
  }
}
