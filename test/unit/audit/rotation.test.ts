import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AuditLog, type AuditInput } from '../../../src/main/core/audit/log'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tessera-audit-rot-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

/** One entry per call; `n` goes into challengeId so every entry can be told apart. */
function entry(n: number, serverId = 's1'): AuditInput {
  return {
    at: '2027-01-01T00:00:00.000Z',
    action: 'enroll',
    serverId,
    serverName: 'Ref',
    serverType: 'ucloud',
    challengeId: `c${String(n).padStart(4, '0')}`,
    outcome: 'ok'
  }
}

const lineBytes = Buffer.byteLength(`${JSON.stringify({ ...entry(0) })}\n`)
const ids = (es: Array<{ challengeId?: string }>) => es.map((e) => e.challengeId)
const lines = (p: string) => readFileSync(p, 'utf8').split('\n').filter(Boolean).length

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void
  const promise = new Promise<void>((r) => (resolve = r))
  return { promise, resolve }
}

describe('audit log rotation', () => {
  it('rotates exactly when audit.jsonl reaches the size, keeping one previous generation', async () => {
    // 10 lines fill it
    const log = new AuditLog(dir, Date.now, { maxBytes: lineBytes * 10 })
    for (let i = 0; i < 9; i++) await log.append(entry(i))
    expect(existsSync(log.previousFile)).toBe(false)
    expect(statSync(log.file).size).toBe(lineBytes * 9)
    await log.append(entry(9))
    expect(existsSync(log.file)).toBe(false)
    expect(lines(log.previousFile)).toBe(10)
    await log.append(entry(10))
    expect(lines(log.file)).toBe(1)
    expect(ids(await log.list())).toEqual(ids(Array.from({ length: 11 }, (_, i) => entry(i))))
    // a second rotation drops the oldest generation, never the one just rotated
    for (let i = 11; i < 20; i++) await log.append(entry(i))
    expect(lines(log.previousFile)).toBe(10)
    expect(ids(await log.list())).toEqual(ids(Array.from({ length: 10 }, (_, i) => entry(10 + i))))
    expect(statSync(log.previousFile).mode & 0o077).toBe(0)
  })

  it('an append that opened the file before another writer rotated it is not lost', async () => {
    const max = lineBytes * 5
    const opened = deferred()
    const go = deferred()
    // the "CLI": opens audit.jsonl, then stalls before writing
    const slow = new AuditLog(dir, Date.now, {
      maxBytes: max,
      hooks: {
        afterOpen: async () => {
          opened.resolve()
          await go.promise
        }
      }
    })
    // the "app"
    const app = new AuditLog(dir, Date.now, { maxBytes: max })
    for (let i = 0; i < 3; i++) await app.append(entry(i))
    const late = slow.append(entry(100))
    await opened.promise
    await app.append(entry(3))
    await app.append(entry(4)) // reaches the size: audit.jsonl -> audit.1.jsonl
    expect(existsSync(app.file)).toBe(false)
    await app.append(entry(5)) // a fresh audit.jsonl
    go.resolve()
    await late // lands in audit.1.jsonl (the file it opened) and must not rotate the new file
    expect(lines(app.previousFile)).toBe(6)
    expect(lines(app.file)).toBe(1)
    expect(ids(await app.list()).sort()).toEqual(
      ids([0, 1, 2, 3, 4, 5, 100].map((n) => entry(n))).sort()
    )
  })

  it('two writers appending at once lose no entry across a rotation', async () => {
    const perWriter = 40
    // one rotation in total: 80 lines cross 50 lines' worth once
    const opts = { maxBytes: lineBytes * 50 }
    const cli = new AuditLog(dir, Date.now, opts)
    const app = new AuditLog(dir, Date.now, opts)
    await Promise.all([
      ...Array.from({ length: perWriter }, (_, i) => cli.append(entry(i))),
      ...Array.from({ length: perWriter }, (_, i) => app.append(entry(1000 + i)))
    ])
    const listed = ids(await cli.list())
    expect(existsSync(cli.previousFile)).toBe(true)
    expect(listed).toHaveLength(2 * perWriter)
    expect(new Set(listed).size).toBe(2 * perWriter)
  })
})

