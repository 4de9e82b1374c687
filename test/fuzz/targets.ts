/**
 * Every parser of outside data, as a fuzz target (see harness.ts for the common property):
 * otpauth links (parse, and format -> parse round trips), Google's otpauth-migration payloads
 * (bytes, links, structured payloads, encode -> decode round trips), every importer (corpus
 * files mutated node by node, raw bytes, random JSON), image headers and decoders (real small
 * PNG, JPEG and GIF files mutated, random bytes behind each format's magic), every enrollment
 * server reply (status, create, answer, error bodies, headers) through the real EnrollService,
 * the policy file reader and the registry / configuration-profile readers, and QR text.
 */
import { create, toBinary } from '@bufbuild/protobuf'
import fc from 'fast-check'
import jpeg from 'jpeg-js'
import omggif from 'omggif'
import { PNG } from 'pngjs'
import { admitAccount } from '../../src/main/core/accounts/admit'
import { EnrollService } from '../../src/main/core/enroll/service'
import { decodeImage, readImageHeader } from '../../src/main/core/image'
import { checkJpegStructure } from '../../src/main/core/image/jpeg-guard'
import { readPngLayout } from '../../src/main/core/image/png-guard'
import { importFile, type ImportFormat } from '../../src/main/core/import'
import {
  decodeMigrationPayload,
  decodeMigrationUri,
  encodeMigrationBatches,
  migrationIncompatibility
} from '../../src/main/core/migration'
import { bytesToBase32, generateCode, validateOtpParams } from '../../src/main/core/otp'
import { MAX_PERIOD } from '../../src/main/core/otp/params'
import { formatOtpauthUri, parseOtpauthUri } from '../../src/main/core/otpauth'
import { POLICY_NAMES } from '../../src/main/core/policy/definitions'
import { mergePolicyReadings, type PolicyReading } from '../../src/main/core/policy/merge'
import { parsePolicyFileText } from '../../src/main/core/policy/sources/file'
import { parseForcedPreferences } from '../../src/main/core/policy/sources/macos'
import {
  parseRegQueryOutput,
  REGISTRY_LOCATIONS,
  registryReading
} from '../../src/main/core/policy/sources/registry'
import { classifyQrText } from '../../src/main/core/qr/classify'
import {
  MigrationPayload_OtpParametersSchema,
  MigrationPayloadSchema
} from '../../src/main/core/qr/proto/google_auth_migration_pb'
import type { HashAlgorithm, NewAccount, OtpParams, OtpType } from '../../src/shared/model'
import { readCorpus } from '../helpers/corpora'
import { MemoryAccountStore } from '../helpers/memory-account-store'
import { MemoryServerStore } from '../helpers/memory-server-store'
import { must, PropertyBroken, typedOutcome, typedOutcomeSync, type FuzzTarget } from './harness'

const enc = new TextEncoder()
const dec = new TextDecoder()

// ---------------------------------------------------------------------------------------------
// Building blocks

/** Any text, including lone surrogates, controls, bidi and zero-width characters. */
const hostileChar = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '\u202e',
      '\u2066',
      '\u200b',
      '\ufeff',
      '\u0000',
      '\n',
      '\t',
      '\ud800',
      '\udfff',
      '%',
      '%zz',
      '%3A',
      ':',
      '?',
      '&',
      '=',
      '#',
      '+',
      '/',
      ' '
    )
  }
)
const text = (maxLength = 24): fc.Arbitrary<string> =>
  fc.array(hostileChar, { maxLength }).map((a) => a.join(''))

const TYPES: readonly OtpType[] = ['totp', 'hotp', 'steam', 'motp', 'yandex']
const ALGORITHMS: readonly HashAlgorithm[] = ['SHA1', 'SHA256', 'SHA512']

/** A base32 text of `min..max` random bytes. */
const base32Secret = (min = 1, max = 64): fc.Arbitrary<string> =>
  fc.uint8Array({ minLength: min, maxLength: max }).map((b) => bytesToBase32(b))

/** Numbers where parsers have edges. */
const edgeNumber = fc.constantFrom(
  '0',
  '-1',
  '1',
  '5',
  '6',
  '8',
  '10',
  '11',
  '30',
  '1e3',
  '0x10',
  '4294967296',
  '9007199254740993',
  '99999999999999999999999',
  String(MAX_PERIOD),
  String(MAX_PERIOD + 1),
  ' 6 ',
  '',
  '६'
)

function encodePart(s: string, how: number): string {
  if (how === 0) return s
  try {
    return encodeURIComponent(s)
  } catch {
    return s // a lone surrogate cannot be encoded; use it raw
  }
}

// ---------------------------------------------------------------------------------------------
// otpauth

const PARAM_KEYS = [
  'secret',
  'issuer',
  'algorithm',
  'digits',
  'period',
  'counter',
  'pin',
  'pin_length',
  'steam',
  'encoder',
  'image',
  'SECRET',
  'Issuer'
]

const paramValue = fc.oneof(
  base32Secret(1, 40),
  base32Secret(1, 40).map((s) => s.toLowerCase().replace(/(....)/g, '$1 ')),
  fc.uint8Array({ minLength: 0, maxLength: 32 }).map((b) => Buffer.from(b).toString('hex')),
  edgeNumber,
  fc.constantFrom('SHA1', 'sha256', 'SHA-512', 'MD5', 'steam', ''),
  text(16)
)

