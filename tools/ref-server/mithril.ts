/**
 * Mithril (the eHealth auth server) in the reference server: sign-in with an SMS second factor
 * and setting or changing the phone factor, as the issue's wire facts describe it.
 *
 * - `POST /auth/login` (newer) or `POST /oauth/tokens` (older) with `{"token": {...}}` grants;
 *   each refuses them on the other route with 401 `invalid_grant` "Grant type not allowed."
 * - password → 201 with a `2fa_access_token` and `urgent.next_step` REQUEST_OTP (an SMS was
 *   sent), REQUEST_FACTOR (no phone) or REQUEST_APPS (no 2FA: an access token);
 * - `authorize_2fa_access_token` with `otp` a JSON integer (a string never matches and counts);
 * - `refresh_2fa_access_token` returns a new token and kills the old one;
 * - `init_factor` / `approve_factor`, each expiring the bearer it was made with.
 *
 * Codes live 300 s; 3 sends a minute (then 429 otp_timeout); 3 wrong codes block the user for
 * good (the third still says otp_invalid); 10 wrong passwords in 10 minutes lock sign-in.
 */
import { randomBytes, randomInt } from 'node:crypto'

export type MithrilRoute =
  'mithril.login' | 'mithril.tokens' | 'mithril.init_factor' | 'mithril.approve_factor'

export const MITHRIL_ROUTES: readonly MithrilRoute[] = [
  'mithril.login',
  'mithril.tokens',
  'mithril.init_factor',
  'mithril.approve_factor'
]

/** `new`: grants on /auth/login, refused on /oauth/tokens. `old`: the other way round. */
export type MithrilGeneration = 'new' | 'old'

export interface MithrilUser {
  email: string
  password: string
  /** The active SMS factor's phone, or undefined (REQUEST_FACTOR). */
  phone?: string
  /** False: the user signs in without a second factor (REQUEST_APPS). */
  twoFactor: boolean
  blocked: boolean
  /** Wrong codes since the last good one. */
  otpFailures: number
  /** Times of wrong passwords (Unix ms). */
  passwordFailures: number[]
  passwordExpired: boolean
  /** Times of SMS sends (Unix ms), for the 3-a-minute limit. */
  sends: number[]
}

export interface MithrilSms {
  phone: string
  code: number
  at: number
}

interface TokenState {
  value: string
  kind: '2fa' | 'access' | 'factor'
  email: string
  alive: boolean
  expiresAt: number
  otp?: { code: number; expiresAt: number }
  /** init_factor: the phone waiting for approve_factor. */
  factor?: string
}

export interface MithrilState {
  generation: MithrilGeneration
  users: Map<string, MithrilUser>
  /** Every SMS "sent", newest last. */
  sms: MithrilSms[]
  tokens: Map<string, TokenState>
  addUser(u: Partial<MithrilUser> & { email: string; password?: string }): MithrilUser
  /** The last SMS code sent to `phone`. */
  lastCode(phone: string): number | undefined
  /** A code that is certainly wrong for `phone`'s last SMS. */
  wrongCode(phone: string): number
}

interface Reply {
  status: number
  body?: unknown
  headers?: Record<string, string>
}

interface Ctx {
  token: string | undefined
  body: unknown
}

export const OTP_TTL_MS = 300_000
const TOKEN_TTL_MS = 3_600_000
const SENDS_PER_MINUTE = 3
const MAX_OTP_FAILURES = 3
const MAX_PASSWORD_FAILURES = 10
const PASSWORD_WINDOW_MS = 10 * 60_000
const PHONE = /^\+380\d{9}$/

function meta(status: number): Record<string, unknown> {
  return {
    code: status,
    url: 'http://mithril',
    type: 'object',
    request_id: randomBytes(8).toString('hex')
  }
}

function fail(status: number, type: string, message: string, extra: object = {}): Reply {
  return { status, body: { meta: meta(status), error: { type, message, ...extra } } }
}

function ok(status: number, data: object, nextStep?: string): Reply {
  return {
    status,
    body: {
      meta: meta(status),
      data,
      ...(nextStep ? { urgent: { next_step: nextStep } } : {})
    }
  }
}

