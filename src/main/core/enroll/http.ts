import { AppError, type ErrorCode, type ErrorDetails } from '../../../shared/errors'

/** The fetch function the clients use; Node's global fetch by default, injectable for tests. */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>

/** Which API call a request is; decides how an HTTP error status is read. */
export type Operation = 'status' | 'create' | 'answer' | 'confirm' | 'enable-email' | 'disable'

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
}

export interface HttpReply {
  status: number
  /** Parsed JSON body; `undefined` for an empty body. */
  body: unknown
}

/**
 * Largest reply body Tessera reads from a 2FA server. Real replies are under 1 KB (UCloud's
 * credentials with their QR image about 10 KB); a server that sends more is not one we speak to,
 * and reading without a limit lets it fill the main process's memory.
 */
export const MAX_RESPONSE_BYTES = 1024 * 1024

/** Longest Retry-After honoured, in seconds (a day); a larger one would block the profile for good. */
export const MAX_RETRY_AFTER_SECONDS = 24 * 60 * 60

/** How sure we are that a failed request reached the server. */
export type Delivery = 'not-sent' | 'maybe'

const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'EPROTO'
])

const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT'
])

function errorCodeOf(err: unknown): string | undefined {
  let cur: unknown = err
  for (let i = 0; i < 5 && cur; i++) {
    if (typeof cur === 'object' && cur !== null) {
      const code = (cur as { code?: unknown }).code
      if (typeof code === 'string' && code !== 'ERR_INVALID_STATE') return code
      cur = (cur as { cause?: unknown }).cause
    } else break
  }
  return undefined
}

function messageChain(err: unknown): string {
  const parts: string[] = []
  let cur: unknown = err
  for (let i = 0; i < 5 && cur instanceof Error; i++) {
    parts.push(cur.message)
    cur = cur.cause
  }
  return parts.join(' / ')
}

/**
 * Reads an HTTP `Retry-After` value (seconds or an HTTP date) as whole seconds from `nowMs`.
 * Returns undefined when the header is absent or unreadable.
 */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (value === null) return undefined
  const v = value.trim()
  if (/^\d+$/.test(v)) return Math.min(Number(v), MAX_RETRY_AFTER_SECONDS)
  const at = Date.parse(v)
  if (Number.isNaN(at)) return undefined
  return Math.min(Math.max(0, Math.ceil((at - nowMs) / 1000)), MAX_RETRY_AFTER_SECONDS)
}

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

interface ServerErrorBody {
  why?: string
  errorCode?: string
  attemptsLeft?: number
}

/** Reads the error fields UCloud (`why`, `errorCode`) or Vantage-style servers send. */
function readErrorBody(text: string): ServerErrorBody {
  let v: unknown
  try {
    v = JSON.parse(text)
  } catch {
    return {}
  }
  if (typeof v !== 'object' || v === null) return {}
  const o = v as Record<string, unknown>
  const out: ServerErrorBody = {}
  for (const k of ['why', 'message', 'error']) {
    const s = o[k]
    if (typeof s === 'string' && out.why === undefined) out.why = s
  }
  for (const k of ['errorCode', 'code']) {
    const s = o[k]
    if (typeof s === 'string' && out.errorCode === undefined) out.errorCode = s
  }
  for (const k of ['attemptsLeft', 'remainingAttempts', 'attemptsRemaining']) {
    const n = o[k]
    if (typeof n === 'number' && Number.isInteger(n) && n >= 0 && out.attemptsLeft === undefined) {
      out.attemptsLeft = n
    }
  }
  return out
}

/** A server's own words, trimmed to something safe to show (no control characters). */
function safeWhy(why: string | undefined): string | undefined {
  if (!why) return undefined
  // eslint-disable-next-line no-control-regex
  return why.replace(/[\u0000-\u001f\u007f]/g, ' ').slice(0, 200)
}

/**
 * Read against the server's errorCode split into lower-case words joined by `_`
 * (`accountLocked` -> `account_locked`), so "lock" and "rate" match whole words: a bare /lock/
 * read CLOCK_SKEW as "locked out, contact your administrator", and /rate/ read GENERATE_FAILED
 * as rate limiting.
 */
