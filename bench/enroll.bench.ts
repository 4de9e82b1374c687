/*
 * Enrollment round trips against the reference 2FA server on 127.0.0.1: what the user waits for
 * after pressing Enroll, minus the server's own latency and any wait for a fresh time step (the
 * clock is fixed mid-step so no step wait is included). Budgets per operation on a shared 2-core
 * machine. Run: npx tsx bench/enroll.bench.ts
 */
import { MemoryAccountStore } from '../test/helpers/memory-account-store'
import { EnrollService } from '../src/main/core/enroll/service'
import { generateCode } from '../src/main/core/otp'
import { parseOtpauthUri } from '../src/main/core/otpauth'
import { MemoryServerStore } from '../test/helpers/memory-server-store'
import type { ServerType } from '../src/main/core/servers/model'
import { startRefServer } from '../tools/ref-server/server'

interface Row {
  case: string
  runs: number
  'median ms': number
  'p95 ms': number
  'budget ms (median)': number
  result: 'OK' | 'OVER'
}
const rows: Row[] = []

async function measure(
  name: string,
  budget: number,
  runs: number,
  fn: (i: number) => Promise<unknown>
) {
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now()
    await fn(i)
    times.push(performance.now() - t0)
  }
  times.sort((a, b) => a - b)
  const median = times[Math.floor(times.length / 2)] ?? 0
  const p95 = times[Math.min(times.length - 1, Math.floor(times.length * 0.95))] ?? 0
  rows.push({
    case: name,
    runs,
    'median ms': Math.round(median * 10) / 10,
    'p95 ms': Math.round(p95 * 10) / 10,
    'budget ms (median)': budget,
    result: median <= budget ? 'OK' : 'OVER'
  })
}

const fixed = Math.floor(Date.now() / 30_000) * 30_000 + 10_000
const now = () => fixed
const server = await startRefServer({ now })

for (const type of ['ucloud', 'vantage'] as ServerType[]) {
  const runs = 40
  const stores = Array.from({ length: runs }, () => {
    const u = server.addUser()
    const servers = new MemoryServerStore(now)
    const accounts = new MemoryAccountStore(now)
    const service = new EnrollService({
      servers,
      accounts,
      generateCode,
      parseUri: parseOtpauthUri,
      now
    })
    return { u, servers, accounts, service }
  })
  const ids: string[] = []
  for (const [i, s] of stores.entries()) {
    ids[i] = (await s.servers.add({ name: 'ref', type, baseUrl: server.url, token: s.u.token })).id
  }
  await measure(`${type}: status`, 20, runs, (i) => stores[i]!.service.status(ids[i]!))
  await measure(
    `${type}: full enrollment (status, create, save, answer, confirm)`,
    100,
    runs,
    (i) => stores[i]!.service.enroll(ids[i]!)
  )
}
await server.close()
console.table(rows)
