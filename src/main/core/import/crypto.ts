import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  pbkdf2,
  scrypt,
  timingSafeEqual
} from 'node:crypto'
import { expand as hkdfExpand } from '@noble/hashes/hkdf.js'
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js'
import { argon2id as nobleArgon2id } from '@noble/hashes/argon2.js'
import sodium from 'libsodium-wrappers-sumo'
import { tooCostly } from './errors'

/*
 * Thin wrappers over Node crypto, libsodium and @noble for what backup formats use. Every key
 * derivation checks its cost parameters first: a hostile file must be refused, not hang the app.
 */

/** Upper bounds, each well above what the real apps write (noted beside each). */
export const KDF_LIMITS = {
  /** scrypt N: Aegis uses 2^15. */
  scryptMaxN: 2 ** 17,
  scryptMaxR: 32,
  scryptMaxP: 16,
  /** 128 * N * r bytes of memory. */
  scryptMaxMemory: 128 * 1024 * 1024,
  /** N * r * p: Aegis is 2^18. */
  scryptMaxWork: 2 ** 21,
  /** PBKDF2 iterations: andOTP ~150 000, Bitwarden 600 000 by default and 2 000 000 at most. */
  pbkdf2MaxIterations: 2_000_000,
  /**
   * Argon2: Ente's "sensitive" strength is 1 GiB x 4 passes, which its apps trade for 256 MiB x
   * 16 (or less memory, more passes) on small devices, so the cap is on memory x passes: 4 GiB
   * passes (about 5 s here). Bitwarden's maximum settings stay within it up to 256 MiB x 16.
   */
  argon2MaxMemory: 1024 * 1024 * 1024,
  argon2MaxIterations: 1024,
  argon2MaxWork: 4 * 1024 * 1024 * 1024,
  argon2MaxParallelism: 16
} as const

/** scrypt to a 32-byte key. @throws AppError UNSUPPORTED when N, r, p exceed {@link KDF_LIMITS}. */
export async function scryptKey(
  formatName: string,
  password: Uint8Array,
  salt: Uint8Array,
  n: number,
  r: number,
  p: number
): Promise<Buffer> {
  const L = KDF_LIMITS
  const valid =
    Number.isSafeInteger(n) &&
    n >= 2 &&
    (n & (n - 1)) === 0 &&
    Number.isSafeInteger(r) &&
    r >= 1 &&
    Number.isSafeInteger(p) &&
    p >= 1
  if (!valid)
    throw tooCostly(formatName, `scrypt parameters that are not valid (N=${n}, r=${r}, p=${p})`)
  if (
    n > L.scryptMaxN ||
    r > L.scryptMaxR ||
    p > L.scryptMaxP ||
    128 * n * r > L.scryptMaxMemory ||
    n * r * p > L.scryptMaxWork
  ) {
    throw tooCostly(formatName, `a password hash of scrypt N=${n}, r=${r}, p=${p}`)
  }
  return new Promise((resolve, reject) => {
    scrypt(password, salt, 32, { N: n, r, p, maxmem: 128 * n * r + 4 * 1024 * 1024 }, (err, key) =>
      err ? reject(err) : resolve(key)
    )
  })
}

/** PBKDF2 to a 32-byte key. @throws AppError UNSUPPORTED beyond {@link KDF_LIMITS}. */
export async function pbkdf2Key(
  formatName: string,
  password: Uint8Array | string,
  salt: Uint8Array | string,
  iterations: number,
  digest: 'sha1' | 'sha256' | 'sha512'
): Promise<Buffer> {
  if (!Number.isSafeInteger(iterations) || iterations < 1) {
    throw tooCostly(formatName, `a password hash with ${iterations} iterations, which is not valid`)
  }
  if (iterations > KDF_LIMITS.pbkdf2MaxIterations) {
    throw tooCostly(formatName, `${iterations} PBKDF2 iterations`)
  }
  return new Promise((resolve, reject) => {
    pbkdf2(password, salt, iterations, 32, digest, (err, key) => (err ? reject(err) : resolve(key)))
  })
}

function checkArgon2(
  formatName: string,
  memoryBytes: number,
  iterations: number,
  parallelism: number
): void {
  const L = KDF_LIMITS
  if (
    !Number.isSafeInteger(memoryBytes) ||
    !Number.isSafeInteger(iterations) ||
    !Number.isSafeInteger(parallelism) ||
    iterations < 1 ||
    parallelism < 1 ||
    memoryBytes < 8192 * parallelism
  ) {
    throw tooCostly(
      formatName,
      `Argon2 parameters that are not valid (memory ${memoryBytes} bytes, ${iterations} passes)`
    )
  }
  if (
    memoryBytes > L.argon2MaxMemory ||
    iterations > L.argon2MaxIterations ||
    parallelism > L.argon2MaxParallelism ||
    memoryBytes * iterations > L.argon2MaxWork
  ) {
    throw tooCostly(
      formatName,
      `an Argon2 password hash of ${Math.round(memoryBytes / 1048576)} MiB and ${iterations} passes`
    )
  }
}

