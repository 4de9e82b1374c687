import type { NewAccount } from '../../../shared/model'
import { decodeMigrationUri } from '../migration'
import { parseOtpauthUri } from '../otpauth'
import { buildAccount, entryName, ResultBuilder, type RawEntry } from './build'
import { notThisFormat } from './errors'
import type { ImportResult } from './types'
import { bytesToText, isRecord } from './util'

const NAME = 'URI list'
const MAX_LINE = 64 * 1024

/**
 * Re-checks an account another module produced, so every import passes the same rules; what
 * `extra` names (a Bitwarden item's name, an Ente note) stands in for the account's own.
 */
export function revalidate(
  a: NewAccount,
  extra?: Pick<RawEntry, 'issuer' | 'label' | 'tags' | 'favorite' | 'note'>
): NewAccount {
  return buildAccount({
    issuer: extra?.issuer ?? a.issuer,
    label: extra?.label ?? a.label,
    type: a.otp.type,
    secret: a.otp.secret,
    algorithm: a.otp.algorithm,
    digits: a.otp.digits,
    period: a.otp.period,
    counter: a.otp.counter,
    pin: a.otp.pin,
    tags: extra?.tags ?? a.tags,
    favorite: extra?.favorite ?? a.favorite,
    note: extra?.note ?? a.note
  })
}

/**
 * Ente Auth appends `codeDisplay=<JSON>` (pinned, trashed, tags, note) to each URI. Returns the
 * URI without it, and what it said.
 */
function splitCodeDisplay(uri: string): { uri: string; display: Record<string, unknown> | null } {
  const q = uri.indexOf('?')
  if (q < 0 || !/codeDisplay=/i.test(uri)) return { uri, display: null }
  const params = uri.slice(q + 1).split('&')
  let display: Record<string, unknown> | null = null
  const kept = params.filter((p) => {
    if (!/^codeDisplay=/i.test(p)) return true
    try {
      const parsed: unknown = JSON.parse(
        decodeURIComponent(p.slice(p.indexOf('=') + 1).replace(/\+/g, ' '))
      )
      if (isRecord(parsed)) display = parsed
    } catch {
      // An unreadable display block only loses tags and pins; the account itself is intact.
    }
    return false
  })
  return { uri: `${uri.slice(0, q)}?${kept.join('&')}`, display }
}

/** One otpauth:// URI (with optional Ente codeDisplay) to a checked account. */
export function accountFromOtpauth(uri: string): NewAccount {
  const { uri: clean, display } = splitCodeDisplay(uri)
  // A backup line may name no account; it is kept (named later) rather than lost.
  const parsed = parseOtpauthUri(clean, { allowUnnamed: true })
  if (display === null) return revalidate(parsed)
  const extra: Partial<Pick<NewAccount, 'tags' | 'favorite' | 'note'>> = {}
  if (Array.isArray(display.tags))
    extra.tags = display.tags.filter((t): t is string => typeof t === 'string')
  if (display.pinned === true) extra.favorite = true
  if (typeof display.note === 'string' && display.note !== '') extra.note = display.note
  return revalidate(parsed, extra)
}

/**
 * Reads text with one otpauth:// (or motp://) or otpauth-migration:// URI per line; blank lines and lines
 * starting with `#` are ignored, any other line becomes a failure naming its line number.
 * Ente Auth's plain export is this format (with codeDisplay parameters, read for tags, pins and
 * notes; entries in Ente's trash are left out and listed as failed).
 * @throws AppError IMPORT_FORMAT when the file is empty.
 */
export function importUriText(text: string, formatName = NAME): ImportResult {
  if (text.trim() === '') throw notThisFormat(formatName, 'it is empty')
  const out = new ResultBuilder()
  const lines = text.split(/\r\n|\n|\r/)
  lines.forEach((raw, i) => {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) return
    const name = `line ${i + 1}`
    const lower = line.slice(0, 256).toLowerCase()
    const at = Math.min(
      ...['otpauth://', 'otpauth-migration://', 'motp://']
        .map((p) => lower.indexOf(p))
        .filter((n) => n >= 0)
    )
    if (!Number.isFinite(at)) {
      out.fail(name, 'it is not an otpauth:// or otpauth-migration:// link')
      return
    }
    const uri = line.slice(at)
    if (uri.length > MAX_LINE) {
      out.fail(name, 'the link is longer than any authenticator writes')
      return
    }
    if (uri.toLowerCase().startsWith('otpauth-migration://')) {
      out.add(name, () => {
        const decoded = decodeMigrationUri(uri)
        for (const s of decoded.skipped) {
          out.fail(entryName(s.issuer, s.name, name), s.reason)
        }
        const accounts: NewAccount[] = []
        decoded.accounts.forEach((a, j) => {
          out.add(entryName(a.issuer, a.label, `${name}, account ${j + 1}`), () => {
            accounts.push(revalidate(a))
            return []
          })
        })
        return accounts
      })
      return
    }
    const { display } = splitCodeDisplay(uri)
    if (display?.trashed === true) {
      out.fail(name, `it was in ${formatName}'s trash, so it was left out`)
      return
    }
    out.add(name, () => accountFromOtpauth(uri))
  })
  return out.result()
}

/** Reads a text file of otpauth / otpauth-migration links (see {@link importUriText}). */
export async function importUriList(bytes: Uint8Array): Promise<ImportResult> {
  return importUriText(bytesToText(bytes))
}
