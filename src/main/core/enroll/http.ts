/**
 * The transport to 2FA servers: one JSON request with TLS always verified, no redirects, a
 * bounded reply body and a timeout. What a failure means is decided in ./http-errors.
 */
import { AppError } from '../../../shared/errors'
import { enrollErrorMessage } from '../../../shared/enroll-messages'
import { httpError, transportError, type Operation } from './http-errors'

/** The fetch function the clients use; Node's global fetch by default, injectable for tests. */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>

export interface HttpOptions {
  fetch?: FetchLike
  /** Milliseconds before a request is abandoned with TIMEOUT. Default 15 000. */
  timeoutMs?: number
  /** The local clock (Unix ms). */
  now?: () => number
  /** Called with server-minus-local clock difference (ms) whenever a reply has a Date header. */
  onClock?: (skewMs: number) => void
  /** Aborts the request with CANCELLED. */
  signal?: AbortSignal
}

export interface HttpRequest {
  baseUrl: string
  path: string
  method: 'GET' | 'POST' | 'PUT' | 'DELETE'
  op: Operation
  /** Bearer token; omitted for public calls. */
  token?: string
  /** Serialised with JSON.stringify. */
  body?: unknown
  /**
   * Return 4xx/5xx replies (body parsed when it is JSON) instead of throwing them, for APIs
   * whose error bodies the caller reads itself (Mithril). Redirects still throw.
   */
  errorReplies?: boolean
}

export interface HttpReply {
  status: number
  /** Parsed JSON body; `undefined` for an empty body. */
  body: unknown
  /** The Retry-After header of an error reply returned with `errorReplies`. */
  retryAfter?: string | null
}

/**
 * Largest reply body Tessera reads from a 2FA server. Real replies are under 1 KB (UCloud's
 * credentials with their QR image about 10 KB); a server that sends more is not one we speak to,
 * and reading without a limit lets it fill the main process's memory.
 */
export const MAX_RESPONSE_BYTES = 1024 * 1024

function tooLarge(status: number): AppError {
  return new AppError(
    'MALFORMED_RESPONSE',
    `The server sent a reply larger than Tessera accepts (over ${MAX_RESPONSE_BYTES / 1048576} MB). Check the server address and type in the profile, or tell the server administrator.`,
    { details: { status, reason: 'too-large' } }
  )
}

/**
 * Reads a reply body as text, at most {@link MAX_RESPONSE_BYTES}. Stops when `signal` aborts
 * even if the body stream itself ignores it, so a body dripping a byte at a time is bounded by
 * the request's timeout.
 */
async function readBody(res: Response, signal: AbortSignal): Promise<string> {
  const declared = Number(res.headers.get('content-length'))
  if (Number.isFinite(declared) && declared > MAX_RESPONSE_BYTES) {
    await res.body?.cancel().catch(() => undefined)
    throw tooLarge(res.status)
  }
  if (!res.body) return ''
  const reader = res.body.getReader()
  const onAbort = (): void => {
    reader.cancel().catch(() => undefined)
  }
  signal.addEventListener('abort', onAbort, { once: true })
  const chunks: Uint8Array[] = []
  let total = 0
  try {
    for (;;) {
      const { done, value } = await reader.read()
      // A cancelled reader reports `done`: never take a cut-off body for the whole reply.
      if (signal.aborted) throw new Error('The reply was abandoned part-way.')
      if (done) break
      total += value.byteLength
      if (total > MAX_RESPONSE_BYTES) {
        reader.cancel().catch(() => undefined)
        throw tooLarge(res.status)
      }
      chunks.push(value)
    }
  } finally {
    signal.removeEventListener('abort', onAbort)
  }
  return new TextDecoder().decode(Buffer.concat(chunks))
}

/** A parsed reply with every occurrence of `secrets` in its strings (bar `type`s) redacted. */
function redactDeep(v: unknown, secrets: string[], key = '', depth = 0): unknown {
  if (typeof v === 'string') {
    if (key === 'type') return v
    let out = v
    for (const s of secrets) out = out.split(s).join('[redacted]')
    return out
  }
  if (depth > 8 || !v || typeof v !== 'object') return v
  if (Array.isArray(v)) return v.map((x) => redactDeep(x, secrets, '', depth + 1))
  return Object.fromEntries(
    Object.entries(v as Record<string, unknown>).map(([k, x]) => [
      k,
      redactDeep(x, secrets, k, depth + 1)
    ])
  )
}

const NOT_SECRET_KEYS = new Set(['grant_type', 'type', 'method', 'scope', 'client_id'])

/** The strings of a request that must never come back in an error message. */
function secretsOf(req: HttpRequest): string[] {
  const out: string[] = []
  if (req.token) out.push(req.token)
  // One level of nesting too: Mithril wraps its grants (password, otp) in {"token": {...}}.
  const walk = (body: unknown, depth: number): void => {
    if (!body || typeof body !== 'object') return
    for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
      // Names of things, not secrets: redacting "password" (a grant type) would break the
      // server's "password_expired" in its reply.
      if (NOT_SECRET_KEYS.has(k)) continue
      if (typeof v === 'string' && v.length >= 4 && !['totp', 'email'].includes(v)) out.push(v)
      if (typeof v === 'number' && Number.isInteger(v) && v >= 1000) out.push(String(v))
      if (depth > 0) walk(v, depth - 1)
    }
  }
  walk(req.body, 1)
  return out
}