export function createMithril(opts: {
  now: () => number
  generation?: MithrilGeneration
  /** Makes SMS codes (tests pick ones with a leading zero). Default random 6 digits. */
  codeFactory?: () => number
}): { state: MithrilState; handlers: Record<MithrilRoute, (ctx: Ctx) => Reply> } {
  const now = opts.now
  const newCode = opts.codeFactory ?? (() => randomInt(100_000, 1_000_000))
  const users = new Map<string, MithrilUser>()
  const tokens = new Map<string, TokenState>()
  const sms: MithrilSms[] = []

  const state: MithrilState = {
    generation: opts.generation ?? 'new',
    users,
    sms,
    tokens,
    addUser(u) {
      const user: MithrilUser = {
        password: 'password',
        twoFactor: true,
        blocked: false,
        otpFailures: 0,
        passwordFailures: [],
        passwordExpired: false,
        sends: [],
        ...u
      }
      users.set(user.email.toLowerCase(), user)
      return user
    },
    lastCode(phone) {
      for (let i = sms.length - 1; i >= 0; i--) if (sms[i]!.phone === phone) return sms[i]!.code
      return undefined
    },
    wrongCode(phone) {
      const c = state.lastCode(phone)
      return c === 111_111 ? 222_222 : 111_111
    }
  }

  const issue = (
    kind: TokenState['kind'],
    email: string,
    extra: Partial<TokenState> = {}
  ): TokenState => {
    const t: TokenState = {
      value: randomBytes(24).toString('base64url'),
      kind,
      email,
      alive: true,
      expiresAt: now() + TOKEN_TTL_MS,
      ...extra
    }
    tokens.set(t.value, t)
    return t
  }

  /** Sends an SMS, or answers 429 otp_timeout after 3 in a minute. */
  const send = (u: MithrilUser, phone: string): { code: number } | Reply => {
    u.sends = u.sends.filter((t) => now() - t < 60_000)
    if (u.sends.length >= SENDS_PER_MINUTE) {
      const wait = Math.ceil((60_000 - (now() - u.sends[0]!)) / 1000)
      return {
        ...fail(429, 'otp_timeout', 'Sending OTP timeout. Try later.'),
        headers: { 'retry-after': String(wait) }
      }
    }
    u.sends.push(now())
    const code = newCode()
    sms.push({ phone, code, at: now() })
    return { code }
  }
  const isReply = (x: unknown): x is Reply => typeof x === 'object' && x !== null && 'status' in x

  const tokenData = (t: TokenState, name: string): object => ({
    value: t.value,
    name,
    expires_at: Math.floor(t.expiresAt / 1000),
    user_id: t.email
  })

  /** The bearer token of a request, alive and of `kinds`, or the error a server gives. */
  const bearer = (ctx: Ctx, kinds: Array<TokenState['kind']>): TokenState | Reply => {
    const t = ctx.token !== undefined ? tokens.get(ctx.token) : undefined
    if (!t || !kinds.includes(t.kind)) return fail(401, 'token_invalid', 'Invalid token.')
    if (!t.alive || now() > t.expiresAt) return fail(401, 'token_expired', 'Token expired.')
    const u = users.get(t.email)
    if (!u) return fail(401, 'token_invalid', 'Invalid token.')
    if (u.blocked) return fail(401, 'user_blocked', 'User blocked.')
    return t
  }

  /** Checks an OTP: the third wrong one still says otp_invalid, and blocks the user. */
  const checkOtp = (u: MithrilUser, t: TokenState, otp: unknown): Reply | undefined => {
    if (otp === undefined || otp === null) {
      return fail(422, 'validation_failed', 'Validation failed.', {
        invalid: [{ entry: '$.otp', rules: [{ rule: 'required' }] }]
      })
    }
    if (!t.otp) return fail(409, 'request_conflict', 'Factor not set')
    if (now() > t.otp.expiresAt) return fail(401, 'otp_expired', 'OTP expired.')
    // A string passes validation but is compared with an integer: it never matches.
    if (otp !== t.otp.code) {
      u.otpFailures += 1
      if (u.otpFailures >= MAX_OTP_FAILURES) u.blocked = true
      return fail(401, 'otp_invalid', 'Invalid OTP.')
    }
    u.otpFailures = 0
    return undefined
  }

  const grants = (ctx: Ctx): Reply => {
    const b = ctx.body as { token?: Record<string, unknown> } | undefined
    const g = b && typeof b === 'object' ? b.token : undefined
    if (!g || typeof g !== 'object') {
      return fail(422, 'validation_failed', 'Validation failed.', {
        invalid: [{ entry: '$.token', rules: [{ rule: 'required' }] }]
      })
    }
    switch (g.grant_type) {
      case 'password': {
        const email = typeof g.email === 'string' ? g.email.toLowerCase() : ''
        if (typeof g.client_id !== 'string' || typeof g.scope !== 'string') {
          return fail(422, 'validation_failed', 'Validation failed.', {
            invalid: [{ entry: '$.client_id', rules: [{ rule: 'required' }] }]
          })
        }
        const u = users.get(email)
        if (!u) return fail(401, 'access_denied', 'Identity, password combination is wrong.')
        u.passwordFailures = u.passwordFailures.filter((t) => now() - t < PASSWORD_WINDOW_MS)
        if (u.passwordFailures.length >= MAX_PASSWORD_FAILURES) {
          return fail(401, 'access_denied', 'You reached login attempts limit. Try again later')
        }
        if (g.password !== u.password) {
          u.passwordFailures.push(now())
          return fail(401, 'access_denied', 'Identity, password combination is wrong.')
        }
        if (u.blocked) return fail(401, 'user_blocked', 'User blocked.')
        if (u.passwordExpired) return fail(401, 'password_expired', 'Password expired.')
        if (!u.twoFactor) {
          return ok(201, tokenData(issue('access', u.email), 'access_token'), 'REQUEST_APPS')
        }
        if (!u.phone) {
          return ok(201, tokenData(issue('2fa', u.email), '2fa_access_token'), 'REQUEST_FACTOR')
        }
        const sent = send(u, u.phone)
        if (isReply(sent)) return sent
        const t = issue('2fa', u.email, { otp: { code: sent.code, expiresAt: now() + OTP_TTL_MS } })
        return ok(201, tokenData(t, '2fa_access_token'), 'REQUEST_OTP')
      }
      case 'authorize_2fa_access_token': {
        const t = bearer(ctx, ['2fa'])
        if (isReply(t)) return t
        const u = users.get(t.email)!
        const bad = checkOtp(u, t, g.otp)
        if (bad) return bad
        t.alive = false
        return ok(201, tokenData(issue('access', u.email), 'access_token'), 'REQUEST_APPS')
      }
      case 'refresh_2fa_access_token': {
        const t = bearer(ctx, ['2fa'])
        if (isReply(t)) return t
        const u = users.get(t.email)!
        if (!u.phone) return fail(409, 'request_conflict', 'Factor not set')
        const sent = send(u, u.phone)
        if (isReply(sent)) return sent
        t.alive = false
        const next = issue('2fa', u.email, {
          otp: { code: sent.code, expiresAt: now() + OTP_TTL_MS }
        })
        return ok(201, tokenData(next, '2fa_access_token'), 'REQUEST_OTP')
      }
      default:
        return fail(401, 'invalid_grant', 'Grant type not allowed.')
    }
  }

  const handlers: Record<MithrilRoute, (ctx: Ctx) => Reply> = {
    // The older server's /auth/login takes none of these grants.
    'mithril.login': (ctx) =>
      state.generation === 'new'
        ? grants(ctx)
        : fail(401, 'invalid_grant', 'Grant type not allowed.'),
    'mithril.tokens': (ctx) =>
      state.generation === 'new'
        ? fail(401, 'invalid_grant', 'Grant type not allowed.')
        : grants(ctx),
    'mithril.init_factor': (ctx) => {
      const t = bearer(ctx, ['2fa', 'access'])
      if (isReply(t)) return t
      const u = users.get(t.email)!
      const b = ctx.body as { type?: unknown; factor?: unknown } | undefined
      if (!b || b.type !== 'SMS' || typeof b.factor !== 'string' || !PHONE.test(b.factor)) {
        return fail(422, 'validation_failed', 'Validation failed.', {
          invalid: [{ entry: '$.factor', rules: [{ rule: 'format' }] }]
        })
      }
      const sent = send(u, b.factor)
      if (isReply(sent)) return sent
      t.alive = false
      const next = issue('factor', u.email, {
        factor: b.factor,
        otp: { code: sent.code, expiresAt: now() + OTP_TTL_MS }
      })
      return ok(201, tokenData(next, '2fa_access_token'), 'REQUEST_OTP')
    },
    'mithril.approve_factor': (ctx) => {
      const t = bearer(ctx, ['factor', '2fa', 'access'])
      if (isReply(t)) return t
      const u = users.get(t.email)!
      if (t.kind !== 'factor' || !t.factor) return fail(409, 'request_conflict', 'Factor not set')
      const b = ctx.body as { otp?: unknown } | undefined
      const bad = checkOtp(u, t, b?.otp)
      if (bad) return bad
      t.alive = false
      u.phone = t.factor
      u.twoFactor = true
      return ok(201, tokenData(issue('access', u.email), 'access_token'), 'REQUEST_APPS')
    }
  }
  return { state, handlers }
}

/** The Mithril route of a request, if it is one. */
export function mithrilRouteOf(method: string, path: string): MithrilRoute | undefined {
  if (method !== 'POST') return undefined
  if (path === '/auth/login') return 'mithril.login'
  if (path === '/oauth/tokens') return 'mithril.tokens'
  if (path === '/oauth/users/actions/init_factor') return 'mithril.init_factor'
  if (path === '/oauth/users/actions/approve_factor') return 'mithril.approve_factor'
  return undefined
}
