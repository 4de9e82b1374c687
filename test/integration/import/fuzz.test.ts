import { afterAll, describe, expect, it } from 'vitest'
import { isAppError } from '../../../src/shared/errors'
import { importFile, type ImportFormat } from '../../../src/main/core/import'
import { validateOtpParams } from '../../../src/main/core/otp'
import { readCorpus } from '../../helpers/corpora'
import {
  aegisWithSlotBytes,
  bitwardenEncrypted,
  enc,
  enteEncrypted
} from '../../unit/import/fixtures'

/*
 * Hostile input for every importer: corpus files (and encrypted samples built to each app's
 * format where the corpora have none) mutated by truncation, bit flips, huge numbers, deep JSON,
 * wrong types and junk splices, from a fixed seed. Every case must end in an accepted result of
 * valid accounts or a typed AppError that is not an unexpected parser failure, within 2 s of CPU
 * time (wall time is only checked against a much larger bound: the machine is shared).
 */

// Fixed by default; TESSERA_FUZZ_SEED / TESSERA_FUZZ_CASES explore further by hand.
const SEED = Number(process.env.TESSERA_FUZZ_SEED ?? 0x7e55e7a)
const CASES_PER_IMPORTER = Number(process.env.TESSERA_FUZZ_CASES ?? 300)
const CPU_BUDGET_MS = 2000
const WALL_HANG_MS = 15_000

function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

interface Seed {
  name: string
  bytes: Uint8Array
  password?: string
}

const HUGE = [
  '1e308',
  '1e999',
  '-1',
  '9007199254740993',
  '99999999999999999999999',
  '4294967296',
  '0',
  '-0.5',
  '2147483648'
]
const WRONG = [
  null,
  true,
  0,
  -1,
  1e300,
  '',
  'x',
  [],
  {},
  [[[]]],
  { a: { b: 1 } },
  '🙂'.repeat(3000)
]

type Rand = () => number
const pick = <T>(r: Rand, list: readonly T[]): T => list[Math.floor(r() * list.length)] as T

function truncate(r: Rand, b: Uint8Array): Uint8Array {
  return b.subarray(0, Math.floor(r() * b.length))
}

function flipBits(r: Rand, b: Uint8Array): Uint8Array {
  const out = Uint8Array.from(b)
  const n = 1 + Math.floor(r() * 8)
  for (let i = 0; i < n && out.length > 0; i++)
    out[Math.floor(r() * out.length)]! ^= 1 << Math.floor(r() * 8)
  return out
}

function hugeNumber(r: Rand, b: Uint8Array): Uint8Array {
  const text = new TextDecoder().decode(b)
  const nums = [...text.matchAll(/-?\d+(\.\d+)?/g)]
  if (nums.length === 0) return flipBits(r, b)
  const m = pick(r, nums)
  return enc.encode(
    text.slice(0, m.index) + pick(r, HUGE) + text.slice((m.index ?? 0) + m[0].length)
  )
}

function deepJson(r: Rand, b: Uint8Array): Uint8Array {
  const depth = 1000 + Math.floor(r() * 100_000)
  const open = r() < 0.5 ? '['.repeat(depth) : '{"a":'.repeat(depth)
  const close = open.startsWith('[') ? ']'.repeat(depth) : '}'.repeat(depth)
  const text = new TextDecoder().decode(b)
  const at = text.indexOf(':')
  if (at < 0 || r() < 0.3) return enc.encode(open + close)
  // Replace one value with a deep structure.
  const end = text.slice(at + 1).search(/[,}\]]/)
  return enc.encode(text.slice(0, at + 1) + open + close + text.slice(at + 1 + Math.max(0, end)))
}

