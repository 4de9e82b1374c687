/**
 * The one check every new account passes before it is offered or saved, whichever way it came
 * in: a scanned QR code, an opened or pasted link, an import, the manual form, or a 2FA server's
 * enrollment answer. Parsers read what a source says; this decides whether Tessera keeps it.
 *
 * A QR code on a web page is enough to offer an account, so the rules are about what a hostile
 * source could send: a secret too short to protect anything or too long to be a key, a name
 * that hides characters or is thousands of characters long. The vault's own add checks again,
 * so no path can skip it.
 */
import { AppError } from '../../../shared/errors'
import type { NewAccount } from '../../../shared/model'
import { cleanName, cleanNote } from '../../../shared/text'
import { checkOtpParams, MAX_SECRET_BYTES } from '../otp/params'

/**
 * Shortest secret kept for TOTP, HOTP and Steam: 10 bytes (80 bits, 16 base32 characters), what
 * the shortest real setup keys have. RFC 4226 asks for 16. mOTP (8 bytes, 16 hex characters)
 * and Yandex (its own checksum) keep their own minimums.
 */
export const MIN_SECRET_BYTES = 10

/** Longest issuer or account name kept, in characters (after cleaning). */
export const MAX_NAME_LENGTH = 256

/** Longest note kept, in characters. */
export const MAX_NOTE_LENGTH = 65_536

/** Most tags on one account, and the longest tag. */
export const MAX_TAGS = 64
export const MAX_TAG_LENGTH = 200

export { MAX_SECRET_BYTES }

function nameError(field: 'issuer' | 'label', length: number): AppError {
  const what = field === 'issuer' ? 'service name (issuer)' : 'account name'
  return new AppError(
    'INVALID_INPUT',
    `The ${what} is ${length} characters long; Tessera keeps names of up to ${MAX_NAME_LENGTH}. ` +
      'Shorten it, or check that the right code or file was used.',
    {
      details: {
        field,
        length,
        max: MAX_NAME_LENGTH,
        reason: `its ${field === 'issuer' ? 'service name' : 'name'} is ${length} characters long (at most ${MAX_NAME_LENGTH} are kept)`
      }
    }
  )
}

function cleanTags(tags: readonly unknown[] | undefined): string[] {
  const out: string[] = []
  const seen = new Set<string>()
  for (const raw of tags ?? []) {
    if (typeof raw !== 'string') continue
    const tag = cleanName(raw)
    const key = tag.toLowerCase()
    if (!tag || tag.length > MAX_TAG_LENGTH || seen.has(key)) continue
    seen.add(key)
    out.push(tag)
    if (out.length === MAX_TAGS) break
  }
  return out
}

/**
 * Checks a new account and returns the copy to keep: names and tags cleaned (bidi controls,
 * invisible and control characters removed, see shared/text), every OTP setting checked, the
 * secret between {@link MIN_SECRET_BYTES} and {@link MAX_SECRET_BYTES} bytes.
 *
 * @throws AppError INVALID_SECRET when the secret is missing, not base32, too short or too long
 *   (the message gives its length and the limit); INVALID_INPUT (details.field) when a name is
 *   longer than {@link MAX_NAME_LENGTH} or an OTP setting is out of range.
 */
export function admitAccount(input: NewAccount): NewAccount {
  const issuer = cleanName(typeof input.issuer === 'string' ? input.issuer : '')
  const label = cleanName(typeof input.label === 'string' ? input.label : '')
  if (issuer.length > MAX_NAME_LENGTH) throw nameError('issuer', issuer.length)
  if (label.length > MAX_NAME_LENGTH) throw nameError('label', label.length)
  // No name at all is allowed here: a backup may hold an unnamed entry, and refusing it would
  // lose it (the user can name it afterwards). Links and the form ask for a name themselves.
  let bytes: Uint8Array
  try {
    bytes = checkOtpParams(input.otp)
  } catch (err) {
    if (!(err instanceof AppError)) throw err
    // A short reason for review lists: "its secret is 1500 bytes long; at most 1024 are accepted".
    const first = (err.message.split('. ')[0] ?? err.message).replace(/^The secret/, 'its secret')
    const reason = first.charAt(0).toLowerCase() + first.slice(1)
    throw new AppError(err.code, err.message, {
      cause: err,
      details: {
        ...err.details,
        ...(err.code === 'INVALID_SECRET' ? { field: 'secret' } : {}),
        reason
      }
    })
  }
  const t = input.otp.type
  if ((t === 'totp' || t === 'hotp' || t === 'steam') && bytes.length < MIN_SECRET_BYTES) {
    throw new AppError(
      'INVALID_SECRET',
      `The secret is only ${bytes.length} ${bytes.length === 1 ? 'byte' : 'bytes'} long; ` +
        `Tessera needs at least ${MIN_SECRET_BYTES} (16 base32 characters), as real setup keys have. ` +
        'Check that the whole key was used, or ask the service for a new one.',
      {
        details: {
          field: 'secret',
          bytes: bytes.length,
          min: MIN_SECRET_BYTES,
          reason: `its secret is only ${bytes.length} ${bytes.length === 1 ? 'byte' : 'bytes'} long (at least ${MIN_SECRET_BYTES} are needed)`
        }
      }
    )
  }
  const out: NewAccount = { issuer, label, otp: { ...input.otp } }
  const tags = cleanTags(input.tags)
  if (tags.length > 0) out.tags = tags
  if (input.favorite === true) out.favorite = true
  if (typeof input.note === 'string') {
    const note = cleanNote(input.note)
    if (note.length > MAX_NOTE_LENGTH) {
      throw new AppError(
        'INVALID_INPUT',
        `The note is ${note.length} characters long; Tessera keeps notes of up to ${MAX_NOTE_LENGTH}.`,
        { details: { field: 'note' } }
      )
    }
    if (note) out.note = note
  }
  if (input.enrollment !== undefined) out.enrollment = { ...input.enrollment }
  return out
}

/**
 * A short reason for a review list ("its secret is only 1 byte long (at least 10 are needed)"),
 * from an error {@link admitAccount} threw, or its message.
 */
export function admitReason(err: unknown): string {
  if (!(err instanceof AppError)) return 'it could not be read'
  const r = err.details?.reason
  return typeof r === 'string' ? r : err.message
}

/**
 * {@link admitAccount} for a batch that is saved in one write: every account must pass.
 *
 * @throws AppError the first failure, naming the account's position when there are several.
 */
export function admitAll(inputs: readonly NewAccount[]): NewAccount[] {
  return inputs.map((a, i) => {
    try {
      return admitAccount(a)
    } catch (err) {
      if (!(err instanceof AppError) || inputs.length === 1) throw err
      throw new AppError(err.code, `Account ${i + 1} of ${inputs.length}: ${err.message}`, {
        details: { ...err.details, index: i }
      })
    }
  })
}
