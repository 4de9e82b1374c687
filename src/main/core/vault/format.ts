import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  randomBytes,
  randomUUID,
  scrypt
} from 'node:crypto'
import { AppError } from '../../../shared/errors'
import { accountName } from '../../../shared/code-format'
import { HASH_ALGORITHMS, OTP_TYPES, type Account } from '../../../shared/model'

/**
 * The on-disk vault format, version 1. docs/vault-format.md describes it byte for byte; this
 * module is the only code that encrypts or decrypts it.
 */
export const VAULT_FORMAT = 'tessera-vault'
export const VAULT_VERSION = 1

/** scrypt parameters of a password slot. The defaults are the documented ones. */
export interface ScryptParams {
  n: number
  r: number
  p: number
}
export const DEFAULT_SCRYPT: ScryptParams = { n: 2 ** 17, r: 8, p: 1 }
/** The weakest parameters a vault may carry (tests and benchmarks use these to stay fast). */
export const MIN_SCRYPT_N = 2 ** 10
/**
 * The costliest parameters a vault may carry. Tessera writes N=2^17, r=8, p=1 (128 MiB); a file
 * asking for more than N=2^20, r=16 (2 GiB) or p=4 is refused before any scrypt runs, so a planted
 * header (N=2^24, p=16 cost 12.5 GB and minutes of CPU) cannot hang the unlock.
 */
export const MAX_SCRYPT = { n: 2 ** 20, r: 16, p: 4 } as const

export interface KeychainSlot {
  type: 'keychain'
  id: string
  service: string
  account: string
  check: string
}
export interface PasswordSlot {
  type: 'password'
  id: string
  kdf: 'scrypt'
  n: number
  r: number
  p: number
  salt: string
  nonce: string
  key: string
}
export type KeySlot = KeychainSlot | PasswordSlot
export interface VaultHeader {
  version: typeof VAULT_VERSION
  vaultId: string
  slots: KeySlot[]
}
export interface VaultEnvelope {
  format: typeof VAULT_FORMAT
  header: VaultHeader
  nonce: string
  ciphertext: string
}

// The header is checked by hand rather than by a schema library: the check runs on every start
// of the CLI, and loading a schema library costs more of the 150 ms `tessera code` budget than
// everything else the command does.
const isObj = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v)
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v)
const isStr = (v: unknown): v is string => typeof v === 'string'
const B64 = /^[A-Za-z0-9+/]*={0,2}$/
const isB64 = (v: unknown): v is string => typeof v === 'string' && B64.test(v)
const isName = (v: unknown): v is string => typeof v === 'string' && v.length > 0
const hasOnly = (v: Record<string, unknown>, keys: readonly string[]): boolean =>
  Object.keys(v).every((k) => keys.includes(k))
const isIntIn = (v: unknown, min: number, max: number): v is number =>
  Number.isInteger(v) && (v as number) >= min && (v as number) <= max

const KEYCHAIN_KEYS = ['type', 'id', 'service', 'account', 'check'] as const
const PASSWORD_KEYS = ['type', 'id', 'kdf', 'n', 'r', 'p', 'salt', 'nonce', 'key'] as const

/** A copy of a valid slot (unknown fields refused, as a newer writer's slot must be), or null. */
function readSlot(v: unknown): KeySlot | null {
  if (!isObj(v)) return null
  if (v.type === 'keychain') {
    if (!hasOnly(v, KEYCHAIN_KEYS)) return null
    if (!isName(v.id) || !isName(v.service) || !isName(v.account) || !isB64(v.check)) return null
    return { type: 'keychain', id: v.id, service: v.service, account: v.account, check: v.check }
  }
  if (v.type === 'password') {
    if (!hasOnly(v, PASSWORD_KEYS) || !isName(v.id) || v.kdf !== 'scrypt') return null
    if (!isIntIn(v.n, MIN_SCRYPT_N, MAX_SCRYPT.n) || !isIntIn(v.r, 1, MAX_SCRYPT.r)) return null
    if (!isIntIn(v.p, 1, MAX_SCRYPT.p)) return null
    if (!isB64(v.salt) || !isB64(v.nonce) || !isB64(v.key)) return null
    const { id, n, r, p, salt, nonce, key } = v
    return { type: 'password', id, kdf: 'scrypt', n, r, p, salt, nonce, key }
  }
  return null
}

/** True when some password slot asks for more scrypt work than {@link MAX_SCRYPT} allows. */
function asksCostlyKdf(header: unknown): boolean {
  if (!isObj(header) || !Array.isArray(header.slots)) return false
  return header.slots.some(
    (s) =>
      isObj(s) &&
      s.type === 'password' &&
      ((isNum(s.n) && s.n > MAX_SCRYPT.n) ||
        (isNum(s.r) && s.r > MAX_SCRYPT.r) ||
        (isNum(s.p) && s.p > MAX_SCRYPT.p))
  )
}

