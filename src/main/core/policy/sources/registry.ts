/**
 * Windows policies: `HKLM\Software\Policies\Tessera`, then `HKCU\Software\Policies\Tessera`
 * (both writable by administrators only), read with the system's own `reg.exe query /s` behind a
 * small port and parsed here. Why not a native module: @vscode/policy-watcher ships no prebuilt
 * binaries (node-gyp at install), reads numbers as REG_QWORD only and has no registry lists;
 * reg.exe is on every Windows, and its output format is stable and easy to test.
 *
 * Numbers are accepted as REG_DWORD and REG_QWORD (the ADMX writes REG_DWORD; scripts often
 * write QWORD). Booleans are REG_DWORD 0/1. Lists are a subkey of REG_SZ values (what Group
 * Policy's list element writes) or one REG_MULTI_SZ. EnrollmentServers is JSON in a REG_SZ or
 * REG_MULTI_SZ (Group Policy's multi-line text box).
 */
import { POLICY_DEFINITIONS, POLICY_REGISTRY_KEY, policyNameIgnoringCase } from '../definitions'
import type { PolicyReading, RawPolicyValue } from '../merge'

/** One value line of `reg query` output. `data` is as printed (hex for numbers). */
export interface RegValue {
  name: string
  type: string
  data: string
}

/** One key block of `reg query /s` output: the key's full path and its values. */
export interface RegKeyBlock {
  path: string
  values: RegValue[]
}

/** What running reg.exe gave. */
export interface RegQueryResult {
  exitCode: number | null
  stdout: string
  /** Set when reg.exe could not be run at all (missing, timed out). */
  error?: string
}

/** Runs `reg.exe query <key> /s`. The app implements it with execFile; tests with fixtures. */
export type RegQuery = (key: string) => Promise<RegQueryResult>

const VALUE_LINE = /^ {4}(.+?) {4}(REG_[A-Z_]+)(?: {4}(.*))?$/

/**
 * Parses `reg query <key> /s` output: blocks start with a line naming the key (`HKEY_...`),
 * values are indented four spaces with four-space separators. Anything else (blank lines, the
 * localised "End of search" line) is skipped. The unnamed default value is skipped too.
 */
export function parseRegQueryOutput(stdout: string): RegKeyBlock[] {
  const blocks: RegKeyBlock[] = []
  let current: RegKeyBlock | undefined
  for (const line of stdout.split(/\r?\n/)) {
    if (/^HKEY_[A-Z_]+(\\|$)/.test(line)) {
      current = { path: line.trimEnd(), values: [] }
      blocks.push(current)
      continue
    }
    const m = VALUE_LINE.exec(line)
    if (!m || !current) continue
    const name = m[1] as string
    // The default value prints as "(Default)", localised ("(Standard)", "(Par défaut)").
    if (name.startsWith('(') && name.endsWith(')')) continue
    current.values.push({ name, type: m[2] as string, data: m[3] ?? '' })
  }
  return blocks
}

/** A REG_DWORD or REG_QWORD as printed (`0x1f`), or undefined for anything else. */
export function regNumber(value: RegValue): number | undefined {
  if (value.type !== 'REG_DWORD' && value.type !== 'REG_QWORD') return undefined
  if (!/^0x[0-9a-fA-F]{1,16}$/.test(value.data.trim())) return undefined
  const big = BigInt(value.data.trim())
  return big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : Number.MAX_SAFE_INTEGER
}

/** REG_MULTI_SZ prints its strings joined by a literal `\0`. */
export function regMultiString(value: RegValue): string[] {
  return value.data.split('\\0').filter((s) => s.length > 0)
}

function isString(v: RegValue): boolean {
  return v.type === 'REG_SZ' || v.type === 'REG_EXPAND_SZ'
}

