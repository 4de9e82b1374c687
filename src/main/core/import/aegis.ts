import { AppError } from '../../../shared/errors'
import { buildAccount, entryName, ResultBuilder } from './build'
import { aesGcmOpen, KDF_LIMITS, scryptKey } from './crypto'
import {
  corrupt,
  EntryError,
  notThisFormat,
  passwordRequired,
  tooCostly,
  wrongPassword
} from './errors'
import type { ImportOptions, ImportResult } from './types'
import {
  base64ToBytes,
  bytesToText,
  hexToBytes,
  isRecord,
  parseJsonText,
  utf8,
  describeValue
} from './util'

const NAME = 'Aegis'
/** Password slots tried at most; Aegis writes one (plus biometric/raw slots we skip). */
const MAX_PASSWORD_SLOTS = 4

/**
 * The bytes old Aegis versions derived password-slot keys from (slots with `repaired: false`):
 * Java's `Charset.encode(...).array()`, i.e. the UTF-8 bytes followed by the unused tail of the
 * encoder's buffer, which starts at floor(1.1 * chars) bytes and grows as 2n+1 when full.
 */
export function legacyAegisPasswordBytes(password: string): Buffer {
  const bytes = utf8(password)
  let capacity = Math.floor(Math.fround(password.length * Math.fround(1.1)))
  if (capacity === 0 && password.length === 0) return Buffer.alloc(0)
  while (capacity < bytes.length) capacity = 2 * capacity + 1
  const out = Buffer.alloc(capacity)
  bytes.copy(out)
  return out
}

interface PasswordSlot {
  key: Buffer
  nonce: Buffer
  tag: Buffer
  salt: Buffer
  n: number
  r: number
  p: number
  repaired: boolean
}

function readSlots(slots: unknown): PasswordSlot[] {
  if (!Array.isArray(slots)) throw corrupt(NAME, 'the key slots are missing')
  const out: PasswordSlot[] = []
  for (const s of slots) {
    if (!isRecord(s) || s.type !== 1) continue // raw (0) and biometric (2) slots need the phone
    const params = isRecord(s.key_params) ? s.key_params : {}
    const key = hexToBytes(s.key)
    const nonce = hexToBytes(params.nonce)
    const tag = hexToBytes(params.tag)
    const salt = hexToBytes(s.salt)
    if (!key || !nonce || !tag || !salt) throw corrupt(NAME, 'a password slot is incomplete')
    if (typeof s.n !== 'number' || typeof s.r !== 'number' || typeof s.p !== 'number') {
      throw corrupt(NAME, 'a password slot has no scrypt parameters')
    }
    out.push({ key, nonce, tag, salt, n: s.n, r: s.r, p: s.p, repaired: s.repaired !== false })
  }
  return out
}

async function unlockMasterKey(slots: PasswordSlot[], password: string): Promise<Buffer> {
  if (slots.length === 0) {
    throw new AppError(
      'UNSUPPORTED',
      'This Aegis backup can only be opened with a fingerprint or device key, not a password. In Aegis, add a password (Settings, Security) and export again.'
    )
  }
  const tried = slots.slice(0, MAX_PASSWORD_SLOTS)
  // Each slot's cost is capped, but four maximal slots with the legacy encoding as well made a
  // 1 KB hostile file run eight ~1 s scrypts before saying "wrong password". The whole plan
  // is checked up front against twice the single-slot cap: real files (one or two slots at
  // Aegis' 2^18) use a small fraction of it.
  const planned = tried.reduce((sum, s) => sum + (s.repaired ? 1 : 2) * s.n * s.r * s.p, 0)
  if (planned > 2 * KDF_LIMITS.scryptMaxWork) {
    throw tooCostly(NAME, `${tried.length} password slots whose scrypt work adds up to ${planned}`)
  }
  for (const slot of tried) {
    const candidates = [utf8(password)]
    if (!slot.repaired) candidates.push(legacyAegisPasswordBytes(password))
    for (const pw of candidates) {
      const derived = await scryptKey(NAME, pw, slot.salt, slot.n, slot.r, slot.p)
      const master = aesGcmOpen(derived, slot.nonce, slot.key, slot.tag)
      if (master && master.length === 32) return master
    }
  }
  throw wrongPassword(NAME)
}

