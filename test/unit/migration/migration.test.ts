import { create, toBinary } from '@bufbuild/protobuf'
import { describe, expect, it } from 'vitest'
import { AppError } from '../../../src/shared/errors'
import type { NewAccount } from '../../../src/shared/model'
import {
  decodeMigrationPayload,
  decodeMigrationUri,
  encodeMigrationBatches,
  migrationBatchProgress,
  migrationIncompatibility
} from '../../../src/main/core/migration'
import { extractOtpUris } from '../../../src/main/core/qr/classify'
import {
  MigrationPayload_Algorithm as Algorithm,
  MigrationPayload_DigitCount as DigitCount,
  MigrationPayload_OtpParametersSchema as OtpParametersSchema,
  MigrationPayload_OtpType as OtpType,
  MigrationPayloadSchema
} from '../../../src/main/core/qr/proto/google_auth_migration_pb'
import { readCorpus, readCorpusJson } from '../../helpers/corpora'

const GA = 'google-auth-migration'

/** The URI lines of an upstream export file ('#' lines are comments). */
const uriLines = (text: string): string[] =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))

interface ExpectedParams {
  secret_base32: string
  name: string
  issuer?: string
  algorithm?: string
  digits?: string
  type: string
  counter?: number
}
interface ExpectedUri {
  uri: string
  decoded: {
    otp_parameters: ExpectedParams[]
    version?: number
    batch_size?: number
    batch_index?: number
    batch_id?: number
  }
}
interface ExpectedFile {
  uris?: ExpectedUri[]
  uri?: string
  decoded?: ExpectedUri['decoded']
}
const expected = readCorpusJson<{ files: Record<string, ExpectedFile> }>(GA, 'EXPECTED.json').files

/** What an account decoded from `p` must look like. */
function expectedAccount(p: ExpectedParams): NewAccount {
  const issuer = p.issuer ?? ''
  const label = issuer && p.name.startsWith(`${issuer}:`) ? p.name.slice(issuer.length + 1) : p.name
  return {
    issuer,
    label,
    otp: {
      type: p.type === 'HOTP' ? 'hotp' : 'totp',
      secret: p.secret_base32,
      algorithm: (p.algorithm ?? 'SHA1') as 'SHA1',
      digits: p.digits === 'EIGHT' ? 8 : 6,
      period: 30,
      counter: p.counter ?? 0
    }
  }
}

function corpusUris(): [string, ExpectedUri][] {
  const out: [string, ExpectedUri][] = []
  for (const [file, f] of Object.entries(expected)) {
    f.uris?.forEach((u, i) => out.push([`${file} #${i + 1}`, u]))
    if (f.uri && f.decoded) out.push([file, { uri: f.uri, decoded: f.decoded }])
  }
  return out
}

