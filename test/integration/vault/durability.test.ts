import { spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { MemoryKeychain } from '../../helpers/memory-keychain'
import { Vault } from '../../../src/main/core/vault'
import { repoRoot } from '../../helpers/corpora'

const CHILD = resolve(repoRoot, 'test/integration/vault/adder-child.ts')
const FAST = { n: 2 ** 10, r: 8, p: 1 }

interface Run {
  acked: string[]
  ready: Promise<void>
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>
  onAck(fn: (count: number) => void): void
  kill(): void
}

function startAdder(dataDir: string, count: number, prefix: string): Run {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', CHILD, dataDir, String(count), prefix],
    {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe']
    }
  )
  const acked: string[] = []
  const listeners: Array<(n: number) => void> = []
  let buf = ''
  let stderr = ''
  let readyResolve: () => void = () => undefined
  const ready = new Promise<void>((r) => (readyResolve = r))
  child.stdout.on('data', (d: Buffer) => {
    buf += d.toString()
    let nl: number
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl)
      buf = buf.slice(nl + 1)
      if (line === 'ready') readyResolve()
      if (line.startsWith('ack ')) {
        acked.push(line.slice(4))
        for (const l of listeners) l(acked.length)
      }
    }
  })
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>(
    (r) =>
      child.on('exit', (code, signal) => {
        readyResolve()
        r({ code, signal, stderr })
      })
  )
  return {
    acked,
    ready,
    done,
    onAck: (fn) => listeners.push(fn),
    kill: () => child.kill('SIGKILL')
  }
}

async function openIds(dataDir: string): Promise<Set<string>> {
  const v = new Vault({ dataDir, keychain: new MemoryKeychain() })
  await v.unlockWithPassword('pw')
  const ids = new Set(v.list().map((a) => a.id))
  v.lock()
  return ids
}

let dir: string
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tessera-durable-'))
  const v = new Vault({ dataDir: dir, keychain: new MemoryKeychain() })
  await v.create({ keychain: false, password: 'pw', scrypt: FAST })
  v.lock()
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('vault durability', () => {
  it('survives SIGKILL at random moments during 200 saves: it always opens and keeps every acknowledged account', async () => {
    const acknowledged: string[] = []
    let saves = 0
    let kills = 0
    while (saves < 200) {
      const run = startAdder(dir, 200 - saves, `crash${kills}`)
      // kill after a random number of acknowledged saves, plus a random few ms, so the kill lands
      // anywhere in the save sequence (temp write, fsync, backup link, rename, lock removal)
      const killAfter = 1 + Math.floor(Math.random() * 12)
      run.onAck((n) => {
        if (n === killAfter) setTimeout(() => run.kill(), Math.random() * 8)
      })
      const end = await run.done
      expect(end.stderr).toBe('')
      acknowledged.push(...run.acked)
      saves += run.acked.length
      if (end.signal === 'SIGKILL') kills++
      const ids = await openIds(dir)
      const lost = acknowledged.filter((id) => !ids.has(id))
      expect(lost, `after kill ${kills}`).toEqual([])
    }
    expect(kills).toBeGreaterThan(5)
    expect((await openIds(dir)).size).toBeGreaterThanOrEqual(200)
    console.info(
      `crash test: ${saves} acknowledged saves, ${kills} SIGKILLs, vault opened after each`
    )
  }, 600_000)

  it('two processes each adding 100 accounts at once end with 200 accounts', async () => {
    const a = startAdder(dir, 100, 'alpha')
    const b = startAdder(dir, 100, 'beta')
    const [ea, eb] = await Promise.all([a.done, b.done])
    expect([ea.code, eb.code, ea.stderr, eb.stderr]).toEqual([0, 0, '', ''])
    const ids = await openIds(dir)
    expect(ids.size).toBe(200)
    for (const id of [...a.acked, ...b.acked]) expect(ids.has(id)).toBe(true)
    expect(readdirSync(dir).sort()).toEqual(['vault.json', 'vault.json.bak'])
  }, 300_000)

  it('breaks a stale lock left by a killed process', async () => {
    const { writeFileSync } = await import('node:fs')
    const { hostname } = await import('node:os')
    // pid 2^22+1 is above Linux's pid_max default range of live processes here
    writeFileSync(
      join(dir, 'vault.lock'),
      JSON.stringify({ pid: 4194305, host: hostname(), token: 'dead', at: Date.now() })
    )
    const v = new Vault({
      dataDir: dir,
      keychain: new MemoryKeychain(),
      lock: { timeoutMs: 5_000 }
    })
    await v.unlockWithPassword('pw')
    await v.addMany([
      {
        issuer: 'x',
        label: 'y',
        otp: {
          type: 'totp',
          secret: 'JBSWY3DPEHPK3PXP',
          algorithm: 'SHA1',
          digits: 6,
          period: 30,
          counter: 0
        }
      }
    ])
    expect(v.list()).toHaveLength(1)
  })

  it('a live lock holder makes others wait, then VAULT_BUSY after the timeout; nothing is written', async () => {
    const { writeFileSync, readFileSync } = await import('node:fs')
    const { hostname } = await import('node:os')
    writeFileSync(
      join(dir, 'vault.lock'),
      JSON.stringify({ pid: process.ppid, host: hostname(), token: 'live', at: Date.now() })
    )
    const before = readFileSync(join(dir, 'vault.json'))
    const v = new Vault({ dataDir: dir, keychain: new MemoryKeychain(), lock: { timeoutMs: 300 } })
    await v.unlockWithPassword('pw')
    // A real change: an empty add writes nothing and so never needs the lock.
    const err = await v
      .addMany([
        {
          issuer: 'Busy',
          label: 'z',
          otp: {
            type: 'totp',
            secret: 'JBSWY3DPEHPK3PXP',
            algorithm: 'SHA1',
            digits: 6,
            period: 30,
            counter: 0
          }
        }
      ])
      .catch((e: unknown) => e)
    expect((err as { code?: string }).code).toBe('VAULT_BUSY')
    expect(v.list()).toHaveLength(0)
    expect(readFileSync(join(dir, 'vault.json')).equals(before)).toBe(true)
  })
})
