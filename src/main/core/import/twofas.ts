import { AppError } from '../../../shared/errors'
import { buildAccount, entryName, ResultBuilder } from './build'
import { aesGcmOpenSealed, pbkdf2Key } from './crypto'
import { corrupt, EntryError, notThisFormat, passwordRequired, wrongPassword } from './errors'
import type { ImportOptions, ImportResult } from './types'
import { base64ToBytes, bytesToText, isRecord, parseJsonText, describeValue } from './util'

const NAME = '2FAS'
/** 2FAS derives its key with a fixed PBKDF2-SHA256 count (not stored in the file). */
const TWOFAS_ITERATIONS = 10_000

/** True for a 2FAS backup (a `services` list with schemaVersion, encryption or otp blocks). */
export function looksLikeTwoFas(json: unknown): boolean {
  return (
    isRecord(json) &&
    Array.isArray(json.services) &&
    ('schemaVersion' in json ||
      'servicesEncrypted' in json ||
      json.services.some((s) => isRecord(s) && 'otp' in s))
  )
}

interface Sealed {
  ct: Buffer
  salt: Buffer
  iv: Buffer
}

/** 2FAS writes "base64(ciphertext+tag):base64(salt):base64(iv)". */
function splitSealed(blob: string, what: string): Sealed {
  const parts = blob.split(':')
  if (parts.length !== 3) throw corrupt(NAME, `the ${what} is not in three parts`)
  const [ct, salt, iv] = parts.map(base64ToBytes)
  if (!ct || !salt || !iv || ct.length < 16 || iv.length < 1) {
    throw corrupt(NAME, `the ${what} is not base64`)
  }
  return { ct, salt, iv }
}

function open(key: Uint8Array, s: Sealed): Buffer | null {
  return aesGcmOpenSealed(key, s.iv, s.ct)
}

/**
 * Decrypts the services. The `reference` field (a known text sealed with the same password)
 * tells a wrong password apart from damaged data; files without it treat any failure as a
 * wrong password.
 */
async function decrypt(blob: string, reference: unknown, password: string): Promise<Buffer> {
  const services = splitSealed(blob, 'encrypted service list')
  const ref =
    typeof reference === 'string' && reference !== ''
      ? splitSealed(reference, 'password check')
      : null
  const key = await pbkdf2Key(NAME, password, services.salt, TWOFAS_ITERATIONS, 'sha256')
  if (ref) {
    const refKey = ref.salt.equals(services.salt)
      ? key
      : await pbkdf2Key(NAME, password, ref.salt, TWOFAS_ITERATIONS, 'sha256')
    if (!open(refKey, ref)) throw wrongPassword(NAME)
  }
  const plain = open(key, services)
  if (plain) return plain
  if (ref) throw corrupt(NAME, 'the password is right but the service list does not decrypt')
  throw wrongPassword(NAME)
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
    const plain = await decrypt(json.servicesEncrypted, json.reference, options.password)
    return readServices(parseJsonText(bytesToText(plain), NAME), json.groups)
  }
  return readServices(json.services, json.groups)
}