/**
 * NODE_TLS_REJECT_UNAUTHORIZED=0 turns certificate checks off for the whole process, fetch
 * included: a request then could hand the bearer token (or a password, a code) to whoever answers.
 * Tessera refuses to send anything over https in such a process instead, with TLS, before any
 * byte leaves.
 */
function refuseUnverifiedTls(req: HttpRequest): void {
  if (!req.baseUrl.toLowerCase().startsWith('https:')) return
  if (process.env.NODE_TLS_REJECT_UNAUTHORIZED !== '0') return
  throw new AppError(
    'TLS',
    'Certificate checks are turned off for this process (NODE_TLS_REJECT_UNAUTHORIZED=0), so ' +
      'Tessera sent nothing to the server: your access token could reach an impostor. Unset ' +
      'NODE_TLS_REJECT_UNAUTHORIZED and try again.',
    { details: { delivery: 'not-sent', reason: 'tls-verification-disabled' } }
  )
}

/**
 * One JSON request to a 2FA server. TLS is always verified (there is no switch to turn it off).
 * Every reply with a Date header reports the clock difference through `onClock`. Transport
 * failures become TLS, NETWORK, TIMEOUT or CANCELLED with `details.delivery` saying whether the
 * request may have reached the server; HTTP errors become the codes of `httpError`; a 2xx reply
 * that is not JSON becomes MALFORMED_RESPONSE.
 */
export async function requestJson(req: HttpRequest, opts: HttpOptions = {}): Promise<HttpReply> {
  refuseUnverifiedTls(req)
  const doFetch: FetchLike = opts.fetch ?? ((input, init) => fetch(input, init))
  const now = opts.now ?? Date.now
  const controller = new AbortController()
  let timedOut = false
  const timer = setTimeout(() => {
    timedOut = true
    controller.abort()
  }, opts.timeoutMs ?? 15_000)
  const onOuterAbort = (): void => controller.abort()
  opts.signal?.addEventListener('abort', onOuterAbort, { once: true })
  const headers: Record<string, string> = { accept: 'application/json' }
  if (req.token !== undefined) headers.authorization = `Bearer ${req.token}`
  // Redirects are not followed: the bearer token must only ever go to the configured address.
  const init: RequestInit = {
    method: req.method,
    headers,
    signal: controller.signal,
    redirect: 'manual'
  }
  if (req.body !== undefined) {
    headers['content-type'] = 'application/json; charset=utf-8'
    init.body = JSON.stringify(req.body)
  }
  try {
    if (opts.signal?.aborted) throw new Error('aborted before start')
    let res: Response
    let text: string
    const sentAt = now()
    try {
      res = await doFetch(`${req.baseUrl}${req.path}`, init)
      text = await readBody(res, controller.signal)
    } catch (err) {
      if (err instanceof AppError) throw err
      throw transportError(err, timedOut, opts.signal?.aborted === true && !timedOut)
    }
    const date = res.headers.get('date')
    if (date && opts.onClock) {
      const serverMs = Date.parse(date)
      // Compared with the middle of the exchange; the header's one-second resolution is noise
      // next to the 30 s that matter.
      if (!Number.isNaN(serverMs)) opts.onClock(serverMs - (sentAt + now()) / 2)
    }
    if (res.status >= 300 && res.status <= 399) {
      throw new AppError(
        'SERVER_REJECTED',
        `The server tried to send Tessera to another address (HTTP ${res.status}). Tessera does not follow redirects, so the access token stays with the configured server. Check the server address in the profile.`,
        { details: { status: res.status, reason: 'redirect' } }
      )
    }
    if ((res.status < 200 || res.status > 299) && req.errorReplies) {
      let errBody: unknown
      try {
        errBody = text.trim() === '' ? undefined : (JSON.parse(text) as unknown)
      } catch {
        errBody = undefined
      }
      // An error reply echoing the token, password or code must not carry it on; the `type`
      // fields the caller matches on are names, left as they are.
      return {
        status: res.status,
        body: redactDeep(errBody, secretsOf(req)),
        retryAfter: res.headers.get('retry-after')
      }
    }
    if (res.status < 200 || res.status > 299) {
      // A server echoing the request (token, code, password) must not put it in an error.
      let safeText = text
      for (const secret of secretsOf(req)) safeText = safeText.split(secret).join('[redacted]')
      throw httpError(req.op, res.status, safeText, res.headers.get('retry-after'), now())
    }
    if (text.trim() === '') return { status: res.status, body: undefined }
    try {
      return { status: res.status, body: JSON.parse(text) as unknown }
    } catch (err) {
      throw new AppError('MALFORMED_RESPONSE', enrollErrorMessage('MALFORMED_RESPONSE'), {
        cause: err,
        details: { status: res.status }
      })
    }
  } catch (err) {
    if (err instanceof AppError) throw err
    throw transportError(err, timedOut, opts.signal?.aborted === true)
  } finally {
    clearTimeout(timer)
    opts.signal?.removeEventListener('abort', onOuterAbort)
  }
}
