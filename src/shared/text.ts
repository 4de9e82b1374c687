/**
 * Cleaning text that came from outside (a QR code, a link, a backup, a server) before it is
 * stored or shown: account names, tags, notes and the audit log's fields.
 *
 * What is removed, and why:
 * - Bidirectional controls (LRE, RLE, PDF, LRO, RLO, LRI, RLI, FSI, PDI, LRM, RLM, ALM). An
 *   override makes "moc.lapyap" show as "paypal.com", and an unclosed one reorders whatever is
 *   printed after it (the next column, the rest of a terminal line). Arabic or Hebrew names need
 *   none of them to display correctly on their own; the app shows each name isolated.
 * - Invisible characters with no use in a name: zero-width space, word joiner, the invisible
 *   maths operators, byte-order mark, soft hyphen, Mongolian vowel separator.
 * - Zero-width joiner / non-joiner next to ASCII or spaces (where they only hide a difference:
 *   "Goo\u200Cgle"). Between two other characters they stay: Persian and Indic scripts and emoji
 *   sequences need them.
 * - Control characters (C0, DEL, C1), including ESC, so a name cannot move a terminal's cursor
 *   or recolour it; line and paragraph separators. In names they become spaces; notes keep their
 *   line breaks.
 * - Lone UTF-16 surrogates (a JSON backup may spell one as "\udfff"): they are not text, every
 *   encoder refuses or mangles them (`encodeURIComponent` throws, so an account so named could
 *   not be exported as a link), and they become U+FFFD, the replacement character.
 */

// Built from code points so no invisible character sits in this file's source.
const cls = (ranges: [number, number][]): string =>
  ranges
    .map(([a, b]) =>
      a === b ? `\\u{${a.toString(16)}}` : `\\u{${a.toString(16)}}-\\u{${b.toString(16)}}`
    )
    .join('')

const BIDI = new RegExp(
  `[${cls([
    [0x061c, 0x061c],
    [0x200e, 0x200f],
    [0x202a, 0x202e],
    [0x2066, 0x2069]
  ])}]`,
  'gu'
)
const INVISIBLE = new RegExp(
  `[${cls([
    [0x00ad, 0x00ad],
    [0x180e, 0x180e],
    [0x200b, 0x200b],
    [0x2060, 0x2064],
    [0xfeff, 0xfeff]
  ])}]`,
  'gu'
)
const JOINERS = /[\u200C\u200D]/gu
const CONTROL = new RegExp(
  `[${cls([
    [0x00, 0x1f],
    [0x7f, 0x9f],
    [0x2028, 0x2029]
  ])}]`,
  'gu'
)
const CONTROL_BUT_NEWLINE = new RegExp(
  `[${cls([
    [0x00, 0x09],
    [0x0b, 0x1f],
    [0x7f, 0x9f],
    [0x2028, 0x2029]
  ])}]`,
  'gu'
)

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

/**
 * `s` with every lone UTF-16 surrogate replaced by U+FFFD (String.prototype.toWellFormed of
 * ES2024), so it can be percent-encoded, written as UTF-8 or sent over IPC unchanged.
 */
export function wellFormed(s: string): string {
  return s.replace(LONE_SURROGATE, '\uFFFD')
}

/** A joiner is kept only between two characters that are neither ASCII nor white space. */
function keepsJoiner(before: string | undefined, after: string | undefined): boolean {
  const ok = (ch: string | undefined): boolean =>
    ch !== undefined && ch.charCodeAt(0) > 0x7f && !/\s/u.test(ch)
  return ok(before) && ok(after)
}

function stripInvisible(s: string): string {
  return s
    .replace(BIDI, '')
    .replace(INVISIBLE, '')
    .replace(JOINERS, (j, at: number, all: string) =>
      keepsJoiner(all[at - 1], all[at + 1]) ? j : ''
    )
}

/**
 * One line of display text (an issuer, an account name, a tag, a server name): bidi controls,
 * invisible characters and control characters removed, runs of white space made one space,
 * trimmed.
 */
export function cleanName(s: string): string {
  return stripInvisible(wellFormed(s).replace(CONTROL, ' ')).replace(/\s+/gu, ' ').trim()
}

/** Free text (a note): as {@link cleanName} but line breaks are kept (\r\n becomes \n). */
export function cleanNote(s: string): string {
  return stripInvisible(
    wellFormed(s).replace(/\r\n?/g, '\n').replace(CONTROL_BUT_NEWLINE, ' ')
  ).trim()
}

/** True when `s` has something {@link cleanName} would remove or change. */
export function needsCleaning(s: string): boolean {
  return cleanName(s) !== s
}
