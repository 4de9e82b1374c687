/**
 * Automatic encrypted backups with real files: the newest N are kept and the rest pruned (other
 * files untouched), changes are debounced into one backup, a backup restores through the
 * ordinary Aegis import, a folder that cannot be written is reported (never thrown at the
 * caller), the data folder is refused, and `tessera backup setup|now|list|off` works end to end.
 */
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../../../src/cli/run'
import {
  AutoBackup,
  listBackups,
  writeBackup,
  type BackupConfig,
  type BackupStatus
} from '../../../src/main/core/backup'
import { importFile } from '../../../src/main/core/import'
import type { NewAccount } from '../../../src/shared/model'

let root: string
let data: string

const accounts: NewAccount[] = [
  {
    issuer: 'GitHub',
    label: 'me@example.com',
    otp: {
      type: 'totp',
      secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
      counter: 0
    },
    tags: ['work']
  },
  {
    issuer: 'Bank',
    label: 'ada',
    otp: {
      type: 'hotp',
      secret: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ',
      algorithm: 'SHA256',
      digits: 8,
      period: 30,
      counter: 42
    }
  }
]

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'tessera-backups-'))
  data = join(root, 'data')
  mkdirSync(data, { mode: 0o700 })
})
afterAll(() => rmSync(root, { recursive: true, force: true }))

function folder(name: string): string {
  const dir = join(root, name)
  mkdirSync(dir, { recursive: true })
  return dir
}