/** Aegis content versions 1-3: groups are either `group` (v2) or uuids into `groups` (v3). */
function readEntries(db: unknown): ImportResult {
  if (!isRecord(db) || !Array.isArray(db.entries)) throw corrupt(NAME, 'the entry list is missing')
  const version = db.version
  if (typeof version === 'number' && (version < 1 || version > 3)) {
    throw new AppError(
      'UNSUPPORTED',
      `This Aegis backup uses content version ${version}, newer than Tessera understands (1 to 3). Update Tessera, or export from Aegis as a plain-text URI list.`
    )
  }
  const groupNames = new Map<string, string>()
  if (Array.isArray(db.groups)) {
    for (const g of db.groups) {
      if (isRecord(g) && typeof g.uuid === 'string' && typeof g.name === 'string')
        groupNames.set(g.uuid, g.name)
    }
  }
  const out = new ResultBuilder()
  db.entries.forEach((e, i) => {
    const name = isRecord(e) ? entryName(e.issuer, e.name, `entry ${i + 1}`) : `entry ${i + 1}`
    out.add(name, () => {
      if (!isRecord(e)) throw new EntryError('it is not an entry')
      const info = isRecord(e.info) ? e.info : {}
      const tags: string[] = []
      if (typeof e.group === 'string') tags.push(e.group)
      if (Array.isArray(e.groups)) {
        for (const id of e.groups) {
          const g = typeof id === 'string' ? groupNames.get(id) : undefined
          if (g !== undefined) tags.push(g)
        }
      }
      return buildAccount({
        issuer: e.issuer,
        label: e.name,
        type: e.type,
        secret: info.secret,
        algorithm: e.type === 'motp' ? undefined : info.algo,
        digits: info.digits,
        period: info.period,
        counter: info.counter,
        pin: info.pin,
        tags,
        favorite: e.favorite,
        note: e.note
      })
    })
  })
  return out.result()
}

/** True when the parsed JSON looks like an Aegis vault file (plain or encrypted). */
export function looksLikeAegis(json: unknown): boolean {
  return isRecord(json) && isRecord(json.header) && 'db' in json && typeof json.version === 'number'
}

/**
 * Reads an Aegis vault export, plain or encrypted (scrypt password slots + AES-256-GCM).
 * @throws AppError PASSWORD_REQUIRED, WRONG_PASSWORD, IMPORT_FORMAT, IMPORT_CORRUPT, UNSUPPORTED.
 */
export async function importAegis(
  bytes: Uint8Array,
  options: ImportOptions
): Promise<ImportResult> {
  const json = parseJsonText(bytesToText(bytes), NAME)
  if (!looksLikeAegis(json) || !isRecord(json)) throw notThisFormat(NAME, 'it has no Aegis header')
  if (json.version !== 1) {
    throw new AppError(
      'UNSUPPORTED',
      `This Aegis backup has file version ${describeValue(json.version)}; Tessera reads version 1. Update Tessera.`
    )
  }
  const header = json.header as Record<string, unknown>
  if (isRecord(json.db)) return readEntries(json.db)
  if (typeof json.db !== 'string') throw corrupt(NAME, 'the vault content is missing')
  const params = isRecord(header.params) ? header.params : null
  const nonce = hexToBytes(params?.nonce)
  const tag = hexToBytes(params?.tag)
  const ciphertext = base64ToBytes(json.db)
  if (!nonce || !tag || !ciphertext) throw corrupt(NAME, 'the encryption parameters are missing')
  const slots = readSlots(header.slots)
  if (options.password === undefined) throw passwordRequired(NAME)
  const master = await unlockMasterKey(slots, options.password)
  const plain = aesGcmOpen(master, nonce, ciphertext, tag)
  if (!plain) throw corrupt(NAME, 'the vault content does not match its key')
  return readEntries(parseJsonText(bytesToText(plain), NAME))
}