/** Turns one registry value into the JSON-like value its policy's kind expects. */
function convert(name: string, v: RegValue): RawPolicyValue {
  const def = policyNameIgnoringCase(name)
  if (def === undefined) return { key: name, value: v.data }
  const kind = POLICY_DEFINITIONS[def].kind
  const key = name
  switch (kind.type) {
    case 'boolean': {
      const n = regNumber(v)
      if (n === undefined) return { key, invalid: `it is a ${v.type}; use a REG_DWORD of 0 or 1` }
      if (n !== 0 && n !== 1) return { key, invalid: `${v.type} ${v.data} is not 0 or 1` }
      return { key, value: n === 1 }
    }
    case 'number': {
      const n = regNumber(v)
      if (n === undefined) return { key, invalid: `it is a ${v.type}; use a REG_DWORD` }
      return { key, value: n }
    }
    case 'string':
    case 'enum':
      if (!isString(v)) return { key, invalid: `it is a ${v.type}; use a REG_SZ` }
      return { key, value: v.data }
    case 'list':
      if (v.type === 'REG_MULTI_SZ') return { key, value: regMultiString(v) }
      return {
        key,
        invalid: `it is a ${v.type}; use a subkey of REG_SZ values (the ADMX list) or a REG_MULTI_SZ`
      }
    case 'servers': {
      if (!isString(v) && v.type !== 'REG_MULTI_SZ') {
        return { key, invalid: `it is a ${v.type}; use a REG_SZ or REG_MULTI_SZ holding JSON` }
      }
      const text = v.type === 'REG_MULTI_SZ' ? regMultiString(v).join('\n') : v.data
      try {
        return { key, value: JSON.parse(text) as unknown }
      } catch {
        return {
          key,
          invalid: 'it is not valid JSON (a list like [{"name": ..., "type": ..., "url": ...}])'
        }
      }
    }
  }
}

/**
 * The reading of one hive from `reg query <base> /s` output: values of the base key, and each
 * direct subkey as a list policy (its REG_SZ values in the order of their names, 1, 2, 3...).
 */
export function registryReading(
  source: 'HKLM' | 'HKCU',
  location: string,
  blocks: readonly RegKeyBlock[]
): PolicyReading {
  const base = location.toLowerCase()
  const values: RawPolicyValue[] = []
  for (const block of blocks) {
    const path = block.path.toLowerCase()
    if (path === base) {
      for (const v of block.values) values.push(convert(v.name, v))
      continue
    }
    if (!path.startsWith(base + '\\')) continue
    const sub = block.path.slice(location.length + 1)
    if (sub.includes('\\')) continue
    const def = policyNameIgnoringCase(sub)
    if (def === undefined) {
      values.push({ key: sub, value: null })
      continue
    }
    if (POLICY_DEFINITIONS[def].kind.type !== 'list') {
      values.push({ key: sub, invalid: 'it is a subkey; this policy is a value of the key' })
      continue
    }
    const items = [...block.values]
      .sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }))
      .map((v) => (isString(v) ? v.data : undefined))
    if (items.some((i) => i === undefined)) {
      values.push({ key: sub, invalid: 'its subkey holds values that are not REG_SZ' })
    } else {
      // A subkey and a REG_MULTI_SZ of the same name: the subkey (Group Policy's own) wins.
      const at = values.findIndex((x) => x.key.toLowerCase() === sub.toLowerCase())
      if (at >= 0) values.splice(at, 1)
      values.push({ key: sub, value: items })
    }
  }
  return {
    source,
    location,
    status: values.length > 0 || blocks.length > 0 ? 'read' : 'absent',
    values,
    warnings: [],
    caseInsensitiveKeys: true
  }
}

/** The full key reg.exe is asked for, per hive. */
export const REGISTRY_LOCATIONS = {
  HKLM: `HKEY_LOCAL_MACHINE\\${POLICY_REGISTRY_KEY.replace(/^Software/, 'SOFTWARE')}`,
  HKCU: `HKEY_CURRENT_USER\\${POLICY_REGISTRY_KEY}`
} as const

/**
 * Reads both hives. reg.exe exits 1 when the key does not exist (no policy: `absent`); any other
 * failure is `failed` with a warning, and the service keeps the last good values.
 */
export async function readRegistryPolicies(query: RegQuery): Promise<PolicyReading[]> {
  const out: PolicyReading[] = []
  for (const source of ['HKLM', 'HKCU'] as const) {
    const location = REGISTRY_LOCATIONS[source]
    const result = await query(location)
    if (result.error !== undefined || (result.exitCode !== 0 && result.exitCode !== 1)) {
      out.push({
        source,
        location,
        status: 'failed',
        values: [],
        warnings: [
          {
            code: 'source-failed',
            source,
            message: `Tessera could not read the registry key ${location} (${result.error ?? `reg.exe exited ${result.exitCode}`}).`
          }
        ]
      })
      continue
    }
    if (result.exitCode === 1) {
      out.push({ source, location, status: 'absent', values: [], warnings: [] })
      continue
    }
    out.push(registryReading(source, location, parseRegQueryOutput(result.stdout)))
  }
  return out
}
