/**
 * Barycenter admin 2FA rollout against the reference server's admin GraphQL: status quirks,
 * passkey-only enforcement, force per user, undo per user and per run, reports, audit, and a
 * 1,000-user run killed (SIGKILL) in the middle and resumed without enforcing anyone twice or
 * skipping anyone.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { AuditLog } from '../../../src/main/core/audit/log'
import { adminUrlWarnings, BarycenterAdmin } from '../../../src/main/core/barycenter/client'
import {
  parseUsersFile,
  readJournal,
  reportCsv,
  reportJson,
  runRollout,
  undoRollout
} from '../../../src/main/core/barycenter/rollout'
import { repoRoot } from '../../helpers/corpora'
import { startRefServer, type RefServer } from '../../../tools/ref-server/server'
import { rejectsWith } from '../enroll/helpers'

let server: RefServer | undefined
let dir: string | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
  if (dir) rmSync(dir, { recursive: true, force: true })
  dir = undefined
})

async function setup(): Promise<{ s: RefServer; admin: BarycenterAdmin; d: string }> {
  server = await startRefServer()
  dir = mkdtempSync(join(tmpdir(), 'tessera-rollout-'))
  return { s: server, admin: new BarycenterAdmin(server.url), d: dir }
}

describe('Barycenter admin 2FA (reference server)', () => {
  it('reads status with passkeyCount (passkeyEnrolled is always false) and a numeric passkeyEnrolledAt', async () => {
    const { s, admin } = await setup()
    s.barycenter.addUser({ username: 'ada', passkeyCount: 2, passkeyEnrolledAt: 1_760_000_000 })
    const raw = (await (
      await fetch(`${s.url}/admin/jobs`, {
        method: 'POST',
        body: JSON.stringify({
          query: 'query { user2faStatus(username: $username) { passkeyEnrolled } }',
          variables: { username: 'ada' }
        })
      })
    ).json()) as { data: { user2faStatus: { passkeyEnrolled: boolean } } }
    expect(raw.data.user2faStatus.passkeyEnrolled).toBe(false)
    expect(await admin.status('ada')).toMatchObject({
      username: 'ada',
      requires2fa: false,
      passkeyCount: 2,
      passkeyEnrolledAt: 1_760_000_000
    })
  })

  it('an unknown user is a GraphQL error (data: null): NOT_FOUND, not success: false', async () => {
    const { admin } = await setup()
    const e = await rejectsWith(admin.status('nobody'), 'NOT_FOUND')
    expect(e.details?.reason).toBe('unknown-user')
    await rejectsWith(admin.setRequired('nobody', true), 'NOT_FOUND')
  })

  it('warns for an admin URL that is not loopback or not https, and refuses plain http to another host', () => {
    expect(adminUrlWarnings('https://127.0.0.1:8081')).toEqual([])
    expect(adminUrlWarnings('http://127.0.0.1:8081')).toHaveLength(1)
    expect(adminUrlWarnings('https://idp.example.org:8081')[0]).toMatch(/no authentication/)
    expect(() => adminUrlWarnings('http://idp.example.org:8081')).toThrow(/https/)
  })

  it('users files: one per line or CSV with a username column; a bad line names itself and changes nothing', () => {
    expect(parseUsersFile('ada\n\n# comment\nbob\nada\r\n')).toEqual(['ada', 'bob'])
    expect(parseUsersFile('email,username\nx@y,ada\nz@w,"bob"\n')).toEqual(['ada', 'bob'])
    expect(parseUsersFile('ada,Ada Lovelace\nbob,Bob\n')).toEqual(['ada', 'bob'])
    expect(() => parseUsersFile('ada\nbad name\n')).toThrow(/Line 2/)
  })

  it('enforces only users with a passkey, unless forced by name; reports JSON and CSV; writes audit entries', async () => {
    const { s, admin, d } = await setup()
    s.barycenter.addUser({ username: 'ada', passkeyCount: 1 })
    s.barycenter.addUser({ username: 'bob', passkeyCount: 0 })
    s.barycenter.addUser({ username: 'cy', passkeyCount: 0 })
    s.barycenter.addUser({ username: 'dee', passkeyCount: 3, requires2fa: true })
    const audit = new AuditLog(join(d, 'audit'))
    const progress: number[] = []
    const rep = await runRollout({
      admin,
      users: ['ada', 'bob', 'cy', 'dee', 'ghost'],
      force: new Set(['cy']),
      dir: d,
      runId: 'r1',
      audit,
      onProgress: (p) => progress.push(p.done)
    })
    expect(progress).toEqual([1, 2, 3, 4, 5])
    expect(rep.results.map((r) => [r.username, r.outcome])).toEqual([
      ['ada', 'enforced'],
      ['bob', 'not-ready'],
      ['cy', 'forced'],
      ['dee', 'already'],
      ['ghost', 'unknown-user']
    ])
    expect(s.barycenter.users.get('bob')?.requires2fa).toBe(false)
    expect(s.barycenter.mutations).toEqual([
      { username: 'ada', required: true },
      { username: 'cy', required: true }
    ])
    const csv = reportCsv(rep)
    expect(csv.split('\n')[0]).toBe('username,outcome,passkeyCount,requires2faBefore,error,message')
    expect(csv).toContain('bob,not-ready,0,false,,')
    expect(JSON.parse(reportJson(rep)).counts).toMatchObject({
      enforced: 1,
      forced: 1,
      'not-ready': 1
    })
    const entries = await audit.list()
    expect(entries.map((e) => [e.action, e.account, e.outcome])).toEqual(
      expect.arrayContaining([
        ['enforce-2fa', 'ada', 'ok'],
        ['enforce-2fa', 'cy (forced)', 'ok']
      ])
    )
    // Undo one user, then the rest of the run; users it did not enforce are left alone.
    expect(
      (await undoRollout({ admin, dir: d, runId: 'r1', only: new Set(['cy']), audit })).map(
        (r) => r.username
      )
    ).toEqual(['cy'])
    await rejectsWith(
      undoRollout({ admin, dir: d, runId: 'r1', only: new Set(['dee']) }),
      'NOT_FOUND'
    )
    expect(
      (await undoRollout({ admin, dir: d, runId: 'r1', audit })).map((r) => r.username)
    ).toEqual(['ada'])
    expect(s.barycenter.users.get('ada')?.requires2fa).toBe(false)
    expect(s.barycenter.users.get('dee')?.requires2fa).toBe(true)
    expect((await audit.list()).filter((e) => e.action === 'undo-2fa')).toHaveLength(2)
  })

  it('a reply lost after the server changed is settled by the status, not sent again', async () => {
    const { s, d } = await setup()
    s.barycenter.addUser({ username: 'ada', passkeyCount: 1 })
    let calls = 0
    // Request 1 is the status read, 2 the mutation: its reply is lost after the server changed.
    const realFetch = globalThis.fetch
    const admin2 = new BarycenterAdmin(s.url, {
      fetch: async (input, init) => {
        calls += 1
        const res = await realFetch(input, init)
        if (calls === 2) throw new TypeError('fetch failed: socket hang up')
        return res
      }
    })
    const rep = await runRollout({ admin: admin2, users: ['ada'], dir: d, runId: 'lost' })
    expect(rep.results[0]?.outcome).toBe('enforced')
    expect(s.barycenter.mutations).toHaveLength(1)
    expect(calls).toBe(3)
  })

  it(
    '1,000 users: SIGKILL in the middle, then resume: nobody enforced twice, nobody skipped',
    { timeout: 120_000 },
    async () => {
      const { s, admin, d } = await setup()
      const users: string[] = []
      for (let i = 0; i < 1000; i++) {
        const username = `user${String(i).padStart(4, '0')}`
        users.push(username)
        s.barycenter.addUser({
          username,
          passkeyCount: i % 5 === 0 ? 0 : 1 + (i % 3),
          requires2fa: i % 17 === 0
        })
      }
      const eligible = users.filter((_, i) => i % 5 !== 0 && i % 17 !== 0)
      const usersFile = join(d, 'users.txt')
      writeFileSync(usersFile, `${users.join('\n')}\n`)
      // Each request a little slow, so the kill lands in the middle, not after the end.
      s.addFault({ kind: 'slow', route: 'barycenter.jobs', delayMs: 3, times: 1_000_000 })

      const child = spawn(
        process.execPath,
        ['--import', 'tsx', 'test/helpers/barycenter-rollout-child.ts', s.url, usersFile, d, 'big'],
        { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] }
      )
      let out = ''
      child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c))
      const exited = new Promise<number | null>((resolve) =>
        child.on('exit', (code) => resolve(code))
      )
      await expect
        .poll(() => s.barycenter.mutations.length, { timeout: 90_000, interval: 5 })
        .toBeGreaterThanOrEqual(300)
      child.kill('SIGKILL')
      await exited
      const atKill = s.barycenter.mutations.length
      expect(out).not.toContain('finished')
      expect(atKill).toBeLessThan(eligible.length)

      s.clearFaults()
      const rep = await runRollout({
        admin,
        users: parseUsersFile(readFileSync(usersFile, 'utf8')),
        dir: d,
        runId: 'big'
      })

      // Nobody twice, nobody skipped, nobody without a passkey, nobody already enforced touched.
      const perUser = new Map<string, number>()
      for (const m of s.barycenter.mutations)
        perUser.set(m.username, (perUser.get(m.username) ?? 0) + 1)
      expect([...perUser.values()].every((n) => n === 1)).toBe(true)
      expect([...perUser.keys()].sort()).toEqual(eligible)
      for (const u of eligible) expect(s.barycenter.users.get(u)?.requires2fa, u).toBe(true)
      users.forEach((u, i) => {
        if (i % 5 === 0 && i % 17 !== 0)
          expect(s.barycenter.users.get(u)?.requires2fa, u).toBe(false)
      })
      // The report has every user exactly once, with the right outcome.
      expect(rep.results.map((r) => r.username)).toEqual(users)
      expect(rep.counts.enforced).toBe(eligible.length)
      expect(rep.counts['not-ready']).toBe(
        users.filter((_, i) => i % 5 === 0 && i % 17 !== 0).length
      )
      expect(rep.counts.already).toBe(users.filter((_, i) => i % 17 === 0).length)
      expect(rep.counts.failed + rep.counts['unknown-user']).toBe(0)
      // The journal holds one outcome per user (a torn last line from the kill is tolerated).
      const finals = readJournal(d, 'big').filter((l) => l.k !== 'intent')
      expect(new Set(finals.map((l) => l.u)).size).toBe(finals.length)
      expect(finals.length).toBe(1000)
    }
  )
})
