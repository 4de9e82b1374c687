/**
 * The merge rule: which source wins, what an unusable value does (the restrictive value, a named
 * warning, never a fall-through to something looser), unknown keys, and the ceilings that turn
 * a user's choice into the value in force.
 */
import { describe, expect, it } from 'vitest'
import {
  POLICY_DEFINITIONS,
  POLICY_LIST,
  defaultPolicyValues
} from '../../../src/main/core/policy/definitions'
import {
  assertAutoLockChoice,
  assertClipboardChoice,
  assertExportAllowed,
  assertImportAllowed,
  assertPasswordLength,
  effectiveAutoLockMinutes,
  effectiveClipboardClearSeconds,
  effectiveHideFromCapture,
  effectiveLockOnSuspend,
  exportRefusal
} from '../../../src/main/core/policy/enforce'
import {
  mergePolicyReadings,
  type PolicyReading,
  type RawPolicyValue
} from '../../../src/main/core/policy/merge'
import { type PathContext } from '../../../src/main/core/policy/normalize'
import { AppError } from '../../../src/shared/errors'
import type { PolicySnapshotView, PolicySourceName } from '../../../src/shared/policy'

const paths: PathContext = { platform: 'linux', home: '/home/ada', env: {} }

function reading(
  source: PolicySourceName,
  values: Record<string, unknown> | RawPolicyValue[],
  extra: Partial<PolicyReading> = {}
): PolicyReading {
  const list = Array.isArray(values)
    ? values
    : Object.entries(values).map(([key, value]) => ({ key, value }))
  return {
    source,
    location: `${source}-location`,
    status: 'read',
    values: list,
    warnings: [],
    ...extra
  }
}

function merge(...readings: PolicyReading[]): PolicySnapshotView {
  return mergePolicyReadings(readings, { paths, now: 1 })
}

function thrown(fn: () => void): AppError {
  try {
    fn()
  } catch (err) {
    if (err instanceof AppError) return err
    throw err
  }
  throw new Error('expected a POLICY_FORBIDDEN error')
}

describe('precedence', () => {
  it('HKLM beats HKCU beats the profile beats the file, and lists who was overridden', () => {
    const s = merge(
      reading('file', { ExportMode: 'allowed', AutoLockMaxMinutes: 60 }),
      reading('HKCU', { ExportMode: 'encryptedOnly', AutoLockMaxMinutes: 30 }),
      reading('HKLM', { ExportMode: 'disabled' }),
      reading('profile', { AutoLockMaxMinutes: 45, AllowManualEntry: false })
    )
    expect(s.values.ExportMode).toBe('disabled')
    expect(s.values.AutoLockMaxMinutes).toBe(30)
    expect(s.values.AllowManualEntry).toBe(false)
    const byName = Object.fromEntries(s.entries.map((e) => [e.name, e]))
    expect(byName['ExportMode']).toMatchObject({ source: 'HKLM', overridden: ['HKCU', 'file'] })
    expect(byName['AutoLockMaxMinutes']).toMatchObject({
      source: 'HKCU',
      overridden: ['profile', 'file']
    })
    expect(byName['AllowManualEntry']).toMatchObject({ source: 'profile', overridden: [] })
    expect(s.managed).toBe(true)
    expect(s.warnings).toEqual([])
  })

  it('a higher source that sets an unusable value applies the restrictive value, not the lower valid one', () => {
    const s = merge(
      reading('HKLM', { ExportMode: 'nope' }),
      reading('HKCU', { ExportMode: 'allowed' })
    )
    expect(s.values.ExportMode).toBe('disabled')
    expect(s.entries[0]).toMatchObject({ name: 'ExportMode', source: 'HKLM', status: 'invalid' })
    expect(s.warnings).toHaveLength(1)
    expect(s.warnings[0]).toMatchObject({
      code: 'invalid-value',
      policy: 'ExportMode',
      source: 'HKLM'
    })
    expect(s.warnings[0]!.message).toContain('ExportMode in HKLM-location')
    expect(s.warnings[0]!.message).toContain(
      '"nope" is not one of allowed, encryptedOnly, disabled'
    )
  })

  it('sources that were absent, ignored or failed contribute nothing but their warnings', () => {
    const s = merge(
      reading(
        'file',
        { ExportMode: 'disabled' },
        {
          status: 'ignored',
          warnings: [{ code: 'file-untrusted', source: 'file', message: 'group-writable' }]
        }
      ),
      reading('HKLM', { ExportMode: 'disabled' }, { status: 'absent' })
    )
    expect(s.values).toEqual(defaultPolicyValues())
    expect(s.managed).toBe(false)
    expect(s.warnings.map((w) => w.code)).toEqual(['file-untrusted'])
    expect(s.sources.map((x) => x.status)).toEqual(['absent', 'ignored'])
  })

  it('no source at all is the unmanaged default', () => {
    const s = merge()
    expect(s.values).toEqual(defaultPolicyValues())
    expect(s).toMatchObject({
      managed: false,
      entries: [],
      warnings: [],
      admin: { name: null, url: null }
    })
  })
})

