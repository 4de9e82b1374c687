import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { gcm } from '@noble/ciphers/aes.js'
import { hmac } from '@noble/hashes/hmac.js'
import { scrypt } from '@noble/hashes/scrypt.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { describe, expect, it } from 'vitest'
import { repoRoot } from '../../helpers/corpora'
import { MemoryKeychain } from '../../helpers/memory-keychain'
import { Vault } from '../../../src/main/core/vault'
import { canonicalJson } from '../../../src/main/core/vault/format'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const doc = readFileSync(resolve(repoRoot, 'docs/vault-format.md'), 'utf8')
function block(name: string): string {
  const m = new RegExp(
    `<!-- ${name}:begin -->\\s*\`\`\`\\w*\\n([\\s\\S]*?)\\n\\s*\`\`\`\\s*<!-- ${name}:end -->`
  ).exec(doc)
  if (!m) throw new Error(`docs/vault-format.md lost its ${name} block`)
  return m[1]!.trim()
}
const b64 = (s: string) => Uint8Array.from(Buffer.from(s, 'base64'))
const enc = (s: string) => new TextEncoder().encode(s)

interface Doc {
  header: { slots: Array<Record<string, string | number>> }
  nonce: string
  ciphertext: string
}

describe('docs/vault-format.md worked example', () => {
  const file = JSON.parse(block('example-vault')) as Doc
  const slot = file.header.slots.find((s) => s.type === 'password')!
  const keychainSlot = file.header.slots.find((s) => s.type === 'keychain')!

  it('decrypts with an independent implementation (@noble) following only the document', () => {
    const kek = scrypt(enc('correct horse battery staple'), b64(slot.salt as string), {
      N: slot.n as number,
      r: slot.r as number,
      p: slot.p as number,
      dkLen: 32
    })
    const mk = gcm(kek, b64(slot.nonce as string)).decrypt(b64(slot.key as string))
    expect(Buffer.from(mk).toString('hex')).toBe(
      '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f'
    )
    const check = Buffer.from(
      hmac(sha256, mk, enc('tessera-vault key check v1')).slice(0, 16)
    ).toString('base64')
    expect(check).toBe(keychainSlot.check)
    const aad = block('example-aad')
    expect(canonicalJson(file.header)).toBe(aad)
    const plain = gcm(mk, b64(file.nonce), enc(aad)).decrypt(b64(file.ciphertext))
    expect(JSON.parse(new TextDecoder().decode(plain))).toEqual(JSON.parse(block('example-db')))
    // any header change breaks the AAD
    expect(() =>
      gcm(mk, b64(file.nonce), enc(aad.replace('"version":1', '"version":2'))).decrypt(
        b64(file.ciphertext)
      )
    ).toThrow()
  }, 60_000)

  it('Tessera itself opens the documented file with the documented password', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tessera-doc-'))
    try {
      writeFileSync(join(dir, 'vault.json'), block('example-vault'))
      const v = new Vault({ dataDir: dir, keychain: new MemoryKeychain() })
      await v.unlockWithPassword('correct horse battery staple')
      expect(v.list().map((a) => [a.issuer, a.otp.secret])).toEqual([['ACME', 'JBSWY3DPEHPK3PXP']])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
