import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { repoRoot } from '../../helpers/corpora'
import { startRefServer, type RefServer } from '../../../tools/ref-server/server'

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

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'tessera-enroll-cli-'))
  env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: join(root, 'home'),
    DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/tessera-enroll-cli-test',
    TESSERA_DATA_DIR: join(root, 'data'),
    TESSERA_PASSWORD: 'cli-password'
  }
  server = await startRefServer({ password: 'server-pass' })
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

// Each command is a fresh process (a few seconds on a busy machine) and an enrollment may wait
// for the next time step, so these get generous limits.
describe(
  'tessera server / status / enroll / disable (real process, reference server)',
  { timeout: 120_000 },
  () => {
    it('adds servers with the token from stdin, never echoing it', async () => {
      const add = await tessera(
        ['--json', 'server', 'add', 'uc', '--type', 'ucloud', '--url', server.url, '--token-stdin'],
        `${server.token}\n`
      )
      expect(add.code, add.stderr).toBe(0)
      expect(JSON.parse(add.stdout)).toMatchObject({
        name: 'uc',
        type: 'ucloud',
        baseUrl: server.url,
        hasToken: true
      })
      expect(add.stdout).not.toContain(server.token)
      const v = await tessera(
        [
          '--json',
          'server',
          'add',
          'va',
          '--type',
          'vantage',
          '--url',
          server.url,
          '--token-stdin'
        ],
        server.token
      )
      expect(v.code, v.stderr).toBe(0)
      const list = await tessera(['--json', 'server', 'list'])
      expect((JSON.parse(list.stdout) as Array<{ name: string }>).map((s) => s.name)).toEqual([
        'uc',
        'va'
      ])
      expect(list.stdout).not.toContain(server.token)
      // the token is in the vault, not in any plain file
      expect(readFileSync(join(root, 'data', 'vault.json'), 'utf8')).not.toContain(server.token)
    })

    it('refuses plain http to another host (INSECURE_URL, exit 2)', async () => {
      const r = await tessera(
        [
          '--json',
          'server',
          'add',
          'bad',
          '--type',
          'ucloud',
          '--url',
          'http://example.org',
          '--token-stdin'
        ],
        'tok'
      )
      expect(r.code).toBe(2)
      expect(JSON.parse(r.stderr).error.code).toBe('INSECURE_URL')
    })

    it('status, enroll, status again; a second enroll is rejected with exit 5', async () => {
      const before = await tessera(['--json', 'status', 'uc'])
      expect(before.code, before.stderr).toBe(0)
      expect(JSON.parse(before.stdout)).toEqual({ server: 'uc', type: 'ucloud', enrolled: false })

      const en = await tessera(['--json', 'enroll', 'uc', '--label', 'me@ucloud'])
      expect(en.code, en.stderr).toBe(0)
      const acct = JSON.parse(en.stdout) as Record<string, unknown>
      expect(acct).toMatchObject({ label: 'me@ucloud', type: 'totp', status: 'active' })
      expect(acct.notice).toMatch(/Sign in again in your browser to see 2FA on/)
      expect(server.user().ucloud.connected).toBe(true)
      expect(en.stdout).not.toContain(server.user().ucloud.secret!)

      const after = await tessera(['--json', 'status', 'uc'])
      expect(JSON.parse(after.stdout)).toMatchObject({ enrolled: true, method: 'totp' })

      const list = await tessera(['--json', 'list'])
      expect((JSON.parse(list.stdout) as Array<{ id: string }>).map((a) => a.id)).toContain(acct.id)

      const again = await tessera(['--json', 'enroll', 'uc'])
      expect(again.code).toBe(5)
      expect(JSON.parse(again.stderr).error.code).toBe('ALREADY_ENROLLED')
    })

    it('a lost answer leaves an unfinished account in the vault that a later process finishes without resending the code', async () => {
      const user = server.addUser()
      const add = await tessera(
        [
          '--json',
          'server',
          'add',
          'uc2',
          '--type',
          'ucloud',
          '--url',
          server.url,
          '--token-stdin'
        ],
        user.token
      )
      expect(add.code, add.stderr).toBe(0)
      server.addFault({ kind: 'drop', route: 'ucloud.answer' })
      const lost = await tessera(['--json', 'enroll', 'uc2'])
      expect(JSON.parse(lost.stderr).error.code).toBe('AMBIGUOUS')
      expect(lost.code).not.toBe(0)
      const st = await tessera(['status', 'uc2'])
      expect(st.stdout).toMatch(/unfinished enrollment is waiting/)
      const rm = await tessera(['--json', 'server', 'remove', 'uc2'])
      expect(rm.code).toBe(2)
      expect(JSON.parse(rm.stderr).error.message).toMatch(/--finish/)

      const fin = await tessera(['--json', 'enroll', 'uc2', '--finish'])
      expect(fin.code, fin.stderr).toBe(0)
      expect(JSON.parse(fin.stdout)).toMatchObject({ status: 'active', type: 'totp' })
      expect(user.ucloud.connected).toBe(true)
      const sent = server.requests
        .filter((q) => q.path === '/auth/2fa/challenge')
        .slice(-2)
        .map((q) => (JSON.parse(q.rawBody) as { verificationCode: number }).verificationCode)
      expect(sent).toHaveLength(2)
      expect(sent[1]).not.toBe(sent[0])
    })

    it('an unfinished enrollment with a server that is gone can be discarded with --force', async () => {
      const gone = await startRefServer()
      const add = await tessera(
        ['--json', 'server', 'add', 'gone', '--type', 'ucloud', '--url', gone.url, '--token-stdin'],
        gone.token
      )
      expect(add.code, add.stderr).toBe(0)
      gone.addFault({ kind: 'drop', route: 'ucloud.answer' })
      const lost = await tessera(['--json', 'enroll', 'gone'])
      expect(JSON.parse(lost.stderr).error.code).toBe('AMBIGUOUS')
      await gone.close()

      const ask = await tessera(['--json', 'enroll', 'gone', '--discard'])
      expect(ask.code).toBe(4)
      expect(JSON.parse(ask.stderr).error).toMatchObject({
        code: 'NETWORK',
        message: expect.stringMatching(/--discard --force/)
      })
      const forced = await tessera(['--json', 'enroll', 'gone', '--discard', '--force'])
      expect(forced.code, forced.stderr).toBe(0)
      const rm = await tessera(['--json', 'server', 'remove', 'gone'])
      expect(rm.code, rm.stderr).toBe(0)
    })

    it('disable on Vantage takes the password from stdin and archives the account', async () => {
      const en = await tessera(['enroll', 'va'])
      expect(en.code, en.stderr).toBe(0)
      expect(en.stderr).toMatch(/Answering the server/)
      const wrong = await tessera(['--json', 'disable', 'va', '--password-stdin'], 'nope\n')
      expect(wrong.code).toBe(5)
      const ok = await tessera(['--json', 'disable', 'va', '--password-stdin'], 'server-pass\n')
      expect(ok.code, ok.stderr).toBe(0)
      const out = JSON.parse(ok.stdout) as { enrolled: boolean; archived: string[] }
      expect(out.enrolled).toBe(false)
      expect(out.archived).toEqual([en.stdout.trim()])
      expect(server.user().vantage.enabled).toBe(false)
      const audit = readFileSync(join(root, 'data', 'audit', 'audit.jsonl'), 'utf8')
      expect(audit).not.toContain('server-pass')
      expect(audit).not.toContain(server.token)
    })
  }
)
