/**
 * The HTTP `Date` header (RFC 9110 section 5.6.7), read strictly: IMF-fixdate
 * ("Sun, 06 Nov 1994 08:49:37 GMT") and the two obsolete forms recipients must still accept
 * (RFC 850 "Sunday, 06-Nov-94 08:49:37 GMT" and asctime "Sun Nov  6 08:49:37 1994"). Anything
 * else is garbage: `Date.parse` would take "yesterday-ish" strings, local times without a zone and
 * numbers, and a clock check must not trust any of those.
 */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const LONG_DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']

const IMF =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{2}) ([A-Z][a-z]{2}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/
const RFC850 =
  /^(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), (\d{2})-([A-Z][a-z]{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) GMT$/
const ASCTIME =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) ([A-Z][a-z]{2}) ([ \d]\d) (\d{2}):(\d{2}):(\d{2}) (\d{4})$/

function build(
  year: number,
  monthName: string,
  day: number,
  h: number,
  m: number,
  s: number
): number | null {
  const month = MONTHS.indexOf(monthName)
  if (month < 0 || day < 1 || day > 31 || h > 23 || m > 59 || s > 60) return null
  // A leap second (:60) is read as the next second's start.
  const ms = Date.UTC(year, month, day, h, m, Math.min(s, 59)) + (s === 60 ? 1000 : 0)
  // 31 Feb and friends roll over in Date.UTC; a real header never says that.
  if (new Date(Date.UTC(year, month, day)).getUTCDate() !== day) return null
  return ms
}

/**
 * The instant an HTTP `Date` header names, in Unix ms, or null when it is not a valid HTTP date
 * (wrong format, impossible day, or a weekday that does not match the date).
 *
 * @param nowMs Used only for RFC 850's two-digit years (a year more than 50 years ahead is read
 *   as the previous century, as RFC 9110 says).
 */
export function parseHttpDate(value: string, nowMs = Date.now()): number | null {
  const v = value.trim()
  let m = IMF.exec(v)
  if (m) {
    const ms = build(Number(m[4]), m[3]!, Number(m[2]), Number(m[5]), Number(m[6]), Number(m[7]))
    if (ms === null || DAYS[new Date(ms).getUTCDay()] !== m[1]) return null
    return ms
  }
  m = RFC850.exec(v)
  if (m) {
    const thisYear = new Date(nowMs).getUTCFullYear()
    let year = Math.floor(thisYear / 100) * 100 + Number(m[4])
    if (year > thisYear + 50) year -= 100
    const ms = build(year, m[3]!, Number(m[2]), Number(m[5]), Number(m[6]), Number(m[7]))
    if (ms === null || LONG_DAYS[new Date(ms).getUTCDay()] !== m[1]) return null
    return ms
  }
  m = ASCTIME.exec(v)
  if (m) {
    const ms = build(
      Number(m[7]),
      m[2]!,
      Number(m[3]!.trim()),
      Number(m[4]),
      Number(m[5]),
      Number(m[6])
    )
    if (ms === null || DAYS[new Date(ms).getUTCDay()] !== m[1]) return null
    return ms
  }
  return null
}
