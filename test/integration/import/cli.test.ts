import {
  chmodSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../../../src/cli/run'
import { corpusPath } from '../../helpers/corpora'

/*
 * `tessera import` and `tessera export` in-process through the real runner, on a password-only
 * vault in a temporary folder (never the developer's keyring: D-Bus points nowhere).
 */

let root: string
let env: Record<string, string>

async function tessera(
  args: string[],
  input = ''
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = ''
  let stderr = ''
  const code = await runCli(args, {
    stdin: Readable.from([input]),
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env
  })
  return { code, stdout, stderr }
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'tessera-import-cli-'))
  env = {
    HOME: join(root, 'home'),
    DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/tessera-import-cli',
    TESSERA_DATA_DIR: join(root, 'data'),
    TESSERA_PASSWORD: 'vault-password'
  }
  const init = await tessera(
    ['--json', 'init', '--no-keychain', '--password-stdin'],
    'vault-password\n'
  )
  expect(init.code, init.stderr).toBe(0)
})
afterAll(() => rmSync(root, { recursive: true, force: true }))

describe('tessera import / export', { timeout: 120_000 }, () => {
  const aegisEncrypted = corpusPath('aegis', 'importers', 'aegis_encrypted.json')

  it('a wrong backup password exits 3 with WRONG_PASSWORD; none on a pipe is PASSWORD_REQUIRED', async () => {
    const wrong = await tessera(['--json', 'import', aegisEncrypted, '--password-stdin'], 'nope\n')
    expect(wrong.code).toBe(3)
    expect(JSON.parse(wrong.stderr).error.code).toBe('WRONG_PASSWORD')
    const none = await tessera(['--json', 'import', aegisEncrypted])
    expect(none.code).toBe(3)
    expect(JSON.parse(none.stderr).error).toMatchObject({
      code: 'PASSWORD_REQUIRED',
      message: expect.stringMatching(/--password-stdin/)
    })
  })

  it('--dry-run reports what would be added and changes nothing', async () => {
    const r = await tessera(
      ['--json', 'import', aegisEncrypted, '--password-stdin', '--dry-run'],
      'test\n'
    )
    expect(r.code, r.stderr).toBe(0)
    expect(JSON.parse(r.stdout)).toEqual({
      format: 'aegis',
      added: 7,
      duplicates: 0,
      failed: [],
      dryRun: true
    })
    const list = await tessera(['--json', 'list'])
    expect(JSON.parse(list.stdout)).toEqual([])
  })

  it('imports the encrypted Aegis file, then a second import finds only duplicates (exit 0)', async () => {
    const r = await tessera(['--json', 'import', aegisEncrypted, '--password-stdin'], 'test\n')
    expect(r.code, r.stderr).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject({ added: 7, duplicates: 0 })
    const list = JSON.parse((await tessera(['--json', 'list'])).stdout) as { issuer: string }[]
    expect(list.map((a) => a.issuer).sort()).toEqual([
      'Air Canada',
      'Airbnb',
      'Boeing',
      'Deno',
      'Issuu',
      'SPDX',
      'WWE'
    ])
    const again = await tessera([
      '--json',
      'import',
      corpusPath('aegis', 'importers', 'andotp_plain.json')
    ])
    expect(again.code).toBe(0)
    expect(JSON.parse(again.stdout)).toMatchObject({ format: 'andotp', added: 0, duplicates: 7 })
  })

  it('unreadable, unknown and out-of-scope files exit 2', async () => {
    const missing = await tessera(['--json', 'import', join(root, 'nope.json')])
    expect(missing.code).toBe(2)
    writeFileSync(join(root, 'junk.txt'), 'hello world\n')
    const junk = await tessera(['--json', 'import', join(root, 'junk.txt')])
    expect(junk.code).toBe(2)
    expect(JSON.parse(junk.stderr).error.code).toBe('IMPORT_FORMAT')
    const authy = await tessera([
      '--json',
      'import',
      corpusPath('aegis', 'importers', 'authy_plain.xml')
    ])
    expect(authy.code).toBe(2)
    expect(JSON.parse(authy.stderr).error).toMatchObject({
      code: 'UNSUPPORTED',
      message: expect.stringMatching(/Authy/)
    })
    const bad = await tessera(['import', aegisEncrypted, '--format', 'keepass'])
    expect(bad.code).toBe(2)
  })

  it('a file whose every entry fails exits 2 and lists each failure', async () => {
    writeFileSync(join(root, 'bad.txt'), 'otpauth://totp/X:y?secret=1111\nnot a link\n')
    const r = await tessera(['--json', 'import', join(root, 'bad.txt')])
    expect(r.code).toBe(2)
    const out = JSON.parse(r.stdout) as { added: number; failed: { name: string }[] }
    expect(out.added).toBe(0)
    expect(out.failed.map((f) => f.name)).toEqual(['line 1', 'line 2'])
  })

  it('a 3 GiB file is refused by its size without reading it (exit 2)', async () => {
    const big = join(root, 'huge.json')
    writeFileSync(big, '')
    truncateSync(big, 3 * 1024 ** 3) // sparse: no disk space used
    const r = await tessera(['--json', 'import', big])
    expect(r.code).toBe(2)
    expect(JSON.parse(r.stderr).error).toMatchObject({
      code: 'IMPORT_FORMAT',
      message: expect.stringMatching(/3072 MiB; authenticator backups are far smaller/)
    })
    rmSync(big)
  })

  it('export --format aegis writes a private encrypted file that imports back to the same accounts', async () => {
    const file = join(root, 'backup.json')
    const r = await tessera(
      ['--json', 'export', '--format', 'aegis', '--out', file, '--password-stdin'],
      'export-pw\n'
    )
    expect(r.code, r.stderr).toBe(0)
    expect(statSync(file).mode & 0o777).toBe(0o600)
    expect(readFileSync(file, 'utf8')).not.toContain('4SJHB4GSD43FZBAI7C2HLRJGPQ')
    const back = await tessera(
      ['--json', 'import', file, '--password-stdin', '--dry-run'],
      'export-pw\n'
    )
    expect(JSON.parse(back.stdout)).toMatchObject({ format: 'aegis', added: 0, duplicates: 7 })
  })

  it('export --out --force over an existing world-readable file leaves it private before any secret is in it', async () => {
    const file = join(root, 'old-notes.txt')
    writeFileSync(file, 'old content that is longer than nothing\n', { mode: 0o644 })
    chmodSync(file, 0o644)
    const r = await tessera(['--json', 'export', '--format', 'uris', '--out', file, '--force'])
    expect(r.code, r.stderr).toBe(0)
    expect(statSync(file).mode & 0o777).toBe(0o600)
    expect(readFileSync(file, 'utf8')).toMatch(/^otpauth:\/\//)
  })

  it('export --out into a folder that does not exist is exit 2 and names the path', async () => {
    const out = join(root, 'no-such-folder', 'x.txt')
    const r = await tessera(['--json', 'export', '--format', 'uris', '--out', out])
    expect(r.code).toBe(2)
    expect(JSON.parse(r.stderr).error.message).toContain(out)
  })

  it('export --format uris prints one otpauth link per account; aegis without a password source is refused', async () => {
    const r = await tessera(['export', '--format', 'uris'])
    expect(r.code).toBe(0)
    const lines = r.stdout.trim().split('\n')
    expect(lines).toHaveLength(7)
    for (const l of lines) expect(l).toMatch(/^otpauth:\/\/(totp|hotp|steam)\//)
    const noPw = await tessera(['--json', 'export', '--format', 'aegis'])
    expect(noPw.code).toBe(3)
    expect((await tessera(['export'])).code).toBe(2)
  })
})
