/**
 * `tessera export --out` never lands on Tessera's own files: the review replaced the vault with
 * plain secrets by naming <data>/vault.json. Paths in the data folder (however spelled) are
 * refused, an existing file needs --force, and a plain export printed to a terminal is warned
 * about.
 */
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../../../src/cli/run'

let root: string
let data: string
let env: Record<string, string>

async function tessera(
  args: string[],
  opts: { input?: string; tty?: boolean } = {}
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = ''
  let stderr = ''
  const stdin = new PassThrough()
  stdin.end(opts.input ?? '')
  const code = await runCli(args, {
    stdin,
    stdout: { write: (s: string) => (stdout += s), ...(opts.tty ? { isTTY: true } : {}) },
    stderr: { write: (s: string) => (stderr += s) },
    env
  })
  return { code, stdout, stderr }
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'tessera-export-target-'))
  data = join(root, 'data')
  env = {
    HOME: join(root, 'home'),
    DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/tessera-export-target',
    TESSERA_DATA_DIR: data,
    TESSERA_PASSWORD: 'export-target-password'
  }
  expect((await tessera(['init', '--no-keychain'])).code).toBe(0)
  const uri = 'otpauth://totp/GitHub:me?secret=JBSWY3DPEHPK3PXP&issuer=GitHub'
  expect((await tessera(['add', '-'], { input: uri })).code).toBe(0)
})
afterAll(() => rmSync(root, { recursive: true, force: true }))

describe('tessera export --out', { timeout: 120_000 }, () => {
  it('refuses every path into the data folder; the vault stays as it was and still opens', async () => {
    const vault = join(data, 'vault.json')
    const before = readFileSync(vault)
    const targets = [
      vault,
      join(data, 'vault.json.bak'),
      join(data, 'new.txt'),
      join(data, '..', 'data', 'x')
    ]
    if (process.platform !== 'win32') {
      symlinkSync(data, join(root, 'data-link'))
      targets.push(join(root, 'data-link', 'vault.json'))
    }
    for (const out of targets) {
      for (const format of ['uris', 'aegis-plain', 'aegis']) {
        // aegis without --password-stdin would ask for a password: the path is checked first.
        const r = await tessera(['export', '--format', format, '--out', out, '--force'])
        expect(r.code, `${format} ${out}`).toBe(2)
        expect(r.stderr).toMatch(/inside Tessera's data folder/)
      }
    }
    expect(readFileSync(vault).equals(before)).toBe(true)
    expect(existsSync(join(data, 'new.txt'))).toBe(false)
    expect((await tessera(['list'])).code).toBe(0)
  })

  it('an existing file is replaced only with --force, and ends up readable by the owner only', async () => {
    const out = join(root, 'export.txt')
    writeFileSync(out, 'keep me', { mode: 0o644 })
    const refused = await tessera(['export', '--format', 'uris', '--out', out])
    expect(refused.code).toBe(2)
    expect(refused.stderr).toMatch(/already exists\. Choose another name, or add --force/)
    expect(readFileSync(out, 'utf8')).toBe('keep me')
    const forced = await tessera(['export', '--format', 'uris', '--out', out, '--force'])
    expect(forced.code).toBe(0)
    expect(readFileSync(out, 'utf8')).toMatch(/^otpauth:\/\/totp\//)
    if (process.platform !== 'win32') expect(statSync(out).mode & 0o777).toBe(0o600)
  })

  it('a new file is created 0600; a link or a folder as --out is refused', async () => {
    const out = join(root, 'fresh.txt')
    expect((await tessera(['export', '--format', 'uris', '--out', out])).code).toBe(0)
    if (process.platform !== 'win32') expect(statSync(out).mode & 0o777).toBe(0o600)
    expect((await tessera(['export', '--format', 'uris', '--out', root, '--force'])).code).toBe(2)
    if (process.platform === 'win32') return
    const victim = join(root, 'victim.txt')
    writeFileSync(victim, 'untouched')
    symlinkSync(victim, join(root, 'link.txt'))
    const r = await tessera([
      'export',
      '--format',
      'uris',
      '--out',
      join(root, 'link.txt'),
      '--force'
    ])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/symbolic link/)
    expect(readFileSync(victim, 'utf8')).toBe('untouched')
  })

  it('a plain export to a terminal warns on stderr; to a pipe it does not', async () => {
    const tty = await tessera(['export', '--format', 'uris'], { tty: true })
    expect(tty.code).toBe(0)
    expect(tty.stderr).toMatch(/every secret is printed below in the clear/)
    expect(tty.stdout).toMatch(/^otpauth:/)
    const piped = await tessera(['export', '--format', 'uris'])
    expect(piped.stderr).toBe('')
  })
})
