/**
 * `tessera add` on the app's AccountsService, against a real vault file in a temp folder: an
 * exact copy of an account already there is refused with exit code 7 (DUPLICATE) and the vault
 * file is left byte for byte as it was; `--allow-duplicate` adds the copy on purpose.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EXIT } from '../../../src/cli/exit-codes'
import { repoRoot } from '../../helpers/corpora'

const CLI = resolve(repoRoot, 'bin/tessera.mjs')
const SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'
const URI = `otpauth://totp/Dup%20Bank:carol?secret=${SECRET}&issuer=Dup%20Bank`

interface Out {
  code: number
  stdout: string
  stderr: string
}

let root: string
let env: Record<string, string>
const vaultFile = () => join(root, 'data', 'vault.json')

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

async function listed(): Promise<{ issuer: string; label: string }[]> {
  const r = await tessera(['--json', 'list'])
  expect(r.code, r.stderr).toBe(0)
  return JSON.parse(r.stdout)
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'tessera-cli-dup-'))
  env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: join(root, 'home'),
    DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/tessera-cli-dup-test',
    TESSERA_DATA_DIR: join(root, 'data'),
    TESSERA_PASSWORD: 'dup-password'
  }
  const init = await tessera(['init', '--no-keychain', '--password-stdin'], 'dup-password\n')
  expect(init.code, init.stderr).toBe(0)
}, 120_000)
afterAll(() => rmSync(root, { recursive: true, force: true }))

describe('tessera add and duplicates (real process, real vault file)', { timeout: 120_000 }, () => {
  it('the first add succeeds', async () => {
    const r = await tessera(['add', URI])
    expect(r.code, r.stderr).toBe(0)
    expect(await listed()).toHaveLength(1)
  })

  it('an exact copy is refused with exit 7, says what to do, and writes nothing', async () => {
    const before = readFileSync(vaultFile())
    const json = await tessera(['--json', 'add', URI])
    expect(json.code).toBe(EXIT.DUPLICATE)
    expect(EXIT.DUPLICATE).toBe(7)
    const error = JSON.parse(json.stderr.trim()).error
    expect(error.code).toBe('DUPLICATE')
    expect(error.message).toContain('Dup Bank · carol is already in Tessera with the same secret')
    expect(error.message).toContain('--allow-duplicate')
    // The same secret written differently (lower case, spaces) is still the same secret.
    const spaced = URI.replace(SECRET, SECRET.toLowerCase().replace(/(.{4})/g, '$1%20'))
    const text = await tessera(['add', spaced])
    expect(text.code).toBe(7)
    expect(text.stderr).toContain('Nothing was added')
    expect(text.stdout).toBe('')
    // Nothing written: the vault file is byte for byte as it was, and the list unchanged.
    expect(readFileSync(vaultFile()).equals(before)).toBe(true)
    expect(await listed()).toHaveLength(1)
  })

  it('--allow-duplicate adds the copy on purpose', async () => {
    const r = await tessera(['--json', 'add', '--allow-duplicate', URI])
    expect(r.code, r.stderr).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject({ issuer: 'Dup Bank', label: 'carol' })
    expect(await listed()).toEqual([
      expect.objectContaining({ issuer: 'Dup Bank', label: 'carol' }),
      expect.objectContaining({ issuer: 'Dup Bank', label: 'carol' })
    ])
  })

  it('the same name with a new secret (a rotated key) is not an exact copy and is added', async () => {
    const rotated = URI.replace(SECRET, 'JBSWY3DPEHPK3PXP')
    const r = await tessera(['add', rotated])
    expect(r.code, r.stderr).toBe(0)
    expect(await listed()).toHaveLength(3)
  })

  it('--help documents the flag and exit code 7', async () => {
    const add = await tessera(['add', '--help'])
    expect(add.code).toBe(0)
    expect(add.stdout).toContain('--allow-duplicate')
    expect(add.stdout).toContain('exit code 7')
    const top = await tessera(['--help'])
    expect(top.stdout).toContain('7 already there')
  })
})
