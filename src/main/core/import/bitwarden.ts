import { AppError } from '../../../shared/errors'
import type { NewAccount } from '../../../shared/model'
import { buildAccount, entryName, ResultBuilder } from './build'
import {
  aesCbcOpen,
  argon2idNoble,
  constantTimeEqual,
  hkdfExpandSha256,
  hmacSha256,
  pbkdf2Key,
  sha256
} from './crypto'
import { parseCsv } from './csv'
import { corrupt, notThisFormat, passwordRequired, wrongPassword } from './errors'
import type { ImportOptions, ImportResult } from './types'
import { accountFromOtpauth, revalidate } from './uri-list'
import { base64ToBytes, bytesToText, isRecord, parseJsonText, utf8, describeValue } from './util'

const NAME = 'Bitwarden'

/** True for a Bitwarden JSON export, plain or encrypted (it has a boolean `encrypted`). */
export function looksLikeBitwardenJson(json: unknown): boolean {
  return (
    isRecord(json) &&
    typeof json.encrypted === 'boolean' &&
    (Array.isArray(json.items) || 'data' in json || 'encKeyValidation_DO_NOT_EDIT' in json)
  )
}

/** True for a Bitwarden CSV export: its header has `name` and `login_totp`. */
export function looksLikeBitwardenCsv(text: string): boolean {
  const first = text.slice(0, 2000).split(/\r?\n/, 1)[0] ?? ''
  const cols = first.split(',').map((c) => c.trim())
  return cols.includes('login_totp') && cols.includes('name')
}

interface Item {
  name: unknown
  username: unknown
  totp: unknown
  notes: unknown
  favorite: boolean
  folder?: string
}

/** Bitwarden's `totp` field: an otpauth URI, `steam://SECRET`, or a bare base32 secret. */
function accountFromItem(item: Item): NewAccount {
  const totp = typeof item.totp === 'string' ? item.totp.trim() : ''
  const extra = {
    tags: item.folder ? [item.folder] : [],
    favorite: item.favorite,
    note: item.notes
  }
  if (/^otpauth:\/\//i.test(totp)) {
    const a = accountFromOtpauth(totp)
    return revalidate(a, {
      ...extra,
      issuer: a.issuer || item.name,
      label: a.label || item.username
    })
  }
  if (/^steam:\/\//i.test(totp)) {
    return buildAccount({
      ...extra,
      issuer: item.name,
      label: item.username,
      type: 'steam',
      secret: totp.slice(8)
    })
  }
  return buildAccount({
    ...extra,
    issuer: item.name,
    label: item.username,
    type: 'totp',
    secret: totp
  })
}

function readItems(json: unknown): ImportResult {
  if (!isRecord(json) || !Array.isArray(json.items)) throw corrupt(NAME, 'the item list is missing')
  const folders = new Map<string, string>()
  if (Array.isArray(json.folders)) {
    for (const f of json.folders)
      if (isRecord(f) && typeof f.id === 'string' && typeof f.name === 'string')
        folders.set(f.id, f.name)
  }
  const out = new ResultBuilder()
  json.items.forEach((it, i) => {
    if (!isRecord(it)) {
      out.fail(`item ${i + 1}`, 'it is not an item')
      return
    }
    const login = isRecord(it.login) ? it.login : {}
    if (login.totp === undefined || login.totp === null || login.totp === '') return // a password only
    out.add(entryName(it.name, login.username, `item ${i + 1}`), () => {
      const item: Item = {
        name: it.name,
        username: login.username,
        totp: login.totp,
        notes: it.notes,
        favorite: it.favorite === true
      }
      const folder = typeof it.folderId === 'string' ? folders.get(it.folderId) : undefined
      if (folder !== undefined) item.folder = folder
      return accountFromItem(item)
    })
  })
  return out.result()
}

function readCsv(text: string): ImportResult {
  const rows = parseCsv(text)
  const header = rows[0]?.map((c) => c.trim())
  if (!header || !header.includes('login_totp'))
    throw notThisFormat(NAME, 'the CSV has no login_totp column')
  const col = (row: string[], name: string): string | undefined => {
    const i = header.indexOf(name)
    return i >= 0 ? row[i] : undefined
  }
  const out = new ResultBuilder()
  rows.slice(1).forEach((row, i) => {
    const totp = col(row, 'login_totp')
    if (totp === undefined || totp.trim() === '') return
    const item: Item = {
      name: col(row, 'name'),
      username: col(row, 'login_username'),
      totp,
      notes: col(row, 'notes'),
      favorite: col(row, 'favorite') === '1'
    }
    const folder = col(row, 'folder')
    if (folder) item.folder = folder
    out.add(entryName(item.name, item.username, `row ${i + 2}`), () => accountFromItem(item))
  })
  return out.result()
}