const ERROR_CODE_HINTS: Array<[RegExp, ErrorCode]> = [
  [/token|unauthori[sz]ed|unauthenticated/, 'TOKEN_EXPIRED'],
  [/expired|not.?found|unknown.?challenge|no.?setup/, 'CHALLENGE_EXPIRED'],
  [/invalid.?code|wrong.?code|incorrect|bad.?code|verification/, 'WRONG_CODE'],
  [/(?:^|_)lock(?:ed)?(?:_?out)?(?:_|$)/, 'LOCKED_OUT'],
  [/already/, 'ALREADY_ENROLLED'],
  [/password/, 'WRONG_PASSWORD'],
  [/(?:^|_)rate(?:_|$)|too_?many|throttl/, 'RATE_LIMITED']
]

function errorCodeWords(code: string): string {
  return code
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
}

/**
 * Turns an HTTP error reply into the AppError the user sees. The server's `errorCode` decides
 * when it is recognisable; otherwise the status code does, read in the light of the operation
 * (a 400 to a challenge answer is a wrong code; a 400 to disable is a wrong password).
 */
export function httpError(
  op: Operation,
  status: number,
  bodyText: string,
  retryAfterHeader: string | null,
  nowMs: number
): AppError {
  const body = readErrorBody(bodyText)
  const answering = op === 'answer' || op === 'confirm'
  const details: ErrorDetails = { status }
  const why = safeWhy(body.why)
  if (why) details.serverMessage = why
  if (body.errorCode) details.serverCode = safeWhy(body.errorCode)

  let code: ErrorCode | undefined
  if (status === 429) code = 'RATE_LIMITED'
  else if (status >= 500) code = 'SERVER_ERROR'
  else if (status === 423) code = 'LOCKED_OUT'
  // UCloud's answerChallenge is public (no token is sent) and answers a bad code with 401.
  else if (status === 401 && op === 'answer') code = 'WRONG_CODE'
  else if (body.errorCode) {
    const words = errorCodeWords(body.errorCode.slice(0, 200))
    for (const [re, c] of ERROR_CODE_HINTS) {
      if (re.test(words)) {
        code = c
        break
      }
    }
  }
  if (!code) {
    switch (status) {
      case 401:
        code = op === 'answer' && !body.errorCode ? 'WRONG_CODE' : 'TOKEN_EXPIRED'
        break
      case 403:
        code = op === 'disable' ? 'WRONG_PASSWORD' : 'LOCKED_OUT'
        break
      case 404:
      case 410:
        code = answering ? 'CHALLENGE_EXPIRED' : 'SERVER_REJECTED'
        break
      case 409:
        code = 'ALREADY_ENROLLED'
        break
      case 400:
      case 422:
        code = answering ? 'WRONG_CODE' : op === 'disable' ? 'WRONG_PASSWORD' : 'SERVER_REJECTED'
        break
      default:
        code = 'SERVER_REJECTED'
    }
  }

  if (code === 'WRONG_PASSWORD') {
    // WRONG_PASSWORD means the vault's password elsewhere; this is the server account's.
    details.reason = 'wrong-password'
    return new AppError('SERVER_REJECTED', messageFor('WRONG_PASSWORD'), { details })
  }
  if (code === 'WRONG_CODE' && body.attemptsLeft !== undefined) {
    details.attemptsLeft = body.attemptsLeft
  }
  if (code === 'RATE_LIMITED') {
    const ra = parseRetryAfter(retryAfterHeader, nowMs)
    if (ra !== undefined) details.retryAfter = ra
  }
  return new AppError(code, messageFor(code, details), { details })
}