describe('invalid values never loosen', () => {
  // Every policy, every value of another type: the value in force is the restrictive value.
  const samples: unknown[] = ['text', 42, 4.5, true, null, [], {}, ['x']]
  const rightType: Record<string, (v: unknown) => boolean> = {
    boolean: (v) => typeof v === 'boolean',
    number: (v) => typeof v === 'number' && Number.isInteger(v),
    string: (v) => typeof v === 'string',
    enum: () => false,
    list: (v) => Array.isArray(v),
    servers: (v) => Array.isArray(v)
  }
  for (const def of POLICY_LIST) {
    it(`${def.name}: values of another type apply ${JSON.stringify(def.restrictive)}`, () => {
      const wrong = samples.filter((v) => !rightType[def.kind.type]!(v))
      expect(wrong.length).toBeGreaterThan(4)
      for (const raw of wrong) {
        const s = merge(reading('file', { [def.name]: raw }))
        expect(s.values[def.name], JSON.stringify(raw)).toEqual(def.restrictive)
        expect(s.entries[0]?.status).toBe('invalid')
        expect(s.warnings.some((w) => w.code === 'invalid-value' && w.policy === def.name)).toBe(
          true
        )
      }
    })
  }

  it('lists of unknown items become empty lists (nothing allowed), never the default', () => {
    const s = merge(reading('file', { AllowedImportSources: ['x'], EnrollmentServers: ['x'] }))
    expect(s.values.AllowedImportSources).toEqual([])
    expect(s.values.EnrollmentServers).toEqual([])
  })

  it('out-of-range numbers apply the restrictive value and say the range', () => {
    const s = merge(
      reading('file', {
        AutoLockMaxMinutes: 5000,
        ClipboardClearMaxSeconds: 0,
        PasswordMinLength: 4
      })
    )
    expect(s.values.AutoLockMaxMinutes).toBe(POLICY_DEFINITIONS.AutoLockMaxMinutes.restrictive)
    expect(s.values.ClipboardClearMaxSeconds).toBe(
      POLICY_DEFINITIONS.ClipboardClearMaxSeconds.restrictive
    )
    expect(s.values.PasswordMinLength).toBe(16)
    expect(s.warnings.map((w) => w.policy)).toEqual([
      'PasswordMinLength',
      'AutoLockMaxMinutes',
      'ClipboardClearMaxSeconds'
    ])
    expect(s.warnings[1]!.message).toContain('5000 is outside 1 to 1440 minutes')
  })

  it('strings are not numbers or booleans, even when they look like them', () => {
    const s = merge(
      reading('file', { AutoLockMaxMinutes: '10', RequireAppLock: 'true', AllowCopyToClipboard: 1 })
    )
    expect(s.values.AutoLockMaxMinutes).toBe(5)
    expect(s.values.RequireAppLock).toBe(true)
    expect(s.values.AllowCopyToClipboard).toBe(false)
    expect(s.entries.every((e) => e.status === 'invalid')).toBe(true)
  })

  it('enum choices match regardless of case; an unknown choice is restrictive', () => {
    const s = merge(reading('file', { ExportMode: 'EncryptedOnly', UpdateMode: 'sometimes' }))
    expect(s.values.ExportMode).toBe('encryptedOnly')
    expect(s.values.UpdateMode).toBe('notify')
  })

  it('a list drops what it does not know and keeps the rest (fewer formats, never more)', () => {
    const s = merge(
      reading('file', { AllowedImportSources: ['aegis', 'lastpass', 'AEGIS', '2FAS', 7] })
    )
    expect(s.values.AllowedImportSources).toEqual(['aegis', '2fas'])
    expect(s.entries[0]!.status).toBe('applied')
    expect(s.warnings.map((w) => w.message).join(' ')).toMatch(/lastpass.*left out/)
  })

  it('an unusable server entry is left out, valid ones apply, duplicates keep the first', () => {
    const s = merge(
      reading('file', {
        EnrollmentServers: [
          { name: 'Corp', type: 'ucloud', url: 'https://sso.example.com/api/' },
          { name: 'Plain', type: 'ucloud', url: 'http://sso.example.com' },
          { name: 'Odd', type: 'gopher', url: 'https://x.example' },
          'https://bare.example',
          { name: 'corp', type: 'vantage', url: 'https://other.example' },
          { name: 'Vantage', type: 'vantage', url: 'https://v.example', token: 'x' }
        ]
      })
    )
    expect(s.values.EnrollmentServers).toEqual([
      { name: 'Corp', type: 'ucloud', url: 'https://sso.example.com/api' },
      { name: 'Vantage', type: 'vantage', url: 'https://v.example' }
    ])
    const text = s.warnings.map((w) => w.message).join('\n')
    expect(text).toMatch(/entry 2 \(Plain\): .*https/)
    expect(text).toMatch(/entry 3 \(Odd\): type "gopher"/)
    expect(text).toMatch(/entry 4 is the text/)
    expect(text).toMatch(/entry 5: the name "corp" is used twice/)
    expect(text).toMatch(/entry 6: ignored unknown field\(s\) token/)
  })

  it('contact links must be https or mailto; DataDirectory must be absolute', () => {
    const s = merge(
      reading('file', {
        AdminContactUrl: 'javascript:alert(1)',
        AdminContactName: '  IT Desk  ',
        DataDirectory: 'relative/dir'
      })
    )
    expect(s.values.AdminContactUrl).toBeNull()
    expect(s.values.AdminContactName).toBe('IT Desk')
    expect(s.values.DataDirectory).toBeNull()
    expect(s.admin).toEqual({ name: 'IT Desk', url: null })
  })

  it('DataDirectory expands the home placeholders', () => {
    const linux = merge(reading('file', { DataDirectory: '${HOME}/.tessera' }))
    expect(linux.values.DataDirectory).toBe('/home/ada/.tessera')
    const win = mergePolicyReadings(
      [reading('HKLM', { DataDirectory: '%APPDATA%\\Corp\\Tessera' })],
      {
        paths: {
          platform: 'win32',
          home: 'C:\\Users\\ada',
          env: { APPDATA: 'C:\\Users\\ada\\AppData\\Roaming' }
        }
      }
    )
    expect(win.values.DataDirectory).toBe('C:\\Users\\ada\\AppData\\Roaming\\Corp\\Tessera')
    const unknown = merge(reading('file', { DataDirectory: '/data/${USER}' }))
    expect(unknown.values.DataDirectory).toBeNull()
  })
})