const otpauthLink = fc
  .record({
    scheme: fc.constantFrom(
      'otpauth',
      'otpauth',
      'otpauth',
      'OTPAUTH',
      'steam',
      'motp',
      'otpauth-migration',
      'http'
    ),
    type: fc.constantFrom('totp', 'hotp', 'steam', 'yandex', 'yaotp', 'motp', 'TOTP', '', 'x'),
    prefix: fc.option(text(12)),
    account: text(16),
    params: fc.array(
      fc.tuple(fc.oneof(fc.constantFrom(...PARAM_KEYS), text(6)), paramValue, fc.nat(1)),
      { maxLength: 8 }
    ),
    labelEncoding: fc.nat(1)
  })
  .map((p) => {
    const label =
      p.prefix === null
        ? encodePart(p.account, p.labelEncoding)
        : `${encodePart(p.prefix, p.labelEncoding)}:${encodePart(p.account, p.labelEncoding)}`
    const query = p.params.map(([k, v, how]) => `${encodePart(k, how)}=${encodePart(v, how)}`)
    if (p.scheme === 'steam') return `steam://${encodePart(p.params[0]?.[1] ?? '', 0)}`
    if (p.scheme === 'motp') return `motp://${label}?${query.join('&')}`
    return `${p.scheme}://${p.type}/${label}?${query.join('&')}`
  })

/** A vault account as the vault keeps it (admitted), for round trips. */
const vaultAccount: fc.Arbitrary<NewAccount> = fc
  .record({
    type: fc.constantFrom(...TYPES),
    secret16: fc.uint8Array({ minLength: 16, maxLength: 16 }),
    secret: fc.uint8Array({ minLength: 10, maxLength: 64 }),
    algorithm: fc.constantFrom(...ALGORITHMS),
    digits: fc.integer({ min: 6, max: 10 }),
    period: fc.oneof(fc.constantFrom(30, 60, 10), fc.integer({ min: 1, max: MAX_PERIOD })),
    counter: fc.oneof(fc.nat(1000), fc.maxSafeNat()),
    pin: fc.option(fc.stringMatching(/^[0-9]{4,8}$/)),
    issuer: text(20),
    label: text(20)
  })
  .map((r) => {
    const otp: OtpParams = {
      type: r.type,
      secret: bytesToBase32(r.type === 'yandex' ? r.secret16 : r.secret),
      algorithm: r.type === 'yandex' ? 'SHA256' : r.type === 'motp' ? 'SHA1' : r.algorithm,
      digits: { totp: r.digits, hotp: r.digits, steam: 5, motp: 6, yandex: 8 }[r.type],
      period: r.type === 'hotp' ? 30 : r.period,
      counter: r.type === 'hotp' ? r.counter : 0
    }
    if (r.pin !== null && (r.type === 'motp' || r.type === 'yandex')) otp.pin = r.pin
    return { issuer: r.issuer, label: r.label, otp }
  })
  .map((a) => {
    try {
      return admitAccount(a)
    } catch {
      return null
    }
  })
  .filter((a): a is NewAccount => a !== null)

const otpauthParse: FuzzTarget<string> = {
  name: 'otpauth-parse',
  about:
    'otpauth://, steam://, motp:// links built from hostile parts, and any text: an account whose settings pass the engine, or INVALID_URI',
  arbitrary: fc.oneof(
    { weight: 6, arbitrary: otpauthLink },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
    { weight: 1, arbitrary: text(80).map((s) => `otpauth://${s}`) }
  ),
  check(uri) {
    let account: NewAccount | undefined
    const outcome = typedOutcomeSync(() => {
      account = parseOtpauthUri(uri)
    }, ['INVALID_URI'])
    if (account) {
      validateOtpParams(account.otp)
      must(account.issuer !== '' || account.label !== '', 'an account with no name was accepted')
      // A parsed account can produce a code (the engine never throws on what the parser gave).
      if (account.otp.pin !== undefined || !['motp', 'yandex'].includes(account.otp.type)) {
        const code = generateCode(account.otp, 1_800_000_000_000)
        must(/^[0-9A-Z]+$/i.test(code), `code ${code} is not a code`)
      }
    }
    return outcome
  },
  quickRuns: 300
}

const otpauthRoundTrip: FuzzTarget<NewAccount> = {
  name: 'otpauth-roundtrip',
  about: 'format(account) parses back to the same account, for every type and hostile names',
  arbitrary: vaultAccount,
  check(a) {
    const uri = formatOtpauthUri(a)
    let back: NewAccount
    try {
      // As a backup line is read (an unnamed account is kept); single links must name one.
      back = parseOtpauthUri(uri, { allowUnnamed: true })
    } catch (err) {
      throw new PropertyBroken(`${uri} does not parse back: ${(err as Error).message}`)
    }
    const want = {
      // Yandex's issuer defaults to "Yandex" when a link names none, so an unnamed one gains it.
      issuer: a.otp.type === 'yandex' && a.issuer === '' ? 'Yandex' : a.issuer,
      label: a.label,
      otp: a.otp
    }
    const got = { issuer: back.issuer, label: back.label, otp: back.otp }
    must(
      JSON.stringify(got) === JSON.stringify(want),
      `round trip changed the account: ${JSON.stringify(want)} -> ${uri} -> ${JSON.stringify(got)}`
    )
    return 'ok'
  },
  quickRuns: 300
}

