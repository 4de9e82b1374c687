/**
 * `tessera export` and `tessera backup setup` ask for the vault password when the vault has one,
 * also when the keychain opened it (the keychain opens it for anyone at this session). Real
 * Vault, lowest scrypt cost, in-memory keychain; the prompt is a recorder.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { AppError } from '../../../src/shared/errors'
import { MIN_SCRYPT_N, Vault } from '../../../src/main/core/vault'
import { confirmVaultPassword, unlockForCli } from '../../../src/cli/open-vault'
import { MemoryKeychain } from '../../helpers/memory-keychain'

const FAST = { n: MIN_SCRYPT_N, r: 8, p: 1 }
const PASSWORD = 'correct horse battery'
let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tessera-cli-reauth-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

async function vaultWith(slots: { keychain: boolean; password: boolean }) {
  const keychain = new MemoryKeychain()
  const v = new Vault({ dataDir: dir, keychain })
  await v.create({
    keychain: slots.keychain,
    ...(slots.password ? { password: PASSWORD } : {}),
    scrypt: FAST
  })
  v.lock()
  return new Vault({ dataDir: dir, keychain })
}

function source(env: Record<string, string>, answers: string[] = [], tty = false) {
  const prompts: string[] = []
  return {
    prompts,
    src: {
      env,
      stdinIsTTY: tty,
      promptSecret: async (p: string) => {
        prompts.push(p)
        return answers.shift() ?? ''
      }
    }
  }
}

async function code(p: Promise<unknown>): Promise<string | null> {
  return p.then(
    () => null,
    (e: unknown) => (e instanceof AppError ? e.code : String(e))
  )
}

it('keychain and password: the keychain opens it, and export still needs the password', async () => {
  const vault = await vaultWith({ keychain: true, password: true })
  const script = source({})
  await unlockForCli(vault, script.src)
  expect(vault.isUnlocked).toBe(true)
  expect(await code(confirmVaultPassword(vault, script.src, 'export'))).toBe('PASSWORD_REQUIRED')
  expect(
    await code(confirmVaultPassword(vault, source({ TESSERA_PASSWORD: 'nope' }).src, 'export'))
  ).toBe('WRONG_PASSWORD')
  const terminal = source({}, ['wrong one', PASSWORD], true)
  expect(await code(confirmVaultPassword(vault, terminal.src, 'export'))).toBe('WRONG_PASSWORD')
  expect(await code(confirmVaultPassword(vault, terminal.src, 'export'))).toBe(null)
  expect(terminal.prompts).toEqual(['Vault password (to export): ', 'Vault password (to export): '])
})

it('a vault this command opened with its password is not asked again', async () => {
  const vault = await vaultWith({ keychain: false, password: true })
  const terminal = source({}, [PASSWORD], true)
  await unlockForCli(vault, terminal.src)
  await confirmVaultPassword(vault, terminal.src, 'export')
  expect(terminal.prompts).toEqual(['Vault password: '])
})

it('a keychain-only vault has no password to ask', async () => {
  const vault = await vaultWith({ keychain: true, password: false })
  const script = source({})
  await unlockForCli(vault, script.src)
  expect(await code(confirmVaultPassword(vault, script.src, 'export'))).toBe(null)
  expect(script.prompts).toEqual([])
})