// A writer in its own process, like the CLI beside the app: waits until `go` exists, then
// appends `count` entries tagged `tag`. Printing "ready" first lets both start together.
const WRITER = `
const [dir, tag, count, maxBytes, src] = process.argv.slice(1)
const { AuditLog } = await import(src)
const { existsSync } = await import('node:fs')
const log = new AuditLog(dir, Date.now, { maxBytes: Number(maxBytes) })
process.stdout.write('ready\\n')
while (!existsSync(dir + '/go')) await new Promise((r) => setTimeout(r, 2))
for (let i = 0; i < Number(count); i++) {
  await log.append({ at: '2027-01-01T00:00:00.000Z', action: 'enroll', serverId: 's1',
    serverName: 'Ref', serverType: 'ucloud', challengeId: tag + String(i).padStart(4, '0'),
    outcome: 'ok' })
}
`

function writerProcess(tag: string, count: number, maxBytes: number) {
  const src = resolve(__dirname, '../../../src/main/core/audit/log.ts')
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '--input-type=module',
      '-e',
      WRITER,
      dir,
      tag,
      String(count),
      String(maxBytes),
      src
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] }
  )
  const ready = new Promise<void>((ok, fail) => {
    child.stdout.once('data', () => ok())
    child.once('exit', (code) => fail(new Error(`writer ${tag} exited early (${code})`)))
  })
  const done = new Promise<number | null>((ok) => child.on('exit', (code) => ok(code)))
  return { ready, done }
}

describe('audit log across processes', { timeout: 60_000 }, () => {
  it('two processes appending at once (CLI and app) lose no entry across a rotation', async () => {
    const perWriter = 300
    // one rotation in total: 600 lines cross 400 lines' worth once
    const maxBytes = lineBytes * 400
    const a = writerProcess('a', perWriter, maxBytes)
    const b = writerProcess('b', perWriter, maxBytes)
    await Promise.all([a.ready, b.ready])
    writeFileSync(join(dir, 'go'), '')
    expect(await Promise.all([a.done, b.done])).toEqual([0, 0])
    const log = new AuditLog(dir)
    const listed = ids(await log.list())
    expect(existsSync(log.previousFile)).toBe(true)
    expect(listed).toHaveLength(2 * perWriter)
    expect(new Set(listed).size).toBe(2 * perWriter)
    // each writer's entries stay in its own order
    for (const tag of ['a', 'b']) {
      const mine = listed.filter((id) => id?.startsWith(tag))
      expect(mine).toEqual([...mine].sort())
    }
  })
})

describe('audit log list', () => {
  it('limit keeps the newest N, oldest first, across both generations and with a filter', async () => {
    const log = new AuditLog(dir, Date.now, { maxBytes: lineBytes * 10 })
    for (let i = 0; i < 14; i++) await log.append(entry(i, i % 2 === 0 ? 'even' : 'odd'))
    // 0..9 rotated, 10..13 current
    expect(ids(await log.list({ limit: 6 }))).toEqual(
      ids([8, 9, 10, 11, 12, 13].map((n) => entry(n)))
    )
    expect(ids(await log.list({ limit: 3, serverId: 'even' }))).toEqual(
      ids([8, 10, 12].map((n) => entry(n)))
    )
    expect(await log.list({ limit: 0 })).toEqual([])
    expect(await log.list({ limit: 100 })).toHaveLength(14)
    const exported = JSON.parse(await log.exportJson()) as unknown[]
    expect(exported).toHaveLength(14)
  })

  it('reads lines that straddle its 64 KiB read blocks, with multi-byte text, and skips junk', async () => {
    const log = new AuditLog(dir)
    const names = ['Bänk ü', 'Ünïcødé 🔐', 'Çorp ✓']
    const count = 1500 // about 250 KiB: several blocks
    const parts: string[] = ['not json\n']
    for (let i = 0; i < count; i++) {
      parts.push(
        `${JSON.stringify({ ...entry(i), serverName: names[i % names.length] })}\n`,
        i % 97 === 0 ? '{"torn":\n' : ''
      )
    }
    writeFileSync(log.file, parts.join(''))
    const all = await log.list()
    expect(all).toHaveLength(count)
    expect(all.map((e) => e.serverName)).toEqual(
      Array.from({ length: count }, (_, i) => names[i % names.length])
    )
    const last = await log.list({ limit: 700 })
    expect(last).toEqual(all.slice(count - 700))
  })
})