// ---------------------------------------------------------------------------------------------
// otpauth-migration

const migrationParams = fc.record({
  secret: fc.uint8Array({ maxLength: 80 }),
  name: text(30),
  issuer: text(20),
  algorithm: fc.integer({ min: -1, max: 6 }),
  digits: fc.integer({ min: -1, max: 4 }),
  type: fc.integer({ min: -1, max: 4 }),
  counter: fc.oneof(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), fc.constant(0n))
})

const migrationPayloadBytes = fc
  .record({
    otpParameters: fc.array(migrationParams, { maxLength: 6 }),
    version: fc.integer({ min: -2, max: 3 }),
    batchSize: fc.oneof(fc.integer({ min: -1, max: 3 }), fc.integer()),
    batchIndex: fc.oneof(fc.integer({ min: -1, max: 3 }), fc.integer()),
    batchId: fc.integer()
  })
  .map((p) =>
    toBinary(
      MigrationPayloadSchema,
      create(MigrationPayloadSchema, {
        ...p,
        otpParameters: p.otpParameters.map((o) => create(MigrationPayload_OtpParametersSchema, o))
      })
    )
  )

function checkDecoded(d: ReturnType<typeof decodeMigrationPayload>): void {
  for (const a of d.accounts) admitAccount(a)
  must(d.batch.index >= 0 && d.batch.index < d.batch.size, 'batch index outside its size')
}

const migrationPayload: FuzzTarget<Uint8Array> = {
  name: 'migration-payload',
  about:
    'protobuf MigrationPayloads with every field hostile, and random or bit-flipped bytes: admitted accounts or MIGRATION_INVALID',
  arbitrary: fc.oneof(
    { weight: 3, arbitrary: migrationPayloadBytes },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(migrationPayloadBytes, fc.array(fc.nat(), { minLength: 1, maxLength: 4 }))
        .map(([b, flips]) => {
          const out = Uint8Array.from(b)
          for (const f of flips) if (out.length > 0) out[f % out.length]! ^= 1 << (f % 8)
          return out
        })
    }
  ),
  check(bytes) {
    return typedOutcomeSync(
      () => checkDecoded(decodeMigrationPayload(bytes)),
      ['MIGRATION_INVALID']
    )
  },
  quickRuns: 300
}

const migrationLink: FuzzTarget<string> = {
  name: 'migration-uri',
  about: 'otpauth-migration:// links with hostile data parameters: accounts or MIGRATION_INVALID',
  arbitrary: fc.oneof(
    migrationPayloadBytes.map(
      (b) =>
        `otpauth-migration://offline?data=${encodeURIComponent(Buffer.from(b).toString('base64'))}`
    ),
    migrationPayloadBytes.map(
      (b) => `otpauth-migration://offline?data=${Buffer.from(b).toString('base64url')}`
    ),
    text(60).map((s) => `otpauth-migration://offline?${s}`),
    text(60).map((s) => `otpauth-migration://offline?data=${s}`)
  ),
  check(uri) {
    return typedOutcomeSync(() => checkDecoded(decodeMigrationUri(uri)), ['MIGRATION_INVALID'])
  }
}

const migrationRoundTrip: FuzzTarget<NewAccount[]> = {
  name: 'migration-roundtrip',
  about: 'encodeMigrationBatches -> decode gives back every account (issuer, label, settings)',
  arbitrary: fc
    .array(vaultAccount, { minLength: 1, maxLength: 12 })
    .map((list) => list.filter((a) => migrationIncompatibility(a) === null))
    .filter((list) => list.length > 0),
  quickRuns: 100,
  check(accounts) {
    const links = encodeMigrationBatches(accounts, { maxPerQr: 5, batchId: 7 })
    const back = links.flatMap((l) => decodeMigrationUri(l).accounts)
    const norm = (a: NewAccount) =>
      JSON.stringify({ issuer: a.issuer, label: a.label, otp: { ...a.otp, period: 30 } })
    must(
      back.length === accounts.length && back.every((b, i) => norm(b) === norm(accounts[i]!)),
      `round trip changed accounts: ${accounts.map(norm).join(' ')} -> ${back.map(norm).join(' ')}`
    )
    return 'ok'
  }
}

// ---------------------------------------------------------------------------------------------
// Importers

type Json = null | boolean | number | string | Json[] | { [k: string]: Json }

interface Template {
  name: string
  format: ImportFormat
  bytes: Uint8Array
  json?: Json
}

