/*
 * Import and export cost with each app's real key-derivation settings: the user waits on these
 * after typing a backup password. Also how fast a hostile cost is refused. Budgets are per call
 * on a shared 2-core machine. Run: npx tsx bench/import.bench.ts
 */
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { exportAegisVault } from '../src/main/core/export'
import { importFile } from '../src/main/core/import'
import { bitwardenEncrypted, enteEncrypted } from '../test/unit/import/fixtures'

const root = resolve(fileURLToPath(new URL('..', import.meta.url)))
const shared = process.env.TESSERA_SHARED ?? resolve(root, '..', 'shared')
const corpus = (...p: string[]) => readFileSync(join(shared, 'corpora', ...p))
const enc = new TextEncoder()

interface Row {
  case: string
  'median ms': number
  'max ms': number
  'budget ms': number
  result: 'OK' | 'OVER'
}
const rows: Row[] = []

async function measure(
  name: string,
  budget: number,
  runs: number,
  fn: () => Promise<unknown>
): Promise<void> {
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now()
    await fn()
    times.push(performance.now() - t0)
  }
  times.sort((a, b) => a - b)
  const median = times[Math.floor(times.length / 2)] ?? 0
  const max = times[times.length - 1] ?? 0
  rows.push({
    case: name,
    'median ms': Math.round(median),
    'max ms': Math.round(max),
    'budget ms': budget,
    result: median <= budget ? 'OK' : 'OVER'
  })
}

const expectRejected = (code: string) => async (p: Promise<unknown>) => {
  try {
    await p
  } catch (err) {
    if ((err as { code?: string }).code === code) return
    throw err
  }
  throw new Error(`expected ${code}`)
}

const aegisEnc = corpus('aegis', 'importers', 'aegis_encrypted.json')
const plainAccounts = (await importFile(corpus('aegis', 'importers', 'aegis_plain.json'))).accounts
const enteFile = await enteEncrypted(
  corpus('aegis', 'importers', 'ente_auth.txt').toString('utf8'),
  'test',
  {
    opsLimit: 2,
    memLimit: 64 * 1024 * 1024
  }
)
const bitwardenFile = bitwardenEncrypted(
  JSON.parse(corpus('aegis', 'importers', 'bitwarden.json').toString('utf8')),
  'test',
  600_000
)
const hostile = JSON.parse(aegisEnc.toString('utf8')) as { header: { slots: { n: number }[] } }
hostile.header.slots[0]!.n = 2 ** 30
const hostileBytes = enc.encode(JSON.stringify(hostile))

await measure('Aegis encrypted (scrypt 2^15, r=8)', 1500, 5, () =>
  importFile(aegisEnc, { password: 'test' })
)
await measure('andOTP encrypted (PBKDF2-SHA1 145776)', 1500, 5, () =>
  importFile(corpus('aegis', 'importers', 'andotp_encrypted.bin'), { password: 'test' })
)
await measure('2FAS encrypted v4 (PBKDF2-SHA256 10000)', 500, 5, () =>
  importFile(corpus('aegis', 'importers', '2fas_authenticator_encrypted_v4.2fas'), {
    password: 'test'
  })
)
await measure('Proton encrypted (Argon2id 19 MiB, t=2)', 1500, 5, () =>
  importFile(
    corpus('ente', 'proton_fixtures', 'proton_authenticator_backup_encrypted_1231246.json'),
    { password: '1231246' }
  )
)
await measure('Ente encrypted (Argon2id 64 MiB, t=2)', 2000, 3, () =>
  importFile(enteFile, { password: 'test' })
)
const enteSensitive = await enteEncrypted(
  corpus('aegis', 'importers', 'ente_auth.txt').toString('utf8'),
  'test',
  {
    opsLimit: 16,
    memLimit: 256 * 1024 * 1024
  }
)
await measure('Ente encrypted, its real setting (256 MiB, t=16)', 8000, 1, () =>
  importFile(enteSensitive, { password: 'test' })
)
await measure('Bitwarden encrypted (PBKDF2-SHA256 600000)', 3000, 3, () =>
  importFile(bitwardenFile, { password: 'test' })
)
await measure('Aegis plain, 7 entries', 50, 20, () =>
  importFile(corpus('aegis', 'importers', 'aegis_plain.json'))
)
await measure('Aegis encrypted export, 7 accounts', 1500, 5, () =>
  exportAegisVault(plainAccounts, { password: 'x' })
)
await measure('hostile scrypt N=2^30 refused', 50, 20, () =>
  expectRejected('UNSUPPORTED')(importFile(hostileBytes, { password: 'test' }))
)

console.table(rows)
const over = rows.filter((r) => r.result === 'OVER').length
console.log(`${rows.length - over} within budget, ${over} over budget`)
