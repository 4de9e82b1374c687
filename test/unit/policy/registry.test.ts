/**
 * The Windows registry reader: `reg query <key> /s` output (CRLF, four-space indents and
 * separators, hex numbers, `\0`-joined REG_MULTI_SZ, one block per subkey) parsed into policy
 * values, REG_DWORD and REG_QWORD both accepted, and reg.exe's own failures.
 *
 * The fixtures are written byte for byte in reg.exe's format. The two excerpts below are real
 * reg.exe output published by others (a DNS server's Parameters key and a Winlogon key), kept
 * to prove the parser reads the format as Windows prints it, not only as we imagined it.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { mergePolicyReadings } from '../../../src/main/core/policy/merge'
import {
  REGISTRY_LOCATIONS,
  parseRegQueryOutput,
  readRegistryPolicies,
  regNumber,
  registryReading,
  type RegQuery
} from '../../../src/main/core/policy/sources/registry'

const fixture = (name: string): string =>
  readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8')

const paths = { platform: 'win32' as const, home: 'C:\\Users\\ada', env: {} }

/** Real output: `reg query \\host\HKLM\SYSTEM\CurrentControlSet\Services\DNS\Parameters`. */
const REAL_DNS = [
  '',
  'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\DNS\\Parameters',
  '    GlobalQueryBlockList    REG_MULTI_SZ    wpad\\0isatap',
  '    EnableGlobalQueryBlockList    REG_DWORD    0x1',
  '    PreviousLocalHostname    REG_SZ    WINLPE-DC01.INLANEFREIGHT.LOCAL',
  '    Forwarders    REG_MULTI_SZ    1.1.1.1\\08.8.8.8',
  '    ForwardingTimeout    REG_DWORD    0x3',
  ''
].join('\r\n')

/** Real output: part of `reg query "HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Winlogon"`. */
const REAL_WINLOGON = [
  'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon',
  '    Userinit    REG_SZ    C:\\Windows\\system32\\userinit.exe,',
  '    VMApplet    REG_SZ    SystemPropertiesPerformance.exe /pagefile',
  '    LastLogOffEndTimePerfCounter    REG_QWORD    0x18054b5f1',
  '    ShutdownFlags    REG_DWORD    0x13',
  '',
  'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon\\AlternateShells',
  ''
].join('\r\n')

describe('parseRegQueryOutput', () => {
  it('reads real reg.exe output: names with spaces, data with spaces and commas, hex, multi-sz', () => {
    const [dns] = parseRegQueryOutput(REAL_DNS)
    expect(dns!.path).toBe(
      'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\DNS\\Parameters'
    )
    expect(dns!.values).toEqual([
      { name: 'GlobalQueryBlockList', type: 'REG_MULTI_SZ', data: 'wpad\\0isatap' },
      { name: 'EnableGlobalQueryBlockList', type: 'REG_DWORD', data: '0x1' },
      { name: 'PreviousLocalHostname', type: 'REG_SZ', data: 'WINLPE-DC01.INLANEFREIGHT.LOCAL' },
      { name: 'Forwarders', type: 'REG_MULTI_SZ', data: '1.1.1.1\\08.8.8.8' },
      { name: 'ForwardingTimeout', type: 'REG_DWORD', data: '0x3' }
    ])
    const blocks = parseRegQueryOutput(REAL_WINLOGON)
    expect(blocks.map((b) => b.values.length)).toEqual([4, 0])
    expect(blocks[0]!.values[0]!.data).toBe('C:\\Windows\\system32\\userinit.exe,')
    expect(regNumber(blocks[0]!.values[2]!)).toBe(0x18054b5f1)
    expect(regNumber(blocks[0]!.values[3]!)).toBe(19)
  })

  it('keeps inner spaces of REG_SZ data, skips (Default) and the "End of search" line', () => {
    const blocks = parseRegQueryOutput(fixture('reg-query-hkcu.txt'))
    expect(blocks.map((b) => b.path)).toEqual([
      'HKEY_CURRENT_USER\\Software\\Policies\\Tessera',
      'HKEY_CURRENT_USER\\Software\\Policies\\Tessera\\Extra'
    ])
    const names = blocks[0]!.values.map((v) => v.name)
    expect(names).not.toContain('(Default)')
    expect(blocks[0]!.values.find((v) => v.name === 'AdminContactName')).toEqual({
      name: 'AdminContactName',
      type: 'REG_SZ',
      data: ''
    })
    const hklm = parseRegQueryOutput(fixture('reg-query-hklm.txt'))
    expect(hklm[0]!.values.find((v) => v.name === 'AdminContactName')!.data).toBe(
      'IT Service    Desk'
    )
  })

  it('reads LF-only output too (reg.exe under Wine, or a copy pasted into a ticket)', () => {
    const lf = fixture('reg-query-hklm.txt').replace(/\r\n/g, '\n')
    expect(parseRegQueryOutput(lf)).toEqual(parseRegQueryOutput(fixture('reg-query-hklm.txt')))
  })
})