function corpusTemplates(): Template[] {
  const c = (file: string) => readCorpus('aegis', 'importers', file)
  const t = (format: ImportFormat, name: string, bytes: Uint8Array): Template => {
    let json: Json | undefined
    try {
      json = JSON.parse(dec.decode(bytes)) as Json
    } catch {
      json = undefined
    }
    return json === undefined ? { name, format, bytes } : { name, format, bytes, json }
  }
  return [
    t('aegis', 'aegis_plain.json', c('aegis_plain.json')),
    t('aegis', 'aegis_encrypted.json', c('aegis_encrypted.json')),
    t(
      'aegis',
      'aegis_plain_grouped_v2.json',
      readCorpus('aegis', 'vault', 'aegis_plain_grouped_v2.json')
    ),
    t('2fas', '2fas_authenticator_plain_v4.2fas', c('2fas_authenticator_plain_v4.2fas')),
    t('2fas', '2fas_authenticator_encrypted_v3.2fas', c('2fas_authenticator_encrypted_v3.2fas')),
    t('2fas', '2fas_authenticator.json', c('2fas_authenticator.json')),
    t('andotp', 'andotp_plain.json', c('andotp_plain.json')),
    t('andotp', 'andotp_encrypted.bin', c('andotp_encrypted.bin')),
    t('bitwarden', 'bitwarden.json', c('bitwarden.json')),
    t('bitwarden', 'bitwarden.csv', c('bitwarden.csv')),
    t('ente', 'ente_auth.txt', c('ente_auth.txt')),
    t('proton', 'proton_authenticator.json', c('proton_authenticator.json')),
    t(
      'proton',
      'proton_authenticator_backup.json',
      readCorpus('ente', 'proton_fixtures', 'proton_authenticator_backup.json')
    ),
    t(
      'proton',
      'proton encrypted',
      readCorpus('ente', 'proton_fixtures', 'proton_authenticator_backup_encrypted_1231246.json')
    ),
    t('freeotp-plus', 'freeotp_plus.json', c('freeotp_plus.json')),
    t('uris', 'plain.txt', c('plain.txt'))
  ]
}

/** Every node of a JSON value with a setter, so a mutation can replace any of them. */
function nodesOf(root: { v: Json }): { get: () => Json; set: (v: Json) => void }[] {
  const out: { get: () => Json; set: (v: Json) => void }[] = []
  const walk = (holder: Record<string | number, Json>, key: string | number, depth: number) => {
    out.push({ get: () => holder[key]!, set: (v) => (holder[key] = v) })
    const v = holder[key]
    if (depth > 10 || v === null || typeof v !== 'object') return
    for (const k of Object.keys(v)) {
      walk(v as Record<string | number, Json>, Array.isArray(v) ? Number(k) : k, depth + 1)
    }
  }
  walk(root as unknown as Record<string, Json>, 'v', 0)
  return out
}

const jsonReplacement: fc.Arbitrary<Json> = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json> },
  {
    weight: 2,
    arbitrary: fc.constantFrom<Json>(
      null,
      '',
      0,
      -1,
      1e308,
      2 ** 53 + 2,
      4294967296,
      0.5,
      true,
      [],
      {},
      'x'.repeat(5000),
      'A'.repeat(3000),
      'MD5',
      'SHA512',
      'HOTP',
      'steam',
      'yandex',
      'motp'
    )
  },
  { weight: 2, arbitrary: base32Secret(0, 2000) },
  { weight: 1, arbitrary: text(30) }
)

/** A template's JSON with 1-4 nodes replaced: same type (deep paths) or any value. */
const mutatedJson = (json: Json): fc.Arbitrary<Uint8Array> =>
  fc
    .array(
      fc.record({
        at: fc.nat(),
        same: fc.boolean(),
        value: jsonReplacement,
        str: fc.oneof(text(20), base32Secret(0, 80)),
        num: fc.oneof(fc.integer(), fc.double(), fc.constantFrom(0, -1, 2 ** 31, 2 ** 60))
      }),
      { minLength: 1, maxLength: 4 }
    )
    .map((muts) => {
      const root = { v: structuredClone(json) }
      for (const m of muts) {
        const nodes = nodesOf(root)
        const node = nodes[m.at % nodes.length]!
        const old = node.get()
        if (m.same && typeof old === 'string') node.set(m.str)
        else if (m.same && typeof old === 'number') node.set(m.num)
        else if (m.same && typeof old === 'boolean') node.set(!old)
        else node.set(m.value)
      }
      return enc.encode(JSON.stringify(root.v))
    })

/** Raw byte damage: truncation, bit flips, junk spliced in. */
const damagedBytes = (bytes: Uint8Array): fc.Arbitrary<Uint8Array> =>
  fc.oneof(
    fc.nat({ max: bytes.length }).map((n) => bytes.subarray(0, n)),
    fc.array(fc.nat(), { minLength: 1, maxLength: 8 }).map((flips) => {
      const out = Uint8Array.from(bytes)
      for (const f of flips) if (out.length > 0) out[f % out.length]! ^= 1 << (f % 8)
      return out
    }),
    fc
      .tuple(fc.nat({ max: bytes.length }), fc.uint8Array({ minLength: 1, maxLength: 64 }))
      .map(([at, junk]) =>
        Uint8Array.from([...bytes.subarray(0, at), ...junk, ...bytes.subarray(at)])
      )
  )

