/**
 * Mithril (the eHealth auth server): sign-in with an SMS second factor, resend, and setting or
 * changing the phone factor. One call per method; what a session does with them (attempt
 * counting, confirmations, resend throttling) is ./sign-in.ts.
 *
 * Wire facts (the issue's, read from Mithril's source): grants go to `POST /auth/login` on newer
 * servers and `POST /oauth/tokens` on older ones, each as `{"token": {...}}`; the `otp` of a
 * verify is a JSON integer (a string passes validation, never matches, and counts as a failed
 * attempt); errors are `{"meta": {...}, "error": {"type", "message"}}`.
 */
import { z } from 'zod'
import { AppError, type ErrorCode, type ErrorDetails } from '../../../shared/errors'
import { requestJson, type HttpOptions, type HttpReply } from '../enroll/http'
import { parseRetryAfter, type Operation } from '../enroll/http-errors'
import { normalizeBaseUrl } from '../servers/validate'

/** What the server wants next after a grant. */
export type MithrilNextStep = 'REQUEST_OTP' | 'REQUEST_FACTOR' | 'REQUEST_APPS'

/** A token the server handed out, and what it says comes next. */
export interface MithrilGrant {
  /** A `2fa_access_token` or an `access_token`; never logged, never sent to the renderer. */
  token: string
  /** `access_token` (signed in) or `2fa_access_token` (a second step is needed). */
  kind: 'access' | '2fa'
  nextStep?: MithrilNextStep
  /** Unix seconds, when the server says. */
  expiresAt?: number
}

/** What a password sign-in needs. The password is never stored. */
export interface MithrilCredentials {
  email: string
  password: string
  clientId: string
  scope: string
}

/** Where the server takes grants. */
export type GrantPath = '/auth/login' | '/oauth/tokens'

/** An SMS code: exactly 6 digits. */
export const OTP_PATTERN = /^\d{6}$/
/** A Mithril phone factor: `+380` and 9 digits. */
export const PHONE_PATTERN = /^\+380\d{9}$/

const MAX_TOKEN = 8192

const grantSchema = z.object({
  data: z.object({
    value: z.string().min(1).max(MAX_TOKEN),
    name: z.string().max(64).optional(),
    expires_at: z.number().optional()
  }),
  urgent: z
    .object({ next_step: z.string().max(64).optional() })
    .partial()
    .optional()
})

const errorSchema = z.object({
  error: z.object({ type: z.string().max(200).optional(), message: z.string().optional() })
})

function clean(s: string | undefined): string | undefined {
  // eslint-disable-next-line no-control-regex
  return s?.replace(/[\u0000-\u001f\u007f]/g, ' ').slice(0, 200)
}

function err(code: ErrorCode, reason: string, message: string, d: ErrorDetails = {}): AppError {
  return new AppError(code, message, { details: { reason, ...d } })
}

/**
 * Reads a Mithril error reply as the AppError the user sees: each `error.type` its code, a
 * `details.reason` naming it, and words that say what to do next.
 */