describe('unknown keys', () => {
  it('are listed with the source and do not stop the others', () => {
    const s = merge(
      reading('file', {
        ExportMode: 'disabled',
        FutureThing: 1,
        exportmode: 'allowed',
        $schema: 'x'
      })
    )
    expect(s.values.ExportMode).toBe('disabled')
    const unknown = s.warnings.filter((w) => w.code === 'unknown-policy')
    expect(unknown.map((w) => w.policy)).toEqual(['FutureThing', 'exportmode'])
    expect(unknown[1]!.message).toContain('Did you mean ExportMode?')
  })

  it('registry names are matched without regard to case, as Windows does', () => {
    const s = merge(reading('HKLM', { exportmode: 'disabled' }, { caseInsensitiveKeys: true }))
    expect(s.values.ExportMode).toBe('disabled')
    expect(s.warnings).toEqual([])
  })
})

describe('ceilings: a user may choose stricter, never looser', () => {
  const values = { ...defaultPolicyValues(), AutoLockMaxMinutes: 10, ClipboardClearMaxSeconds: 30 }
  it.each([
    [5, 5],
    [10, 10],
    [60, 10],
    [0, 10]
  ])('auto-lock choice %i minutes → %i in force', (choice, expected) => {
    expect(effectiveAutoLockMinutes(choice, values)).toBe(expected)
  })
  it.each([
    [10, 10],
    [45, 30],
    [0, 30]
  ])('clipboard choice %i s → %i in force', (choice, expected) => {
    expect(effectiveClipboardClearSeconds(choice, values)).toBe(expected)
  })
  it('without a ceiling the choice stands, "never" included', () => {
    expect(effectiveAutoLockMinutes(0, defaultPolicyValues())).toBe(0)
    expect(effectiveClipboardClearSeconds(600, defaultPolicyValues())).toBe(600)
  })
  it('saving a looser choice is refused with the ceiling; a stricter one is fine', () => {
    const s = merge(reading('file', { AutoLockMaxMinutes: 10, ClipboardClearMaxSeconds: 30 }))
    expect(() => assertAutoLockChoice(s, 5)).not.toThrow()
    const err = thrown(() => assertAutoLockChoice(s, 0))
    expect(err.code).toBe('POLICY_FORBIDDEN')
    expect(err.message).toContain('at most 10 minutes')
    expect(err.details).toMatchObject({ policy: 'AutoLockMaxMinutes', policySource: 'file' })
    expect(thrown(() => assertClipboardChoice(s, 31)).message).toContain('within 30 seconds')
  })
  it('forced switches override the choice both ways', () => {
    const v = defaultPolicyValues()
    expect(effectiveLockOnSuspend(false, { ...v, LockOnScreenLock: true })).toBe(true)
    expect(effectiveLockOnSuspend(false, v)).toBe(false)
    expect(effectiveHideFromCapture(false, { ...v, ScreenCaptureProtection: 'forceOn' })).toBe(true)
    expect(effectiveHideFromCapture(true, { ...v, ScreenCaptureProtection: 'forceOff' })).toBe(
      false
    )
    expect(effectiveHideFromCapture(true, v)).toBe(true)
  })
})