describe('decodeMigrationUri on the corpus', () => {
  const cases = corpusUris()
  it('has the corpus cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(8)
  })
  it.each(cases)('%s gives exactly the listed accounts and batch info', (_name, c) => {
    const d = decodeMigrationUri(c.uri)
    // Secrets under 10 bytes (Ente's synthetic 01..08 test payload) are skipped with the reason,
    // as on every other way in (core/accounts/admit); every other entry is kept exactly.
    const short = (p: ExpectedParams): boolean => p.secret_base32.length < 16
    expect(d.accounts).toEqual(
      c.decoded.otp_parameters.filter((p) => !short(p)).map(expectedAccount)
    )
    expect(d.skipped).toEqual(
      c.decoded.otp_parameters.filter(short).map((p) => ({
        name: p.name,
        issuer: p.issuer ?? '',
        reason: expect.stringMatching(/secret is only \d bytes long \(at least 10 are needed\)/)
      }))
    )
    expect(d.version).toBe(c.decoded.version ?? 0)
    expect(d.batch).toEqual({
      size: Math.max(1, c.decoded.batch_size ?? 1),
      index: c.decoded.batch_index ?? 0,
      id: c.decoded.batch_id ?? 0
    })
  })

  it('example_export.txt: 5 URIs give the 6 accounts upstream lists, including HOTP counter 4', () => {
    const text = readCorpus(GA, 'scito_extract_otp_secrets', 'example_export.txt').toString('utf8')
    const accounts = uriLines(text).flatMap((u) => decodeMigrationUri(u).accounts)
    expect(accounts).toHaveLength(6)
    expect(accounts.map((a) => [a.issuer, a.label, a.otp.type, a.otp.counter])).toEqual([
      ['raspberrypi', 'pi@raspberrypi', 'totp', 0],
      ['', 'pi@raspberrypi', 'totp', 0],
      ['', 'pi@raspberrypi', 'totp', 0],
      ['raspberrypi', 'pi@raspberrypi', 'totp', 0],
      ['', 'hotp demo', 'hotp', 4],
      // the name has a colon but no issuer: it is not split
      ['', 'encoding: ¿äÄéÉ? (demo)', 'totp', 0]
    ])
    expect(new Set(accounts.map((a) => a.otp.secret))).toEqual(
      new Set(['7KSQL2JTUDIS5EF65KLMRQIIGY'])
    )
  })

  it('keeps a raw "+" in the data as base64, not a space (test_plus_problem_export.txt)', () => {
    const text = readCorpus(
      GA,
      'scito_extract_otp_secrets',
      'tests_data',
      'test_plus_problem_export.txt'
    )
      .toString('utf8')
      .trim()
    expect(text).toContain('+')
    const d = decodeMigrationUri(text)
    expect(d.accounts.map((a) => [a.issuer, a.label, a.otp.secret])).toEqual([
      ['SerenityLabs', 'test1@serenitylabs.co.uk', 'A4RFDYMF4GSLUIBQV4ZP67OJEZ2XUQVM'],
      ['SerenityLabs', 'test2@serenitylabs.co.uk', 'SCDDZ7PW5MOZLE3PQCAZM7L4S35K3UDX'],
      ['SerenityLabs', 'test3@serenitylabs.co.uk', 'TR76272RVYO6EAEY2FX7W7R7KUDEGPJ4'],
      ['SerenityLabs', 'test4@serenitylabs.co.uk', 'N2ILWSXSJUQUB7S6NONPJSC62NPG7EXN']
    ])
  })

  it('only_totp file gives the 5 TOTP accounts', () => {
    const text = readCorpus(
      GA,
      'scito_extract_otp_secrets',
      'tests_data',
      'example_export_only_totp.txt'
    )
    const accounts = uriLines(text.toString('utf8')).flatMap((u) => decodeMigrationUri(u).accounts)
    expect(accounts).toHaveLength(5)
    expect(accounts.every((a) => a.otp.type === 'totp')).toBe(true)
  })

  it('a "QR-Code:" prefix in pasted text still yields the one account', () => {
    const text = readCorpus(
      GA,
      'scito_extract_otp_secrets',
      'tests_data',
      'test_export_wrong_prefix.txt'
    )
    const uris = extractOtpUris(text.toString('utf8'))
    expect(uris).toHaveLength(1)
    expect(
      decodeMigrationUri(uris[0]!).accounts.map((a) => [a.issuer, a.label, a.otp.secret])
    ).toEqual([['raspberrypi', 'pi@raspberrypi', '7KSQL2JTUDIS5EF65KLMRQIIGY']])
  })

  it('comment-only, empty and lorem-ipsum files hold no URI', () => {
    for (const f of ['only_comments.txt', 'empty_file.txt', 'test_export_wrong_content.txt']) {
      const text = readCorpus(GA, 'scito_extract_otp_secrets', 'tests_data', f).toString('utf8')
      expect(uriLines(text).flatMap(extractOtpUris), f).toEqual([])
    }
  })
})

