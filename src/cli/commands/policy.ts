import { POLICY_DEFINITIONS, POLICY_LIST } from '../../main/core/policy/definitions'
import { POLICY_SOURCE_LABELS, type PolicyJson, type PolicySnapshotView } from '../../shared/policy'
import type { CliCommand } from '../command'

function show(value: PolicyJson): string {
  if (value === null) return 'not set'
  return typeof value === 'string' ? value : JSON.stringify(value)
}

/** The text `tessera policy` prints: what is in force, from where, and what was wrong. */
export function policyText(s: PolicySnapshotView, all: boolean): string {
  const lines: string[] = []
  if (s.managed) {
    const contact = [s.admin.name, s.admin.url].filter(Boolean).join(', ')
    lines.push(
      `Managed by your organization: ${s.entries.length} polic${s.entries.length === 1 ? 'y' : 'ies'} in force.` +
        (contact ? ` Contact: ${contact}.` : '')
    )
  } else {
    lines.push('No managed policies are in force: Tessera uses its defaults.')
  }
  const rows: [string, string, string][] = s.entries.map((e) => [
    e.name,
    show(e.value) + (e.status === 'invalid' ? ' (invalid value; restrictive value applies)' : ''),
    `${POLICY_SOURCE_LABELS[e.source]}: ${e.location}` +
      (e.overridden.length ? ` (overrides ${e.overridden.join(', ')})` : '')
  ])
  if (all) {
    for (const def of POLICY_LIST) {
      if (s.entries.some((e) => e.name === def.name)) continue
      rows.push([def.name, show(s.values[def.name] as PolicyJson), 'default'])
    }
  }
  if (rows.length > 0) {
    const w = Math.max(...rows.map((r) => r[0].length))
    const v = Math.min(40, Math.max(...rows.map((r) => r[1].length)))
    lines.push('')
    for (const [name, value, from] of rows)
      lines.push(`  ${name.padEnd(w)}  ${value.padEnd(v)}  ${from}`)
  }
  if (s.warnings.length > 0) {
    lines.push('', 'Warnings:')
    for (const warning of s.warnings) lines.push(`  - ${warning.message}`)
  }
  if (s.sources.length > 0) {
    lines.push('', 'Sources read:')
    for (const src of s.sources) {
      lines.push(`  ${POLICY_SOURCE_LABELS[src.source]}: ${src.location} (${src.status})`)
    }
  }
  return lines.join('\n')
}

/**
 * `tessera policy [--all] [--json]`: the managed policies in force, each with its value and
 * where it was set, plus every warning (a malformed value, an untrusted policy file). Admins run
 * it to verify a deployment; `--json` prints the same snapshot the app's Policies view shows.
 */
export const policyCommand: CliCommand = {
  name: 'policy',
  summary: 'Show the managed policies in force, their values and where they were set.',
  usage: '',
  description:
    'Reads the Windows registry (HKLM, then HKCU\\Software\\Policies\\Tessera), the macOS\n' +
    'configuration profile and /etc/tessera/policy.json, as the app does. With --all, policies\n' +
    'that are not set are listed with their defaults. --json prints the whole snapshot:\n' +
    '{"managed", "values", "entries": [{"name", "value", "source", "location", "status",\n' +
    '"overridden"}], "warnings": [{"code", "policy"?, "source"?, "message"}], "sources", "admin"}.\n' +
    `Policies: ${Object.keys(POLICY_DEFINITIONS).join(', ')}.`,
  flags: {
    all: { type: 'boolean', description: 'Also list the policies that are not set (defaults).' }
  },
  args: { min: 0, max: 0 },
  async run(ctx) {
    const snapshot = await ctx.policies()
    ctx.print(snapshot, policyText(snapshot, ctx.flags.all === true))
  }
}
