/*
 * Does reading an encrypted Ente backup freeze the main process? Ente's real exports derive their
 * key with Argon2id at 256 MiB x 16 passes, a synchronous libsodium call. Measured: the whole
 * import, and the longest gap the event loop saw meanwhile (a 10 ms timer), in-process versus in
 * the worker thread the app uses. Budget: the event loop may stall at most 100 ms in the worker
 * case (a window stays responsive); the in-process row shows why the worker exists.
 * Run: npx tsx bench/import-worker.bench.ts
 */
import { importFile } from '../src/main/core/import'
import { createOffThreadImport } from '../src/main/core/import/off-thread'
import { enteEncrypted } from '../test/unit/import/fixtures'

interface Row {
  case: string
  'import ms': number
  'max event-loop stall ms': number
  'budget stall ms': number | string
  result: 'OK' | 'OVER' | '-'
}

async function measure(fn: () => Promise<unknown>): Promise<{ total: number; stall: number }> {
  let stall = 0
  let last = performance.now()
  const timer = setInterval(() => {
    const now = performance.now()
    stall = Math.max(stall, now - last - 10)
    last = now
  }, 10)
  const t0 = performance.now()
  await fn()
  const total = performance.now() - t0
  await new Promise((r) => setTimeout(r, 30))
  clearInterval(timer)
  return { total, stall }
}

const plain = 'otpauth://totp/Acme:alice?secret=JBSWY3DPEHPK3PXP&issuer=Acme\n'
const file = await enteEncrypted(plain, 'hunter22', { memLimit: 256 * 1024 * 1024, opsLimit: 16 })
const rows: Row[] = []

const inProcess = await measure(() => importFile(file, { password: 'hunter22' }))
rows.push({
  case: 'Ente 256 MiB x 16, main thread',
  'import ms': Math.round(inProcess.total),
  'max event-loop stall ms': Math.round(inProcess.stall),
  'budget stall ms': '(none: reference)',
  result: '-'
})

const read = createOffThreadImport()
const worker = await measure(() => read(file, { password: 'hunter22' }))
rows.push({
  case: 'Ente 256 MiB x 16, worker thread',
  'import ms': Math.round(worker.total),
  'max event-loop stall ms': Math.round(worker.stall),
  'budget stall ms': 100,
  result: worker.stall <= 100 ? 'OK' : 'OVER'
})

console.table(rows)
