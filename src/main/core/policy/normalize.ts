/**
 * Checks one policy value as a source delivered it (JSON-like: the file's JSON, the profile's
 * plist types, the registry's values already converted by its reader) against the policy's
 * definition. Strict on types (a string "10" is not a number, 1 is not true): a value IT meant
 * differently must be reported, not guessed. Enum choices match without regard to case.
 */
import { posix, win32 } from 'node:path'
import type { ManagedServer, PolicyName, PolicyValues } from '../../../shared/policy'
import { AppError } from '../../../shared/errors'
import { normalizeBaseUrl, normalizeName } from '../servers/validate'
import type { PolicyDefinition, PolicyKind } from './definitions'

/** What a value check found: the value to apply (with notes on parts left out), or why not. */
export type Normalized<V> = { ok: true; value: V; notes: string[] } | { ok: false; reason: string }

/** What path placeholders stand for (DataDirectory). */
export interface PathContext {
  platform: NodeJS.Platform
  home: string
  env: Readonly<Record<string, string | undefined>>
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'string') return `the text ${JSON.stringify(value.slice(0, 40))}`
  if (typeof value === 'number') return `the number ${value}`
  if (typeof value === 'boolean') return String(value)
  return `a ${typeof value}`
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** Replaces the home and profile placeholders DataDirectory documents. */
export function expandPathPlaceholders(raw: string, ctx: PathContext): string {
  const win = ctx.platform === 'win32'
  const appData = ctx.env['APPDATA'] || win32.join(ctx.home, 'AppData', 'Roaming')
  const localAppData = ctx.env['LOCALAPPDATA'] || win32.join(ctx.home, 'AppData', 'Local')
  let out = raw
    .replace(/\$\{HOME\}/g, ctx.home)
    .replace(/%USERPROFILE%/gi, ctx.home)
    .replace(/%LOCALAPPDATA%/gi, localAppData)
    .replace(/%APPDATA%/gi, appData)
  if (out === '~' || out.startsWith('~/') || (win && out.startsWith('~\\'))) {
    out = ctx.home + out.slice(1)
  }
  return out
}

function checkString(
  kind: Extract<PolicyKind, { type: 'string' }>,
  raw: unknown,
  paths: PathContext
): Normalized<string> {
  if (typeof raw !== 'string') return { ok: false, reason: `expected text, got ${describe(raw)}` }
  const value = raw.trim()
  if (value.length === 0) return { ok: false, reason: 'it is empty' }
  if (value.length > kind.maxLength) {
    return { ok: false, reason: `it is longer than ${kind.maxLength} characters` }
  }
  if (CONTROL.test(value)) return { ok: false, reason: 'it contains control characters' }
  if (kind.format === 'url') {
    let url: URL
    try {
      url = new URL(value)
    } catch {
      return { ok: false, reason: 'it is not a URL' }
    }
    if (url.protocol !== 'https:' && url.protocol !== 'mailto:') {
      return { ok: false, reason: 'only https: and mailto: links are allowed' }
    }
    return { ok: true, value: url.href, notes: [] }
  }
  if (kind.format === 'path') {
    const expanded = expandPathPlaceholders(value, paths)
    const path = paths.platform === 'win32' ? win32 : posix
    if (
      !path.isAbsolute(expanded) ||
      (paths.platform === 'win32' && /^[\\/](?![\\/])/.test(expanded))
    ) {
      return { ok: false, reason: `${JSON.stringify(value)} is not an absolute folder` }
    }
    if (/%[A-Za-z_]+%|\$\{[^}]*\}/.test(expanded)) {
      return {
        ok: false,
        reason: `${JSON.stringify(value)} uses a placeholder Tessera does not know`
      }
    }
    return { ok: true, value: path.normalize(expanded), notes: [] }
  }
  return { ok: true, value, notes: [] }
}