export function mithrilError(op: Operation, reply: HttpReply, nowMs: number): AppError {
  const { status } = reply
  const parsed = errorSchema.safeParse(reply.body)
  const type = parsed.success ? (parsed.data.error.type ?? '') : ''
  const serverMessage = parsed.success ? clean(parsed.data.error.message) : undefined
  const d: ErrorDetails = { status, ...(type ? { serverCode: clean(type) } : {}) }
  if (serverMessage) d.serverMessage = serverMessage
  switch (type) {
    case 'otp_invalid':
      return err('WRONG_CODE', 'otp-invalid', 'The server did not accept the SMS code.', d)
    case 'otp_expired':
      return err(
        'CHALLENGE_EXPIRED',
        'otp-expired',
        'The SMS code has expired (codes last 5 minutes). Ask for a new code, then type the new one.',
        d
      )
    case 'otp_reached_max_attempts':
      return err(
        'LOCKED_OUT',
        'otp-max-attempts',
        'Too many wrong codes: the server blocked your account. Ask your administrator to unblock it.',
        d
      )
    case 'user_blocked':
      return err(
        'LOCKED_OUT',
        'user-blocked',
        'Your account is blocked (after too many wrong codes). Only an administrator can unblock it; contact them.',
        d
      )
    case 'token_expired':
      return err(
        'TOKEN_EXPIRED',
        'token-expired',
        'This sign-in has expired or was replaced by a newer one. Sign in again.',
        d
      )
    case 'token_invalid':
      return err(
        'TOKEN_EXPIRED',
        'token-invalid',
        'The server does not know this sign-in any more. Sign in again.',
        d
      )
    case 'password_expired':
      return err(
        'SERVER_REJECTED',
        'password-expired',
        'Your password has expired. Change it on the web site, then sign in again.',
        d
      )
    case 'access_denied':
      if (/attempts? limit/i.test(serverMessage ?? '')) {
        return err(
          'LOCKED_OUT',
          'password-attempts',
          'Too many wrong passwords: the server has locked sign-in for up to 10 minutes. Wait, then try again with the right password.',
          d
        )
      }
      return err(
        'SERVER_REJECTED',
        'wrong-password',
        'The server did not accept this email and password. Check both and try again (10 wrong passwords in 10 minutes lock sign-in).',
        d
      )
    case 'invalid_grant':
      return err(
        'SERVER_REJECTED',
        'grant-not-allowed',
        'The server refused this kind of sign-in ("Grant type not allowed"). Check the server address in the profile.',
        d
      )
    case 'otp_timeout': {
      const retryAfter = parseRetryAfter(reply.retryAfter ?? null, nowMs) ?? 60
      return err(
        'RATE_LIMITED',
        'otp-timeout',
        `The server sends at most 3 codes a minute. Wait ${retryAfter} seconds, then ask for a new code.`,
        { ...d, retryAfter }
      )
    }
  }
  if (status === 429) {
    const retryAfter = parseRetryAfter(reply.retryAfter ?? null, nowMs) ?? 60
    return err(
      'RATE_LIMITED',
      'rate-limited',
      `The server asks Tessera to slow down. Wait ${retryAfter} seconds, then try again.`,
      { ...d, retryAfter }
    )
  }
  if (status === 409) {
    return err(
      'NOT_ENROLLED',
      'factor-not-set',
      op === 'approve-factor'
        ? 'The server has no new phone waiting for a code. Start the phone change again.'
        : 'Your account has no phone set as its second factor yet. Set a phone number first.',
      d
    )
  }
  if (status === 422) {
    return err(
      'INVALID_INPUT',
      'validation',
      op === 'init-factor'
        ? 'The server did not accept that phone number. Type it as +380 followed by 9 digits.'
        : 'The server did not accept the request as sent. Check what you typed and try again.',
      d
    )
  }
  if (status === 503) {
    return err(
      'SERVER_ERROR',
      'sms-gateway',
      'The server cannot send or check SMS codes right now (its SMS gateway is down). Try again in a few minutes.',
      d
    )
  }
  if (status >= 500) {
    return err(
      'SERVER_ERROR',
      'server-error',
      'The server had an internal problem. Try again in a few minutes; if it persists, tell the server administrator.',
      d
    )
  }
  if (status === 401 || status === 403) {
    return err(
      'TOKEN_EXPIRED',
      'unauthorized',
      'The server refused this sign-in. Sign in again.',
      d
    )
  }
  return err(
    'SERVER_REJECTED',
    'rejected',
    'The server refused the request. Check the server profile, or tell the server administrator.',
    d
  )
}

/** Exactly the answer a newer server gives to grants on its old route. */
function isGrantNotAllowed(reply: HttpReply): boolean {
  const p = errorSchema.safeParse(reply.body)
  return (
    reply.status === 401 &&
    p.success &&
    p.data.error.type === 'invalid_grant' &&
    p.data.error.message === 'Grant type not allowed.'
  )
}

function malformed(): AppError {
  return new AppError(
    'MALFORMED_RESPONSE',
    'The server sent a reply Tessera could not understand. Check the server address and type in the profile, or tell the server administrator.',
    { details: { field: 'data.value' } }
  )
}

/** Refuses anything but 6 digits before it reaches the server, and makes it an integer. */
export function otpInteger(code: string): number {
  const c = code.replace(/\s+/g, '')
  if (!OTP_PATTERN.test(c)) {
    throw new AppError(
      'INVALID_INPUT',
      'An SMS code is exactly 6 digits. Check the message and type the code again; nothing was sent.',
      { details: { reason: 'malformed-code' } }
    )
  }
  const n = Number.parseInt(c, 10)
  if (!Number.isSafeInteger(n)) throw new AppError('INVALID_INPUT', 'Type the 6-digit code.')
  return n
}

/** The calls of Mithril's sign-in and factor API. Stateless apart from the learned grant path. */
export class MithrilClient {
  private path: GrantPath | undefined

  constructor(
    private readonly baseUrl: string,
    private readonly http: HttpOptions = {},
    opts: { grantPath?: GrantPath } = {}
  ) {
    // http only to loopback; the token must never travel in the clear to another host.
    this.baseUrl = normalizeBaseUrl(baseUrl)
    this.path = opts.grantPath
  }