describe('rejections are MIGRATION_INVALID with what to do', () => {
  const reject = (uri: string): AppError => {
    try {
      decodeMigrationUri(uri)
    } catch (e) {
      expect(e).toBeInstanceOf(AppError)
      return e as AppError
    }
    throw new Error(`accepted ${uri}`)
  }

  it('valid base64 that is not a payload (test_export_wrong_data.txt)', () => {
    const uri = readCorpus(
      GA,
      'scito_extract_otp_secrets',
      'tests_data',
      'test_export_wrong_data.txt'
    )
      .toString('utf8')
      .trim()
    const e = reject(uri)
    expect(e.code).toBe('MIGRATION_INVALID')
    expect(e.message).toMatch(/Export the accounts again/)
  })

  it.each([
    ['no data', 'otpauth-migration://offline'],
    ['empty data', 'otpauth-migration://offline?data='],
    ['not base64', 'otpauth-migration://offline?data=%%%'],
    ['bad base64 chars', 'otpauth-migration://offline?data=ab*cd'],
    [
      'a payload without accounts',
      `otpauth-migration://offline?data=${Buffer.from([0x10, 0x01]).toString('base64')}`
    ],
    ['not a migration link', 'otpauth://totp/x?secret=JBSWY3DPEHPK3PXP']
  ])('%s', (_n, uri) => {
    expect(reject(uri).code).toBe('MIGRATION_INVALID')
  })

  it('a batch index outside the batch size', () => {
    const bytes = toBinary(
      MigrationPayloadSchema,
      create(MigrationPayloadSchema, {
        otpParameters: [
          create(OtpParametersSchema, { secret: new Uint8Array([1, 2, 3]), name: 'a' })
        ],
        batchSize: 2,
        batchIndex: 5
      })
    )
    expect(() => decodeMigrationPayload(bytes)).toThrow(/code 6 of 2/)
  })

  it('a 75-character code claiming to be one of two billion parts is refused', () => {
    // It used to decode, and listing its "missing" parts took the scan minutes and gigabytes.
    const payload = (batchSize: number): Uint8Array =>
      toBinary(
        MigrationPayloadSchema,
        create(MigrationPayloadSchema, {
          otpParameters: [
            create(OtpParametersSchema, { secret: new Uint8Array([1, 2, 3]), name: 'a' })
          ],
          batchSize,
          batchIndex: 0
        })
      )
    const e = (() => {
      try {
        decodeMigrationPayload(payload(2 ** 31 - 1))
      } catch (err) {
        return err
      }
    })()
    expect(e).toMatchObject({ code: 'MIGRATION_INVALID' })
    expect((e as Error).message).toMatch(/one of 2147483647 codes/)
    expect(decodeMigrationPayload(payload(1000)).batch.size).toBe(1000)
  })
})

describe('enum defaults and unsupported entries', () => {
  const payload = (
    params: Parameters<typeof create<typeof OtpParametersSchema>>[1][]
  ): Uint8Array =>
    toBinary(
      MigrationPayloadSchema,
      create(MigrationPayloadSchema, {
        otpParameters: params.map((p) => create(OtpParametersSchema, p)),
        version: 1,
        batchSize: 1
      })
    )

  it('unspecified algorithm/digits/type mean SHA1, 6 digits, TOTP, 30 s', () => {
    const d = decodeMigrationPayload(
      payload([{ secret: new TextEncoder().encode('Hello!1234'), name: 'x' }])
    )
    expect(d.accounts[0]!.otp).toEqual({
      type: 'totp',
      secret: 'JBSWY3DPEEYTEMZU',
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
      counter: 0
    })
  })

  it('SHA512, eight digits and an HOTP counter are carried over', () => {
    const d = decodeMigrationPayload(
      payload([
        {
          secret: new Uint8Array(20).fill(7),
          name: 'Acme:bob',
          issuer: 'Acme',
          algorithm: Algorithm.SHA512,
          digits: DigitCount.EIGHT,
          type: OtpType.HOTP,
          counter: 123456789012n
        }
      ])
    )
    expect(d.accounts[0]).toMatchObject({
      issuer: 'Acme',
      label: 'bob',
      otp: { type: 'hotp', algorithm: 'SHA512', digits: 8, counter: 123456789012 }
    })
  })

  it('an MD5 entry is skipped with the reason, the others are kept', () => {
    const d = decodeMigrationPayload(
      payload([
        { secret: new Uint8Array(10).fill(5), name: 'old', algorithm: Algorithm.MD5 },
        { secret: new Uint8Array(10).fill(5), name: 'new', algorithm: Algorithm.SHA256 }
      ])
    )
    expect(d.accounts.map((a) => a.label)).toEqual(['new'])
    expect(d.skipped).toEqual([{ name: 'old', issuer: '', reason: expect.stringMatching(/MD5/) }])
  })

  it('an entry without a secret is skipped', () => {
    const d = decodeMigrationPayload(
      payload([{ name: 'empty' }, { name: 'ok', secret: new Uint8Array(10).fill(9) }])
    )
    expect(d.accounts.map((a) => a.label)).toEqual(['ok'])
    expect(d.skipped[0]!.reason).toMatch(/no secret/)
  })
})