/** A copy of the envelope's known fields when the header is valid; null otherwise. */
function readEnvelope(v: unknown): VaultEnvelope | null {
  if (!isObj(v) || v.format !== VAULT_FORMAT || !isB64(v.nonce)) return null
  // megabytes: a regex over the ciphertext costs tens of ms; bad characters fail authentication
  if (typeof v.ciphertext !== 'string') return null
  const h = v.header
  if (!isObj(h) || !hasOnly(h, ['version', 'vaultId', 'slots'])) return null
  if (h.version !== VAULT_VERSION || !isName(h.vaultId)) return null
  if (!Array.isArray(h.slots) || h.slots.length === 0) return null
  const slots: KeySlot[] = []
  for (const s of h.slots) {
    const slot = readSlot(s)
    if (!slot) return null
    slots.push(slot)
  }
  return {
    format: VAULT_FORMAT,
    header: { version: VAULT_VERSION, vaultId: h.vaultId, slots },
    nonce: v.nonce,
    ciphertext: v.ciphertext
  }
}

/** Settings kept inside the encrypted vault. */
export interface VaultSettings {
  /** Lock after this many idle minutes; 0 never locks on its own. */
  autoLockMinutes: number
  /** Lock when the computer locks its screen or sleeps (default on; old vaults lack it). */
  lockOnSuspend: boolean
  /** Other features' small settings (strings, numbers, booleans only). */
  [key: string]: string | number | boolean
}
export const DEFAULT_SETTINGS: VaultSettings = { autoLockMinutes: 5, lockOnSuspend: true }

/** The decrypted database. */
export interface VaultDb {
  accounts: Account[]
  collections: Record<string, Array<{ id: string; [key: string]: unknown }>>
  settings: VaultSettings
}

const OTP_TYPE_SET = new Set<string>(OTP_TYPES)
const ALGORITHM_SET = new Set<string>(HASH_ALGORITHMS)
const STATUS_SET = new Set<string>(['active', 'pending', 'archived'])

/**
 * Checks one stored account. Hand-written rather than a zod schema: it runs over every account
 * on every unlock, and for 10,000 accounts a schema costs ~50 ms of the 150 ms unlock budget.
 */
function isAccount(v: unknown): v is Account {
  if (!isObj(v) || !isStr(v.id) || v.id === '' || !isStr(v.issuer) || !isStr(v.label)) return false
  const o = v.otp
  if (!isObj(o) || !isStr(o.type) || !OTP_TYPE_SET.has(o.type) || !isStr(o.secret)) return false
  if (
    !isStr(o.algorithm) ||
    !ALGORITHM_SET.has(o.algorithm) ||
    !isNum(o.digits) ||
    !isNum(o.period)
  )
    return false
  if (!Number.isSafeInteger(o.counter) || (o.counter as number) < 0) return false
  if (o.pin !== undefined && !isStr(o.pin)) return false
  if (!Array.isArray(v.tags) || !v.tags.every(isStr) || typeof v.favorite !== 'boolean')
    return false
  if (v.note !== undefined && !isStr(v.note)) return false
  if (!isNum(v.order) || !isStr(v.status) || !STATUS_SET.has(v.status)) return false
  if (!isNum(v.createdAt) || !isNum(v.updatedAt)) return false
  const e = v.enrollment
  if (e !== undefined && (!isObj(e) || !isStr(e.serverId) || !isNum(e.startedAt))) return false
  return true
}

function isDb(v: unknown): v is VaultDb {
  if (!isObj(v) || !Array.isArray(v.accounts) || !isObj(v.collections) || !isObj(v.settings))
    return false
  if (!v.accounts.every(isAccount)) return false
  for (const items of Object.values(v.collections)) {
    if (!Array.isArray(items) || !items.every((i) => isObj(i) && isStr(i.id))) return false
  }
  const settings = Object.values(v.settings)
  if (!settings.every((x) => isStr(x) || isNum(x) || typeof x === 'boolean')) return false
  return isNum(v.settings.autoLockMinutes) && v.settings.autoLockMinutes >= 0
}

/**
 * Throws INVALID_INPUT when `db` holds something {@link openDb} would reject once written (a
 * counter past 2^53-1, NaN or Infinity, a missing field): saving it would leave a vault that no
 * longer opens. The message names the first such account.
 */
