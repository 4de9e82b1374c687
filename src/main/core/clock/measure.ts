/**
 * Asking servers for the time: one HEAD request per address, in parallel, reading nothing but the
 * reply's `Date` header. No token, no cookie, no body is sent and redirects are not followed, so a
 * clock check tells a server no more than that someone looked. Callers only call this after the
 * user agreed (the Check button, or "check automatically" turned on).
 */
import { isLoopbackHost } from '../servers/validate'
import type { DateSample } from './offset'

/** The fetch function used; Node's global fetch by default, injectable for tests. */
export type DateFetch = (input: string, init: RequestInit) => Promise<Response>

/** One address to ask. */
export interface TimeSource {
  /** What the user calls it (a server profile's name, or the time check address's host). */
  name: string
  url: string
  kind: DateSample['kind']
}

export interface MeasureOptions {
  fetch?: DateFetch
  /** This computer's clock (Unix ms). */
  now?: () => number
  /** Per request. Default 5 s. */
  timeoutMs?: number
  signal?: AbortSignal
}

/** Most addresses one check asks (the first ones; a vault may hold many server profiles). */
export const MAX_TIME_SOURCES = 8

/**
 * Checks an address the user (or a policy) gave for time checks: https, or http to this machine
 * only (a plain-http Date could be changed on the way). Returns the URL to ask, or why not.
 */
export function checkTimeUrl(
  input: string
): { ok: true; url: string } | { ok: false; message: string } {
  let url: URL
  try {
    url = new URL(input.trim())
  } catch {
    return {
      ok: false,
      message: 'That is not a web address. Enter it like https://time.example.org.'
    }
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    return {
      ok: false,
      message:
        'Use an https:// address: the time from a plain http one could be changed on the way.'
    }
  }
  if (url.username || url.password) {
    return { ok: false, message: 'Remove the user name and password from the address.' }
  }
  url.hash = ''
  return { ok: true, url: url.toString() }
}

function reasonOf(err: unknown, timedOut: boolean): string {
  if (timedOut) return 'It did not answer in time.'
  let cur: unknown = err
  for (let i = 0; i < 4 && cur; i++) {
    const code = (cur as { code?: unknown }).code
    if (typeof code === 'string') {
      if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
        return 'Its address could not be found (no internet, or a typo).'
      if (code === 'ECONNREFUSED') return 'It refused the connection.'
      if (code === 'ECONNRESET') return 'It closed the connection.'
      if (/CERT|SSL|TLS|EPROTO/.test(code))
        return 'Its certificate could not be verified, so its answer was not trusted.'
      if (code === 'ENETUNREACH' || code === 'EHOSTUNREACH') return 'The network cannot reach it.'
    }
    cur = (cur as { cause?: unknown }).cause
  }
  return 'It could not be reached.'
}

/** Asks one address; never throws (a failure is a sample with `error`). */
async function sampleOne(source: TimeSource, opts: MeasureOptions): Promise<DateSample> {
  const now = opts.now ?? Date.now
  const doFetch: DateFetch = opts.fetch ?? ((input, init) => fetch(input, init))
  const controller = new AbortController()
  let timedOut = false
  const timer = setTimeout(() => {
    timedOut = true
    controller.abort()
  }, opts.timeoutMs ?? 5_000)
  const onAbort = (): void => controller.abort()
  opts.signal?.addEventListener('abort', onAbort, { once: true })
  const sentAt = now()
  try {
    const res = await doFetch(source.url, {
      method: 'HEAD',
      redirect: 'manual',
      credentials: 'omit',
      cache: 'no-store',
      signal: controller.signal
    })
    const receivedAt = now()
    void res.body?.cancel().catch(() => undefined)
    return {
      source: source.name,
      kind: source.kind,
      sentAt,
      receivedAt,
      date: res.headers.get('date')
    }
  } catch (err) {
    return {
      source: source.name,
      kind: source.kind,
      sentAt,
      receivedAt: now(),
      date: null,
      error: opts.signal?.aborted ? 'The check was cancelled.' : reasonOf(err, timedOut)
    }
  } finally {
    clearTimeout(timer)
    opts.signal?.removeEventListener('abort', onAbort)
  }
}

/** Asks every source (the first {@link MAX_TIME_SOURCES}) at once for its Date. */
export async function sampleClock(
  sources: readonly TimeSource[],
  opts: MeasureOptions = {}
): Promise<DateSample[]> {
  return Promise.all(sources.slice(0, MAX_TIME_SOURCES).map((s) => sampleOne(s, opts)))
}
