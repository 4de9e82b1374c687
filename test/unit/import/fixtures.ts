import { createCipheriv, createHmac, pbkdf2Sync, randomBytes, scryptSync } from 'node:crypto'
import { argon2id } from '@noble/hashes/argon2.js'
import { expand } from '@noble/hashes/hkdf.js'
import { sha256 } from '@noble/hashes/sha2.js'
import sodium from 'libsodium-wrappers-sumo'

/*
 * Builders for encrypted backups the corpora have no sample of (Ente encrypted, Bitwarden
 * password-protected) and for hostile variants of the ones they do. They follow each app's
 * published format, using the same primitives the app does.
 */

export const enc = new TextEncoder()

/** Ente Auth encrypted export: Argon2id (libsodium) key, one XChaCha20-Poly1305 secretstream message. */
export async function enteEncrypted(
  plain: string,
  password: string,
  opts: { opsLimit?: number; memLimit?: number } = {}
): Promise<Uint8Array> {
  await sodium.ready
  const salt = sodium.randombytes_buf(16)
  const opsLimit = opts.opsLimit ?? 2
  const memLimit = opts.memLimit ?? 8 * 1024 * 1024
  const key = sodium.crypto_pwhash(
    32,
    password,
    salt,
    opsLimit,
    memLimit,
    sodium.crypto_pwhash_ALG_ARGON2ID13
  )
  const { state, header } = sodium.crypto_secretstream_xchacha20poly1305_init_push(key)
  const data = sodium.crypto_secretstream_xchacha20poly1305_push(
    state,
    enc.encode(plain),
    null,
    sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL
  )
  const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64')
  return enc.encode(
    JSON.stringify({
      version: 1,
      kdfParams: { memLimit, opsLimit, salt: b64(salt) },
      encryptedData: b64(data),
      encryptionNonce: b64(header)
    })
  )
}

function encString(plain: Uint8Array, encKey: Uint8Array, macKey: Uint8Array): string {
  const iv = randomBytes(16)
  const c = createCipheriv('aes-256-cbc', encKey, iv)
  const data = Buffer.concat([c.update(plain), c.final()])
  const mac = createHmac('sha256', macKey).update(iv).update(data).digest()
  return `2.${iv.toString('base64')}|${data.toString('base64')}|${mac.toString('base64')}`
}

/**
 * Bitwarden password-protected JSON export: PBKDF2-SHA256 (kdfType 0) by default, or Argon2id
 * (kdfType 1, salt hashed with SHA-256 first, memory in MiB) when `argon2` is given.
 */
export function bitwardenEncrypted(
  vault: unknown,
  password: string,
  iterations = 5000,
  argon2?: { memoryMiB: number; parallelism: number }
): Uint8Array {
  const salt = randomBytes(16).toString('base64')
  const key = argon2
    ? argon2id(enc.encode(password), sha256(enc.encode(salt)), {
        t: iterations,
        m: argon2.memoryMiB * 1024,
        p: argon2.parallelism,
        dkLen: 32
      })
    : pbkdf2Sync(password, salt, iterations, 32, 'sha256')
  const encKey = expand(sha256, key, enc.encode('enc'), 32)
  const macKey = expand(sha256, key, enc.encode('mac'), 32)
  return enc.encode(
    JSON.stringify({
      encrypted: true,
      passwordProtected: true,
      salt,
      kdfType: argon2 ? 1 : 0,
      kdfIterations: iterations,
      kdfMemory: argon2?.memoryMiB ?? null,
      kdfParallelism: argon2?.parallelism ?? null,
      encKeyValidation_DO_NOT_EDIT: encString(
        enc.encode(globalThis.crypto.randomUUID()),
        encKey,
        macKey
      ),
      data: encString(enc.encode(JSON.stringify(vault)), encKey, macKey)
    })
  )
}

/** An Aegis encrypted vault whose one password slot derives from `passwordBytes` (for legacy slots). */
export function aegisWithSlotBytes(
  content: unknown,
  passwordBytes: Uint8Array,
  repaired: boolean
): Uint8Array {
  const master = randomBytes(32)
  const salt = randomBytes(32)
  const derived = scryptSync(passwordBytes, salt, 32, { N: 1024, r: 8, p: 1 })
  const seal = (key: Uint8Array, plain: Uint8Array) => {
    const nonce = randomBytes(12)
    const c = createCipheriv('aes-256-gcm', key, nonce)
    const ct = Buffer.concat([c.update(plain), c.final()])
    return { nonce, ct, tag: c.getAuthTag() }
  }
  const slot = seal(derived, master)
  const db = seal(master, enc.encode(JSON.stringify(content)))
  return enc.encode(
    JSON.stringify({
      version: 1,
      header: {
        slots: [
          {
            type: 1,
            uuid: globalThis.crypto.randomUUID(),
            key: slot.ct.toString('hex'),
            key_params: { nonce: slot.nonce.toString('hex'), tag: slot.tag.toString('hex') },
            n: 1024,
            r: 8,
            p: 1,
            salt: salt.toString('hex'),
            repaired
          }
        ],
        params: { nonce: db.nonce.toString('hex'), tag: db.tag.toString('hex') }
      },
      db: db.ct.toString('base64')
    })
  )
}
