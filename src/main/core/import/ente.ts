import { argon2idSodium, getSodium } from './crypto'
import { corrupt, notThisFormat, passwordRequired, wrongPassword } from './errors'
import type { ImportOptions, ImportResult } from './types'
import { importUriText } from './uri-list'
import { base64ToBytes, bytesToText, isRecord, parseJsonText, utf8, describeValue } from './util'

const NAME = 'Ente Auth'

/** True for an Ente Auth encrypted export (`kdfParams`, `encryptedData`, `encryptionNonce`). */
export function looksLikeEnteEncrypted(json: unknown): boolean {
  return (
    isRecord(json) &&
    isRecord(json.kdfParams) &&
    'encryptedData' in json &&
    'encryptionNonce' in json
  )
}

async function decrypt(json: Record<string, unknown>, password: string): Promise<string> {
  const kdf = json.kdfParams as Record<string, unknown>
  const salt = base64ToBytes(kdf.salt)
  const header = base64ToBytes(json.encryptionNonce)
  const data = base64ToBytes(json.encryptedData)
  if (
    !salt ||
    !header ||
    !data ||
    typeof kdf.memLimit !== 'number' ||
    typeof kdf.opsLimit !== 'number'
  ) {
    throw corrupt(NAME, 'the key parameters are missing')
  }
  const sodium = await getSodium()
  if (header.length !== sodium.crypto_secretstream_xchacha20poly1305_HEADERBYTES) {
    throw corrupt(NAME, 'the stream header has the wrong length')
  }
  if (data.length < sodium.crypto_secretstream_xchacha20poly1305_ABYTES)
    throw corrupt(NAME, 'the data is too short')
  const key = await argon2idSodium(NAME, utf8(password), salt, kdf.opsLimit, kdf.memLimit)
  let message: Uint8Array | null = null
  try {
    const state = sodium.crypto_secretstream_xchacha20poly1305_init_pull(header, key)
    const pulled: unknown = sodium.crypto_secretstream_xchacha20poly1305_pull(state, data, null)
    if (isRecord(pulled) && pulled.message instanceof Uint8Array) message = pulled.message
  } catch {
    message = null
  }
  if (message === null) throw wrongPassword(NAME)
  return bytesToText(message)
}

/**
 * Reads an Ente Auth export: the plain text file (otpauth URIs with codeDisplay), or the
 * encrypted JSON (Argon2id via libsodium + XChaCha20-Poly1305 secretstream).
 * @throws AppError PASSWORD_REQUIRED, WRONG_PASSWORD, IMPORT_FORMAT, IMPORT_CORRUPT, UNSUPPORTED.
 */
export async function importEnte(bytes: Uint8Array, options: ImportOptions): Promise<ImportResult> {
  const text = bytesToText(bytes)
  if (!text.trimStart().startsWith('{')) return importUriText(text, NAME)
  const json = parseJsonText(text, NAME)
  if (!looksLikeEnteEncrypted(json) || !isRecord(json))
    throw notThisFormat(NAME, 'it is neither a list of links nor an encrypted Ente export')
  if (json.version !== 1) throw corrupt(NAME, `its version ${describeValue(json.version)} is not 1`)
  if (options.password === undefined) throw passwordRequired(NAME)
  return importUriText(await decrypt(json, options.password), NAME)
}
