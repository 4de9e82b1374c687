/**
 * The macOS reader: only forced preferences (what an MDM profile sets) become policy. The JXA
 * script asks CFPreferencesAppValueIsForced for every policy name of the app's domain and prints
 * the forced values; these tests cover what Tessera does with that answer.
 */
import { describe, expect, it } from 'vitest'
import { APP_POLICY_DOMAIN, POLICY_NAMES } from '../../../src/main/core/policy/definitions'
import { mergePolicyReadings } from '../../../src/main/core/policy/merge'
import {
  parseForcedPreferences,
  readProfilePolicies,
  type OsaRun
} from '../../../src/main/core/policy/sources/macos'

const paths = { platform: 'darwin' as const, home: '/Users/ada', env: {} }

describe('macOS profile reader', () => {
  it('asks about every policy of the app domain with the CFPreferences forced check', async () => {
    let seen: { script: string; args: readonly string[] } | undefined
    const run: OsaRun = async (script, args) => {
      seen = { script, args }
      return { exitCode: 0, stdout: '{"forced":{}}\n' }
    }
    const r = await readProfilePolicies(run, APP_POLICY_DOMAIN)
    expect(seen!.args).toEqual([APP_POLICY_DOMAIN, ...POLICY_NAMES])
    expect(seen!.script).toContain('CFPreferencesAppValueIsForced')
    expect(r).toMatchObject({ source: 'profile', status: 'absent', values: [] })
  })

  it('forced plist values (booleans, integers, arrays of dicts) become policy', () => {
    const out = JSON.stringify({
      forced: {
        RequireAppLock: true,
        AutoLockMaxMinutes: 15,
        ExportMode: 'disabled',
        AllowedImportSources: ['aegis'],
        EnrollmentServers: [{ name: 'Corp', type: 'ucloud', url: 'https://sso.example.com' }]
      }
    })
    const reading = parseForcedPreferences(APP_POLICY_DOMAIN, out)
    const s = mergePolicyReadings([reading], { paths })
    expect(s.warnings).toEqual([])
    expect(s.values).toMatchObject({
      RequireAppLock: true,
      AutoLockMaxMinutes: 15,
      ExportMode: 'disabled',
      AllowedImportSources: ['aegis'],
      EnrollmentServers: [{ name: 'Corp', type: 'ucloud', url: 'https://sso.example.com' }]
    })
    expect(s.entries[0]!.location).toBe('org.tessera.Tessera (configuration profile)')
  })

  it('profile keys are case-sensitive (plist keys are): a near miss is reported, not applied', () => {
    const s = mergePolicyReadings(
      [parseForcedPreferences(APP_POLICY_DOMAIN, '{"forced":{"exportMode":"disabled"}}')],
      { paths }
    )
    expect(s.values.ExportMode).toBe('allowed')
    expect(s.warnings[0]!.message).toContain('Did you mean ExportMode?')
  })

  it('osascript failing or answering nonsense is a failed source with a warning', async () => {
    const failed = await readProfilePolicies(
      async () => ({ exitCode: 1, stdout: '' }),
      APP_POLICY_DOMAIN
    )
    expect(failed.status).toBe('failed')
    expect(failed.warnings[0]!.message).toContain('osascript exited 1')
    expect(parseForcedPreferences(APP_POLICY_DOMAIN, 'garbage').status).toBe('failed')
    expect(parseForcedPreferences(APP_POLICY_DOMAIN, '{"nope":1}').warnings[0]!.message).toContain(
      'no "forced" object'
    )
  })
})
