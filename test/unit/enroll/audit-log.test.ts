import { appendFileSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { AuditLog } from '../../../src/main/core/audit'

let dir: string | undefined
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true })
  dir = undefined
})

const base = { action: 'enroll', serverId: 's1', serverName: 'Ref', serverType: 'ucloud' } as const

describe('AuditLog', () => {
  it('appends JSON lines, lists them oldest first, filters and exports', async () => {
    dir = mkdtempSync(join(tmpdir(), 'tessera-audit-'))
    const log = new AuditLog(join(dir, 'nested'), () => Date.UTC(2027, 0, 1))
    await log.append({
      ...base,
      outcome: 'ok',
      accountId: 'a1',
      account: 'Ref: alice',
      challengeId: 'c1'
    })
    await log.append({ ...base, serverId: 's2', outcome: 'WRONG_CODE', httpStatus: 400 })
    await log.append({ ...base, action: 'disable', outcome: 'ok' })
    expect((await log.list()).map((e) => e.outcome)).toEqual(['ok', 'WRONG_CODE', 'ok'])
    expect((await log.list({ serverId: 's1' })).map((e) => e.action)).toEqual(['enroll', 'disable'])
    expect((await log.list({ limit: 1 }))[0]?.action).toBe('disable')
    const exported = JSON.parse(await log.exportJson()) as Array<Record<string, unknown>>
    expect(exported[0]).toEqual({
      at: '2027-01-01T00:00:00.000Z',
      action: 'enroll',
      serverId: 's1',
      serverName: 'Ref',
      serverType: 'ucloud',
      outcome: 'ok',
      accountId: 'a1',
      account: 'Ref: alice',
      challengeId: 'c1'
    })
    expect(statSync(log.file).mode & 0o077).toBe(0)
  })

  it('writes only the known fields, even when handed more', async () => {
    dir = mkdtempSync(join(tmpdir(), 'tessera-audit-'))
    const log = new AuditLog(dir)
    const sneaky = {
      ...base,
      outcome: 'ok',
      token: 'tok-SECRET',
      secret: 'JBSWY3DPEHPK3PXP',
      code: '123456'
    }
    await log.append(sneaky as Parameters<AuditLog['append']>[0])
    const { readFileSync } = await import('node:fs')
    const text = readFileSync(log.file, 'utf8')
    for (const s of ['tok-SECRET', 'JBSWY3DPEHPK3PXP', '123456']) expect(text).not.toContain(s)
  })

  it('skips a torn last line instead of failing, and an absent log is empty', async () => {
    dir = mkdtempSync(join(tmpdir(), 'tessera-audit-'))
    const log = new AuditLog(dir)
    expect(await log.list()).toEqual([])
    await log.append({ ...base, outcome: 'ok' })
    appendFileSync(log.file, '{"at":"2027-01-01T00:00:00Z","act')
    expect(await log.list()).toHaveLength(1)
    await log.append({ ...base, outcome: 'TIMEOUT' })
    expect((await log.list()).map((e) => e.outcome)).toEqual(['ok', 'TIMEOUT'])
  })
})
