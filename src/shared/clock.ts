/**
 * How far this computer's clock is off, in words people read ("Your clock is 47 s fast"), and
 * when that makes codes wrong. Shared by Settings, the codes list, Quick copy and `tessera code`.
 *
 * Sign convention everywhere: an offset is the true time minus this computer's time, so a clock
 * that runs ahead has a negative offset, and corrected codes are computed at `now + offset`.
 */

/** Codes are checked with about one period (30 s) of slack; past 15 s a code may already fail. */
export const CLOCK_WARN_MS = 15_000

/** Offsets below this are "right": an HTTP Date has whole seconds only. */
export const CLOCK_RIGHT_MS = 1_000

/** "47 s", "3 min 12 s", "2 h 5 min": a duration at the precision that matters. */
export function formatDuration(ms: number): string {
  const total = Math.round(Math.abs(ms) / 1000)
  if (total < 60) return `${total} s`
  const minutes = Math.floor(total / 60)
  const seconds = total % 60
  if (minutes < 60) return seconds === 0 ? `${minutes} min` : `${minutes} min ${seconds} s`
  const hours = Math.floor(minutes / 60)
  const rest = minutes % 60
  if (hours < 48) return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`
  return `${Math.round(hours / 24)} days`
}

/** "Your clock is 47 s fast.", "Your clock is 3 min slow.", "Your clock is right." */
export function describeOffset(offsetMs: number): string {
  if (Math.abs(offsetMs) < CLOCK_RIGHT_MS) return 'Your clock is right (within a second).'
  return `Your clock is ${formatDuration(offsetMs)} ${offsetMs < 0 ? 'fast' : 'slow'}.`
}

/** True when codes made with this clock may be refused (|offset| over {@link CLOCK_WARN_MS}). */
export function offsetMakesCodesWrong(offsetMs: number): boolean {
  return Math.abs(offsetMs) > CLOCK_WARN_MS
}
