/*
 * What the unlock screen waits for: `vault:unlock` through the dispatcher (schema, gate, handler,
 * status) on a vault of 10,000 accounts, with the keychain (in memory here, so the OS round trip is
 * excluded) and with the password at the real scrypt cost (N=2^17); then `accounts:list` right
 * after unlocking, and `vault:lock`. Budgets on a shared 2-core machine.
 * Run: npx tsx bench/vault-ui.bench.ts
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { MemoryKeychain } from '../test/helpers/memory-keychain'
import { Vault } from '../src/main/core/vault'
import type { CallContext } from '../src/main/handlers'
import { composeForTest } from '../test/helpers/compose'
import type { NewAccount } from '../src/shared/model'

interface Row {
  case: string
  runs: number
  'median ms': number
  'max ms': number
  'budget ms (median)': number
  result: 'OK' | 'OVER'
}
const rows: Row[] = []
const ctx: CallContext = { transport: 'direct' }

async function measure(
  name: string,
  budget: number,
  runs: number,
  fn: () => Promise<unknown>,
  before?: () => Promise<unknown>
) {
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    await before?.()
    const t0 = performance.now()
    await fn()
    times.push(performance.now() - t0)
  }
  times.sort((a, b) => a - b)
  const median = times[Math.floor(times.length / 2)] ?? 0
  rows.push({
    case: name,
    runs,
    'median ms': Math.round(median * 10) / 10,
    'max ms': Math.round((times[times.length - 1] ?? 0) * 10) / 10,
    'budget ms (median)': budget,
    result: median <= budget ? 'OK' : 'OVER'
  })
}

const account = (i: number): NewAccount => ({
  issuer: `Service ${i}`,
  label: `user${i}@example.com`,
  otp: {
    type: 'totp',
    secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    counter: 0
  }
})

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tessera-bench-vault-ui-'))
  try {
    const vault = new Vault({ dataDir, keychain: new MemoryKeychain() })
    const { dispatch } = composeForTest({ vault, services: { watchVault: false } })
    const call = async (channel: string, input?: unknown) => {
      const r = await dispatch(channel, input, ctx)
      if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`)
      return r.value
    }
    const password = 'correct horse battery staple'
    await call('vault:create', { keychain: true, password })
    await vault.addMany(Array.from({ length: 10_000 }, (_, i) => account(i)))

    const lock = async () => void vault.lock()
    await measure(
      'vault:unlock keychain, 10k accounts',
      200,
      7,
      () => call('vault:unlock', { method: 'keychain' }),
      lock
    )
    await measure(
      'vault:unlock password (scrypt 2^17), 10k accounts',
      1500,
      3,
      () => call('vault:unlock', { method: 'password', password }),
      lock
    )
    await measure('accounts:list after unlock, 10k accounts', 100, 7, () => call('accounts:list'))
    await measure(
      'vault:lock',
      5,
      7,
      () => call('vault:lock'),
      () => vault.unlockWithKeychain()
    )
    await measure('refused while locked (gate), codes:list', 5, 7, async () => {
      vault.lock()
      const r = await dispatch('codes:list', undefined, ctx)
      if (r.ok || r.error.code !== 'VAULT_LOCKED') throw new Error('expected VAULT_LOCKED')
    })
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
  console.table(rows)
  const over = rows.filter((r) => r.result === 'OVER').length
  console.log(`${rows.length - over} OK, ${over} OVER`)
}

void main()
