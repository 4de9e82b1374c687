/**
 * `tessera` under managed policies, as a real process: `tessera export` refuses with exit code 6
 * (POLICY_FORBIDDEN, the policy and whom to ask in the message) and writes nothing; under
 * ExportMode=encryptedOnly only the encrypted export works; `tessera policy --json` prints the
 * snapshot; a policy file others may write is ignored and `tessera policy` says so.
 *
 * The policy file lives in a root-owned temporary folder named by TESSERA_POLICY_FILE (see
 * src/main/core/policy/platform.ts for why that variable cannot loosen anything).
 */
import { execFile } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EXIT } from '../../../src/cli/exit-codes'
import type { PolicySnapshotView } from '../../../src/shared/policy'
import { repoRoot } from '../../helpers/corpora'

const CLI = resolve(repoRoot, 'bin/tessera.mjs')
const isRoot = process.platform !== 'win32' && process.getuid?.() === 0
if (!isRoot) {
  console.warn(
    '[tessera under policy] skipped: the policy file must be owned by root (CI runs as root).'
  )
}

interface Out {
  code: number
  stdout: string
  stderr: string
}

let root: string
let policyFile: string
let env: Record<string, string>

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

function setPolicy(policy: Record<string, unknown>, mode = 0o644): void {
  writeFileSync(policyFile, JSON.stringify(policy))
  chmodSync(policyFile, mode)
}

