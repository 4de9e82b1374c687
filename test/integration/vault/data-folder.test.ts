/**
 * The data folder and its files on every open, with real files: a folder others may write to is
 * refused by every command (not only init), and a symbolic link or a pipe in place of the vault,
 * the audit log or the device settings is refused without following it or waiting on it. The
 * outside file a link points to is never written, replaced or chmod-ed.
 */
import { execFileSync } from 'node:child_process'
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { runCli } from '../../../src/cli/run'
import { AuditLog } from '../../../src/main/core/audit/log'
import { loadDeviceSettings } from '../../../src/main/core/device/settings'
import { MemoryKeychain } from '../../helpers/memory-keychain'
import { Vault } from '../../../src/main/core/vault'

const posix = process.platform !== 'win32'
if (!posix) console.log('data-folder tests skipped: symbolic links, FIFOs and modes are POSIX here')

let root: string
let data: string
let env: Record<string, string>

async function tessera(args: string[], input = ''): Promise<{ code: number; stderr: string }> {
  let stderr = ''
  const stdin = new PassThrough()
  stdin.end(input)
  const code = await runCli(args, {
    stdin,
    stdout: { write: () => undefined },
    stderr: { write: (s: string) => (stderr += s) },
    env
  })
  return { code, stderr }
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'tessera-datadir-'))
  data = join(root, 'data')
  env = {
    HOME: join(root, 'home'),
    DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/tessera-datadir-test',
    TESSERA_DATA_DIR: data,
    TESSERA_PASSWORD: 'data-folder-password'
  }
  expect((await tessera(['init', '--no-keychain'])).code).toBe(0)
  const uri = 'otpauth://totp/GitHub:me?secret=JBSWY3DPEHPK3PXP&issuer=GitHub'
  expect((await tessera(['add', '-'], uri)).code).toBe(0)
})
afterAll(() => rmSync(root, { recursive: true, force: true }))
beforeEach(() => {
  if (posix) chmodSync(data, 0o700)
})

describe.skipIf(!posix)('the data folder is checked on every open', { timeout: 120_000 }, () => {
  it('a folder made world-writable after init: list, code and add are IO (exit 3) and write nothing', async () => {
    chmodSync(data, 0o777)
    const before = readFileSync(join(data, 'vault.json'))
    for (const args of [['list'], ['code'], ['add', '-']]) {
      const out = await tessera(args, 'otpauth://totp/X:y?secret=JBSWY3DPEHPK3PXP')
      expect(out.code, args.join(' ')).toBe(3)
      expect(out.stderr).toMatch(/Other users may write to .* \(mode 777\).*chmod go-w/)
    }
    expect(readFileSync(join(data, 'vault.json')).equals(before)).toBe(true)
    // The app asks for the status first: it says the same, without throwing.
    const status = await new Vault({ dataDir: data, keychain: new MemoryKeychain() }).status()
    expect(status.state).toBe('corrupt')
    expect(status.error?.message).toMatch(/Other users may write/)
    chmodSync(data, 0o700)
    expect((await tessera(['list'])).code).toBe(0)
  })

  it('a vault.json that is a link to an outside file: refused, the outside file untouched (content and mode)', async () => {
    const outside = join(root, 'outside.json')
    const real = join(data, 'vault.json')
    const moved = join(root, 'real-vault.json')
    renameSync(real, moved)
    writeFileSync(outside, readFileSync(moved))
    chmodSync(outside, 0o644)
    symlinkSync(outside, real)
    try {
      const before = readFileSync(outside)
      const add = await tessera(['add', '-'], 'otpauth://totp/X:y?secret=JBSWY3DPEHPK3PXP')
      expect(add.code).toBe(3)
      expect(add.stderr).toMatch(/is a symbolic link\. Tessera does not follow links/)
      expect((await tessera(['list'])).code).toBe(3)
      // Unlocked through the API, a save refuses as well.
      const v = new Vault({ dataDir: data, keychain: new MemoryKeychain() })
      await expect(v.unlockWithPassword(env.TESSERA_PASSWORD!)).rejects.toMatchObject({
        code: 'IO'
      })
      expect(readFileSync(outside).equals(before)).toBe(true)
      expect(statSync(outside).mode & 0o777).toBe(0o644)
      expect(lstatSync(real).isSymbolicLink()).toBe(true)
    } finally {
      rmSync(real)
      renameSync(moved, real)
    }
  })

  it('a FIFO named vault.json: every command answers at once (IO), none waits', async () => {
    const real = join(data, 'vault.json')
    const moved = join(root, 'real-vault-2.json')
    renameSync(real, moved)
    execFileSync('mkfifo', [real])
    try {
      for (const args of [['list'], ['code'], ['remove', 'no-such-id']]) {
        const started = performance.now()
        const out = await tessera(args)
        const ms = performance.now() - started
        console.log(
          `tessera ${args.join(' ')} with a FIFO vault.json: exit ${out.code} in ${Math.round(ms)} ms`
        )
        expect(out.code, args.join(' ')).not.toBe(0)
        expect(out.stderr).toMatch(/is not a regular file/)
        expect(ms).toBeLessThan(10_000)
      }
    } finally {
      rmSync(real)
      renameSync(moved, real)
    }
    expect((await tessera(['list'])).code).toBe(0)
  })

  it('a linked audit.jsonl (or audit folder) is refused; the file it points to is never written', async () => {
    const auditDir = join(root, 'audit-a')
    mkdirSync(auditDir, { mode: 0o700 })
    const outside = join(root, 'victim.txt')
    writeFileSync(outside, 'precious\n')
    symlinkSync(outside, join(auditDir, 'audit.jsonl'))
    const log = new AuditLog(auditDir)
    const entry = {
      action: 'enroll' as const,
      serverId: 's',
      serverName: 'S',
      serverType: 'ucloud',
      outcome: 'ok' as const
    }
    await expect(log.append(entry)).rejects.toMatchObject({ code: 'IO' })
    await expect(log.list()).rejects.toMatchObject({
      message: expect.stringMatching(/symbolic link/)
    })
    expect(readFileSync(outside, 'utf8')).toBe('precious\n')

    const elsewhere = join(root, 'elsewhere')
    mkdirSync(elsewhere)
    const linkedDir = join(root, 'audit-b')
    symlinkSync(elsewhere, linkedDir)
    await expect(new AuditLog(linkedDir).append(entry)).rejects.toMatchObject({ code: 'IO' })
    expect(existsSync(join(elsewhere, 'audit.jsonl'))).toBe(false)
  })

  it('a FIFO named device.json does not hang start-up: the defaults are used', () => {
    const dir = join(root, 'device')
    mkdirSync(dir, { mode: 0o700 })
    execFileSync('mkfifo', [join(dir, 'device.json')])
    const started = performance.now()
    const settings = loadDeviceSettings(dir)
    expect(performance.now() - started).toBeLessThan(2_000)
    expect(settings).toBeTypeOf('object')
  })
})
