import { execFile } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { repoRoot } from '../../helpers/corpora'
import { startPrivateKeyring, type PrivateKeyring } from '../../helpers/keyring'

const execFileP = promisify(execFile)
const CHILD = resolve(repoRoot, 'test/integration/keychain/keychain-child.ts')
const CLI = resolve(repoRoot, 'bin/tessera.mjs')
const NO_BUS = 'unix:path=/nonexistent/tessera-no-dbus'

interface ChildResult {
  ok: boolean
  error?: { code: string; message: string }
  [key: string]: unknown
}

async function child(
  env: Record<string, string>,
  scenario: string,
  dataDir: string
): Promise<ChildResult> {
  const { stdout } = await execFileP(
    process.execPath,
    ['--import', 'tsx', CHILD, scenario, dataDir],
    {
      cwd: repoRoot,
      env,
      timeout: 60_000
    }
  )
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as ChildResult
}

async function cli(env: Record<string, string>, args: string[]) {
  try {
    const { stdout, stderr } = await execFileP(process.execPath, [CLI, ...args], {
      cwd: repoRoot,
      env,
      timeout: 60_000
    })
    return { code: 0, stdout, stderr }
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string }
    return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' }
  }
}

let kr: PrivateKeyring
let work: string
beforeAll(async () => {
  kr = await startPrivateKeyring()
  work = mkdtempSync(join(tmpdir(), 'tessera-kc-'))
})
afterAll(async () => {
  await kr?.stop()
  if (work) rmSync(work, { recursive: true, force: true })
})

