/**
 * Issue 14 (low): the vault header's scrypt cost is capped on read (a planted N=2^24, p=16 cost
 * 12.5 GB and minutes of CPU before "wrong password"), and header fields Tessera does not know
 * are refused, not silently dropped. Both give VAULT_CORRUPT before any scrypt runs.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { MemoryKeychain } from '../../helpers/memory-keychain'
import { DEFAULT_SCRYPT, MIN_SCRYPT_N, Vault } from '../../../src/main/core/vault'
import { MAX_SCRYPT, parseEnvelope } from '../../../src/main/core/vault/format'

/** The parts of the file the tests edit. */
interface Env {
  header: { slots: Array<Record<string, unknown>>; [k: string]: unknown }
  [k: string]: unknown
}
let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tessera-caps-'))
})
afterEach(() => {
  rmSync(dir, { recursive: true, force: true })
})

async function planted(edit: (env: Env) => void) {
  const vault = new Vault({ dataDir: dir, keychain: new MemoryKeychain() })
  await vault.create({
    keychain: false,
    password: 'pw pw pw pw',
    scrypt: { n: MIN_SCRYPT_N, r: 8, p: 1 }
  })
  vault.lock()
  const env = JSON.parse(readFileSync(vault.paths.vault, 'utf8')) as Env
  edit(env)
  writeFileSync(vault.paths.vault, JSON.stringify(env))
  return vault
}

describe('vault header caps', () => {
  it('our own default and the lowest cost are within the caps', () => {
    expect(DEFAULT_SCRYPT.n).toBeLessThanOrEqual(MAX_SCRYPT.n)
    expect(DEFAULT_SCRYPT.r).toBeLessThanOrEqual(MAX_SCRYPT.r)
    expect(DEFAULT_SCRYPT.p).toBeLessThanOrEqual(MAX_SCRYPT.p)
  })

  it.each([
    ['n = 2^24, p = 16', { n: 2 ** 24, p: 16 }],
    ['n = 2^21', { n: 2 ** 21 }],
    ['r = 64', { r: 64 }],
    ['p = 16', { p: 16 }]
  ])('%s: VAULT_CORRUPT saying why, in well under a second', async (_name, cost) => {
    const vault = await planted((env) => Object.assign(env.header.slots[0] ?? {}, cost))
    const started = performance.now()
    const err = await vault.unlockWithPassword('pw pw pw pw').then(
      () => null,
      (e: unknown) => e as { code: string; message: string }
    )
    const ms = performance.now() - started
    console.log(`refused ${_name} in ${ms.toFixed(1)} ms`)
    expect(err?.code).toBe('VAULT_CORRUPT')
    expect(err?.message).toMatch(/costlier than Tessera allows/)
    expect(ms).toBeLessThan(1000)
  })

  it.each([
    ['an unknown header field', (env: Env) => (env.header.kdfOverride = 'x')],
    ['an unknown slot field', (env: Env) => Object.assign(env.header.slots[0] ?? {}, { hint: 'x' })]
  ])('%s is refused (VAULT_CORRUPT), not dropped', async (_name, edit) => {
    const vault = await planted(edit)
    const text = readFileSync(vault.paths.vault, 'utf8')
    expect(() => parseEnvelope(text)).toThrow(/fields Tessera does not know/)
    expect((await vault.status()).state).toBe('corrupt')
  })
})
