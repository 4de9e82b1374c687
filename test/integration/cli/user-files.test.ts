import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { runCli } from '../../../src/cli/run'

// Exit codes for files: a file the user named on the command line that is missing, a folder or
// unreadable is their input (exit 2); only Tessera's own files (the data folder, the vault) are
// exit 3, "vault or keychain problem". Runs the CLI in this process on a password-only vault.

let root: string
let data: string
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'tessera-files-'))
  data = join(root, 'data')
})
afterEach(() => rmSync(root, { recursive: true, force: true }))

async function tessera(
  argv: string[],
  input = ''
): Promise<{ code: number; error: { code: string; message: string } | null }> {
  const stdin = new PassThrough()
  stdin.end(input)
  let stderr = ''
  const code = await runCli(['--json', ...argv], {
    stdin,
    stdout: { write: () => undefined },
    stderr: { write: (s: string) => (stderr += s) },
    env: { TESSERA_DATA_DIR: data, TESSERA_PASSWORD: 'pw-long-enough' },
    now: () => 59_000
  })
  const error = stderr.trim()
    ? (JSON.parse(stderr.trim()) as { error: { code: string; message: string } }).error
    : null
  return { code, error }
}

async function init(): Promise<void> {
  const r = await tessera(['init', '--no-keychain', '--password-stdin'], 'pw-long-enough\n')
  expect(r.code, JSON.stringify(r.error)).toBe(0)
}

describe('files the user names exit 2; the vault’s own files exit 3', { timeout: 60_000 }, () => {
  it('import: a missing file and a folder are exit 2 and say which path', async () => {
    await init()
    const folder = join(root, 'a-folder')
    mkdirSync(folder)
    for (const path of [join(root, 'no-such-backup.json'), folder]) {
      const r = await tessera(['import', path])
      expect(r.code, JSON.stringify(r.error)).toBe(2)
      expect(r.error?.message).toContain(path)
    }
  })

  it('export --out: a missing folder and a folder as the file are exit 2', async () => {
    await init()
    const folder = join(root, 'a-folder')
    mkdirSync(folder)
    for (const out of [join(root, 'missing', 'out.txt'), folder]) {
      const r = await tessera(['export', '--format', 'uris', '--out', out])
      expect(r.code, JSON.stringify(r.error)).toBe(2)
      expect(r.error?.message).toContain(out)
    }
  })

  it('scan: a missing image and a folder are exit 2, with --dry-run and against the vault', async () => {
    await init()
    const folder = join(root, 'a-folder')
    mkdirSync(folder)
    for (const path of [join(root, 'no-such.png'), folder]) {
      for (const extra of [['--dry-run'], []]) {
        const r = await tessera(['scan', ...extra, path])
        expect(r.code, JSON.stringify(r.error)).toBe(2)
      }
    }
  })

  it('a device or a pipe (size 0, endless) is refused at once with exit 2 (import and scan)', async () => {
    if (process.platform === 'win32') return console.info('skipped: no /dev/zero on Windows')
    await init()
    for (const argv of [
      ['import', '/dev/zero'],
      ['scan', '--dry-run', '/dev/zero'],
      ['scan', '/dev/zero']
    ]) {
      const r = await tessera(argv)
      expect(r.code, JSON.stringify(r.error)).toBe(2)
      expect(r.error?.message).toContain('not a regular file')
    }
  })

  it('a file the user may not read is exit 2 (import and scan)', async () => {
    if (process.platform === 'win32' || process.getuid?.() === 0) {
      console.info('skipped: root (or Windows) can read a file with mode 000')
      return
    }
    await init()
    const secret = join(root, 'locked.json')
    writeFileSync(secret, '{}')
    chmodSync(secret, 0o000)
    expect((await tessera(['import', secret])).code).toBe(2)
    expect((await tessera(['scan', '--dry-run', secret])).code).toBe(2)
  })

  it('the data folder being a file, or writable by others, is IO and exit 3', async () => {
    writeFileSync(data, 'not a folder')
    const asFile = await tessera(['init', '--no-keychain', '--password-stdin'], 'pw-long-enough\n')
    expect(asFile.code).toBe(3)
    expect(asFile.error?.code).toBe('IO')
    rmSync(data)
    mkdirSync(data)
    chmodSync(data, 0o777)
    if (process.platform === 'win32') return console.info('skipped: no POSIX folder modes')
    const shared = await tessera(['init', '--no-keychain', '--password-stdin'], 'pw-long-enough\n')
    expect(shared.code).toBe(3)
    expect(shared.error?.code).toBe('IO')
    expect(shared.error?.message).toContain('chmod go-w')
  })
})