describe(
  'vault with the real gnome-keyring on a private D-Bus session',
  { timeout: 120_000 },
  () => {
    it('on Linux, the key is pinned to the Secret Service: never the kernel keyring', async () => {
      // With no D-Bus, the library's default silently tries another store (the kernel keyutils
      // keyring), while our pinned options fail with a D-Bus error instead.
      const probe = await child(
        { ...kr.env, DBUS_SESSION_BUS_ADDRESS: NO_BUS },
        'probe-store',
        work
      )
      const pinned = probe.pinned as { ok: boolean; message?: string }
      const unpinned = probe.unpinned as { ok: boolean; message?: string }
      expect(pinned.ok).toBe(false)
      expect(pinned.message).toMatch(/dbus/i)
      // unpinned, the library went to another store (the kernel keyring): it either worked there
      // or failed with that store's error, never with the D-Bus one
      expect(unpinned.ok || !/dbus/i.test(unpinned.message ?? '')).toBe(true)
      console.info(
        `@napi-rs/keyring with no D-Bus: pinned -> ${pinned.message}; unpinned -> ${unpinned.ok ? 'stored in the kernel keyring' : unpinned.message}`
      )
      // and on the private bus the pinned entry works
      const onBus = await child(kr.env, 'probe-store', work)
      expect((onBus.pinned as { ok: boolean }).ok).toBe(true)
    })

    const dir = () => join(work, 'vault1')

    it('creates a vault whose key is one Secret Service item in the login keyring', async () => {
      const r = await child(kr.env, 'create', dir())
      expect(r.ok, JSON.stringify(r.error)).toBe(true)
      const header = JSON.parse(readFileSync(join(dir(), 'vault.json'), 'utf8')).header
      const slot = header.slots.find((s: { type: string }) => s.type === 'keychain')
      expect(slot).toMatchObject({ service: 'Tessera-test', account: `vault-${header.vaultId}` })
      // secret-tool (libsecret) sees exactly that item, so it lives in gnome-keyring
      const { stdout } = await execFileP(
        'secret-tool',
        ['lookup', 'service', 'Tessera-test', 'username', slot.account],
        {
          env: kr.env
        }
      )
      expect(stdout).toMatch(/^tessera-key-v1:[A-Za-z0-9+/]{43}=$/)
    })

    it('locks and unlocks, and a new process reads back what the last one saved', async () => {
      const r = await child(kr.env, 'lock-unlock', dir())
      expect(r.ok, JSON.stringify(r.error)).toBe(true)
      expect(r.whileLocked).toBe('VAULT_LOCKED')
      const restarted = await child(kr.env, 'read', dir())
      expect(restarted.ok, JSON.stringify(restarted.error)).toBe(true)
      const accounts = restarted.accounts as Array<{ id: string; issuer: string; secret: string }>
      expect(accounts.map((a) => a.id)).toEqual(r.after)
      expect(accounts.map((a) => a.issuer)).toEqual(['ACME', 'Second'])
      expect(accounts[0]!.secret).toBe('JBSWY3DPEHPK3PXP')
    })

    it('no D-Bus: KEYCHAIN_UNAVAILABLE with a next step, vault byte-for-byte unchanged, password still opens', async () => {
      const before = readFileSync(join(dir(), 'vault.json'))
      const r = await child(
        { ...kr.env, DBUS_SESSION_BUS_ADDRESS: NO_BUS },
        'add-via-keychain',
        dir()
      )
      expect(r.ok).toBe(false)
      expect(r.error?.code).toBe('KEYCHAIN_UNAVAILABLE')
      expect(r.error?.message).toMatch(/password/i)
      expect(readFileSync(join(dir(), 'vault.json')).equals(before)).toBe(true)
      expect(readdirSync(dir()).sort()).toEqual(['vault.json', 'vault.json.bak'])
      const byPassword = await child(
        { ...kr.env, DBUS_SESSION_BUS_ADDRESS: NO_BUS },
        'read-via-password',
        dir()
      )
      expect(byPassword.ok).toBe(true)
    })

    it('corrupt and missing keychain items: typed errors, vault unchanged; the password repairs the keychain', async () => {
      const vaultFile = join(dir(), 'vault.json')
      const before = readFileSync(vaultFile)
      expect((await child(kr.env, 'corrupt-item', dir())).ok).toBe(true)
      const corrupt = await child(kr.env, 'add-via-keychain', dir())
      expect(corrupt.error?.code).toBe('KEYCHAIN_ITEM_CORRUPT')
      expect(corrupt.error?.message).toMatch(/password instead/i)
      const header = JSON.parse(before.toString('utf8')).header
      const account = header.slots.find((s: { type: string }) => s.type === 'keychain').account
      await execFileP('secret-tool', ['clear', 'service', 'Tessera-test', 'username', account], {
        env: kr.env
      })
      const missing = await child(kr.env, 'add-via-keychain', dir())
      expect(missing.error?.code).toBe('KEYCHAIN_ITEM_MISSING')
      expect(missing.error?.message).toMatch(/password instead/i)
      expect(readFileSync(vaultFile).equals(before)).toBe(true)
      const repaired = await child(kr.env, 'repair-keychain', dir())
      expect(repaired, JSON.stringify(repaired.error)).toMatchObject({ ok: true, accounts: 2 })
    })

    it('CLI: init, add and list through the keychain in separate processes; no D-Bus gives KEYCHAIN_UNAVAILABLE', async () => {
      const env = { ...kr.env, TESSERA_DATA_DIR: join(work, 'cli') }
      const init = await cli(env, ['--json', 'init'])
      expect(init.code, init.stderr).toBe(0)
      expect(JSON.parse(init.stdout).slots).toEqual(['keychain'])
      const add = await cli(env, [
        'add',
        'otpauth://totp/ACME:carol?secret=JBSWY3DPEHPK3PXP&issuer=ACME'
      ])
      expect(add.code, add.stderr).toBe(0)
      const list = await cli(env, ['--json', 'list'])
      expect(JSON.parse(list.stdout).map((a: { id: string }) => a.id)).toEqual([add.stdout.trim()])

      const noBus = { ...env, DBUS_SESSION_BUS_ADDRESS: NO_BUS }
      const failed = await cli(noBus, ['--json', 'list'])
      expect(failed.code).toBe(3)
      expect(JSON.parse(failed.stderr).error.code).toBe('KEYCHAIN_UNAVAILABLE')
    })

    it('CLI init with an unreachable keychain creates nothing and says how to make a password-only vault', async () => {
      const env = {
        ...kr.env,
        TESSERA_DATA_DIR: join(work, 'cli-nobus'),
        DBUS_SESSION_BUS_ADDRESS: NO_BUS
      }
      const r = await cli(env, ['--json', 'init'])
      expect(r.code).toBe(3)
      const err = JSON.parse(r.stderr).error
      expect(err.code).toBe('KEYCHAIN_UNAVAILABLE')
      expect(err.message).toContain('--no-keychain')
      expect(
        readdirSync(join(work, 'cli-nobus')).filter((f) => f.startsWith('vault.json'))
      ).toEqual([])
    })

    // Last: it locks the login keyring for everyone on this private bus.
    it('locked keyring: KEYCHAIN_LOCKED, vault byte-for-byte unchanged; the password slot still opens', async () => {
      const before = readFileSync(join(dir(), 'vault.json'))
      await kr.lock()
      const r = await child(kr.env, 'add-via-keychain', dir())
      expect(r.ok).toBe(false)
      expect(r.error?.code).toBe('KEYCHAIN_LOCKED')
      expect(r.error?.message).toMatch(/unlock your login keyring/i)
      expect(readFileSync(join(dir(), 'vault.json')).equals(before)).toBe(true)
      expect(readdirSync(dir()).sort()).toEqual(['vault.json', 'vault.json.bak'])

      const cliEnv = { ...kr.env, TESSERA_DATA_DIR: dir() }
      const locked = await cli(cliEnv, ['--json', 'list'])
      expect(locked.code).toBe(3)
      expect(JSON.parse(locked.stderr).error.code).toBe('KEYCHAIN_LOCKED')
      const fallback = await cli({ ...cliEnv, TESSERA_PASSWORD: 'vault-pw' }, ['--json', 'list'])
      expect(fallback.code, fallback.stderr).toBe(0)
      expect(JSON.parse(fallback.stdout)).toHaveLength(2)
      expect(readFileSync(join(dir(), 'vault.json')).equals(before)).toBe(true)
    })
  }
)