function checkServers(
  kind: Extract<PolicyKind, { type: 'servers' }>,
  raw: unknown
): Normalized<ManagedServer[]> {
  if (!Array.isArray(raw))
    return { ok: false, reason: `expected a list of servers, got ${describe(raw)}` }
  const out: ManagedServer[] = []
  const notes: string[] = []
  const seen = new Set<string>()
  raw.forEach((entry, i) => {
    const where = `entry ${i + 1}`
    if (!isRecord(entry)) {
      notes.push(`${where} is ${describe(entry)}, not {name, type, url}; left out`)
      return
    }
    const extra = Object.keys(entry).filter((k) => k !== 'name' && k !== 'type' && k !== 'url')
    if (extra.length > 0) notes.push(`${where}: ignored unknown field(s) ${extra.join(', ')}`)
    const { name, type, url } = entry
    if (typeof name !== 'string' || typeof type !== 'string' || typeof url !== 'string') {
      notes.push(`${where} needs text for name, type and url; left out`)
      return
    }
    if (!kind.serverTypes.includes(type)) {
      notes.push(
        `${where} (${name}): type "${type}" is not one of ${kind.serverTypes.join(', ')}; left out`
      )
      return
    }
    let cleanName: string
    let cleanUrl: string
    try {
      cleanName = normalizeName(name)
      cleanUrl = normalizeBaseUrl(url)
    } catch (err) {
      const why = err instanceof AppError ? err.message : 'it is not valid'
      notes.push(`${where} (${name}): ${why} Left out.`)
      return
    }
    const key = cleanName.toLowerCase()
    if (seen.has(key)) {
      notes.push(`${where}: the name "${cleanName}" is used twice; the first one applies`)
      return
    }
    seen.add(key)
    out.push({ name: cleanName, type: type as ManagedServer['type'], url: cleanUrl })
  })
  return { ok: true, value: out, notes }
}

function checkList(
  kind: Extract<PolicyKind, { type: 'list' }>,
  raw: unknown
): Normalized<string[]> {
  if (!Array.isArray(raw)) return { ok: false, reason: `expected a list, got ${describe(raw)}` }
  const out: string[] = []
  const notes: string[] = []
  for (const item of raw) {
    const match =
      typeof item === 'string'
        ? kind.items.find((x) => x.toLowerCase() === item.trim().toLowerCase())
        : undefined
    if (match === undefined) {
      notes.push(`${describe(item)} is not one of ${kind.items.join(', ')}; left out`)
    } else if (!out.includes(match)) {
      out.push(match)
    }
  }
  return { ok: true, value: out, notes }
}

/**
 * Checks `raw` against a policy's definition. `ok: false` means the restrictive value applies;
 * `notes` name the parts of a list that were left out (which never loosens anything).
 */
export function normalizePolicyValue<N extends PolicyName>(
  def: PolicyDefinition<N>,
  raw: unknown,
  paths: PathContext
): Normalized<PolicyValues[N]> {
  const kind = def.kind
  let result: Normalized<unknown>
  switch (kind.type) {
    case 'boolean':
      result =
        typeof raw === 'boolean'
          ? { ok: true, value: raw, notes: [] }
          : { ok: false, reason: `expected true or false, got ${describe(raw)}` }
      break
    case 'number':
      if (typeof raw !== 'number' || !Number.isInteger(raw)) {
        result = { ok: false, reason: `expected a whole number, got ${describe(raw)}` }
      } else if (raw < kind.min || raw > kind.max) {
        result = { ok: false, reason: `${raw} is outside ${kind.min} to ${kind.max} ${kind.unit}` }
      } else {
        result = { ok: true, value: raw, notes: [] }
      }
      break
    case 'enum': {
      const match =
        typeof raw === 'string'
          ? kind.values.find((v) => v.toLowerCase() === raw.trim().toLowerCase())
          : undefined
      result =
        match !== undefined
          ? { ok: true, value: match, notes: [] }
          : { ok: false, reason: `${describe(raw)} is not one of ${kind.values.join(', ')}` }
      break
    }
    case 'string':
      result = checkString(kind, raw, paths)
      break
    case 'list':
      result = checkList(kind, raw)
      break
    case 'servers':
      result = checkServers(kind, raw)
      break
  }
  return result as Normalized<PolicyValues[N]>
}