function wrongType(r: Rand, b: Uint8Array): Uint8Array {
  let json: unknown
  try {
    json = JSON.parse(new TextDecoder().decode(b))
  } catch {
    return flipBits(r, b)
  }
  // Walk to a random node and replace it (or one of its fields) with a value of another type.
  const nodes: { parent: Record<string, unknown> | unknown[]; key: string | number }[] = []
  const walk = (v: unknown, depth: number) => {
    if (depth > 12 || v === null || typeof v !== 'object') return
    for (const [k, child] of Object.entries(v)) {
      nodes.push({ parent: v as Record<string, unknown>, key: Array.isArray(v) ? Number(k) : k })
      walk(child, depth + 1)
    }
  }
  walk(json, 0)
  if (nodes.length === 0) return enc.encode(JSON.stringify(pick(r, WRONG)))
  const times = 1 + Math.floor(r() * 3)
  for (let i = 0; i < times; i++) {
    const n = pick(r, nodes)
    ;(n.parent as Record<string | number, unknown>)[n.key] = pick(r, WRONG)
  }
  return enc.encode(JSON.stringify(json))
}

function splice(r: Rand, b: Uint8Array): Uint8Array {
  const junk = Uint8Array.from({ length: 1 + Math.floor(r() * 64) }, () => Math.floor(r() * 256))
  const at = Math.floor(r() * b.length)
  return Uint8Array.from([...b.subarray(0, at), ...junk, ...b.subarray(at)])
}

const MUTATORS = { truncate, flipBits, hugeNumber, deepJson, wrongType, splice } as const

interface Stats {
  cases: number
  accepted: number
  codes: Record<string, number>
  maxCpuMs: number
  maxWallMs: number
  slowest: string
}
const table: Record<string, Stats> = {}

async function seedsFor(format: ImportFormat): Promise<Seed[]> {
  const c = (file: string) => readCorpus('aegis', 'importers', file)
  const aegisContent = JSON.parse(c('aegis_plain.json').toString('utf8')) as { db: unknown }
  switch (format) {
    case 'aegis':
      return [
        { name: 'aegis_plain.json', bytes: c('aegis_plain.json') },
        {
          name: 'aegis cheap-scrypt encrypted',
          bytes: aegisWithSlotBytes(aegisContent.db, enc.encode('test'), true),
          password: 'test'
        },
        {
          name: 'aegis_plain_grouped_v2.json',
          bytes: readCorpus('aegis', 'vault', 'aegis_plain_grouped_v2.json')
        }
      ]
    case '2fas':
      return [
        { name: '2fas_authenticator_plain_v4.2fas', bytes: c('2fas_authenticator_plain_v4.2fas') },
        {
          name: '2fas_authenticator_encrypted_v3.2fas',
          bytes: c('2fas_authenticator_encrypted_v3.2fas'),
          password: 'test'
        },
        { name: '2fas_authenticator.json', bytes: c('2fas_authenticator.json') }
      ]
    case 'andotp':
      return [
        { name: 'andotp_plain.json', bytes: c('andotp_plain.json') },
        { name: 'andotp_encrypted.bin', bytes: c('andotp_encrypted.bin'), password: 'test' },
        { name: 'andotp_encrypted_old.bin', bytes: c('andotp_encrypted_old.bin'), password: 'test' }
      ]
    case 'bitwarden':
      return [
        { name: 'bitwarden.json', bytes: c('bitwarden.json') },
        { name: 'bitwarden.csv', bytes: c('bitwarden.csv') },
        {
          name: 'bitwarden encrypted',
          bytes: bitwardenEncrypted(JSON.parse(c('bitwarden.json').toString('utf8')), 'test'),
          password: 'test'
        }
      ]
    case 'ente':
      return [
        { name: 'ente_auth.txt', bytes: c('ente_auth.txt') },
        {
          name: 'ente encrypted',
          bytes: await enteEncrypted(c('ente_auth.txt').toString('utf8'), 'test'),
          password: 'test'
        }
      ]
    case 'proton':
      return [
        { name: 'proton_authenticator.json', bytes: c('proton_authenticator.json') },
        {
          name: 'proton_authenticator_backup.json',
          bytes: readCorpus('ente', 'proton_fixtures', 'proton_authenticator_backup.json')
        },
        {
          name: 'proton encrypted',
          bytes: readCorpus(
            'ente',
            'proton_fixtures',
            'proton_authenticator_backup_encrypted_1231246.json'
          ),
          password: '1231246'
        }
      ]
    case 'freeotp-plus':
      return [{ name: 'freeotp_plus.json', bytes: c('freeotp_plus.json') }]
    case 'uris':
      return [
        { name: 'plain.txt', bytes: c('plain.txt') },
        {
          name: 'example_export.txt',
          bytes: readCorpus(
            'google-auth-migration',
            'scito_extract_otp_secrets',
            'example_export.txt'
          )
        }
      ]
  }
}