function importerTarget(
  format: ImportFormat,
  templates: Template[]
): FuzzTarget<{
  bytes: Uint8Array
  forced: boolean
}> {
  const mine = templates.filter((t) => t.format === format)
  const sources: fc.Arbitrary<Uint8Array>[] = []
  for (const t of mine) {
    if (t.json !== undefined) sources.push(mutatedJson(t.json), mutatedJson(t.json))
    sources.push(damagedBytes(t.bytes))
  }
  if (format === 'uris') {
    sources.push(
      fc.array(otpauthLink, { maxLength: 8 }).map((l) => enc.encode(l.join('\n'))),
      fc.array(otpauthLink, { maxLength: 8 }).map((l) => enc.encode(l.join('\r\n') + '\n\n'))
    )
  }
  if (format === 'bitwarden') {
    sources.push(
      fc
        .array(fc.array(fc.oneof(text(12), otpauthLink), { maxLength: 10 }), { maxLength: 6 })
        .map((rows) =>
          enc.encode(
            'folder,favorite,type,name,notes,fields,reprompt,login_uri,login_username,login_password,login_totp\n' +
              rows.map((r) => r.map((c) => (c.includes(',') ? `"${c}"` : c)).join(',')).join('\n')
          )
        )
    )
  }
  sources.push(
    fc.uint8Array({ maxLength: 256 }),
    fc.json({ maxDepth: 4 }).map((s) => enc.encode(s))
  )
  return {
    name: `import-${format}`,
    about: `${format} backups (${mine.map((t) => t.name).join(', ')}) mutated node by node and byte by byte, plus random bytes and JSON: admitted accounts or a typed import error`,
    arbitrary: fc.record({ bytes: fc.oneof(...sources), forced: fc.boolean() }),
    quickRuns: 60,
    async check({ bytes, forced }) {
      // No password: an encrypted file's header is read and refused (PASSWORD_REQUIRED) without
      // spending a key derivation per case; decryption with mutated files is fuzzed in
      // test/integration/import/fuzz.test.ts with cheap KDF parameters.
      let result: Awaited<ReturnType<typeof importFile>> | undefined
      const outcome = await typedOutcome(async () => {
        result = await importFile(bytes, { format: forced ? format : 'auto' })
      })
      if (result) {
        must(Array.isArray(result.failed), 'failed is not a list')
        for (const f of result.failed) {
          must(typeof f.reason === 'string' && f.reason !== '', 'a failure without a reason')
        }
        for (const a of result.accounts) {
          try {
            admitAccount(a)
          } catch (err) {
            throw new PropertyBroken(
              `an importer offered an account the admission check refuses: ${(err as Error).message}`
            )
          }
        }
      }
      return outcome
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Images

/** Deterministic pseudo-random pixels, so the image pool is the same on every run. */
function pixels(w: number, h: number, seed: number): Buffer {
  const data = Buffer.alloc(w * h * 4)
  let x = seed
  for (let i = 0; i < data.length; i++) {
    x = (x * 1103515245 + 12345) >>> 0
    data[i] = i % 4 === 3 ? 255 : x >>> 24
  }
  return data
}

function encodeImage(kind: string, w: number, h: number, data: Buffer): Uint8Array {
  if (kind === 'jpeg') return new Uint8Array(jpeg.encode({ width: w, height: h, data }, 80).data)
  if (kind === 'gif') {
    const out = Buffer.alloc(1024 + w * h * 2)
    const palette = Array.from({ length: 4 }, (_, i) => i * 0x404040)
    const writer = new omggif.GifWriter(out, w, h, { palette })
    writer.addFrame(
      0,
      0,
      w,
      h,
      Array.from({ length: w * h }, (_, i) => data[i * 4]! % 4)
    )
    return new Uint8Array(out.subarray(0, writer.end()))
  }
  const png = new PNG({ width: w, height: h })
  data.copy(png.data)
  const packed = Uint8Array.from(PNG.sync.write(png))
  // pngjs writes no interlaced files; flag one (its data no longer matches: a damaged file).
  if (kind === 'png-interlaced') packed[28] = 1
  return packed
}

/**
 * Real small PNG, JPEG and GIF files (1 x 1 to 12 x 12), encoded once: encoding one per case
 * cost more than decoding it.
 */
const IMAGE_POOL: Uint8Array[] = (() => {
  const out: Uint8Array[] = []
  for (const kind of ['png', 'png-interlaced', 'jpeg', 'gif']) {
    for (let i = 0; i < 12; i++) {
      const w = 1 + ((i * 7) % 12)
      const h = 1 + ((i * 5) % 12)
      out.push(encodeImage(kind, w, h, pixels(w, h, i + 1)))
    }
  }
  return out
})()

const realImage: fc.Arbitrary<Uint8Array> = fc.constantFrom(...IMAGE_POOL)

const MAGIC: Uint8Array[] = [
  Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82]),
  Uint8Array.from([0xff, 0xd8, 0xff]),
  enc.encode('GIF89a'),
  enc.encode('RIFF\x00\x00\x00\x00WEBPVP8L'),
  enc.encode('RIFF\x00\x00\x00\x00WEBPVP8X'),
  enc.encode('RIFF\x00\x00\x00\x00WEBPVP8 ')
]

const imageBytes: fc.Arbitrary<Uint8Array> = fc.oneof(
  { weight: 3, arbitrary: realImage.chain((b) => damagedBytes(b)) },
  { weight: 1, arbitrary: realImage },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.constantFrom(...MAGIC), fc.uint8Array({ maxLength: 200 }))
      .map(([m, rest]) => Uint8Array.from([...m, ...rest]))
  },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }) }
)

