import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { repoRoot } from '../../helpers/corpora'
import { totp } from '../../e2e/harness/independent-otp'

const CLI = resolve(repoRoot, 'bin/tessera.mjs')
// RFC 4226 / RFC 6238 test key "12345678901234567890"
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

interface Out {
  code: number
  stdout: string
  stderr: string
}

let root: string
/** Never the developer's keyring: D-Bus points nowhere, HOME is a temp folder. */
let baseEnv: Record<string, string>

function tessera(
  args: string[],
  opts: { env?: Record<string, string>; input?: string } = {}
): Promise<Out> {
  return new Promise((done) => {
    const child = execFile(
      process.execPath,
      [CLI, ...args],
      { cwd: repoRoot, env: { ...baseEnv, ...opts.env }, timeout: 60_000 },
      (err, stdout, stderr) => {
        const code = err ? ((err as { code?: unknown }).code as number) : 0
        done({ code: typeof code === 'number' ? code : -1, stdout, stderr })
      }
    )
    child.stdin!.end(opts.input ?? '')
  })
}

function jsonError(out: Out): { code: string; message: string } {
  const parsed = JSON.parse(out.stderr.trim()) as { error: { code: string; message: string } }
  expect(Object.keys(parsed)).toEqual(['error'])
  expect(Object.keys(parsed.error).sort()).toEqual(['code', 'message'])
  return parsed.error
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'tessera-cli-'))
  baseEnv = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: join(root, 'home'),
    DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/tessera-cli-test',
    TESSERA_DATA_DIR: join(root, 'data'),
    TESSERA_PASSWORD: 'cli-password'
  }
})
afterAll(() => rmSync(root, { recursive: true, force: true }))

