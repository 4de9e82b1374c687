import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AppError } from '../../../src/shared/errors'
import { MemoryKeychain, type KeychainItemRef } from '../../../src/main/core/keychain'
import { Vault } from '../../../src/main/core/vault'

const FAST = { n: 2 ** 10, r: 8, p: 1 }
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p
  } catch (err) {
    if (err instanceof AppError) return err.code
    throw err
  }
  return 'OK'
}

/** A keychain whose write waits until the test opens the gate (a keyring unlock prompt). */
class PromptingKeychain extends MemoryKeychain {
  private open: () => void = () => undefined
  readonly gate = new Promise<void>((r) => (this.open = r))
  release(): void {
    this.open()
  }
  override async writeKey(ref: KeychainItemRef, key: Uint8Array): Promise<void> {
    await this.gate
    return super.writeKey(ref, key)
  }
}

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tessera-lock-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('vault lock file', () => {
  it('a live holder keeps its lock however long it works: a second create waits, then finds the vault', async () => {
    const lock = { staleMs: 300, timeoutMs: 20_000 }
    const prompting = new PromptingKeychain()
    const first = new Vault({ dataDir: dir, keychain: prompting, lock })
    const second = new Vault({ dataDir: dir, keychain: new MemoryKeychain(), lock })
    const creating = first.create({ keychain: true })
    while (!existsSync(join(dir, 'vault.lock'))) await sleep(5)
    const competing = codeOf(second.create({ keychain: false, password: 'pw', scrypt: FAST }))
    // the user takes far longer than staleMs to answer the keyring prompt
    await sleep(1_500)
    prompting.release()
    expect(await codeOf(creating)).toBe('OK')
    expect(await competing).toBe('VAULT_EXISTS')
    const onDisk = JSON.parse(readFileSync(join(dir, 'vault.json'), 'utf8'))
    expect(onDisk.header.slots.map((s: { type: string }) => s.type)).toEqual(['keychain'])
    expect(readdirSync(dir).sort()).toEqual(['vault.json'])
  })

  it('create never replaces a vault that appeared while it was writing, even without the lock', async () => {
    const other = '{"written by":"a process that ignored the lock"}'
    const v = new Vault({
      dataDir: dir,
      keychain: new MemoryKeychain(),
      hooks: { afterTempWritten: () => writeFileSync(join(dir, 'vault.json'), other) }
    })
    expect(await codeOf(v.create({ keychain: false, password: 'pw', scrypt: FAST }))).toBe(
      'VAULT_EXISTS'
    )
    expect(readFileSync(join(dir, 'vault.json'), 'utf8')).toBe(other)
    expect(v.isUnlocked).toBe(false)
    expect(readdirSync(dir).sort()).toEqual(['vault.json'])
  })
})
