import { AppError } from '../../../shared/errors'
import { buildAccount, entryName, ResultBuilder } from './build'
import { aesGcmOpen, pbkdf2Key } from './crypto'
import { corrupt, EntryError, notThisFormat, passwordRequired, wrongPassword } from './errors'
import type { ImportOptions, ImportResult } from './types'
import { base64ToBytes, bytesToText, isRecord, parseJsonText, describeValue } from './util'

const NAME = '2FAS'
/** 2FAS derives its key with a fixed PBKDF2-SHA256 count (not stored in the file). */
const TWOFAS_ITERATIONS = 10_000

export function looksLikeTwoFas(json: unknown): boolean {
  return (
    isRecord(json) &&
    Array.isArray(json.services) &&
    ('schemaVersion' in json ||
      'servicesEncrypted' in json ||
      json.services.some((s) => isRecord(s) && 'otp' in s))
  )
}

async function decrypt(blob: string, password: string): Promise<Buffer> {
  const parts = blob.split(':')
  if (parts.length !== 3) throw corrupt(NAME, 'the encrypted services are not in three parts')
  const [ctB64, saltB64, ivB64] = parts
  const ct = base64ToBytes(ctB64)
  const salt = base64ToBytes(saltB64)
  const iv = base64ToBytes(ivB64)
  if (!ct || !salt || !iv || ct.length < 16 || iv.length < 1)
    throw corrupt(NAME, 'the encrypted services are not base64')
  const key = await pbkdf2Key(NAME, password, salt, TWOFAS_ITERATIONS, 'sha256')
  const plain = aesGcmOpen(key, iv, ct.subarray(0, ct.length - 16), ct.subarray(ct.length - 16))
  if (!plain) throw wrongPassword(NAME)
  return plain
}

function readServices(services: unknown, groups: unknown): ImportResult {
  if (!Array.isArray(services)) throw corrupt(NAME, 'the service list is missing')
  const groupNames = new Map<string, string>()
  if (Array.isArray(groups)) {
    for (const g of groups)
      if (isRecord(g) && typeof g.id === 'string' && typeof g.name === 'string')
        groupNames.set(g.id, g.name)
  }
  const out = new ResultBuilder()
  services.forEach((s, i) => {
    const otp = isRecord(s) && isRecord(s.otp) ? s.otp : {}
    const name = isRecord(s)
      ? entryName(s.name ?? otp.issuer, otp.account ?? otp.label, `service ${i + 1}`)
      : `service ${i + 1}`
    out.add(name, () => {
      if (!isRecord(s)) throw new EntryError('it is not a service')
      const issuer = typeof s.name === 'string' && s.name.trim() !== '' ? s.name : otp.issuer
      const group = typeof s.groupId === 'string' ? groupNames.get(s.groupId) : undefined
      return buildAccount({
        issuer,
        label: otp.account ?? otp.label,
        type: otp.tokenType,
        secret: s.secret,
        algorithm: otp.algorithm,
        digits: otp.digits,
        period: otp.period,
        counter: otp.counter,
        tags: group !== undefined ? [group] : [],
        note: otp.note ?? s.notes
      })
    })
  })
  return out.result()
}

/**
 * Reads a 2FAS `.2fas` backup, schema 1-4, plain or encrypted (PBKDF2-SHA256 + AES-256-GCM).
 * @throws AppError PASSWORD_REQUIRED, WRONG_PASSWORD, IMPORT_FORMAT, IMPORT_CORRUPT, UNSUPPORTED.
 */
export async function importTwoFas(
  bytes: Uint8Array,
  options: ImportOptions
): Promise<ImportResult> {
  const json = parseJsonText(bytesToText(bytes), NAME)
  if (!looksLikeTwoFas(json) || !isRecord(json))
    throw notThisFormat(NAME, 'it has no 2FAS service list')
  const schema = json.schemaVersion ?? 1
  if (typeof schema !== 'number' || schema < 1 || schema > 4) {
    throw new AppError(
      'UNSUPPORTED',
      `This 2FAS backup uses schema ${describeValue(schema)}; Tessera reads schemas 1 to 4. Update Tessera.`
    )
  }
  if (typeof json.servicesEncrypted === 'string' && json.servicesEncrypted !== '') {
    if (options.password === undefined) throw passwordRequired(NAME)
    const plain = await decrypt(json.servicesEncrypted, options.password)
    return readServices(parseJsonText(bytesToText(plain), NAME), json.groups)
  }
  return readServices(json.services, json.groups)
}