export function checkStorable(db: VaultDb): void {
  const value: unknown = db
  if (isDb(value)) return
  const bad = db.accounts.find((a): boolean => !isAccount(a))
  const what = bad ? `the account "${accountName(bad.issuer, bad.label)}"` : 'a setting'
  throw new AppError(
    'INVALID_INPUT',
    `This change would store ${what} with a value Tessera could not read back (a number out of ` +
      'range or a missing field), so nothing was saved. Check its settings and try again.'
  )
}

/** An empty database with default settings. */
export function emptyDb(): VaultDb {
  return { accounts: [], collections: {}, settings: { ...DEFAULT_SETTINGS } }
}

/**
 * The additional authenticated data of the database: the header serialised as canonical JSON
 * (object keys sorted by code point, no whitespace). Python's
 * `json.dumps(header, sort_keys=True, separators=(',', ':'))` gives the same bytes.
 */
export function headerAad(header: VaultHeader): Buffer {
  return Buffer.from(canonicalJson(header), 'utf8')
}

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
  }
  return JSON.stringify(value)
}

function gcmSeal(
  key: Uint8Array,
  nonce: Uint8Array,
  plaintext: Uint8Array,
  aad?: Uint8Array
): Buffer {
  const cipher = createCipheriv('aes-256-gcm', key, nonce)
  if (aad) cipher.setAAD(aad)
  return Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()])
}

/** Returns null when authentication fails. */
function gcmOpen(
  key: Uint8Array,
  nonce: Uint8Array,
  sealed: Uint8Array,
  aad?: Uint8Array
): Buffer | null {
  if (sealed.length < 16 || nonce.length !== 12) return null
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, nonce)
    if (aad) decipher.setAAD(aad)
    decipher.setAuthTag(sealed.subarray(sealed.length - 16))
    return Buffer.concat([
      decipher.update(sealed.subarray(0, sealed.length - 16)),
      decipher.final()
    ])
  } catch {
    return null
  }
}

/** A fresh random 256-bit master key. */
export function newMasterKey(): Buffer {
  return randomBytes(32)
}

export function newVaultId(): string {
  return randomUUID()
}

function corruptError(what: string, backup: string | undefined, cause?: unknown): AppError {
  const where = backup
    ? ` The previous good copy is at ${backup}: close Tessera, move the damaged file away and rename the backup to vault.json.`
    : ' No backup copy exists yet.'
  return new AppError(
    'VAULT_CORRUPT',
    `The vault file is damaged (${what}); Tessera left it untouched.${where}`,
    { cause, ...(backup ? { details: { path: backup } } : {}) }
  )
}

/**
 * Parses the envelope text. Throws VAULT_CORRUPT (with the backup's path when there is one)
 * when it is not a version-1 Tessera vault.
 */
export function parseEnvelope(text: string, backup?: string): VaultEnvelope {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (err) {
    throw corruptError('it is not valid JSON', backup, err)
  }
  if (
    raw !== null &&
    typeof raw === 'object' &&
    (raw as { format?: unknown }).format === VAULT_FORMAT &&
    (raw as { header?: { version?: unknown } }).header?.version !== VAULT_VERSION &&
    typeof (raw as { header?: { version?: unknown } }).header?.version === 'number'
  ) {
    throw new AppError(
      'UNSUPPORTED',
      'This vault was written by a newer Tessera. Update Tessera to open it; the file was not changed.'
    )
  }
  const envelope = readEnvelope(raw)
  if (envelope) return envelope
  if (isObj(raw) && asksCostlyKdf(raw.header)) {
    throw corruptError(
      `its password slot asks for a key derivation costlier than Tessera allows ` +
        `(scrypt N up to 2^20, r up to ${MAX_SCRYPT.r}, p up to ${MAX_SCRYPT.p}); it was not tried`,
      backup
    )
  }
  throw corruptError(
    'its header is not a Tessera vault header, or has fields Tessera does not know',
    backup
  )
}

/** Encrypts the database under the master key with a fresh nonce, binding the header. */
export function sealDb(header: VaultHeader, masterKey: Uint8Array, db: VaultDb): VaultEnvelope {
  const nonce = randomBytes(12)
  const plaintext = Buffer.from(JSON.stringify(db), 'utf8')
  const sealed = gcmSeal(masterKey, nonce, plaintext, headerAad(header))
  plaintext.fill(0)
  return {
    format: VAULT_FORMAT,
    header,
    nonce: nonce.toString('base64'),
    ciphertext: sealed.toString('base64')
  }
}

/** Serialises an envelope as the file's text. */
export function envelopeText(envelope: VaultEnvelope): string {
  // Indented for people reading the header; the megabyte ciphertext is spliced in afterwards.
  const text = JSON.stringify({ ...envelope, ciphertext: '' }, null, 1)
  const at = text.lastIndexOf('"ciphertext": ""')
  return `${text.slice(0, at)}"ciphertext": "${envelope.ciphertext}"${text.slice(at + 16)}\n`
}