describe('writeBackup and pruning', { timeout: 120_000 }, () => {
  it('keeps the newest N encrypted backups, prunes the oldest, leaves other files alone', async () => {
    const dir = folder('keep3')
    writeFileSync(join(dir, 'notes.txt'), 'mine')
    writeFileSync(join(dir, 'tessera-backup-notes.json'), 'not a backup name')
    const config: BackupConfig = { folder: dir, keep: 3, password: 'backup-pass' }
    const t0 = Date.UTC(2026, 11, 3, 12, 0, 0)
    const written: string[] = []
    for (let i = 0; i < 5; i++) {
      const f = await writeBackup(accounts, config, { dataDir: data, now: () => t0 + i * 60_000 })
      written.push(f.name)
      expect(statSync(f.path).mode & 0o777).toBe(0o600)
    }
    const kept = await listBackups(dir)
    expect(kept.map((b) => b.name)).toEqual(written.slice(2).reverse())
    expect(kept[0]!.at).toBe(t0 + 4 * 60_000)
    expect(readdirSync(dir).sort()).toEqual(
      [...written.slice(2), 'notes.txt', 'tessera-backup-notes.json'].sort()
    )
    // No temp files left behind.
    expect(readdirSync(dir).filter((n) => n.includes('.tmp-'))).toEqual([])
  })

  it('two backups in the same millisecond get distinct names', async () => {
    const dir = folder('same-ms')
    const config: BackupConfig = { folder: dir, keep: 5, password: 'p' }
    const now = () => Date.UTC(2026, 0, 1)
    const a = await writeBackup(accounts, config, { dataDir: data, now })
    const b = await writeBackup(accounts, config, { dataDir: data, now })
    expect(a.name).not.toBe(b.name)
    expect((await listBackups(dir)).length).toBe(2)
  })

  it('restores through the Aegis import with its password: every account round-trips', async () => {
    const dir = folder('restore')
    const f = await writeBackup(
      accounts,
      { folder: dir, keep: 2, password: 'restore-me' },
      {
        dataDir: data
      }
    )
    const bytes = readFileSync(f.path)
    expect(bytes.toString('utf8')).not.toContain('JBSWY3DPEHPK3PXP')
    await expect(importFile(bytes)).rejects.toMatchObject({ code: 'PASSWORD_REQUIRED' })
    await expect(importFile(bytes, { password: 'wrong' })).rejects.toMatchObject({
      code: 'WRONG_PASSWORD'
    })
    const result = await importFile(bytes, { password: 'restore-me' })
    expect(result.format).toBe('aegis')
    expect(result.failed).toEqual([])
    expect(result.accounts.map((a) => ({ issuer: a.issuer, label: a.label, otp: a.otp }))).toEqual(
      accounts.map((a) => ({ issuer: a.issuer, label: a.label, otp: a.otp }))
    )
    expect(result.accounts[0]!.tags).toEqual(['work'])
  })

  it('refuses the data folder, a missing folder and a file named as the folder', async () => {
    await expect(
      writeBackup(accounts, { folder: data, keep: 2, password: 'p' }, { dataDir: data })
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    await expect(
      writeBackup(
        accounts,
        { folder: join(root, 'nope'), keep: 2, password: 'p' },
        {
          dataDir: data
        }
      )
    ).rejects.toMatchObject({ code: 'IO', message: expect.stringContaining('does not exist') })
    writeFileSync(join(root, 'a-file'), '')
    await expect(
      writeBackup(
        accounts,
        { folder: join(root, 'a-file'), keep: 2, password: 'p' },
        {
          dataDir: data
        }
      )
    ).rejects.toMatchObject({ code: 'IO', message: expect.stringContaining('not a folder') })
    await expect(
      writeBackup(accounts, { folder: folder('k0'), keep: 0, password: 'p' }, { dataDir: data })
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' })
  })
})

describe('AutoBackup', { timeout: 120_000 }, () => {
  function rig(config: BackupConfig | null) {
    const timers: Array<{ fn: () => void; ms: number; cleared: boolean }> = []
    const results: BackupStatus[] = []
    const auto = new AutoBackup({
      accounts: () => accounts,
      config: () => config,
      dataDir: data,
      debounceMs: 5_000,
      onResult: (s) => results.push(s),
      setTimer: (fn, ms) => {
        const t = { fn, ms, cleared: false }
        timers.push(t)
        return t
      },
      clearTimer: (h) => {
        ;(h as { cleared: boolean }).cleared = true
      }
    })
    const fire = async () => {
      const live = timers.filter((t) => !t.cleared)
      for (const t of live) {
        t.cleared = true
        t.fn()
      }
      await auto.flush()
    }
    return { auto, timers, results, fire }
  }

  it('debounces a burst of changes into one backup, off the caller’s path', async () => {
    const dir = folder('debounce')
    const { auto, timers, results, fire } = rig({ folder: dir, keep: 5, password: 'p' })
    for (let i = 0; i < 10; i++) auto.notifyChanged() // returns at once: nothing written yet
    expect(readdirSync(dir)).toEqual([])
    expect(timers.filter((t) => !t.cleared)).toHaveLength(1)
    expect(auto.status().pending).toBe(true)
    await fire()
    expect((await listBackups(dir)).length).toBe(1)
    expect(results.at(-1)?.lastSuccess?.file).toMatch(/^tessera-backup-\d{8}T\d{9}Z\.json$/)
    expect(auto.status().pending).toBe(false)
  })

  it('reports a folder that went away, without throwing; the next good backup clears it', async () => {
    const dir = folder('unplugged')
    const config = { folder: dir, keep: 5, password: 'p' }
    const { auto, results, fire } = rig(config)
    rmSync(dir, { recursive: true })
    expect(() => auto.notifyChanged()).not.toThrow()
    await fire()
    const failed = results.at(-1)!
    expect(failed.lastFailure?.code).toBe('IO')
    expect(failed.lastFailure?.message).toContain(dir)
    expect(failed.lastFailure?.message).toMatch(/safe in the vault/)
    mkdirSync(dir)
    auto.notifyChanged()
    await fire()
    expect(results.at(-1)?.lastFailure?.message).toBeUndefined()
    expect(results.at(-1)?.lastSuccess).toBeDefined()
  })

  it('a backup still waiting when the vault locks is written from the accounts as they were', async () => {
    const dir = folder('on-lock')
    let locked = false
    const auto = new AutoBackup({
      accounts: () => (locked ? null : accounts),
      config: () => (locked ? null : { folder: dir, keep: 5, password: 'p' }),
      dataDir: data,
      debounceMs: 60_000
    })
    auto.notifyChanged()
    auto.beforeLock() // the lock clean-up, synchronous
    locked = true
    await auto.drain()
    const [b] = await listBackups(dir)
    const back = await importFile(readFileSync(b!.path), { password: 'p' })
    expect(back.accounts).toHaveLength(2)
  })

  it('does nothing while backups are off', async () => {
    const { auto, timers } = rig(null)
    auto.notifyChanged()
    expect(timers).toHaveLength(0)
    expect(auto.status().pending).toBe(false)
  })
})

describe('tessera backup', { timeout: 180_000 }, () => {
  let env: Record<string, string>
  async function tessera(args: string[], input = '') {
    let stdout = ''
    let stderr = ''
    const stdin = new PassThrough()
    stdin.end(input)
    const code = await runCli(args, {
      stdin,
      stdout: { write: (s: string) => (stdout += s) },
      stderr: { write: (s: string) => (stderr += s) },
      env
    })
    return { code, stdout, stderr }
  }

  it('setup, now, list and off; the backup imports back', async () => {
    const cliData = join(root, 'cli-data')
    const dir = folder('cli-backups')
    env = {
      HOME: join(root, 'home'),
      DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/tessera-backups',
      TESSERA_DATA_DIR: cliData,
      TESSERA_PASSWORD: 'cli-backup-vault-password'
    }
    expect((await tessera(['init', '--no-keychain'])).code).toBe(0)
    const uri = 'otpauth://totp/GitHub:me?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=GitHub'
    expect((await tessera(['add', '-'], uri)).code).toBe(0)

    const notSetUp = await tessera(['backup', 'now'])
    expect(notSetUp.code).not.toBe(0)
    expect(notSetUp.stderr).toContain('tessera backup setup')

    const setup = await tessera(
      ['backup', 'setup', '--folder', dir, '--keep', '2', '--password-stdin'],
      'cli-backup-pass\n'
    )
    expect(setup.stderr).toBe('')
    expect(setup.code).toBe(0)
    expect(setup.stdout).toContain('newest 2')
    expect((await tessera(['backup', 'now'])).code).toBe(0)
    expect((await tessera(['backup', 'now'])).code).toBe(0)
    const list = await tessera(['--json', 'backup', 'list'])
    expect(list.code).toBe(0)
    const listed = JSON.parse(list.stdout) as { keep: number; backups: { path: string }[] }
    expect(listed.keep).toBe(2)
    expect(listed.backups).toHaveLength(2)
    const restored = await importFile(readFileSync(listed.backups[0]!.path), {
      password: 'cli-backup-pass'
    })
    expect(restored.accounts.map((a) => a.issuer)).toEqual(['GitHub'])

    const tooMany = await tessera(
      ['backup', 'setup', '--folder', cliData, '--password-stdin'],
      'x\n'
    )
    expect(tooMany.code).not.toBe(0)
    expect(tooMany.stderr).toContain('data folder')

    expect((await tessera(['backup', 'off'])).code).toBe(0)
    expect(readdirSync(dir).filter((n) => n.startsWith('tessera-backup-'))).toHaveLength(2)
    expect((await tessera(['backup', 'list'])).code).not.toBe(0)
  })
})