/** Decoding limits for the fuzz: a mutated header claiming 16k x 2k pixels is refused early. */
const FUZZ_IMAGE_LIMITS = { maxPixels: 1_000_000, maxSide: 4096 }

const imageHeaders: FuzzTarget<Uint8Array> = {
  name: 'image-headers',
  about:
    'PNG / JPEG / GIF / WebP headers and the PNG chunk and JPEG marker guards on damaged real files and random bytes behind each magic',
  arbitrary: imageBytes,
  quickRuns: 300,
  check(bytes) {
    const header = typedOutcomeSync(() => {
      const h = readImageHeader(bytes)
      must(
        Number.isInteger(h.width) && Number.isInteger(h.height) && h.width >= 0 && h.height >= 0,
        `header size ${h.width} x ${h.height}`
      )
    }, ['IMAGE_INVALID'])
    const png = typedOutcomeSync(() => readPngLayout(bytes), ['IMAGE_INVALID'])
    const jpg = typedOutcomeSync(() => checkJpegStructure(bytes), ['IMAGE_INVALID'])
    return `${header}/${png}/${jpg}`
  }
}

const imageDecode: FuzzTarget<Uint8Array> = {
  name: 'image-decode',
  about:
    'decodeImage on the same inputs: pixels whose buffer matches the size, or IMAGE_INVALID / IMAGE_TOO_LARGE',
  arbitrary: imageBytes,
  quickRuns: 100,
  async check(bytes) {
    let img: { width: number; height: number; data: Uint8Array | Uint8ClampedArray } | undefined
    const outcome = await typedOutcome(async () => {
      img = await decodeImage(bytes, FUZZ_IMAGE_LIMITS)
    }, ['IMAGE_INVALID', 'IMAGE_TOO_LARGE'])
    if (img) {
      must(
        img.width >= 1 && img.height >= 1 && img.data.length === img.width * img.height * 4,
        `decoded ${img.width} x ${img.height} with ${img.data.length} bytes`
      )
    }
    return outcome
  }
}

// ---------------------------------------------------------------------------------------------
// Enrollment server replies

interface Reply {
  status: number
  body: string
  headers: Record<string, string>
}

const T0 = 1_800_000_000_000

const credentialsBody = fc
  .record({
    account: vaultAccount,
    otherSecret: base32Secret(1, 40),
    same: fc.boolean(),
    uriNoise: fc.option(text(20)),
    challengeId: fc.oneof(fc.uuid(), text(20), fc.constant('c'.repeat(600))),
    vantage: fc.boolean()
  })
  .map((r) => {
    const uri = formatOtpauthUri(r.account) + (r.uriNoise ?? '')
    const secret = r.same ? r.account.otp.secret : r.otherSecret
    return JSON.stringify(
      r.vantage
        ? { secret, otpauthUrl: uri }
        : { otpAuthUri: uri, secret, challengeId: r.challengeId, qrCodeB64Data: 'AAAA' }
    )
  })

const replyBody = fc.oneof(
  { weight: 2, arbitrary: credentialsBody },
  {
    weight: 2,
    arbitrary: fc
      .record({
        connected: fc.oneof(fc.boolean(), fc.jsonValue({ maxDepth: 0 })),
        enabled: fc.oneof(fc.boolean(), fc.jsonValue({ maxDepth: 0 })),
        method: fc.constantFrom('totp', 'email', 'sms', null, 3, '')
      })
      .map((o) => JSON.stringify(o))
  },
  {
    weight: 2,
    arbitrary: fc
      .record({
        why: text(40),
        message: text(10),
        errorCode: fc.constantFrom(
          'invalidCode',
          'TOKEN_EXPIRED',
          'accountLocked',
          'RATE_LIMITED',
          'alreadyEnrolled',
          'CLOCK_SKEW',
          'x'
        ),
        attemptsLeft: fc.oneof(fc.integer(), fc.double())
      })
      .map((o) => JSON.stringify(o))
  },
  { weight: 1, arbitrary: fc.json({ maxDepth: 3 }) },
  { weight: 1, arbitrary: text(60) },
  { weight: 1, arbitrary: fc.constantFrom('', '{}', 'null', '[]', '{"a":', '\u0000') }
)

const reply: fc.Arbitrary<Reply> = fc.record({
  status: fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(200, 200, 201, 204) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(301, 302, 400, 401, 403, 404, 409, 410, 422, 429, 500, 502, 503)
    },
    { weight: 1, arbitrary: fc.integer({ min: 200, max: 599 }) }
  ),
  body: replyBody,
  headers: fc.record(
    {
      date: fc.oneof(
        fc
          .integer({ min: -10_000_000, max: 10_000_000 })
          .map((d) => new Date(T0 + d * 1000).toUTCString()),
        text(20)
      ),
      'retry-after': fc.oneof(edgeNumber, text(12), fc.constant(new Date(T0 + 9e6).toUTCString())),
      'content-length': fc.oneof(edgeNumber, fc.constant(String(2 * 1024 * 1024)))
    },
    { requiredKeys: [] }
  )
})

/**
 * A minimal Response (status, headers, a body read in one chunk): undici's real one spends more
 * time in stream plumbing than the client spends parsing, and what is fuzzed is the parsing.
 */
