/**
 * The macOS reader for real (macOS only): the JXA script runs under /usr/bin/osascript, and a
 * value the user wrote with `defaults write` is not policy, because no profile forces it. Forced
 * values need an installed MDM profile, which the release pipeline's macOS runner checks.
 */
import { execFileSync } from 'node:child_process'
import { afterAll, describe, expect, it } from 'vitest'
import { mergePolicyReadings } from '../../../src/main/core/policy/merge'
import { readProfilePolicies } from '../../../src/main/core/policy/sources/macos'
import { createOsascriptRun } from '../../../src/main/core/policy/sources/system'

const onMac = process.platform === 'darwin'
if (!onMac) {
  console.warn('[macOS profile reader] skipped: needs macOS (osascript and CFPreferences).')
}

// A throwaway domain, so the real app's preferences are never touched.
const DOMAIN = `org.tessera.Tessera.test-${process.pid}`

describe.skipIf(!onMac)('macOS forced preferences (osascript)', () => {
  afterAll(() => {
    try {
      execFileSync('/usr/bin/defaults', ['delete', DOMAIN])
    } catch {
      // Nothing was written.
    }
  })

  it('a domain without a profile has no policy, and the script runs cleanly', async () => {
    const r = await readProfilePolicies(createOsascriptRun(), DOMAIN)
    expect(r.warnings).toEqual([])
    expect(r.status).toBe('absent')
  })

  it('a value written with defaults write is the user’s, not policy', async () => {
    execFileSync('/usr/bin/defaults', ['write', DOMAIN, 'ExportMode', '-string', 'disabled'])
    const r = await readProfilePolicies(createOsascriptRun(), DOMAIN)
    expect(r.status).toBe('absent')
    const s = mergePolicyReadings([r], { paths: { platform: 'darwin', home: '/Users/x', env: {} } })
    expect(s.values.ExportMode).toBe('allowed')
  })
})