describe('registry values become policies', () => {
  const hklm = registryReading(
    'HKLM',
    REGISTRY_LOCATIONS.HKLM,
    parseRegQueryOutput(fixture('reg-query-hklm.txt'))
  )
  const hkcu = registryReading(
    'HKCU',
    REGISTRY_LOCATIONS.HKCU,
    parseRegQueryOutput(fixture('reg-query-hkcu.txt'))
  )

  it('Group Policy output (HKLM): DWORD and QWORD numbers, booleans, the list subkey, JSON servers', () => {
    const s = mergePolicyReadings([hklm], { paths })
    expect(s.warnings).toEqual([])
    expect(s.values).toMatchObject({
      AllowUserAddedServers: false,
      RequireAppLock: true,
      AutoLockMaxMinutes: 10,
      ClipboardClearMaxSeconds: 30,
      ExportMode: 'encryptedOnly',
      AdminContactName: 'IT Service    Desk',
      AdminContactUrl: 'https://help.example.com/tessera',
      // Value names 1, 2, 3, 10 sort as numbers.
      AllowedImportSources: ['aegis', '2fas', 'uris', 'bitwarden'],
      EnrollmentServers: [
        { name: 'Corp SSO', type: 'ucloud', url: 'https://sso.example.com/api' },
        { name: 'Vantage', type: 'vantage', url: 'https://vantage.example.com' }
      ]
    })
    expect(
      s.entries.every((e) => e.source === 'HKLM' && e.location === REGISTRY_LOCATIONS.HKLM)
    ).toBe(true)
  })

  it('HKCU alone: case-insensitive names, wrong registry types are restrictive and named', () => {
    const s = mergePolicyReadings([hkcu], { paths })
    expect(s.values.ExportMode).toBe('allowed')
    expect(s.values.AutoLockMaxMinutes).toBe(60)
    expect(s.values.LockOnScreenLock).toBe(true)
    expect(s.values.DataDirectory).toBe('C:\\Users\\ada\\Tessera Data')
    expect(s.values.AllowedImportSources).toEqual(['ente', 'proton'])
    // A REG_SZ "12" for a number, a REG_BINARY for a boolean, 2 for a boolean: restrictive.
    expect(s.values.PasswordMinLength).toBe(16)
    expect(s.values.AllowSecretReveal).toBe(false)
    expect(s.values.AllowCopyToClipboard).toBe(false)
    const byPolicy = Object.fromEntries(s.warnings.map((w) => [w.policy, w.message]))
    expect(byPolicy['PasswordMinLength']).toContain('it is a REG_SZ; use a REG_DWORD')
    expect(byPolicy['AllowSecretReveal']).toContain('it is a REG_BINARY; use a REG_DWORD of 0 or 1')
    expect(byPolicy['AllowCopyToClipboard']).toContain('REG_DWORD 0x2 is not 0 or 1')
    expect(byPolicy['AdminContactName']).toContain('it is empty')
    expect(byPolicy['LegacyThing']).toContain('is not a Tessera policy')
    expect(byPolicy['Extra']).toContain('is not a Tessera policy')
  })

  it('HKLM wins over HKCU wherever both set a policy', () => {
    const s = mergePolicyReadings([hkcu, hklm], { paths })
    expect(s.values.ExportMode).toBe('encryptedOnly')
    expect(s.values.AutoLockMaxMinutes).toBe(10)
    expect(s.values.AllowedImportSources).toEqual(['aegis', '2fas', 'uris', 'bitwarden'])
    expect(s.values.LockOnScreenLock).toBe(true)
    const exportEntry = s.entries.find((e) => e.name === 'ExportMode')!
    expect(exportEntry).toMatchObject({ source: 'HKLM', overridden: ['HKCU'] })
  })
})

describe('readRegistryPolicies over the reg.exe port', () => {
  it('asks reg.exe for both hives; exit 1 (no key) is absent, not an error', async () => {
    const asked: string[] = []
    const query: RegQuery = async (key) => {
      asked.push(key)
      return key.startsWith('HKEY_LOCAL_MACHINE')
        ? { exitCode: 0, stdout: fixture('reg-query-hklm.txt') }
        : { exitCode: 1, stdout: '' }
    }
    const readings = await readRegistryPolicies(query)
    expect(asked).toEqual([
      'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Tessera',
      'HKEY_CURRENT_USER\\Software\\Policies\\Tessera'
    ])
    expect(readings.map((r) => [r.source, r.status])).toEqual([
      ['HKLM', 'read'],
      ['HKCU', 'absent']
    ])
    expect(readings.flatMap((r) => r.warnings)).toEqual([])
  })

  it('reg.exe missing or timing out is a failed source with a warning', async () => {
    const readings = await readRegistryPolicies(async () => ({
      exitCode: null,
      stdout: '',
      error: 'ENOENT'
    }))
    expect(readings.map((r) => r.status)).toEqual(['failed', 'failed'])
    expect(readings[0]!.warnings[0]).toMatchObject({ code: 'source-failed', source: 'HKLM' })
    expect(readings[0]!.warnings[0]!.message).toContain('ENOENT')
  })
})
