import { buildAccount, entryName, ResultBuilder } from './build'
import { aesGcmOpenPacked, argon2idSodium } from './crypto'
import { corrupt, EntryError, notThisFormat, passwordRequired, wrongPassword } from './errors'
import type { ImportOptions, ImportResult } from './types'
import { accountFromOtpauth, revalidate } from './uri-list'
import { base64ToBytes, bytesToText, isRecord, parseJsonText, utf8 } from './util'

const NAME = 'Proton Authenticator'
/** Fixed by Proton's export format (not stored in the file): Argon2id t=2, m=19 MiB, p=1. */
const ARGON_OPS = 2
const ARGON_MEM = 19 * 1024 * 1024
const AAD = utf8('proton.authenticator.export.v1')

/** True for a Proton Authenticator export, plain (`entries`) or encrypted (`salt` + `content`). */
export function looksLikeProton(json: unknown): boolean {
  if (!isRecord(json) || typeof json.version !== 'number') return false
  if (Array.isArray(json.entries))
    return json.entries.every((e) => isRecord(e) && isRecord(e.content))
  return typeof json.salt === 'string' && typeof json.content === 'string'
}

function readEntries(json: unknown): ImportResult {
  if (!isRecord(json) || !Array.isArray(json.entries))
    throw corrupt(NAME, 'the entry list is missing')
  const out = new ResultBuilder()
  json.entries.forEach((e, i) => {
    const content = isRecord(e) && isRecord(e.content) ? e.content : {}
    out.add(entryName(content.name, undefined, `entry ${i + 1}`), () => {
      if (!isRecord(e)) throw new EntryError('it is not an entry')
      const uri = content.uri
      const note = typeof e.note === 'string' ? e.note : undefined
      if (typeof uri !== 'string') throw new EntryError('it has no otpauth link')
      if (/^steam:\/\//i.test(uri)) {
        return buildAccount({
          issuer: 'Steam',
          label: content.name === 'Steam' ? '' : content.name,
          type: 'steam',
          secret: uri.slice(8),
          note
        })
      }
      const a = accountFromOtpauth(uri)
      // Through the same checks as every other field (a note spliced on afterwards skipped the
      // 64 KiB cap, so one hostile file could put megabytes of text into the vault per entry).
      return note ? revalidate(a, { note }) : a
    })
  })
  return out.result()
}

/**
 * Reads a Proton Authenticator export, plain or encrypted (Argon2id + AES-256-GCM).
 * @throws AppError PASSWORD_REQUIRED, WRONG_PASSWORD, IMPORT_FORMAT, IMPORT_CORRUPT.
 */
export async function importProton(
  bytes: Uint8Array,
  options: ImportOptions
): Promise<ImportResult> {
  const json = parseJsonText(bytesToText(bytes), NAME)
  if (!looksLikeProton(json) || !isRecord(json))
    throw notThisFormat(NAME, 'it has no Proton entry list')
  if (Array.isArray(json.entries)) return readEntries(json)
  const salt = base64ToBytes(json.salt)
  const content = base64ToBytes(json.content)
  if (!salt || !content || content.length < 12 + 16)
    throw corrupt(NAME, 'the encrypted content is incomplete')
  if (salt.length !== 16) throw corrupt(NAME, 'the salt has the wrong length')
  if (options.password === undefined) throw passwordRequired(NAME)
  const key = await argon2idSodium(NAME, utf8(options.password), salt, ARGON_OPS, ARGON_MEM)
  const plain = aesGcmOpenPacked(key, content, AAD)
  if (!plain) throw wrongPassword(NAME)
  return readEntries(parseJsonText(bytesToText(plain), NAME))
}