/** The plain-words message for each outcome, with the next step. */
export function messageFor(code: ErrorCode, details: ErrorDetails = {}): string {
  switch (code) {
    case 'WRONG_CODE':
      return details.attemptsLeft !== undefined
        ? `The server did not accept the code (${details.attemptsLeft} attempts left). Check that this computer's clock is right, then start the enrollment again.`
        : "The server did not accept the code. Check that this computer's clock is right, then start the enrollment again."
    case 'CHALLENGE_EXPIRED':
      return 'The server no longer knows this enrollment (it expired or was replaced). The unfinished account was discarded; start the enrollment again.'
    case 'ALREADY_ENROLLED':
      return 'Two-factor authentication is already on for this server account. Disable it on the server first if you want to enroll Tessera instead.'
    case 'TOKEN_EXPIRED':
      return "The server no longer accepts this profile's access token. Get a new token from the server and update the server profile."
    case 'LOCKED_OUT':
      return 'The server has locked two-factor changes for this account. Contact your administrator.'
    case 'RATE_LIMITED':
      return details.retryAfter !== undefined
        ? `The server asks Tessera to slow down. Wait ${details.retryAfter} seconds, then try again.`
        : 'The server asks Tessera to slow down. Wait a minute, then try again.'
    case 'SERVER_ERROR':
      return 'The server had an internal problem. Try again in a few minutes; if it persists, tell the server administrator.'
    case 'MALFORMED_RESPONSE':
      return 'The server sent a reply Tessera could not understand. Check the server address and type in the profile, or tell the server administrator.'
    case 'TLS':
      return "The server's certificate could not be verified, so Tessera did not send anything. Check the address; if it is right, the server's certificate must be fixed by its administrator."
    case 'NETWORK':
      return 'The server could not be reached. Check your network connection and the server address, then try again.'
    case 'TIMEOUT':
      return 'The server did not answer in time. Check your network connection and try again.'
    case 'WRONG_PASSWORD':
      return 'The server did not accept the account password. Type the password of your account on that server and try again.'
    case 'SERVER_REJECTED':
      return 'The server refused the request. Check the server profile, or tell the server administrator.'
    case 'CANCELLED':
      return 'Cancelled.'
    default:
      return 'Something went wrong talking to the server. Try again.'
  }
}

function transportError(err: unknown, timedOut: boolean, cancelled: boolean): AppError {
  if (cancelled) return new AppError('CANCELLED', messageFor('CANCELLED'), { cause: err })
  if (timedOut) {
    return new AppError('TIMEOUT', messageFor('TIMEOUT'), {
      cause: err,
      details: { delivery: 'maybe' }
    })
  }
  const code = errorCodeOf(err)
  const text = messageChain(err)
  if ((code && TLS_CODES.has(code)) || /certificate|self[- ]signed|SSL|TLS/i.test(text)) {
    return new AppError('TLS', messageFor('TLS'), {
      cause: err,
      details: { delivery: 'not-sent', ...(code ? { reason: code } : {}) }
    })
  }
  const delivery: Delivery = code && NOT_SENT_CODES.has(code) ? 'not-sent' : 'maybe'
  return new AppError('NETWORK', messageFor('NETWORK'), {
    cause: err,
    details: { delivery, ...(code ? { reason: code } : {}) }
  })
}

/** The strings of a request that must never come back in an error message. */
function secretsOf(req: HttpRequest): string[] {
  const out: string[] = []
  if (req.token) out.push(req.token)
  if (req.body && typeof req.body === 'object') {
    for (const v of Object.values(req.body as Record<string, unknown>)) {
      if (typeof v === 'string' && v.length >= 4 && !['totp', 'email'].includes(v)) out.push(v)
      if (typeof v === 'number' && Number.isInteger(v) && v >= 1000) out.push(String(v))
    }
  }
  return out
}

/**
 * One JSON request to a 2FA server. TLS is always verified (there is no switch to turn it off).
 * Every reply with a Date header reports the clock difference through `onClock`. Transport
 * failures become TLS, NETWORK, TIMEOUT or CANCELLED with `details.delivery` saying whether the
 * request may have reached the server; HTTP errors become the codes of `httpError`; a 2xx reply
 * that is not JSON becomes MALFORMED_RESPONSE.
 */
export async function requestJson(req: HttpRequest, opts: HttpOptions = {}): Promise<HttpReply> {
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
      throw new AppError('MALFORMED_RESPONSE', messageFor('MALFORMED_RESPONSE'), {
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