/**
 * Decrypts and validates the database. A failure here means the file was damaged or edited
 * (the key itself was already checked by its slot), so it throws VAULT_CORRUPT.
 */
export function openDb(envelope: VaultEnvelope, masterKey: Uint8Array, backup?: string): VaultDb {
  const plain = gcmOpen(
    masterKey,
    Buffer.from(envelope.nonce, 'base64'),
    Buffer.from(envelope.ciphertext, 'base64'),
    headerAad(envelope.header)
  )
  if (!plain) throw corruptError('its contents fail authentication', backup)
  let raw: unknown
  try {
    raw = JSON.parse(plain.toString('utf8'))
  } catch (err) {
    throw corruptError('its decrypted contents are not JSON', backup, err)
  } finally {
    plain.fill(0)
  }
  if (!isDb(raw)) throw corruptError('its decrypted contents have the wrong shape', backup)
  return raw
}

/** 16 bytes that identify a master key without revealing it: HMAC-SHA256(key, label)[0..16). */
export function keyCheck(masterKey: Uint8Array): string {
  return createHmac('sha256', masterKey)
    .update('tessera-vault key check v1')
    .digest()
    .subarray(0, 16)
    .toString('base64')
}

export function makeKeychainSlot(
  masterKey: Uint8Array,
  ref: { service: string; account: string }
): KeychainSlot {
  return { type: 'keychain', id: randomUUID(), ...ref, check: keyCheck(masterKey) }
}

/** Throws KEYCHAIN_ITEM_CORRUPT when the key from the keychain is not this vault's key. */
export function verifyKeychainKey(slot: KeychainSlot, key: Uint8Array): void {
  if (key.length !== 32 || keyCheck(key) !== slot.check) {
    throw new AppError(
      'KEYCHAIN_ITEM_CORRUPT',
      'The key in your keychain does not belong to this vault (it was replaced or damaged). ' +
        'Unlock with your vault password instead.'
    )
  }
}

function deriveKey(password: string, salt: Uint8Array, params: ScryptParams): Promise<Buffer> {
  const secret = Buffer.from(password.normalize('NFC'), 'utf8')
  const maxmem = Math.max(32 * 1024 * 1024, 256 * params.n * params.r * params.p)
  return new Promise((resolve, reject) => {
    scrypt(secret, salt, 32, { N: params.n, r: params.r, p: params.p, maxmem }, (err, key) => {
      secret.fill(0)
      if (err)
        reject(
          new AppError('INTERNAL', 'Could not derive the key from the password.', { cause: err })
        )
      else resolve(key)
    })
  })
}

/** Wraps the master key under a password (scrypt, then AES-256-GCM). */
export async function makePasswordSlot(
  masterKey: Uint8Array,
  password: string,
  params: ScryptParams = DEFAULT_SCRYPT
): Promise<PasswordSlot> {
  if (password.length === 0) {
    throw new AppError('INVALID_INPUT', 'The vault password cannot be empty. Choose a password.')
  }
  if (params.n < MIN_SCRYPT_N || (params.n & (params.n - 1)) !== 0) {
    throw new AppError('INVALID_INPUT', 'scrypt N must be a power of two of at least 1024.')
  }
  if (params.n > MAX_SCRYPT.n || params.r > MAX_SCRYPT.r || params.p > MAX_SCRYPT.p) {
    // a vault Tessera itself would refuse to open
    throw new AppError('INVALID_INPUT', 'scrypt N, r or p is above what Tessera opens.')
  }
  const salt = randomBytes(32)
  const nonce = randomBytes(12)
  const kek = await deriveKey(password, salt, params)
  const wrapped = gcmSeal(kek, nonce, masterKey)
  kek.fill(0)
  return {
    type: 'password',
    id: randomUUID(),
    kdf: 'scrypt',
    ...params,
    salt: salt.toString('base64'),
    nonce: nonce.toString('base64'),
    key: wrapped.toString('base64')
  }
}

/** Unwraps the master key with a password; throws WRONG_PASSWORD when it does not fit. */
export async function unwrapPasswordSlot(slot: PasswordSlot, password: string): Promise<Buffer> {
  const kek = await deriveKey(password, Buffer.from(slot.salt, 'base64'), slot)
  const key = gcmOpen(kek, Buffer.from(slot.nonce, 'base64'), Buffer.from(slot.key, 'base64'))
  kek.fill(0)
  if (!key || key.length !== 32) {
    key?.fill(0)
    throw new AppError(
      'WRONG_PASSWORD',
      'That password does not open this vault. Check it and try again.'
    )
  }
  return key
}