describe('tessera CLI (real process)', { timeout: 120_000 }, () => {
  it('--help for the program and for every command', async () => {
    const top = await tessera(['--help'])
    expect(top.code).toBe(0)
    for (const c of ['init', 'add', 'list', 'code', 'remove'])
      expect(top.stdout).toContain(`  ${c}`)
    expect(top.stdout).toMatch(
      /0 ok, 1 usage, 2 invalid input, 3 vault or keychain problem, 4 network/
    )
    for (const [c, flag] of [
      ['init', '--no-keychain'],
      ['add', '<otpauth-uri>'],
      ['list', 'list'],
      ['code', '--at <unix-seconds>'],
      ['remove', '<id>']
    ]) {
      const h = await tessera([c!, '--help'])
      expect(h.code).toBe(0)
      expect(h.stdout).toContain(`tessera [--data-dir DIR] [--json] ${c}`)
      expect(h.stdout).toContain(flag)
    }
  })

  it('usage errors exit 1: no command, unknown command, unknown flag, wrong argument count', async () => {
    expect((await tessera([])).code).toBe(1)
    const unknown = await tessera(['--json', 'frobnicate'])
    expect(unknown.code).toBe(1)
    expect(jsonError(unknown).message).toContain('frobnicate')
    expect((await tessera(['list', '--bogus'])).code).toBe(1)
    const args = await tessera(['remove'])
    expect(args.code).toBe(1)
    expect(args.stderr).toMatch(/^tessera: /)
  })

  it('a missing vault is VAULT_MISSING (exit 3) and says to run init', async () => {
    const r = await tessera(['--json', 'list'])
    expect(r.code).toBe(3)
    const e = jsonError(r)
    expect(e.code).toBe('VAULT_MISSING')
    expect(e.message).toContain('tessera init')
  })

  it('init --no-keychain without any password source is PASSWORD_REQUIRED and creates nothing', async () => {
    const r = await tessera(['--json', 'init', '--no-keychain'], { env: { TESSERA_PASSWORD: '' } })
    expect(r.code).toBe(3)
    expect(jsonError(r).code).toBe('PASSWORD_REQUIRED')
    expect((await tessera(['--json', 'list'])).code).toBe(3)
  })

  it('init --no-keychain --password-stdin creates a private password-only vault; a second init is VAULT_EXISTS', async () => {
    const r = await tessera(['--json', 'init', '--no-keychain', '--password-stdin'], {
      input: 'cli-password\n'
    })
    expect(r.code, r.stderr).toBe(0)
    const out = JSON.parse(r.stdout)
    expect(out.slots).toEqual(['password'])
    expect(out.path).toBe(join(root, 'data', 'vault.json'))
    expect(statSync(out.path).mode & 0o777).toBe(0o600)
    expect(statSync(join(root, 'data')).mode & 0o777).toBe(0o700)
    const again = await tessera(['--json', 'init', '--no-keychain', '--password-stdin'], {
      input: 'another-password\n'
    })
    expect(again.code).toBe(3)
    expect(jsonError(again).code).toBe('VAULT_EXISTS')
  })

  let totpId = ''
  let hotpId = ''
  it('add prints the new id; list shows it with the documented JSON fields', async () => {
    const t = await tessera([
      'add',
      `otpauth://totp/RFC%20Bank:alice@example.com?secret=${RFC_SECRET}&issuer=RFC%20Bank&digits=8`
    ])
    expect(t.code, t.stderr).toBe(0)
    totpId = t.stdout.trim()
    expect(totpId).toMatch(UUID)
    const h = await tessera([
      '--json',
      'add',
      `otpauth://hotp/Counter%20Co:bob?secret=${RFC_SECRET}&counter=0`
    ])
    expect(h.code, h.stderr).toBe(0)
    hotpId = JSON.parse(h.stdout).id
    const list = await tessera(['--json', 'list'])
    expect(list.code).toBe(0)
    expect(JSON.parse(list.stdout)).toEqual([
      {
        id: totpId,
        issuer: 'RFC Bank',
        label: 'alice@example.com',
        type: 'totp',
        algorithm: 'SHA1',
        digits: 8,
        period: 30,
        counter: 0
      },
      {
        id: hotpId,
        issuer: 'Counter Co',
        label: 'bob',
        type: 'hotp',
        algorithm: 'SHA1',
        digits: 6,
        period: 30,
        counter: 0
      }
    ])
    expect(readFileSync(join(root, 'data', 'vault.json'), 'utf8')).not.toContain(RFC_SECRET)
  })

  it('a bad URI is INVALID_URI (exit 2) and changes nothing', async () => {
    const before = readFileSync(join(root, 'data', 'vault.json'))
    const r = await tessera(['--json', 'add', 'otpauth://totp/x?secret=not*base32'])
    expect(r.code).toBe(2)
    expect(jsonError(r).code).toBe('INVALID_URI')
    expect(readFileSync(join(root, 'data', 'vault.json')).equals(before)).toBe(true)
  })

  it('code --at gives the RFC 6238 value and seconds remaining; <query> matches case-insensitively', async () => {
    const r = await tessera(['--json', 'code', 'rfc bank', '--at', '59'])
    expect(r.code, r.stderr).toBe(0)
    expect(JSON.parse(r.stdout)).toEqual([
      { id: totpId, issuer: 'RFC Bank', label: 'alice@example.com', code: '94287082', remaining: 1 }
    ])
    const byLabel = await tessera(['--json', 'code', 'ALICE', '--at', '1111111109'])
    expect(JSON.parse(byLabel.stdout)[0].code).toBe('07081804')
    const text = await tessera(['code', 'alice', '--at', '59'])
    expect(text.stdout).toContain('94287082')
    const none = await tessera(['--json', 'code', 'nobody-matches'])
    expect(none.code).toBe(2)
    expect(jsonError(none).code).toBe('NOT_FOUND')
    const badAt = await tessera(['--json', 'code', '--at', 'yesterday'])
    expect(badAt.code).toBe(2)
    expect(jsonError(badAt).code).toBe('INVALID_INPUT')
  })

  it('code follows the app’s clock correction (device.json), and --at is taken as it is', async () => {
    const device = join(root, 'data', 'device.json')
    const offsetMs = 10 * 60_000
    writeFileSync(
      device,
      JSON.stringify({
        clock: {
          correct: true,
          last: { offsetMs, measuredAt: Date.now(), used: 2, uncertaintyMs: 300 }
        }
      })
    )
    try {
      const before = Date.now()
      const r = await tessera(['--json', 'code', 'rfc bank'])
      const after = Date.now()
      expect(r.code, r.stderr).toBe(0)
      const code = JSON.parse(r.stdout)[0].code as string
      const at = (t: number) => totp(RFC_SECRET, t, 30, 8)
      expect([at(before + offsetMs), at(after + offsetMs)]).toContain(code)
      expect([at(before), at(after)]).not.toContain(code)
      const fixed = await tessera(['--json', 'code', 'rfc bank', '--at', '59'])
      expect(JSON.parse(fixed.stdout)[0].code).toBe('94287082')
    } finally {
      rmSync(device, { force: true })
    }
  })

  it('HOTP code advances the counter and saves it (RFC 4226 values)', async () => {
    const first = await tessera(['--json', 'code', 'counter co'])
    const second = await tessera(['--json', 'code', 'counter co'])
    expect(JSON.parse(first.stdout)).toEqual([
      { id: hotpId, issuer: 'Counter Co', label: 'bob', code: '755224', remaining: null }
    ])
    expect(JSON.parse(second.stdout)[0].code).toBe('287082')
    const list = JSON.parse((await tessera(['--json', 'list'])).stdout) as Array<{
      id: string
      counter: number
    }>
    expect(list.find((a) => a.id === hotpId)?.counter).toBe(2)
  })

  it('a wrong TESSERA_PASSWORD is WRONG_PASSWORD (exit 3); no password and no terminal is PASSWORD_REQUIRED', async () => {
    const wrong = await tessera(['--json', 'list'], { env: { TESSERA_PASSWORD: 'nope' } })
    expect(wrong.code).toBe(3)
    expect(jsonError(wrong).code).toBe('WRONG_PASSWORD')
    const env = { ...baseEnv }
    delete (env as Partial<typeof env>).TESSERA_PASSWORD
    const none = await new Promise<Out>((done) => {
      const c = execFile(
        process.execPath,
        [CLI, '--json', 'list'],
        { cwd: repoRoot, env },
        (err, stdout, stderr) =>
          done({ code: err ? ((err as { code?: number }).code ?? -1) : 0, stdout, stderr })
      )
      c.stdin!.end()
    })
    expect(none.code).toBe(3)
    expect(jsonError(none).code).toBe('PASSWORD_REQUIRED')
  })

  it('asks for the password on a terminal without echoing it (util-linux script gives it a pty)', async () => {
    const env = { ...baseEnv }
    delete (env as Partial<typeof env>).TESSERA_PASSWORD
    const { spawn } = await import('node:child_process')
    const out = await new Promise<{ code: number | null; text: string }>((done) => {
      const child = spawn(
        'script',
        ['-qec', `"${process.execPath}" "${CLI}" --json list`, '/dev/null'],
        {
          cwd: repoRoot,
          env
        }
      )
      let text = ''
      let sent = false
      child.stdout.on('data', (d: Buffer) => {
        text += d.toString()
        if (!sent && text.includes('Vault password: ')) {
          sent = true
          child.stdin.write('cli-password\r')
        }
      })
      child.on('exit', (code) => done({ code, text }))
    })
    expect(out.code, out.text).toBe(0)
    expect(out.text).toContain('Vault password: ')
    expect(out.text).not.toContain('cli-password')
    expect(out.text).toMatch(/\[\{"id":/)
  })

  it('remove deletes by id; an unknown id is NOT_FOUND (exit 2)', async () => {
    const r = await tessera(['remove', hotpId])
    expect(r.code, r.stderr).toBe(0)
    const again = await tessera(['--json', 'remove', hotpId])
    expect(again.code).toBe(2)
    expect(jsonError(again).code).toBe('NOT_FOUND')
    const list = JSON.parse((await tessera(['--json', 'list'])).stdout) as Array<{ id: string }>
    expect(list.map((a) => a.id)).toEqual([totpId])
  })

  it('a corrupt vault file is VAULT_CORRUPT (exit 3), names the backup and is left as it was', async () => {
    const path = join(root, 'data', 'vault.json')
    const env = JSON.parse(readFileSync(path, 'utf8'))
    env.ciphertext = Buffer.from('definitely not the real ciphertext').toString('base64')
    writeFileSync(path, JSON.stringify(env))
    const damaged = readFileSync(path)
    for (const args of [
      ['--json', 'list'],
      ['--json', 'add', `otpauth://totp/x?secret=${RFC_SECRET}`]
    ]) {
      const r = await tessera(args)
      expect(r.code).toBe(3)
      const e = jsonError(r)
      expect(e.code).toBe('VAULT_CORRUPT')
      expect(e.message).toContain(join(root, 'data', 'vault.json.bak'))
    }
    expect(readFileSync(path).equals(damaged)).toBe(true)
    writeFileSync(path, 'garbage')
    const r = await tessera(['--json', 'code'])
    expect(r.code).toBe(3)
    expect(jsonError(r).code).toBe('VAULT_CORRUPT')
    expect(readFileSync(path, 'utf8')).toBe('garbage')
  })

  it('--data-dir wins over TESSERA_DATA_DIR', async () => {
    const other = join(root, 'other')
    const r = await tessera(
      ['--data-dir', other, '--json', 'init', '--no-keychain', '--password-stdin'],
      { input: 'pw2-long-enough' }
    )
    expect(r.code, r.stderr).toBe(0)
    expect(JSON.parse(r.stdout).path).toBe(join(other, 'vault.json'))
    const list = await tessera(['--json', 'list', '--data-dir', other], {
      env: { TESSERA_PASSWORD: 'pw2-long-enough' }
    })
    expect(list.code, list.stderr).toBe(0)
    expect(JSON.parse(list.stdout)).toEqual([])
  })
})