let sodiumReady: Promise<typeof sodium> | undefined
/** libsodium, initialised once. */
export function getSodium(): Promise<typeof sodium> {
  sodiumReady ??= sodium.ready.then(() => sodium)
  return sodiumReady
}

/** Argon2id v1.3 with one lane (libsodium's crypto_pwhash): Ente and Proton. */
export async function argon2idSodium(
  formatName: string,
  password: Uint8Array,
  salt: Uint8Array,
  opsLimit: number,
  memLimitBytes: number
): Promise<Uint8Array> {
  checkArgon2(formatName, memLimitBytes, opsLimit, 1)
  const s = await getSodium()
  if (salt.length !== s.crypto_pwhash_SALTBYTES) {
    throw tooCostly(formatName, `a ${salt.length}-byte Argon2 salt (16 bytes expected)`)
  }
  return s.crypto_pwhash(
    32,
    password,
    salt,
    opsLimit,
    memLimitBytes,
    s.crypto_pwhash_ALG_ARGON2ID13
  )
}

/** Argon2id v1.3 with any number of lanes (@noble/hashes): Bitwarden. Slower than libsodium. */
export async function argon2idNoble(
  formatName: string,
  password: Uint8Array,
  salt: Uint8Array,
  iterations: number,
  memoryKiB: number,
  parallelism: number
): Promise<Uint8Array> {
  checkArgon2(formatName, memoryKiB * 1024, iterations, parallelism)
  return nobleArgon2id(password, salt, { t: iterations, m: memoryKiB, p: parallelism, dkLen: 32 })
}

/** AES-256-GCM open; null when the key is wrong or the data was altered. */
export function aesGcmOpen(
  key: Uint8Array,
  nonce: Uint8Array,
  ciphertext: Uint8Array,
  tag: Uint8Array,
  aad?: Uint8Array
): Buffer | null {
  if (key.length !== 32 || nonce.length < 1 || tag.length !== 16) return null
  try {
    const d = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: 16 })
    if (aad) d.setAAD(aad)
    d.setAuthTag(tag)
    return Buffer.concat([d.update(ciphertext), d.final()])
  } catch {
    return null
  }
}

/** AES-256-GCM open of `ciphertext || tag` (16-byte tag at the end); null as for aesGcmOpen. */
export function aesGcmOpenSealed(
  key: Uint8Array,
  nonce: Uint8Array,
  sealed: Uint8Array,
  aad?: Uint8Array
): Buffer | null {
  if (sealed.length < 16) return null
  return aesGcmOpen(key, nonce, sealed.subarray(0, sealed.length - 16), sealed.subarray(-16), aad)
}

/** AES-256-GCM open of `nonce (12) || ciphertext || tag (16)`; null as for aesGcmOpen. */
export function aesGcmOpenPacked(
  key: Uint8Array,
  packed: Uint8Array,
  aad?: Uint8Array
): Buffer | null {
  if (packed.length < 12 + 16) return null
  return aesGcmOpenSealed(key, packed.subarray(0, 12), packed.subarray(12), aad)
}

/** AES-256-GCM seal with a 16-byte tag (the exporters' only encryption). */
export function aesGcmSeal(
  key: Uint8Array,
  nonce: Uint8Array,
  plaintext: Uint8Array
): { ciphertext: Buffer; tag: Buffer } {
  const c = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: 16 })
  const ciphertext = Buffer.concat([c.update(plaintext), c.final()])
  return { ciphertext, tag: c.getAuthTag() }
}

/** AES-256-CBC with PKCS#7 padding; null on a padding error. */
export function aesCbcOpen(key: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array): Buffer | null {
  if (
    key.length !== 32 ||
    iv.length !== 16 ||
    ciphertext.length === 0 ||
    ciphertext.length % 16 !== 0
  )
    return null
  try {
    const d = createDecipheriv('aes-256-cbc', key, iv)
    return Buffer.concat([d.update(ciphertext), d.final()])
  } catch {
    return null
  }
}

/** SHA-256 digest. */
export function sha256(data: Uint8Array | string): Buffer {
  return createHash('sha256').update(data).digest()
}

/** HMAC-SHA256 over the concatenated parts. */
export function hmacSha256(key: Uint8Array, ...parts: Uint8Array[]): Buffer {
  const h = createHmac('sha256', key)
  for (const p of parts) h.update(p)
  return h.digest()
}

/** Length-checked constant-time comparison (for MACs). */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b)
}

/** HKDF-Expand (RFC 5869) with SHA-256, no extract step (the input is already a uniform key). */
export function hkdfExpandSha256(prk: Uint8Array, info: string, length: number): Uint8Array {
  return hkdfExpand(nobleSha256, prk, new TextEncoder().encode(info), length)
}
