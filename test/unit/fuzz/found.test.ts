/**
 * Regressions for what the property-based fuzzing (test/fuzz) found. Each case is the shrunk
 * counterexample fast-check reported, and each failed before its fix.
 */
import { describe, expect, it } from 'vitest'
import { admitAccount } from '../../../src/main/core/accounts/admit'
import { importFile } from '../../../src/main/core/import'
import { decodeMigrationUri, encodeMigrationBatches } from '../../../src/main/core/migration'
import { formatOtpauthUri, parseOtpauthUri } from '../../../src/main/core/otpauth'
import { exportUriList } from '../../../src/main/core/export'
import type { NewAccount } from '../../../src/shared/model'
import { cleanName, cleanNote } from '../../../src/shared/text'

const otp = {
  type: 'totp' as const,
  secret: 'AAAAAAAAAAAAAAAA',
  algorithm: 'SHA1' as const,
  digits: 6,
  period: 30,
  counter: 0
}

describe('fuzz finding: a lone UTF-16 surrogate in a name', () => {
  // JSON allows "\udfff" on its own; a backup naming an account so was admitted, then exporting
  // it as a link threw URIError (not an AppError), and a Google transfer renamed it.
  const hostile = JSON.stringify({ issuer: '\udfff', label: 'a\ud800b' })

  it('is replaced by U+FFFD when a name or note is cleaned', () => {
    const { issuer, label } = JSON.parse(hostile) as { issuer: string; label: string }
    expect(cleanName(issuer)).toBe('\ufffd')
    expect(cleanName(label)).toBe('a\ufffdb')
    expect(cleanNote('x\udc00\ny')).toBe('x\ufffd\ny')
    // Pairs are left alone.
    expect(cleanName('\ud83d\ude00 ok')).toBe('\ud83d\ude00 ok')
  })

  it('an admitted account with one formats as a link and round-trips', () => {
    const a = admitAccount({ ...(JSON.parse(hostile) as NewAccount), otp })
    const back = parseOtpauthUri(formatOtpauthUri(a))
    expect([back.issuer, back.label]).toEqual(['\ufffd', 'a\ufffdb'])
  })

  it('an account stored before the fix still exports as a link instead of throwing', () => {
    const uri = formatOtpauthUri({ issuer: '\udfff', label: 'x', otp })
    expect(parseOtpauthUri(uri).issuer).toBe('\ufffd')
  })

  it('survives a Google Authenticator transfer unchanged', () => {
    const a = admitAccount({ issuer: '\udfff', label: '', otp })
    const [link] = encodeMigrationBatches([a], { batchId: 1 })
    expect(decodeMigrationUri(link!).accounts[0]).toMatchObject({ issuer: a.issuer, label: '' })
  })
})

describe('fuzz finding: an unnamed account exported as a link', () => {
  // Backups may hold an entry with no issuer and no name (admission keeps it); Tessera's own
  // URI export wrote it as otpauth://totp/?secret=... and its URI import then refused that line.
  const unnamed: NewAccount = { issuer: '', label: '', otp }

  it('imports back from a URI list', async () => {
    const text = exportUriList([{ ...unnamed, tags: [], favorite: false, note: '' }])
    const result = await importFile(new TextEncoder().encode(text), { format: 'uris' })
    expect(result.failed).toEqual([])
    expect(result.accounts).toHaveLength(1)
    expect(result.accounts[0]).toMatchObject({ issuer: '', label: '', otp })
  })

  it('a single link that names nothing is still refused when added by hand', () => {
    const uri = formatOtpauthUri(unnamed)
    expect(() => parseOtpauthUri(uri)).toThrow(/names no account/)
    expect(parseOtpauthUri(uri, { allowUnnamed: true })).toMatchObject({ issuer: '', label: '' })
  })
})
