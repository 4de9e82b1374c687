/**
 * How far this computer's clock is off, from the HTTP `Date` headers of a few servers. Each reply
 * gives the server's time to the second; the midpoint of the request's round trip is when it was
 * read. A server whose Date is missing, not an HTTP date, impossible, too slow to answer, or far
 * from what the other servers say is left out, each with the reason the user sees. The answer is
 * the median of the servers that agree with each other.
 */
import { formatDuration } from '../../../shared/clock'
import { parseHttpDate } from './http-date'

/** One request's timing and its reply's Date header. */
export interface DateSample {
  /** Who was asked, as the user knows it (a server profile's name, the time URL's host). */
  source: string
  kind: 'server' | 'time-url'
  /** This computer's clock when the request went out and when the reply's headers came in. */
  sentAt: number
  receivedAt: number
  /** The reply's Date header; null when there was none. */
  date: string | null
  /** Why there was no reply (set instead of `date`). */
  error?: string
}

/** What became of one sample. */
export interface SampleVerdict {
  source: string
  kind: DateSample['kind']
  used: boolean
  /** The server's time minus ours, ms (when its Date could be read). */
  offsetMs?: number
  roundTripMs: number
  /** Why it was left out. */
  reason?: string
}

export type OffsetEstimate =
  | {
      ok: true
      /** True time minus this computer's time, ms: negative when this clock runs ahead. */
      offsetMs: number
      /** How far off the estimate itself may be (a Date has whole seconds; plus half a round trip). */
      uncertaintyMs: number
      /** How many servers agreed. */
      used: number
      samples: SampleVerdict[]
    }
  | { ok: false; message: string; samples: SampleVerdict[] }

export interface EstimateOptions {
  /** Servers within this of each other agree. Default 10 s. */
  agreeMs?: number
  /** A reply slower than this cannot tell the time to the second. Default 10 s. */
  maxRoundTripMs?: number
  /** Dates before this year (a server whose clock was reset to 1970) are garbage. Default 2020. */
  minYear?: number
}

const DEFAULTS: Required<EstimateOptions> = {
  agreeMs: 10_000,
  maxRoundTripMs: 10_000,
  minYear: 2020
}

/** The header as it may be quoted in a message: short, printable. */
function quote(header: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = header.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?')
  return clean.length > 40 ? `${clean.slice(0, 40)}…` : clean
}

function median(sorted: readonly number[]): number {
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[mid]! : Math.round((sorted[mid - 1]! + sorted[mid]!) / 2)
}

/**
 * The clock offset from the samples, or why there is none. Never throws; every sample comes back
 * with whether it was used and, if not, why.
 */
export function estimateClockOffset(
  samples: readonly DateSample[],
  options: EstimateOptions = {}
): OffsetEstimate {
  const o = { ...DEFAULTS, ...options }
  const verdicts: SampleVerdict[] = []
  const valid: { verdict: SampleVerdict; offset: number; spread: number }[] = []
  const maxYearMs = Date.UTC(2200, 0, 1)
  const minYearMs = Date.UTC(o.minYear, 0, 1)
  for (const s of samples) {
    const roundTripMs = Math.max(0, s.receivedAt - s.sentAt)
    const v: SampleVerdict = { source: s.source, kind: s.kind, used: false, roundTripMs }
    verdicts.push(v)
    if (s.error !== undefined) {
      v.reason = s.error
      continue
    }
    if (s.date === null || s.date.trim() === '') {
      v.reason = 'It sent no Date header, so it cannot tell the time.'
      continue
    }
    const at = parseHttpDate(s.date, s.receivedAt)
    if (at === null) {
      v.reason = `Its Date header (“${quote(s.date)}”) is not a valid HTTP date.`
      continue
    }
    if (at < minYearMs || at >= maxYearMs) {
      v.reason = `Its Date header says ${new Date(at).toISOString().slice(0, 10)}, which cannot be right.`
      continue
    }
    if (s.receivedAt < s.sentAt || roundTripMs > o.maxRoundTripMs) {
      v.reason = `It took ${formatDuration(roundTripMs)} to answer, too slow to tell the time to the second.`
      continue
    }
    // The Date has whole seconds (rounded down), so the server's time was somewhere in the
    // second it names: take the middle, at the middle of the round trip.
    const offset = Math.round(at + 500 - (s.sentAt + s.receivedAt) / 2)
    v.offsetMs = offset
    valid.push({ verdict: v, offset, spread: 500 + roundTripMs / 2 })
  }
  if (valid.length === 0) {
    return {
      ok: false,
      message:
        samples.length === 0
          ? 'There is nothing to compare the clock with: add a server, or allow a time check address in Settings.'
          : 'No server gave a time Tessera can use, so the clock was not checked. The reasons are listed below.',
      samples: verdicts
    }
  }
  // The largest group of servers that agree with one another: each sample's neighbours within
  // agreeMs, the sample with most neighbours wins.
  const groups = valid.map((a) => valid.filter((b) => Math.abs(a.offset - b.offset) <= o.agreeMs))
  const best = Math.max(...groups.map((g) => g.length))
  const winners = groups.filter((g) => g.length === best)
  const first = winners[0]!
  const disjoint = winners.some((g) => !g.some((x) => first.includes(x)))
  if (disjoint) {
    for (const x of valid) x.verdict.reason = 'The servers disagree by more than 10 seconds.'
    return {
      ok: false,
      message:
        'The servers disagree about the time by more than 10 seconds, so Tessera cannot tell which one is right. Check again later, or allow a time check address in Settings.',
      samples: verdicts
    }
  }
  const group = first
  const offsets = group.map((x) => x.offset).sort((a, b) => a - b)
  const offsetMs = median(offsets)
  for (const x of valid) {
    if (group.includes(x)) {
      x.verdict.used = true
      continue
    }
    x.verdict.reason = `Its clock is ${formatDuration(x.offset - offsetMs)} ${
      x.offset < offsetMs ? 'behind' : 'ahead of'
    } the other servers, so it was left out.`
  }
  const spreads = group.map((x) => x.spread).sort((a, b) => a - b)
  return {
    ok: true,
    offsetMs,
    uncertaintyMs: Math.round(median(spreads)),
    used: group.length,
    samples: verdicts
  }
}
