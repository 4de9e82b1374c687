import { describe, expect, it } from 'vitest'
import { isAppError } from '../../../src/shared/errors'
import { detectFormat, importFile } from '../../../src/main/core/import'
import { readCorpus, readCorpusJson } from '../../helpers/corpora'
import { compareSets, type ExpectedEntry } from './expect-helpers'

interface FileExpectation {
  file?: string
  importer: string
  password: string | null
  expected: ExpectedEntry[]
  expected_count: number
}
const manifest = readCorpusJson<{ files: Record<string, FileExpectation> }>(
  'aegis',
  'EXPECTED.json'
)

/** Files of the Aegis set in formats issue 7 lists, and the format detection must find. */
const IN_SCOPE: Record<string, string> = {
  'plain.txt': 'uris',
  'aegis_plain.json': 'aegis',
  'aegis_encrypted.json': 'aegis',
  'ente_auth.txt': 'ente',
  'andotp_plain.json': 'andotp',
  'andotp_encrypted.bin': 'andotp',
  'andotp_encrypted_old.bin': 'andotp',
  'bitwarden.json': 'bitwarden',
  'bitwarden.csv': 'bitwarden',
  'freeotp_plus.json': 'freeotp-plus',
  '2fas_authenticator.json': '2fas',
  '2fas_authenticator_plain.2fas': '2fas',
  '2fas_authenticator_encrypted.2fas': '2fas',
  '2fas_authenticator_plain_v3.2fas': '2fas',
  '2fas_authenticator_encrypted_v3.2fas': '2fas',
  '2fas_authenticator_plain_v4.2fas': '2fas',
  '2fas_authenticator_encrypted_v4.2fas': '2fas',
  'proton_authenticator.json': 'proton'
}

/** Files from apps the issue does not list: each must be named and refused, not mis-parsed. */
const OUT_OF_SCOPE: Record<string, RegExp> = {
  'duo.json': /Duo/,
  'totp_authenticator.bin': /TOTP Authenticator/,
  'totp_authenticator_internal.xml': /TOTP Authenticator/,
  'stratum_encrypted.bin': /Stratum/,
  'stratum_encrypted_legacy.bin': /Stratum/,
  'stratum_internal.db': /database/,
  'stratum_plain.json': /Stratum/,
  'authy_plain.xml': /Authy/,
  'authy_encrypted.xml': /Authy/,
  'battle_net_authenticator.xml': /Battle\.net/,
  'freeotp.xml': /FreeOTP/,
  'freeotp_plus_internal.xml': /FreeOTP/,
  'freeotp_v2_api23.xml': /FreeOTP 2/,
  'freeotp_v2_api25.xml': /FreeOTP 2/,
  'freeotp_v2_api27.xml': /FreeOTP 2/,
  'freeotp_v2_api34.xml': /FreeOTP 2/,
  'freeotp_v2_null_algo.xml': /FreeOTP 2/,
  'google_authenticator.sqlite': /database/,
  'microsoft_authenticator.sqlite': /database/,
  'steam.json': /Steam/,
  'steam_old.json': /Steam/,
  'authenticator_plus.zip': /ZIP/
}

describe('Aegis corpus: every in-scope file imports to exactly the listed accounts', () => {
  const cases = Object.entries(manifest.files).filter(([key]) => key in IN_SCOPE)
  it('covers every in-scope file the manifest lists', () => {
    expect(cases.map(([k]) => k).sort()).toEqual(Object.keys(IN_SCOPE).sort())
  })
  for (const [key, spec] of cases) {
    const file = spec.file ?? key
    it(`${key}${spec.password ? ' (with its password)' : ''}`, async () => {
      const bytes = readCorpus('aegis', 'importers', file)
      expect(detectFormat(bytes)).toBe(IN_SCOPE[key])
      const opts = spec.password === null ? {} : { password: spec.password }
      const result = await importFile(bytes, opts)
      expect(result.failed).toEqual([])
      expect(result.accounts).toHaveLength(spec.expected_count)
      const { got, want } = compareSets(result.accounts, spec.expected)
      expect(got).toEqual(want)
    })
    if (spec.password !== null) {
      it(`${key} with a wrong password is WRONG_PASSWORD, without one PASSWORD_REQUIRED`, async () => {
        const bytes = readCorpus('aegis', 'importers', file)
        await expect(importFile(bytes, { password: `${spec.password}x` })).rejects.toMatchObject({
          code: 'WRONG_PASSWORD'
        })
        await expect(importFile(bytes)).rejects.toMatchObject({ code: 'PASSWORD_REQUIRED' })
      })
    }
  }
})

describe('Aegis corpus: apps outside issue 7 are named as "not supported yet"', () => {
  for (const [file, app] of Object.entries(OUT_OF_SCOPE)) {
    it(file, async () => {
      const bytes = readCorpus('aegis', 'importers', file)
      const err: unknown = await importFile(bytes, { password: 'test' }).then(
        () => null,
        (e: unknown) => e
      )
      expect(isAppError(err)).toBe(true)
      expect(err).toMatchObject({ code: 'UNSUPPORTED' })
      expect((err as Error).message).toMatch(app)
      expect((err as Error).message).toMatch(/cannot import yet/)
    })
  }
})

describe('Aegis vault content versions and groups', () => {
  it('content v2 with legacy "group" fields gives tags group1 (2 entries) and group2 (1)', async () => {
    const result = await importFile(readCorpus('aegis', 'vault', 'aegis_plain_grouped_v2.json'))
    expect(result.format).toBe('aegis')
    expect(result.accounts).toHaveLength(7)
    const tagged = (tag: string) =>
      result.accounts.filter((a) => a.tags?.includes(tag)).map((a) => `${a.issuer}/${a.label}`)
    expect(tagged('group1').sort()).toEqual(['Airbnb/Elijah', 'Deno/Mason'])
    expect(tagged('group2')).toEqual(['Issuu/James'])
    expect(result.accounts.filter((a) => (a.tags ?? []).length === 0)).toHaveLength(4)
  })
})