  /** The grant path that worked, once known (keep it with the profile). */
  grantPath(): GrantPath | undefined {
    return this.path
  }

  private async post(
    path: string,
    op: Operation,
    body: unknown,
    token?: string
  ): Promise<HttpReply> {
    return requestJson(
      {
        baseUrl: this.baseUrl,
        path,
        method: 'POST',
        op,
        body,
        errorReplies: true,
        ...(token !== undefined ? { token } : {})
      },
      this.http
    )
  }

  private grantOf(reply: HttpReply, op: Operation): MithrilGrant {
    const now = (this.http.now ?? Date.now)()
    if (reply.status < 200 || reply.status > 299) throw mithrilError(op, reply, now)
    const g = grantSchema.safeParse(reply.body)
    if (!g.success) throw malformed()
    const step = g.data.urgent?.next_step
    const nextStep =
      step === 'REQUEST_OTP' || step === 'REQUEST_FACTOR' || step === 'REQUEST_APPS'
        ? step
        : undefined
    return {
      token: g.data.data.value,
      kind: g.data.data.name === 'access_token' ? 'access' : '2fa',
      ...(nextStep ? { nextStep } : {}),
      ...(g.data.data.expires_at !== undefined ? { expiresAt: g.data.data.expires_at } : {})
    }
  }

  /**
   * Sends a grant to `/auth/login`, or where the server took grants before. A newer server
   * refuses grants on the old route, an older one on the new: on exactly that answer (401
   * `invalid_grant` "Grant type not allowed.", before any credential is looked at) the other
   * route is tried once.
   */
  private async grant(
    op: Operation,
    grant: Record<string, unknown>,
    token?: string
  ): Promise<MithrilGrant> {
    const first: GrantPath = this.path ?? '/auth/login'
    const reply = await this.post(first, op, { token: grant }, token)
    if (!isGrantNotAllowed(reply)) {
      if (reply.status >= 200 && reply.status <= 299) this.path = first
      return this.grantOf(reply, op)
    }
    const other: GrantPath = first === '/auth/login' ? '/oauth/tokens' : '/auth/login'
    const again = await this.post(other, op, { token: grant }, token)
    if (again.status >= 200 && again.status <= 299) this.path = other
    return this.grantOf(again, op)
  }

  /** Password sign-in. 201 with a 2FA token and the next step (REQUEST_OTP: an SMS was sent). */
  async signIn(c: MithrilCredentials): Promise<MithrilGrant> {
    if (!c.email.trim() || !c.password || !c.clientId.trim()) {
      throw new AppError('INVALID_INPUT', 'Type your email and password, and set the client id.')
    }
    return this.grant('sign-in', {
      grant_type: 'password',
      email: c.email.trim(),
      password: c.password,
      client_id: c.clientId.trim(),
      scope: c.scope
    })
  }

  /** Second step of the sign-in: the SMS code, always as a JSON integer. */
  async verify(twoFactorToken: string, code: string): Promise<MithrilGrant> {
    const otp = otpInteger(code)
    return this.grant('verify', { grant_type: 'authorize_2fa_access_token', otp }, twoFactorToken)
  }

  /** A new SMS: returns a NEW 2FA token; the old one is dead from then on. */
  async resend(twoFactorToken: string): Promise<MithrilGrant> {
    return this.grant('resend', { grant_type: 'refresh_2fa_access_token' }, twoFactorToken)
  }

  /** Starts setting the phone factor; the bearer expires, the returned token carries on. */
  async initFactor(token: string, phone: string): Promise<MithrilGrant> {
    const p = phone.replace(/[\s()-]/g, '')
    if (!PHONE_PATTERN.test(p)) {
      throw new AppError(
        'INVALID_INPUT',
        'Type the phone number as +380 followed by 9 digits, for example +380501234567.',
        { details: { reason: 'phone-format' } }
      )
    }
    const reply = await this.post(
      '/oauth/users/actions/init_factor',
      'init-factor',
      { type: 'SMS', factor: p },
      token
    )
    return this.grantOf(reply, 'init-factor')
  }

  /** Confirms the new phone with the code sent to it (a JSON integer); returns the next token. */
  async approveFactor(token: string, code: string): Promise<MithrilGrant> {
    const otp = otpInteger(code)
    const reply = await this.post(
      '/oauth/users/actions/approve_factor',
      'approve-factor',
      { otp },
      token
    )
    return this.grantOf(reply, 'approve-factor')
  }
}