describe('refusals say who forbade it and what to do', () => {
  it('names the policy, the source and the admin contact', () => {
    const s = merge(
      reading('file', {
        ExportMode: 'disabled',
        AdminContactName: 'IT Service Desk',
        AdminContactUrl: 'https://help.example.com/tessera'
      })
    )
    const err = thrown(() => assertExportAllowed(s, 'encrypted'))
    expect(err.code).toBe('POLICY_FORBIDDEN')
    expect(err.message).toBe(
      'Your organization does not allow exporting accounts from Tessera (policy ExportMode, set in the policy file). Ask IT Service Desk (https://help.example.com/tessera) if you need it.'
    )
    expect(err.details).toEqual({
      policy: 'ExportMode',
      managed: true,
      policySource: 'file',
      contactName: 'IT Service Desk',
      contactUrl: 'https://help.example.com/tessera'
    })
  })

  it('encryptedOnly allows the encrypted file and refuses plain files and QR codes', () => {
    const s = merge(reading('HKLM', { ExportMode: 'encryptedOnly' }))
    expect(exportRefusal(s, 'encrypted')).toBeNull()
    expect(exportRefusal(s, 'plain')?.message).toContain('only password-protected export files')
    expect(exportRefusal(s, 'qr')?.message).toContain('migration QR codes cannot be shown')
    expect(exportRefusal(s, 'plain')?.message).toContain('Ask your IT department if you need it.')
  })

  it('import formats outside the allowed list are refused; an empty list refuses all', () => {
    const some = merge(reading('file', { AllowedImportSources: ['aegis'] }))
    expect(() => assertImportAllowed(some, 'aegis', 'Aegis')).not.toThrow()
    expect(thrown(() => assertImportAllowed(some, '2fas', '2FAS')).message).toContain(
      'importing from 2FAS'
    )
    const none = merge(reading('file', { AllowedImportSources: [] }))
    expect(thrown(() => assertImportAllowed(none, 'aegis', 'Aegis')).message).toContain(
      'does not allow importing accounts'
    )
  })

  it('password length follows PasswordMinLength', () => {
    const s = merge(reading('file', { PasswordMinLength: 12 }))
    expect(() => assertPasswordLength(s, 'x'.repeat(12))).not.toThrow()
    expect(thrown(() => assertPasswordLength(s, 'x'.repeat(11))).message).toContain(
      'at least 12 characters'
    )
  })
})