describe('encodeMigrationBatches', () => {
  const account = (i: number, extra: Partial<NewAccount['otp']> = {}): NewAccount => ({
    issuer: i % 2 ? `Issuer ${i}` : '',
    label: `user${i}@example.com`,
    otp: {
      type: 'totp',
      secret: `JBSWY3DPEHPK3PX${'ABCDEFGHIJKLMNOPQRSTUVWXYZ'[i % 26]}`,
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
      counter: 0,
      ...extra
    }
  })

  it('splits into "n of m" codes sharing one batch id, and decodes back to the same accounts', () => {
    const accounts = [
      ...Array.from({ length: 6 }, (_, i) => account(i)),
      account(6, { type: 'hotp', counter: 42, algorithm: 'SHA256', digits: 8 }),
      account(7, { algorithm: 'SHA512' })
    ]
    const uris = encodeMigrationBatches(accounts, { maxPerQr: 3, batchId: 77 })
    expect(uris).toHaveLength(3)
    const decoded = uris.map((u) => decodeMigrationUri(u))
    expect(decoded.map((d) => d.batch)).toEqual([
      { size: 3, index: 0, id: 77 },
      { size: 3, index: 1, id: 77 },
      { size: 3, index: 2, id: 77 }
    ])
    expect(decoded.flatMap((d) => d.accounts)).toEqual(accounts)
  })

  it('refuses accounts the format cannot carry, naming them', () => {
    expect(migrationIncompatibility(account(1, { period: 60 }))).toMatch(/60 s/)
    expect(migrationIncompatibility(account(1, { type: 'steam', digits: 5 }))).toMatch(/steam/)
    expect(() => encodeMigrationBatches([account(1), account(2, { digits: 7 })])).toThrow(
      expect.objectContaining({
        code: 'UNSUPPORTED',
        message: expect.stringMatching(/user2@example.com/)
      })
    )
    expect(() => encodeMigrationBatches([])).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' })
    )
  })

  it('picks a batch id when none is given', () => {
    const [u] = encodeMigrationBatches([account(1)])
    expect(decodeMigrationUri(u!).batch.size).toBe(1)
  })
})

describe('migrationBatchProgress', () => {
  it('says which codes of an export are still missing, then that it is complete', () => {
    const uris = encodeMigrationBatches(
      Array.from({ length: 5 }, (_, i) => ({
        issuer: 'X',
        label: `u${i}`,
        otp: {
          type: 'totp' as const,
          secret: 'JBSWY3DPEHPK3PXP',
          algorithm: 'SHA1' as const,
          digits: 6,
          period: 30,
          counter: 0
        }
      })),
      { maxPerQr: 2, batchId: 9 }
    )
    const parts = uris.map((u) => decodeMigrationUri(u))
    const [p] = migrationBatchProgress([parts[1]!, parts[1]!])
    expect(p).toMatchObject({ id: 9, size: 3, scanned: [1], missing: [0, 2], complete: false })
    expect(p!.message).toMatch(/1 of 3 codes.*codes 1, 3 are still missing/)
    const [done] = migrationBatchProgress(parts)
    expect(done).toMatchObject({ missing: [], complete: true })
  })

  it('names at most ten missing codes and counts the rest', () => {
    const first = { accounts: [], skipped: [], version: 1, batch: { id: 4, size: 1000, index: 0 } }
    const [p] = migrationBatchProgress([first])
    expect(p!.missing).toHaveLength(999)
    expect(p!.message).toMatch(
      /codes 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 and 989 more are still missing/
    )
  })
})