describe.skipIf(!isRoot)('tessera under managed policies', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'tessera-policy-cli-'))
    chmodSync(root, 0o755)
    mkdirSync(join(root, 'etc'), { mode: 0o755 })
    policyFile = join(root, 'etc', 'policy.json')
    env = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: join(root, 'home'),
      DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/tessera-policy-cli',
      TESSERA_DATA_DIR: join(root, 'data'),
      TESSERA_PASSWORD: 'cli-password',
      TESSERA_POLICY_FILE: policyFile
    }
    expect((await tessera(['init', '--no-keychain'])).code).toBe(0)
    const add = await tessera([
      'add',
      'otpauth://totp/Corp:ada?secret=JBSWY3DPEHPK3PXP&issuer=Corp'
    ])
    expect(add.code, add.stderr).toBe(0)
  })
  afterAll(() => rmSync(root, { recursive: true, force: true }))

  it('ExportMode=disabled: export exits 6 with the policy and the contact, and writes nothing', async () => {
    setPolicy({ ExportMode: 'disabled', AdminContactName: 'IT Service Desk' })
    const out = join(root, 'export.txt')
    for (const format of ['aegis-plain']) {
      const r = await tessera(['export', '--format', format, '--out', out])
      expect(r.code).toBe(EXIT.POLICY)
      expect(r.code).toBe(6)
      expect(r.stderr).toContain('Your organization does not allow exporting accounts from Tessera')
      expect(r.stderr).toContain('policy ExportMode, set in the policy file')
      expect(r.stderr).toContain('Ask IT Service Desk if you need it.')
      expect(r.stdout).toBe('')
      expect(existsSync(out)).toBe(false)
    }
    // To stdout: nothing on stdout either.
    const toStdout = await tessera(['--json', 'export', '--format', 'uris'])
    expect(toStdout.code).toBe(6)
    expect(toStdout.stdout).toBe('')
    expect(JSON.parse(toStdout.stderr)).toEqual({
      error: { code: 'POLICY_FORBIDDEN', message: expect.stringContaining('ExportMode') as string }
    })
    // The encrypted export is refused before its password is even read.
    const enc = await tessera(
      ['export', '--format', 'aegis', '--password-stdin', '--out', out],
      'pw12345678'
    )
    expect(enc.code).toBe(6)
    expect(existsSync(out)).toBe(false)
  })

  it('ExportMode=encryptedOnly: plain formats exit 6, the encrypted export works', async () => {
    setPolicy({ ExportMode: 'encryptedOnly' })
    const plain = join(root, 'plain.txt')
    const r = await tessera(['export', '--format', 'uris', '--out', plain])
    expect(r.code).toBe(6)
    expect(r.stderr).toContain('only password-protected export files')
    expect(existsSync(plain)).toBe(false)
    const enc = join(root, 'enc.json')
    const ok = await tessera(
      ['export', '--format', 'aegis', '--password-stdin', '--out', enc],
      'pw12345678'
    )
    expect(ok.code, ok.stderr).toBe(0)
    expect(existsSync(enc)).toBe(true)
  })

  it('tessera policy --json prints the snapshot: values, entries with source, warnings', async () => {
    setPolicy({ ExportMode: 'disabled', AutoLockMaxMinutes: 9000, Future: true })
    const r = await tessera(['--json', 'policy'])
    expect(r.code, r.stderr).toBe(0)
    const s = JSON.parse(r.stdout) as PolicySnapshotView
    expect(s.managed).toBe(true)
    expect(s.values.ExportMode).toBe('disabled')
    expect(s.values.AutoLockMaxMinutes).toBe(5)
    expect(s.entries.map((e) => [e.name, e.source, e.location, e.status])).toEqual([
      ['AutoLockMaxMinutes', 'file', policyFile, 'invalid'],
      ['ExportMode', 'file', policyFile, 'applied']
    ])
    expect(s.warnings.map((w) => [w.code, w.policy])).toEqual([
      ['unknown-policy', 'Future'],
      ['invalid-value', 'AutoLockMaxMinutes']
    ])
    expect(s.sources).toContainEqual({ source: 'file', location: policyFile, status: 'read' })

    const text = await tessera(['policy'])
    expect(text.stdout).toContain('Managed by your organization: 2 policies in force.')
    expect(text.stdout).toMatch(/ExportMode\s+disabled\s+Policy file: /)
    expect(text.stdout).toContain('9000 is outside 1 to 1440 minutes')
  })

  it('a group-writable policy file is ignored: the warning is shown and export is not refused', async () => {
    setPolicy({ ExportMode: 'disabled' }, 0o664)
    const r = await tessera(['policy'])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('No managed policies are in force')
    expect(r.stdout).toContain(
      'can be changed by users other than root (mode 0664), so Tessera ignores it'
    )
    const out = join(root, 'allowed.txt')
    const ex = await tessera(['export', '--format', 'uris', '--out', out])
    expect(ex.code, ex.stderr).toBe(0)
  })
  it(
    'tessera server obeys EnrollmentServers and AllowUserAddedServers like the app',
    { timeout: 240_000 },
    async () => {
      const preset = { name: 'Campus', type: 'ucloud', url: 'https://2fa.example.edu' }
      setPolicy({})
      const mine = await tessera(
        [
          'server',
          'add',
          'Mine',
          '--type',
          'ucloud',
          '--url',
          'https://mine.example',
          '--token-stdin'
        ],
        'my-token'
      )
      expect(mine.code, mine.stderr).toBe(0)
      setPolicy({
        EnrollmentServers: [preset],
        AllowUserAddedServers: false,
        AdminContactName: 'IT Service Desk'
      })
      const listed = await tessera(['--json', 'server', 'list'])
      expect(listed.code, listed.stderr).toBe(0)
      const rows = JSON.parse(listed.stdout) as Array<Record<string, unknown>>
      expect(rows.map((r) => [r.name, r.managed === true, r.hasToken])).toEqual([
        ['Campus', true, false],
        ['Mine', false, true]
      ])
      const text = await tessera(['server', 'list'])
      expect(text.stdout).toMatch(
        /Campus\s+ucloud\s+https:\/\/2fa\.example\.edu\s+\(managed, no token yet\)/
      )

      // The preset cannot be removed or moved: exit 6, with the policy and whom to ask.
      const rm = await tessera(['server', 'remove', 'Campus'])
      expect(rm.code).toBe(EXIT.POLICY)
      expect(rm.stderr).toContain('"Campus" was set up by your organization and cannot be removed')
      expect(rm.stderr).toContain('policy EnrollmentServers, set in the policy file')
      expect(rm.stderr).toContain('Ask IT Service Desk')
      const move = await tessera(['server', 'edit', 'Campus', '--url', 'https://evil.example'])
      expect(move.code).toBe(EXIT.POLICY)
      expect(move.stderr).toContain('its name, type and address cannot be changed')

      // Its token is the user's: edit --token-stdin stores it, and the row stays managed.
      const tok = await tessera(['server', 'edit', 'Campus', '--token-stdin'], 'campus-token')
      expect(tok.code, tok.stderr).toBe(0)
      const after = JSON.parse((await tessera(['--json', 'server', 'list'])).stdout) as Array<
        Record<string, unknown>
      >
      expect(after.find((r) => r.name === 'Campus')).toMatchObject({
        managed: true,
        hasToken: true,
        baseUrl: preset.url
      })
      expect(String(after.find((r) => r.name === 'Campus')?.id)).not.toMatch(/^managed:/)
      expect((await tessera(['server', 'remove', 'Campus'])).code).toBe(EXIT.POLICY)

      // The user's own server cannot be edited while only IT's servers are allowed; nor a new one
      // added. Removing one's own loosens nothing and still works.
      const edit = await tessera(['server', 'edit', 'Mine', '--url', 'https://mine2.example'])
      expect(edit.code).toBe(EXIT.POLICY)
      expect(edit.stderr).toContain('policy AllowUserAddedServers')
      const unchanged = JSON.parse((await tessera(['--json', 'server', 'list'])).stdout) as Array<
        Record<string, unknown>
      >
      expect(unchanged.find((r) => r.name === 'Mine')?.baseUrl).toBe('https://mine.example')
      const gone = await tessera(['server', 'remove', 'Mine'])
      expect(gone.code, gone.stderr).toBe(0)
      setPolicy({})
      const free = JSON.parse((await tessera(['--json', 'server', 'list'])).stdout) as Array<
        Record<string, unknown>
      >
      // Without the policy the stored profile is an ordinary server again.
      expect(free.map((r) => [r.name, r.managed === true])).toEqual([['Campus', false]])
      expect((await tessera(['server', 'remove', 'Campus'])).code).toBe(0)
    }
  )

  it('add, import, server add and init obey their policies with exit 6, changing nothing', async () => {
    const uri = 'otpauth://totp/Corp:bob?secret=KRSXG5CTMVRXEZLU&issuer=Corp'
    setPolicy({ AllowManualEntry: false, AdminContactName: 'IT Service Desk' })
    const add = await tessera(['add', uri])
    expect(add.code).toBe(EXIT.POLICY)
    expect(add.stderr).toContain('policy AllowManualEntry, set in the policy file')

    const list = join(root, 'uris.txt')
    writeFileSync(list, `${uri}\n`)
    setPolicy({ AllowedImportSources: ['aegis'] })
    const imp = await tessera(['import', list])
    expect(imp.code).toBe(EXIT.POLICY)
    expect(imp.stderr).toContain('does not allow importing from otpauth URI list')

    setPolicy({ AllowUserAddedServers: false })
    const srv = await tessera(
      [
        'server',
        'add',
        'Mine',
        '--type',
        'ucloud',
        '--url',
        'https://2fa.example',
        '--token-stdin'
      ],
      'tok'
    )
    expect(srv.code).toBe(EXIT.POLICY)
    expect(srv.stderr).toContain('policy AllowUserAddedServers')

    setPolicy({})
    const codes = await tessera(['--json', 'list'])
    expect(codes.code, codes.stderr).toBe(0)
    expect(JSON.stringify(JSON.parse(codes.stdout))).not.toContain('bob')

    // RequireAppLock and PasswordMinLength at init, in a data folder of its own.
    setPolicy({ RequireAppLock: true, PasswordMinLength: 14 })
    const fresh = { ...env, TESSERA_DATA_DIR: join(root, 'data-2') }
    const initEnv = env
    env = fresh
    try {
      const short = await tessera(['init', '--password-stdin'], 'only-12-chars')
      expect(short.code).toBe(EXIT.POLICY)
      expect(short.stderr).toContain('at least 14 characters')
      expect(existsSync(join(root, 'data-2', 'vault.json'))).toBe(false)
      const ok = await tessera(['init', '--no-keychain', '--password-stdin'], 'fourteen chars!')
      expect(ok.code, ok.stderr).toBe(0)
    } finally {
      env = initEnv
    }
  })
})
