/**
 * `tessera server add --type mithril|barycenter`, `tessera mithril ...` and `tessera barycenter
 * ...` as real processes against the reference server: each step a new process, the sign-in and
 * the wrong-code count carried in the vault, the last attempt only with --confirm-last-attempt,
 * a rollout resumed by its run id, undo.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { repoRoot } from '../../helpers/corpora'
import { MITHRIL_USER, startRefServer, type RefServer } from '../../../tools/ref-server/server'

const CLI = resolve(repoRoot, 'bin/tessera.mjs')

interface Out {
  code: number
  stdout: string
  stderr: string
}

let root: string
let env: Record<string, string>
let server: RefServer

function tessera(args: string[], input = ''): Promise<Out> {
  return new Promise((done) => {
    const child = execFile(
      process.execPath,
      [CLI, ...args],
      { cwd: repoRoot, env, timeout: 60_000 },
      (err, stdout, stderr) => {
        const code = err ? ((err as { code?: unknown }).code as number) : 0
        done({ code: typeof code === 'number' ? code : -1, stdout, stderr })
      }
    )
    child.stdin!.end(input)
  })
}
const json = (o: Out): Record<string, unknown> => JSON.parse(o.stdout) as Record<string, unknown>
const code = (phone: string = MITHRIL_USER.phone): string =>
  String(server.mithril.lastCode(phone)).padStart(6, '0')
const wrong = (): string => String(server.mithril.wrongCode(MITHRIL_USER.phone)).padStart(6, '0')
const verifies = () => server.requests.filter((q) => q.rawBody.includes('authorize_2fa'))

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'tessera-mb-cli-'))
  env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: join(root, 'home'),
    DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/tessera-mb-cli-test',
    TESSERA_DATA_DIR: join(root, 'data'),
    TESSERA_PASSWORD: 'cli-password'
  }
  server = await startRefServer()
  const init = await tessera(
    ['--json', 'init', '--no-keychain', '--password-stdin'],
    'cli-password\n'
  )
  expect(init.code, init.stderr).toBe(0)
})

afterAll(async () => {
  await server.close()
  rmSync(root, { recursive: true, force: true })
})

describe(
  'tessera mithril / barycenter (real processes, reference server)',
  { timeout: 180_000 },
  () => {
    it('mithril: add without a token, sign in, two wrong codes across processes, the last one only with confirmation', async () => {
      const add = await tessera([
        '--json',
        'server',
        'add',
        'ehealth',
        '--type',
        'mithril',
        '--url',
        server.url,
        '--email',
        MITHRIL_USER.email,
        '--client-id',
        MITHRIL_USER.clientId
      ])
      expect(add.code, add.stderr).toBe(0)
      expect(json(add)).toMatchObject({
        type: 'mithril',
        hasToken: false,
        mithril: { scope: 'app:authorize' }
      })

      const noPw = await tessera(['--json', 'mithril', 'sign-in', 'ehealth'])
      expect(noPw.code).toBe(2)
      expect(noPw.stdout + noPw.stderr).toContain('--password-stdin')

      const s = await tessera(
        ['--json', 'mithril', 'sign-in', 'ehealth', '--password-stdin'],
        'password\n'
      )
      expect(s.code, s.stderr).toBe(0)
      expect(json(s)).toMatchObject({ step: 'otp', attemptsLeft: 3, confirmBeforeSubmit: false })

      const bad = await tessera(['--json', 'mithril', 'code', 'ehealth', '12345'])
      expect(bad.code).toBe(2)
      expect(verifies()).toHaveLength(0)

      const w1 = await tessera(['--json', 'mithril', 'code', 'ehealth', wrong()])
      expect(w1.code).toBe(5)
      expect(w1.stdout + w1.stderr).toContain('2 attempts left before your account is blocked')
      const w2 = await tessera(['mithril', 'code', 'ehealth', wrong()])
      expect(w2.code).toBe(5)
      expect(w2.stderr + w2.stdout).toContain('1 attempt left')

      const st = await tessera(['mithril', 'status', 'ehealth'])
      expect(st.stdout).toContain('LAST attempt')
      expect(st.stdout).toContain('--confirm-last-attempt')

      const n = verifies().length
      const refused = await tessera(['--json', 'mithril', 'code', 'ehealth', code()])
      expect(refused.code).toBe(2)
      expect(refused.stdout + refused.stderr).toContain('last attempt')
      expect(verifies()).toHaveLength(n)

      const ok = await tessera([
        '--json',
        'mithril',
        'code',
        'ehealth',
        code(),
        '--confirm-last-attempt'
      ])
      expect(ok.code, ok.stdout + ok.stderr).toBe(0)
      expect(json(ok)).toMatchObject({ step: 'done' })
      expect(server.mithril.users.get(MITHRIL_USER.email)!.blocked).toBe(false)
      const list = await tessera(['server', 'list'])
      expect(list.stdout).toMatch(/ehealth\s+mithril.*\(signed in\)/)
      const vaultText = readFileSync(join(root, 'data', 'vault.json'), 'utf8')
      for (const t of server.mithril.tokens.keys()) {
        expect(vaultText).not.toContain(t)
        expect(ok.stdout + list.stdout).not.toContain(t)
      }
      // No request ever carried the otp as a JSON string.
      for (const q of server.requests) expect(q.rawBody).not.toMatch(/"otp"\s*:\s*"/)
    })

    it('mithril: resend is throttled with the seconds left, and the code sent stays good', async () => {
      const s = await tessera(
        ['--json', 'mithril', 'sign-in', 'ehealth', '--password-stdin'],
        'password\n'
      )
      expect(s.code, s.stderr).toBe(0)
      const r = await tessera(['--json', 'mithril', 'resend', 'ehealth'])
      expect(r.code).toBe(5)
      expect(r.stdout + r.stderr).toMatch(/A new code can be sent in \d+ seconds/)
      const c = await tessera(['--json', 'mithril', 'code', 'ehealth', code()])
      expect(c.code, c.stdout).toBe(0)
    })

    it('barycenter: add warns about plain http and refuses a token; status, enforce resumed after failures, undo', async () => {
      for (let i = 0; i < 30; i++) {
        server.barycenter.addUser({ username: `u${i}`, passkeyCount: i % 3 === 0 ? 0 : 1 })
      }
      const add = await tessera([
        '--json',
        'server',
        'add',
        'idp',
        '--type',
        'barycenter',
        '--url',
        server.url
      ])
      expect(add.code, add.stderr).toBe(0)
      expect(add.stderr).toContain('plain http')
      const tok = await tessera(
        [
          '--json',
          'server',
          'add',
          'idp2',
          '--type',
          'barycenter',
          '--url',
          server.url,
          '--token-stdin'
        ],
        'abc\n'
      )
      expect(tok.code).toBe(2)

      const st = await tessera(['--json', 'barycenter', 'status', 'idp', 'u0', 'u1', 'nobody'])
      expect(st.code, st.stdout).toBe(0)
      expect(JSON.parse(st.stdout)).toEqual([
        expect.objectContaining({ username: 'u0', passkeyCount: 0, requires2fa: false }),
        expect.objectContaining({ username: 'u1', passkeyCount: 1 }),
        expect.objectContaining({ username: 'nobody', error: 'NOT_FOUND' })
      ])

      const file = join(root, 'users.txt')
      writeFileSync(file, Array.from({ length: 30 }, (_, i) => `u${i}`).join('\n'))
      // The server fails from the 11th change on: the run stops part-way with "failed" users.
      server.addFault({ kind: 'status', route: 'barycenter.jobs', status: 503, times: 5 })
      const first = await tessera([
        '--json',
        'barycenter',
        'enforce',
        'idp',
        '--users',
        file,
        '--run',
        'r1'
      ])
      const rep1 = json(first) as { counts: Record<string, number> }
      expect(rep1.counts.failed).toBeGreaterThan(0)
      expect(first.code).toBe(5)
      const again = await tessera([
        '--json',
        'barycenter',
        'enforce',
        'idp',
        '--run',
        'r1',
        '--report',
        join(root, 'r1.csv')
      ])
      expect(again.code, again.stdout).toBe(0)
      const rep = json(again) as { counts: Record<string, number>; results: unknown[] }
      expect(rep.results).toHaveLength(30)
      expect(rep.counts).toMatchObject({ enforced: 20, 'not-ready': 10, failed: 0 })
      // Each eligible user set exactly once over both runs; nobody without a passkey.
      const sets = server.barycenter.mutations.filter((m) => m.required)
      expect(sets).toHaveLength(20)
      expect(new Set(sets.map((m) => m.username)).size).toBe(20)
      expect(readFileSync(join(root, 'r1.csv'), 'utf8').split('\n')[0]).toMatch(/username/)

      const undo = await tessera([
        '--json',
        'barycenter',
        'undo',
        'idp',
        '--run',
        'r1',
        '--only',
        'u1'
      ])
      expect(undo.code, undo.stdout).toBe(0)
      expect(server.barycenter.users.get('u1')!.requires2fa).toBe(false)
      expect(server.barycenter.users.get('u2')!.requires2fa).toBe(true)
    })

    it('mithril and barycenter commands refuse the other types, with where to go', async () => {
      const m = await tessera(['--json', 'barycenter', 'status', 'ehealth', 'u1'])
      expect(m.code).not.toBe(0)
      expect(m.stdout + m.stderr).toContain('not Barycenter')
      const e = await tessera(['--json', 'enroll', 'ehealth'])
      expect(e.code).not.toBe(0)
      expect(e.stdout + e.stderr).toContain('SMS codes')
    })
  }
)