function fakeResponse(r: Reply): Response {
  const headers = new Headers(r.headers)
  const bytes = enc.encode(r.body)
  const body = {
    getReader() {
      let sent = false
      return {
        read: async () =>
          sent ? { done: true, value: undefined } : ((sent = true), { done: false, value: bytes }),
        cancel: async () => undefined
      }
    },
    cancel: async () => undefined
  }
  return { status: r.status, headers, body: r.body === '' ? null : body } as unknown as Response
}

/** A 200 status reply saying 2FA is off, in either dialect (both fields present). */
const goodStatus: fc.Arbitrary<Reply> = fc.constant({
  status: 200,
  body: JSON.stringify({ connected: false, enabled: false, method: null }),
  headers: {}
})

/** Credentials whose secret matches their link, in either dialect. */
const goodCredentials: fc.Arbitrary<Reply> = fc
  .record({
    account: vaultAccount,
    challengeId: fc.uuid(),
    type: fc.constantFrom<OtpType>('totp', 'totp', 'totp', 'hotp')
  })
  .map(({ account, challengeId, type }) => {
    const digits = account.otp.type === 'steam' ? 6 : account.otp.digits
    const a = { ...account, otp: { ...account.otp, type, digits, counter: 0 } }
    const uri = formatOtpauthUri(a)
    return {
      status: 200,
      body: JSON.stringify({
        otpAuthUri: uri,
        otpauthUrl: uri,
        secret: a.otp.secret,
        challengeId
      }),
      headers: {}
    }
  })

const enrollment: FuzzTarget<{ type: 'ucloud' | 'vantage'; replies: Reply[]; label: string }> = {
  name: 'enroll-replies',
  about:
    'UCloud and Vantage replies (status, credentials, answers, error bodies, Date / Retry-After / Content-Length) through EnrollService.status and .enroll: a result or a typed error, and no stored account the admission check refuses',
  arbitrary: fc.record({
    type: fc.constantFrom('ucloud', 'vantage'),
    replies: fc
      .tuple(
        fc.option(goodStatus, { freq: 2 }),
        fc.option(goodCredentials, { freq: 2 }),
        fc.array(reply, { minLength: 1, maxLength: 5 })
      )
      .map(([s, c, rest]) => [...(s ? [s] : []), ...(c ? [c] : []), ...rest]),
    label: fc.oneof(fc.constant(''), text(20))
  }),
  quickRuns: 100,
  async check({ type, replies, label }) {
    let t = T0 + 10_000
    const now = () => t
    const servers = new MemoryServerStore(now)
    const accounts = new MemoryAccountStore(now)
    const profile = await servers.add({
      name: 'fuzz',
      type,
      baseUrl: 'https://2fa.example.test',
      token: 'tok-fuzz-123456'
    })
    let i = 0
    const service = new EnrollService({
      servers,
      accounts,
      generateCode,
      parseUri: parseOtpauthUri,
      now,
      sleep: async (ms) => {
        t += Math.min(ms, 3_600_000)
      },
      timeoutMs: 1_000,
      fetch: async () => {
        const r = replies[i++]
        // Replies used up: the connection fails, as a server going away would.
        if (!r) throw new TypeError('fetch failed')
        return fakeResponse(r)
      }
    })
    const a = await typedOutcome(() => service.status(profile.id))
    i = 0
    const b = await typedOutcome(() => service.enroll(profile.id, label ? { label } : {}))
    for (const acc of accounts.list()) {
      try {
        admitAccount(acc)
      } catch (err) {
        throw new PropertyBroken(
          `enrollment stored an account the admission check refuses: ${(err as Error).message}`
        )
      }
    }
    return `${a}/${b}`
  }
}

// ---------------------------------------------------------------------------------------------
// Policy sources

const PATHS = { platform: 'linux' as const, home: '/home/ada', env: {} }

const policyKey = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...POLICY_NAMES) },
  { weight: 1, arbitrary: fc.constantFrom(...POLICY_NAMES).map((n) => n.toLowerCase()) },
  { weight: 1, arbitrary: fc.constantFrom('$schema', '$comment', '__proto__', 'constructor') },
  { weight: 1, arbitrary: text(12) }
)

const policyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(
    'disabled',
    'encryptedOnly',
    'allowed',
    '~/x',
    '%APPDATA%\\x',
    '/tmp/\u0000x',
    -1,
    0,
    1e308,
    true
  ),
  fc.array(
    fc.record(
      {
        Name: text(12),
        Type: fc.constantFrom('ucloud', 'vantage', 'x'),
        BaseUrl: fc.oneof(
          fc.webUrl(),
          fc.constantFrom('http://10.0.0.1', 'https://', 'javascript:alert(1)'),
          text(20)
        ),
        Locked: fc.jsonValue({ maxDepth: 0 })
      },
      { requiredKeys: [] }
    ),
    { maxLength: 4 }
  )
)

const policyFileBytes = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .dictionary(policyKey, policyValue, { maxKeys: 8 })
      .map((o) => enc.encode(JSON.stringify(o)))
  },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }) },
  { weight: 1, arbitrary: fc.json({ maxDepth: 5 }).map((s) => enc.encode(s)) },
  {
    weight: 1,
    arbitrary: fc.nat({ max: 40 }).map((n) => enc.encode(`{"a":${'['.repeat(n)}${']'.repeat(n)}}`))
  },
  { weight: 1, arbitrary: text(40).map((s) => enc.encode(`\ufeff{"ExportMode": "${s}"}`)) }
)

