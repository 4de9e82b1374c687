// Vault timings for 10,000 accounts. Run: npx tsx bench/vault.bench.ts
// "unlock" uses an in-memory keychain, so it measures what Tessera does after the keychain
// round-trip: read the file, check the key, AES-GCM-decrypt, JSON-parse and validate. The
// password KDF (scrypt N=2^17, r=8, p=1: ~0.4 s by design) is measured on its own line and is
// not part of the unlock budget.
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { scrypt } from 'node:crypto'
import { MemoryKeychain } from '../test/helpers/memory-keychain'
import { Vault } from '../src/main/core/vault'
import type { NewAccount } from '../src/shared/model'

const N_ACCOUNTS = 10_000
const RUNS = 15

function account(i: number): NewAccount {
  return {
    issuer: `Issuer ${i}`,
    label: `user${i}@example.com`,
    otp: {
      type: i % 10 === 0 ? 'hotp' : 'totp',
      secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
      counter: 0
    },
    tags: i % 3 === 0 ? ['work'] : []
  }
}

async function time(
  fn: () => Promise<unknown>,
  runs = RUNS
): Promise<{ median: number; p90: number }> {
  const ts: number[] = []
  for (let i = 0; i < runs; i++) {
    const t = performance.now()
    await fn()
    ts.push(performance.now() - t)
  }
  ts.sort((a, b) => a - b)
  return { median: ts[Math.floor(ts.length / 2)]!, p90: ts[Math.floor(ts.length * 0.9)]! }
}

const dir = mkdtempSync(join(tmpdir(), 'tessera-bench-'))
const rows: Array<[string, string, string, string]> = []
try {
  const keychain = new MemoryKeychain()
  const v = new Vault({ dataDir: dir, keychain })
  await v.create({ keychain: true, password: 'bench-password' })
  await v.addMany(Array.from({ length: N_ACCOUNTS }, (_, i) => account(i)))
  const size = statSync(v.paths.vault).size
  v.lock()

  const unlock = await time(async () => {
    const u = new Vault({ dataDir: dir, keychain })
    await u.unlockWithKeychain()
    u.lock()
  })
  const check = (ms: number, budget: number) => (ms <= budget ? 'OK' : 'OVER')
  rows.push([
    'unlock+decrypt (master key, excl. keychain & KDF)',
    `${unlock.median.toFixed(1)} ms (p90 ${unlock.p90.toFixed(1)})`,
    '150 ms',
    check(unlock.median, 150)
  ])

  const kdf = await time(
    () =>
      new Promise<void>((res, rej) =>
        scrypt(
          'bench-password',
          Buffer.alloc(32),
          32,
          { N: 2 ** 17, r: 8, p: 1, maxmem: 256 * 1024 * 1024 },
          (e) => (e ? rej(e) : res())
        )
      ),
    3
  )
  rows.push([
    'password KDF alone (scrypt N=2^17, r=8, p=1)',
    `${kdf.median.toFixed(1)} ms`,
    'none (deliberately slow)',
    'INFO'
  ])

  const w = new Vault({ dataDir: dir, keychain })
  await w.unlockWithKeychain()
  let i = N_ACCOUNTS
  const save = await time(async () => {
    await w.addMany([account(i++)])
  })
  rows.push([
    'save (1 change; lock, re-check, encrypt, write, fsync, backup, rename)',
    `${save.median.toFixed(1)} ms (p90 ${save.p90.toFixed(1)})`,
    '50 ms',
    check(save.median, 50)
  ])

  // sort / renumber: every account gets a new order, in one write
  const ids = w.list().map((a) => a.id)
  let flip = false
  const many = await time(async () => {
    flip = !flip
    await w.updateMany(ids.map((id, k) => ({ id, patch: { order: flip ? ids.length - k : k } })))
  })
  rows.push([
    `updateMany (${ids.length} accounts re-ordered, one save: sort by name)`,
    `${many.median.toFixed(1)} ms (p90 ${many.p90.toFixed(1)})`,
    '50 ms',
    check(many.median, 50)
  ])
  // what a sort cost before updateMany: one full save per account
  const one = await time(async () => {
    await w.update(ids[0]!, { order: -1 })
  }, 5)
  rows.push([
    `  before: one update per account, x${ids.length} (estimated from 5)`,
    `${((one.median * ids.length) / 1000).toFixed(1)} s`,
    'none',
    'INFO'
  ])
  w.lock()

  const pw = await time(async () => {
    const u = new Vault({ dataDir: dir, keychain })
    await u.unlockWithPassword('bench-password')
    u.lock()
  }, 3)
  rows.push([
    'unlock with password (KDF + decrypt), for reference',
    `${pw.median.toFixed(1)} ms`,
    'none',
    'INFO'
  ])
  rows.push(['vault file size', `${(size / 1024 / 1024).toFixed(2)} MiB`, '', ''])
} finally {
  rmSync(dir, { recursive: true, force: true })
}

const widths = [0, 1, 2, 3].map((c) =>
  Math.max(...[['measure', 'median', 'budget', ''], ...rows].map((r) => r[c]!.length))
)
const line = (r: string[]) => r.map((c, k) => c.padEnd(widths[k]!)).join('  ')
console.log(
  `vault, ${N_ACCOUNTS} accounts, ${RUNS} runs (median); load average ${loadavg()[0]!.toFixed(1)} on this machine`
)
console.log(line(['measure', 'median', 'budget', '']))
for (const r of rows) console.log(line(r))
