/**
 * How a failed request to a 2FA server is read: a transport failure (TLS, network, timeout,
 * cancelled, and whether the request may have reached the server) or an HTTP error reply (the
 * server's errorCode and status, read in the light of the operation). The words for each outcome
 * are the shared catalogue's (src/shared/enroll-messages.ts), which the Servers screen reads too.
 */
import { AppError, type ErrorCode, type ErrorDetails } from '../../../shared/errors'
import { enrollErrorMessage as messageFor } from '../../../shared/enroll-messages'

/** Which API call a request is; decides how an HTTP error status is read. */
export type Operation =
  | 'status'
  | 'create'
  | 'answer'
  | 'confirm'
  | 'enable-email'
  | 'disable'
  | 'sign-in'
  | 'verify'
  | 'resend'
  | 'init-factor'
  | 'approve-factor'

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

/**
 * Read against the server's `why` when its errorCode says nothing (UCloud's Go server sends
 * `"errorCode": ""` and one status, 403, for three different refusals). Only whole, specific
 * phrases: a server's free text is not guessed at.
 */
const WHY_HINTS: Array<[RegExp, ErrorCode, string]> = [
  [/^invalid 2fa code\b|^invalid verification code\b/i, 'WRONG_CODE', 'wrong-code'],
  [
    /^2fa is already activated\b|^2fa is already connected\b/i,
    'ALREADY_ENROLLED',
    'already-active'
  ],
  [/^challenge expired\b|^unknown challenge\b/i, 'CHALLENGE_EXPIRED', 'challenge-expired'],
  [/^forbidden\.?$/i, 'TOKEN_EXPIRED', 'forbidden'],
  [/^invalid request supplied\b/i, 'SERVER_REJECTED', 'invalid-request']
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
  if (!code && why && status >= 400 && status <= 404) {
    for (const [re, c, reason] of WHY_HINTS) {
      if (re.test(why.trim())) {
        code = c
        details.reason = reason
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

/** A failure before any HTTP reply, as the AppError the user sees. */
export function transportError(err: unknown, timedOut: boolean, cancelled: boolean): AppError {
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