/** Bitwarden "EncString" type 2: AES-256-CBC + HMAC-SHA256, written `2.iv|data|mac` in base64. */
function parseEncString(value: unknown): { iv: Buffer; data: Buffer; mac: Buffer } {
  if (typeof value !== 'string') throw corrupt(NAME, 'an encrypted field is missing')
  const dot = value.indexOf('.')
  if (value.slice(0, dot) !== '2') {
    throw new AppError(
      'UNSUPPORTED',
      `This Bitwarden export uses encryption type ${value.slice(0, Math.max(0, dot)).slice(0, 4)}, which Tessera cannot read. Export again with a password ("Password protected").`
    )
  }
  const [ivB, dataB, macB] = value.slice(dot + 1).split('|')
  const iv = base64ToBytes(ivB)
  const data = base64ToBytes(dataB)
  const mac = base64ToBytes(macB)
  if (!iv || !data || !mac || iv.length !== 16 || mac.length !== 32)
    throw corrupt(NAME, 'an encrypted field is malformed')
  return { iv, data, mac }
}

function openEncString(value: unknown, encKey: Uint8Array, macKey: Uint8Array): Buffer | null {
  const { iv, data, mac } = parseEncString(value)
  if (!constantTimeEqual(hmacSha256(macKey, iv, data), mac)) return null
  return aesCbcOpen(encKey, iv, data)
}

async function passwordKey(json: Record<string, unknown>, password: string): Promise<Uint8Array> {
  if (typeof json.salt !== 'string' || json.salt === '') throw corrupt(NAME, 'the salt is missing')
  const iterations = json.kdfIterations
  if (typeof iterations !== 'number') throw corrupt(NAME, 'the key settings are missing')
  if (json.kdfType === 0 || json.kdfType === undefined) {
    return pbkdf2Key(NAME, password, json.salt, iterations, 'sha256')
  }
  if (json.kdfType === 1) {
    const memory = json.kdfMemory
    const parallelism = json.kdfParallelism
    if (typeof memory !== 'number' || typeof parallelism !== 'number')
      throw corrupt(NAME, 'the Argon2 settings are missing')
    // Bitwarden hashes the salt first and counts memory in MiB.
    return argon2idNoble(
      NAME,
      utf8(password),
      sha256(json.salt),
      iterations,
      memory * 1024,
      parallelism
    )
  }
  throw new AppError(
    'UNSUPPORTED',
    `This Bitwarden export uses key type ${describeValue(json.kdfType)}, which Tessera cannot read. Export again with a password.`
  )
}

async function decrypt(json: Record<string, unknown>, password: string): Promise<unknown> {
  // Validate both fields' shape before paying for the key derivation.
  parseEncString(json.encKeyValidation_DO_NOT_EDIT)
  parseEncString(json.data)
  const key = await passwordKey(json, password)
  const encKey = hkdfExpandSha256(key, 'enc', 32)
  const macKey = hkdfExpandSha256(key, 'mac', 32)
  if (openEncString(json.encKeyValidation_DO_NOT_EDIT, encKey, macKey) === null)
    throw wrongPassword(NAME)
  const plain = openEncString(json.data, encKey, macKey)
  if (plain === null) throw corrupt(NAME, 'the vault data does not match its key')
  return parseJsonText(bytesToText(plain), NAME)
}

/**
 * Reads a Bitwarden export: JSON, CSV, or password-protected encrypted JSON (PBKDF2-SHA256 or
 * Argon2id, then AES-256-CBC + HMAC-SHA256). Items without a TOTP field are passwords only and
 * are skipped silently. Account-restricted encrypted exports need the Bitwarden account key,
 * which a backup file does not carry: they are refused as UNSUPPORTED.
 * @throws AppError PASSWORD_REQUIRED, WRONG_PASSWORD, IMPORT_FORMAT, IMPORT_CORRUPT, UNSUPPORTED.
 */
export async function importBitwarden(
  bytes: Uint8Array,
  options: ImportOptions
): Promise<ImportResult> {
  const text = bytesToText(bytes)
  if (!text.trimStart().startsWith('{')) {
    if (!looksLikeBitwardenCsv(text))
      throw notThisFormat(NAME, 'it is neither Bitwarden JSON nor CSV')
    return readCsv(text)
  }
  const json = parseJsonText(text, NAME)
  if (!looksLikeBitwardenJson(json) || !isRecord(json))
    throw notThisFormat(NAME, 'it has no Bitwarden item list')
  if (json.encrypted !== true) return readItems(json)
  if (json.passwordProtected !== true) {
    throw new AppError(
      'UNSUPPORTED',
      'This Bitwarden export is locked to your Bitwarden account, so only Bitwarden can open it. In Bitwarden, export again as "Password protected" or as plain JSON.'
    )
  }
  if (options.password === undefined) throw passwordRequired(NAME)
  return readItems(await decrypt(json, options.password))
}