const policyFile: FuzzTarget<Uint8Array> = {
  name: 'policy-file',
  about:
    'policy.json contents (known and unknown keys, hostile values, nesting, bad UTF-8) through parsePolicyFileText and mergePolicyReadings: a snapshot, never a throw',
  arbitrary: policyFileBytes,
  quickRuns: 300,
  check(bytes) {
    const parsed = parsePolicyFileText('/etc/tessera/policy.json', bytes)
    if (!parsed.ok) {
      must(typeof parsed.reason === 'string' && parsed.reason !== '', 'a refusal without a reason')
      return 'refused'
    }
    const reading: PolicyReading = {
      source: 'file',
      location: '/etc/tessera/policy.json',
      status: 'read',
      values: parsed.values,
      warnings: []
    }
    const snap = mergePolicyReadings([reading], { paths: PATHS, now: 1 })
    must(typeof snap === 'object' && snap !== null, 'no snapshot')
    return 'read'
  }
}

const regLine = fc.oneof(
  fc
    .tuple(
      fc.oneof(policyKey, fc.constantFrom('(Default)', '1', '2', '10')),
      fc.constantFrom(
        'REG_SZ',
        'REG_DWORD',
        'REG_QWORD',
        'REG_MULTI_SZ',
        'REG_EXPAND_SZ',
        'REG_BINARY',
        'REG_X'
      ),
      fc.oneof(
        fc.constantFrom('0x0', '0x1', '0xffffffffffffffff', '0x', 'disabled', 'a\\0b\\0', ''),
        text(20)
      )
    )
    .map(([n, t, d]) => `    ${n}    ${t}    ${d}`),
  fc
    .constantFrom(
      '',
      'EnrollmentServers',
      'EnrollmentServers\\1',
      'x\\y\\z',
      'ENROLLMENTSERVERS\\2'
    )
    .map((sub) => `${REGISTRY_LOCATIONS.HKLM}${sub ? `\\${sub}` : ''}`),
  text(30)
)

const registry: FuzzTarget<string[]> = {
  name: 'policy-registry',
  about:
    '`reg query /s` output (keys, subkeys, every REG_ type, hostile data): a reading, never a throw',
  arbitrary: fc
    .array(regLine, { maxLength: 20 })
    .map((lines) => [REGISTRY_LOCATIONS.HKLM, ...lines]),
  quickRuns: 200,
  check(lines) {
    const blocks = parseRegQueryOutput(lines.join(lines.length % 2 ? '\r\n' : '\n'))
    const reading = registryReading('HKLM', REGISTRY_LOCATIONS.HKLM, blocks)
    mergePolicyReadings([reading], { paths: { ...PATHS, platform: 'win32' }, now: 1 })
    return reading.status
  }
}

const profile: FuzzTarget<string> = {
  name: 'policy-profile',
  about:
    'the macOS configuration-profile reader on hostile osascript output: a reading, never a throw',
  arbitrary: fc.oneof(
    fc
      .dictionary(policyKey, policyValue, { maxKeys: 6 })
      .map((forced) => JSON.stringify({ forced })),
    fc.json({ maxDepth: 3 }),
    text(40)
  ),
  quickRuns: 200,
  check(stdout) {
    const reading = parseForcedPreferences('org.tessera.Tessera', stdout)
    mergePolicyReadings([reading], { paths: { ...PATHS, platform: 'darwin' }, now: 1 })
    return reading.status
  }
}

// ---------------------------------------------------------------------------------------------
// QR text

const qrText: FuzzTarget<string> = {
  name: 'qr-text',
  about:
    'the text of a scanned QR code (links, migration links, anything): a classification, never a throw',
  arbitrary: fc.oneof(
    otpauthLink,
    migrationPayloadBytes.map(
      (b) =>
        `otpauth-migration://offline?data=${encodeURIComponent(Buffer.from(b).toString('base64'))}`
    ),
    fc.array(otpauthLink, { maxLength: 4 }).map((l) => l.join(' ')),
    fc.string({ unit: 'binary', maxLength: 300 }),
    fc.webUrl()
  ),
  quickRuns: 200,
  check(s) {
    const c = classifyQrText(s)
    for (const a of c.accounts) validateOtpParams(a.otp)
    return c.kind
  }
}

// ---------------------------------------------------------------------------------------------

/** Every target, in report order. */
export function allTargets(): FuzzTarget<never>[] {
  const templates = corpusTemplates()
  const importers: ImportFormat[] = [
    'aegis',
    '2fas',
    'andotp',
    'bitwarden',
    'ente',
    'proton',
    'freeotp-plus',
    'uris'
  ]
  return [
    otpauthParse,
    otpauthRoundTrip,
    migrationPayload,
    migrationLink,
    migrationRoundTrip,
    ...importers.map((f) => importerTarget(f, templates)),
    imageHeaders,
    imageDecode,
    enrollment,
    policyFile,
    registry,
    profile,
    qrText
  ] as FuzzTarget<never>[]
}