const FORMATS: ImportFormat[] = [
  'aegis',
  '2fas',
  'andotp',
  'bitwarden',
  'ente',
  'proton',
  'freeotp-plus',
  'uris'
]

describe('fuzzing every importer with mutated corpus files', () => {
  FORMATS.forEach((format, fi) => {
    it(`${format}: ${CASES_PER_IMPORTER} mutated files give only typed errors, no crash, no hang`, async () => {
      const r = rng(SEED + fi)
      const seeds = await seedsFor(format)
      const stats: Stats = {
        cases: 0,
        accepted: 0,
        codes: {},
        maxCpuMs: 0,
        maxWallMs: 0,
        slowest: ''
      }
      table[format] = stats
      const mutatorNames = Object.keys(MUTATORS) as (keyof typeof MUTATORS)[]
      for (let i = 0; i < CASES_PER_IMPORTER; i++) {
        const seed = seeds[i % seeds.length]!
        const mutator = pick(r, mutatorNames)
        const bytes = MUTATORS[mutator](r, seed.bytes)
        // Half the cases force the format (the importer itself), half go through detection.
        const options = {
          format: r() < 0.5 ? format : ('auto' as const),
          ...(seed.password ? { password: seed.password } : {})
        }
        const label = `${seed.name} #${i} ${mutator} (${options.format})`
        const cpu0 = process.cpuUsage()
        const wall0 = performance.now()
        let outcome: unknown
        try {
          const result = await importFile(bytes, options)
          for (const a of result.accounts) validateOtpParams(a.otp)
          expect(Array.isArray(result.failed)).toBe(true)
          stats.accepted++
          outcome = 'ok'
        } catch (err) {
          outcome = err
        }
        const cpu = process.cpuUsage(cpu0)
        const cpuMs = (cpu.user + cpu.system) / 1000
        const wallMs = performance.now() - wall0
        stats.cases++
        if (cpuMs > stats.maxCpuMs) {
          stats.maxCpuMs = cpuMs
          stats.slowest = label
        }
        stats.maxWallMs = Math.max(stats.maxWallMs, wallMs)
        if (outcome !== 'ok') {
          if (!isAppError(outcome))
            throw new Error(`${label}: threw a non-AppError: ${String(outcome)}`, {
              cause: outcome
            })
          if (outcome.details?.unexpected) {
            const cause = (outcome as Error).cause
            const where =
              cause instanceof Error
                ? (cause.stack ?? '').split('\n').slice(0, 8).join('\n')
                : String(cause)
            throw new Error(`${label}: a parser failed unexpectedly: ${where}`, { cause: outcome })
          }
          expect(outcome.code).not.toBe('INTERNAL')
          stats.codes[outcome.code] = (stats.codes[outcome.code] ?? 0) + 1
        }
        expect(cpuMs, `${label} CPU time`).toBeLessThan(CPU_BUDGET_MS)
        expect(wallMs, `${label} wall time`).toBeLessThan(WALL_HANG_MS)
      }
      expect(stats.cases).toBe(CASES_PER_IMPORTER)
      // The mutations must exercise both outcomes, or the fuzzer is not reaching the parser.
      expect(stats.accepted).toBeGreaterThan(0)
      expect(Object.keys(stats.codes).length).toBeGreaterThan(0)
    }, 300_000)
  })

  afterAll(() => {
    const rows = Object.entries(table).map(([format, s]) => ({
      importer: format,
      cases: s.cases,
      accepted: s.accepted,
      errors: Object.entries(s.codes)
        .map(([c, n]) => `${c}:${n}`)
        .join(' '),
      'max CPU ms': Math.round(s.maxCpuMs),
      'max wall ms': Math.round(s.maxWallMs),
      slowest: s.slowest
    }))
    console.log(
      `import fuzz (seed 0x${SEED.toString(16)}, CPU budget ${CPU_BUDGET_MS} ms per case)`
    )
    console.table(rows)
  })
})
