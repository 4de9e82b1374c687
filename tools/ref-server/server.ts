/**
 * A reference 2FA server speaking the APIs Tessera enrolls against (UCloud's /auth/2fa in both
 * server generations, and Vantage's /api/user/two-factor), for tests and for trying enrollment
 * by hand. Plain node:http on 127.0.0.1. Real TOTP verification (±1 step, a used step is never
 * accepted again), challenge expiry, lockout after N failures (older UCloud, Vantage), and
 * switchable faults.
 */
import { randomBytes, randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { generateSecret, generateURI, verifySync } from 'otplib'
import QRCode from 'qrcode'
import { BARYCENTER_ROUTE, createBarycenter, type BarycenterState } from './barycenter'
import {
  createMithril,
  MITHRIL_ROUTES,
  mithrilRouteOf,
  type MithrilGeneration,
  type MithrilRoute,
  type MithrilState
} from './mithril'

export type Route =
  | 'ucloud.status'
  | 'ucloud.create'
  | 'ucloud.answer'
  | 'vantage.status'
  | 'vantage.create'
  | 'vantage.put'
  | 'vantage.disable'
  | MithrilRoute
  | typeof BARYCENTER_ROUTE

/**
 * A switchable fault. `after: true` runs the real handler first (its state change is committed)
 * and then misbehaves; otherwise the request is not processed at all.
 */
export type Fault =
  | { kind: 'drop'; route: Route | '*'; after?: boolean; times?: number }
  | {
      kind: 'status'
      route: Route | '*'
      status: number
      body?: unknown
      headers?: Record<string, string>
      after?: boolean
      times?: number
    }
  | { kind: 'slow'; route: Route | '*'; delayMs: number; after?: boolean; times?: number }
  | { kind: 'malformed'; route: Route | '*'; after?: boolean; times?: number }
  /**
   * `ucloud.create` only: the challenge is real, but the QR image holds another secret than the
   * `secret`/`otpAuthUri` fields (the Go generation gets those fields added for it).
   */
  | { kind: 'mismatch'; route: Route | '*'; after?: boolean; times?: number }

/**
 * Which UCloud server answers on /auth/2fa: `kotlin`, the older service the seed documents
 * (`secret` + `otpAuthUri` + bare-base64 QR, integer `verificationCode`, 401 without a token,
 * 401 wrong code with a lockout), or `go`, the current one (QR-only secret in a data URL, a
 * 6-digit string code, 204 on success, 403 for a wrong code / already active / Forbidden,
 * 404 for an unknown or expired challenge, 10-minute single-use challenges, no lockout).
 */
export type UCloudGeneration = 'kotlin' | 'go'

export interface UCloudUserState {
  connected: boolean
  /** The active factor's secret (base32). */
  secret?: string
  failures: number
  locked: boolean
  lastStep?: number
}

export interface VantageUserState {
  enabled: boolean
  method: 'email' | 'totp' | null
  secret?: string
  setup?: { secret: string; expiresAt: number }
  failures: number
  locked: boolean
  lastStep?: number
}

export interface RefUser {
  token: string
  password: string
  name: string
  ucloud: UCloudUserState
  vantage: VantageUserState
}

export interface Challenge {
  id: string
  token: string
  secret: string
  expiresAt: number
}

export interface RecordedRequest {
  method: string
  path: string
  rawBody: string
  at: number
}

export interface RefServerOptions {
  host?: string
  port?: number
  /** The server's clock (Unix ms). Tests share a fake clock with the client. */
  now?: () => number
  /** How long a UCloud challenge / Vantage setup stays answerable. Default 5 minutes. */
  challengeTtlMs?: number
  /** Wrong codes before the account is locked. Default 5. */
  maxFailures?: number
  /** Token of the first user; random when absent. */
  token?: string
  /** Password of the first user (for Vantage disable). Default `password`. */
  password?: string
  /** Serve the /__control HTTP API (faults, skew, state). Default false. */
  control?: boolean
  /** Makes the TOTP secrets handed out (tests pick one with a known code). Default random. */
  secretFactory?: () => string
  /** The UCloud server generation. Default `kotlin` (the seed's). */
  ucloudGeneration?: UCloudGeneration
  /** Mithril: grants on /auth/login (`new`, default) or only on /oauth/tokens (`old`). */
  mithrilGeneration?: MithrilGeneration
  /** Mithril: makes the SMS codes. Default random 6 digits. */
  mithrilCodeFactory?: () => number
}

/** The Mithril user every reference server starts with. */
export const MITHRIL_USER = {
  email: 'alice@example.org',
  password: 'password',
  phone: '+380501234567',
  clientId: 'tessera-ref-client',
  scope: 'app:authorize'
} as const

export interface RefServer {
  url: string
  /** The UCloud generation answering on /auth/2fa. */
  ucloudGeneration: UCloudGeneration
  /** Mithril's users, tokens and the SMS it "sent". */
  mithril: MithrilState
  /** Barycenter's users and every setUser2faRequired it was sent. */
  barycenter: BarycenterState
  /** Token of the first user. */
  token: string
  users: Map<string, RefUser>
  challenges: Map<string, Challenge>
  requests: RecordedRequest[]
  /** The first user, or the one with `token`. */
  user(token?: string): RefUser
  addUser(opts?: { token?: string; password?: string; name?: string }): RefUser
  addFault(f: Fault): void
  clearFaults(): void
  /** Offset added to the Date header only (a skewed server clock as seen by clients). */
  setDateSkew(ms: number): void
  close(): Promise<void>
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

const ISSUER = 'Tessera Ref'
const ROUTES: readonly string[] = [
  'ucloud.status',
  'ucloud.create',
  'ucloud.answer',
  'vantage.status',
  'vantage.create',
  'vantage.put',
  'vantage.disable',
  ...MITHRIL_ROUTES,
  BARYCENTER_ROUTE,
  '*'
]

/** Checks a fault sent to the control API. */
function isFault(v: unknown): v is Fault {
  if (typeof v !== 'object' || v === null) return false
  const f = v as Record<string, unknown>
  if (typeof f.route !== 'string' || !ROUTES.includes(f.route)) return false
  if (f.times !== undefined && (typeof f.times !== 'number' || f.times < 1)) return false
  if (f.after !== undefined && typeof f.after !== 'boolean') return false
  switch (f.kind) {
    case 'drop':
    case 'malformed':
    case 'mismatch':
      return true
    case 'status':
      return typeof f.status === 'number' && f.status >= 100 && f.status <= 599
    case 'slow':
      return typeof f.delayMs === 'number' && f.delayMs >= 0
    default:
      return false
  }
}
const MAX_BODY = 64 * 1024

function newUser(token: string, password: string, name: string): RefUser {
  return {
    token,
    password,
    name,
    ucloud: { connected: false, failures: 0, locked: false },
    vantage: { enabled: false, method: null, failures: 0, locked: false }
  }
}

function json(status: number, body: unknown): Reply {
  return { status, body }
}

export async function startRefServer(opts: RefServerOptions = {}): Promise<RefServer> {
  const now = opts.now ?? Date.now
  const generation: UCloudGeneration = opts.ucloudGeneration ?? 'kotlin'
  // The Go server keeps a challenge 10 minutes; the older one (and Vantage's setup) 5.
  const ttl = opts.challengeTtlMs ?? (generation === 'go' ? 10 * 60_000 : 5 * 60_000)
  const maxFailures = opts.maxFailures ?? 5
  const users = new Map<string, RefUser>()
  const challenges = new Map<string, Challenge>()
  const requests: RecordedRequest[] = []
  let faults: Array<Fault & { left: number }> = []
  let dateSkewMs = 0
  const timers = new Set<NodeJS.Timeout>()
  const newSecret = opts.secretFactory ?? (() => generateSecret())

  const addUser = (o: { token?: string; password?: string; name?: string } = {}): RefUser => {
    const token = o.token ?? randomBytes(24).toString('base64url')
    const u = newUser(token, o.password ?? 'password', o.name ?? `user${users.size + 1}`)
    users.set(token, u)
    return u
  }
  const first = addUser({
    ...(opts.token !== undefined ? { token: opts.token } : {}),
    password: opts.password ?? 'password',
    name: 'alice'
  })

  const verify = (
    secret: string,
    code: string,
    lastStep: number | undefined
  ): { ok: true; step: number } | { ok: false } => {
    const r = verifySync({
      secret,
      token: code,
      epoch: Math.floor(now() / 1000),
      epochTolerance: 30,
      ...(lastStep !== undefined ? { afterTimeStep: lastStep } : {})
    })
    return r.valid ? { ok: true, step: Math.floor(now() / 30_000) + r.delta } : { ok: false }
  }

  const authUser = (ctx: Ctx): RefUser | Reply => {
    const u = ctx.token !== undefined ? users.get(ctx.token) : undefined
    if (!u) return json(401, { why: 'Unauthorized', errorCode: 'UNAUTHORIZED' })
    return u
  }
  const isReply = (x: RefUser | Reply): x is Reply => 'status' in x

  /** Counts a wrong code and answers with attempts left, or locks. */
  const wrongCode = (s: { failures: number; locked: boolean }, vantage: boolean): Reply => {
    s.failures += 1
    if (s.failures >= maxFailures) {
      s.locked = true
      return vantage
        ? json(423, { error: 'Account locked after too many wrong codes', code: 'LOCKED' })
        : json(423, { why: 'Too many wrong codes; 2FA setup is locked', errorCode: 'LOCKED' })
    }
    const attemptsLeft = maxFailures - s.failures
    return vantage
      ? json(400, { error: 'Invalid verification code', code: 'INVALID_CODE', attemptsLeft })
      : // UCloud answers a bad code with 401 Unauthorized.
        json(401, { why: 'Invalid verification code', errorCode: 'INVALID_CODE', attemptsLeft })
  }

  /** The Go server's error body. */
  const goError = (status: number, why: string): Reply =>
    json(status, { statusCode: status, why, errorCode: '', detailedCode: 0 })
  const goUser = (ctx: Ctx): RefUser | Reply => {
    const u = ctx.token !== undefined ? users.get(ctx.token) : undefined
    return u ?? goError(403, 'Forbidden')
  }
  const ALREADY = '2FA is already activated on this account'

  const goHandlers: Partial<Record<Route, (ctx: Ctx) => Reply | Promise<Reply>>> = {
    'ucloud.status': (ctx) => {
      const u = goUser(ctx)
      if (isReply(u)) return u
      return json(200, { connected: u.ucloud.connected })
    },
    'ucloud.create': async (ctx) => {
      const u = goUser(ctx)
      if (isReply(u)) return u
      if (u.ucloud.connected) return goError(403, ALREADY)
      // A new challenge deletes the user's unfinished one.
      for (const [id, c] of challenges) if (c.token === u.token) challenges.delete(id)
      const secret = newSecret()
      const id = randomBytes(32).toString('hex')
      challenges.set(id, { id, token: u.token, secret, expiresAt: now() + ttl })
      const qrCodeB64Data = await QRCode.toDataURL(
        generateURI({ issuer: 'UCloud', label: u.name, secret })
      )
      return json(200, { qrCodeB64Data, challengeId: id })
    },
    'ucloud.answer': (ctx) => {
      const b = ctx.body as { challengeId?: unknown; verificationCode?: unknown } | null
      if (
        typeof b !== 'object' ||
        b === null ||
        typeof b.challengeId !== 'string' ||
        typeof b.verificationCode !== 'string' ||
        !/^\d{6}$/.test(b.verificationCode)
      ) {
        return goError(400, 'Invalid request supplied')
      }
      const expired = goError(404, 'Challenge expired. Try reloading the page.')
      const c = challenges.get(b.challengeId)
      const u = c ? users.get(c.token) : undefined
      if (!c || !u) return expired
      if (now() > c.expiresAt) {
        challenges.delete(c.id)
        return expired
      }
      if (u.ucloud.connected) return goError(403, ALREADY)
      const v = verify(c.secret, b.verificationCode, u.ucloud.lastStep)
      if (!v.ok) {
        // No lockout on the current server: the count is kept for the state view only.
        u.ucloud.failures += 1
        return goError(403, 'Invalid 2FA code. Try again.')
      }
      u.ucloud = { connected: true, secret: c.secret, failures: 0, locked: false, lastStep: v.step }
      challenges.delete(c.id)
      return { status: 204 }
    }
  }

  const mithril = createMithril({
    now,
    ...(opts.mithrilGeneration ? { generation: opts.mithrilGeneration } : {}),
    ...(opts.mithrilCodeFactory ? { codeFactory: opts.mithrilCodeFactory } : {})
  })
  mithril.state.addUser({
    email: MITHRIL_USER.email,
    password: MITHRIL_USER.password,
    phone: MITHRIL_USER.phone
  })

  const barycenter = createBarycenter()

  const handlers: Record<Route, (ctx: Ctx) => Reply | Promise<Reply>> = {
    ...mithril.handlers,
    // No authentication, as in the real admin API.
    [BARYCENTER_ROUTE]: (ctx) => barycenter.handle(ctx.body),
    'ucloud.status': (ctx) => {
      const u = authUser(ctx)
      if (isReply(u)) return u
      return json(200, { connected: u.ucloud.connected })
    },
    'ucloud.create': async (ctx) => {
      const u = authUser(ctx)
      if (isReply(u)) return u
      if (u.ucloud.locked) return json(423, { why: '2FA setup is locked', errorCode: 'LOCKED' })
      if (u.ucloud.connected) {
        return json(409, { why: '2FA is already connected', errorCode: 'ALREADY_CONNECTED' })
      }
      for (const [id, c] of challenges) if (c.token === u.token) challenges.delete(id)
      const secret = newSecret()
      const id = randomUUID()
      challenges.set(id, { id, token: u.token, secret, expiresAt: now() + ttl })
      const otpAuthUri = generateURI({ issuer: ISSUER, label: u.name, secret })
      const dataUrl = await QRCode.toDataURL(otpAuthUri)
      return json(200, {
        otpAuthUri,
        qrCodeB64Data: dataUrl.replace(/^data:image\/png;base64,/, ''),
        secret,
        challengeId: id
      })
    },
    'ucloud.answer': (ctx) => {
      const b = ctx.body as { challengeId?: unknown; verificationCode?: unknown } | null
      if (
        !b ||
        typeof b.challengeId !== 'string' ||
        typeof b.verificationCode !== 'number' ||
        !Number.isInteger(b.verificationCode)
      ) {
        return json(400, {
          why: 'Expected {"challengeId": string, "verificationCode": Int}',
          errorCode: 'BAD_REQUEST'
        })
      }
      const c = challenges.get(b.challengeId)
      if (!c) return json(404, { why: 'Unknown challenge', errorCode: 'CHALLENGE_NOT_FOUND' })
      const u = users.get(c.token)
      if (!u) return json(404, { why: 'Unknown challenge', errorCode: 'CHALLENGE_NOT_FOUND' })
      if (now() > c.expiresAt) {
        challenges.delete(c.id)
        return json(410, { why: 'Challenge has expired', errorCode: 'CHALLENGE_EXPIRED' })
      }
      if (u.ucloud.locked) return json(423, { why: '2FA setup is locked', errorCode: 'LOCKED' })
      const code = String(b.verificationCode).padStart(6, '0')
      const v = verify(c.secret, code, u.ucloud.lastStep)
      if (!v.ok) return wrongCode(u.ucloud, false)
      u.ucloud = { connected: true, secret: c.secret, failures: 0, locked: false, lastStep: v.step }
      challenges.delete(c.id)
      return json(200, {})
    },
    'vantage.status': (ctx) => {
      const u = authUser(ctx)
      if (isReply(u)) return u
      return json(200, { enabled: u.vantage.enabled, method: u.vantage.method })
    },
    'vantage.create': (ctx) => {
      const u = authUser(ctx)
      if (isReply(u)) return u
      if (u.vantage.locked) return json(423, { error: 'Locked', code: 'LOCKED' })
      if (u.vantage.enabled && u.vantage.method === 'totp') {
        return json(409, { error: 'TOTP is already enabled', code: 'ALREADY_ENABLED' })
      }
      const secret = newSecret()
      u.vantage.setup = { secret, expiresAt: now() + ttl }
      return json(200, {
        secret,
        otpauthUrl: generateURI({ issuer: 'Vantage', label: u.name, secret })
      })
    },
    'vantage.put': (ctx) => {
      const u = authUser(ctx)
      if (isReply(u)) return u
      const b = ctx.body as { enabled?: unknown; method?: unknown; code?: unknown } | null
      if (!b || b.enabled !== true || (b.method !== 'email' && b.method !== 'totp')) {
        return json(400, {
          error: 'Expected {"enabled": true, "method": "email"|"totp"}',
          code: 'BAD_REQUEST'
        })
      }
      if (b.method === 'email') {
        u.vantage = { ...u.vantage, enabled: true, method: 'email' }
        delete u.vantage.secret
        return json(200, { enabled: true, method: 'email' })
      }
      if (typeof b.code !== 'string' || !/^\d{6}$/.test(b.code)) {
        return json(400, { error: 'code must be a string of 6 digits', code: 'BAD_REQUEST' })
      }
      if (u.vantage.locked) return json(423, { error: 'Locked', code: 'LOCKED' })
      const setup = u.vantage.setup
      if (!setup) return json(400, { error: 'No TOTP setup in progress', code: 'NO_SETUP' })
      if (now() > setup.expiresAt) {
        delete u.vantage.setup
        return json(400, { error: 'TOTP setup expired', code: 'SETUP_EXPIRED' })
      }
      const v = verify(setup.secret, b.code, u.vantage.lastStep)
      if (!v.ok) return wrongCode(u.vantage, true)
      u.vantage = {
        enabled: true,
        method: 'totp',
        secret: setup.secret,
        failures: 0,
        locked: false,
        lastStep: v.step
      }
      return json(200, { enabled: true, method: 'totp' })
    },
    'vantage.disable': (ctx) => {
      const u = authUser(ctx)
      if (isReply(u)) return u
      const b = ctx.body as { password?: unknown } | null
      if (!b || typeof b.password !== 'string' || b.password !== u.password) {
        return json(403, { error: 'Invalid password', code: 'INVALID_PASSWORD' })
      }
      u.vantage = { enabled: false, method: null, failures: 0, locked: false }
      return json(200, { enabled: false, method: null })
    }
  }

  const routeOf = (method: string, path: string): Route | undefined => {
    const m = mithrilRouteOf(method, path)
    if (m) return m
    if (path === '/admin/jobs' && method === 'POST') return BARYCENTER_ROUTE
    if (path === '/auth/2fa/status' && method === 'GET') return 'ucloud.status'
    if (path === '/auth/2fa' && method === 'POST') return 'ucloud.create'
    if (path === '/auth/2fa/challenge' && method === 'POST') return 'ucloud.answer'
    if (path === '/api/user/two-factor') {
      if (method === 'GET') return 'vantage.status'
      if (method === 'POST') return 'vantage.create'
      if (method === 'PUT') return 'vantage.put'
      if (method === 'DELETE') return 'vantage.disable'
    }
    return undefined
  }

  /** A create reply whose QR holds another secret than its fields (the `mismatch` fault). */
  const mismatched = async (reply: Reply): Promise<Reply> => {
    const b = reply.body as { challengeId?: unknown } | undefined
    if (reply.status !== 200 || typeof b?.challengeId !== 'string') return reply
    const c = challenges.get(b.challengeId)
    if (!c) return reply
    const other = newSecret()
    const otpAuthUri = generateURI({ issuer: ISSUER, label: 'mismatch', secret: c.secret })
    const qr = await QRCode.toDataURL(
      generateURI({ issuer: ISSUER, label: 'mismatch', secret: other })
    )
    return json(200, {
      otpAuthUri,
      secret: c.secret,
      challengeId: c.id,
      qrCodeB64Data: generation === 'go' ? qr : qr.replace(/^data:image\/png;base64,/, '')
    })
  }

  const takeFault = (route: Route): Fault | undefined => {
    const f = faults.find((x) => x.route === '*' || x.route === route)
    if (!f) return undefined
    f.left -= 1
    if (f.left <= 0) faults = faults.filter((x) => x !== f)
    return f
  }

  const delay = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t)
        resolve()
      }, ms)
      timers.add(t)
    })

  const send = (res: ServerResponse, reply: Reply): void => {
    if (res.destroyed) return
    res.setHeader('Date', new Date(now() + dateSkewMs).toUTCString())
    for (const [k, v] of Object.entries(reply.headers ?? {})) res.setHeader(k, v)
    if (reply.body === undefined) {
      res.writeHead(reply.status).end()
      return
    }
    const text = JSON.stringify(reply.body)
    res.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8' }).end(text)
  }

  const readBody = (req: IncomingMessage): Promise<string> =>
    new Promise((resolve, reject) => {
      const chunks: Buffer[] = []
      let size = 0
      req.on('data', (c: Buffer) => {
        size += c.length
        if (size > MAX_BODY) {
          reject(new Error('body too large'))
          req.destroy()
        } else chunks.push(c)
      })
      req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
      req.on('error', reject)
    })

  const control = async (req: IncomingMessage, path: string, raw: string): Promise<Reply> => {
    const auth = req.headers.authorization
    if (auth !== `Bearer ${first.token}`) return json(401, { why: 'Unauthorized' })
    const body = raw ? (JSON.parse(raw) as unknown) : undefined
    if (path === '/__control/faults' && req.method === 'POST') {
      if (!isFault(body)) {
        return json(400, {
          why: 'A fault needs "kind" (drop|status|slow|malformed|mismatch) and "route" (a route name or "*"); status needs "status", slow needs "delayMs".'
        })
      }
      handle.addFault(body)
      return json(200, { faults: faults.length })
    }
    if (path === '/__control/faults' && req.method === 'DELETE') {
      handle.clearFaults()
      return json(200, { faults: 0 })
    }
    if (path === '/__control/skew' && req.method === 'POST') {
      handle.setDateSkew(Number((body as { ms?: unknown } | undefined)?.ms ?? 0))
      return json(200, { skewMs: dateSkewMs })
    }
    if (path === '/__control/state' && req.method === 'GET') {
      return json(200, {
        users: [...users.values()].map((u) => ({
          name: u.name,
          ucloud: {
            connected: u.ucloud.connected,
            failures: u.ucloud.failures,
            locked: u.ucloud.locked
          },
          vantage: {
            enabled: u.vantage.enabled,
            method: u.vantage.method,
            setupPending: u.vantage.setup !== undefined,
            failures: u.vantage.failures,
            locked: u.vantage.locked
          }
        })),
        challenges: challenges.size,
        ucloudGeneration: generation,
        faults
      })
    }
    return json(404, { why: 'Unknown control call' })
  }

  const server: Server = createServer((req, res) => {
    void (async () => {
      const path = (req.url ?? '/').split('?')[0] ?? '/'
      const method = req.method ?? 'GET'
      let raw: string
      try {
        raw = await readBody(req)
      } catch {
        res.destroy()
        return
      }
      requests.push({ method, path, rawBody: raw, at: now() })
      if (opts.control && path.startsWith('/__control/')) {
        try {
          send(res, await control(req, path, raw))
        } catch {
          send(res, json(400, { why: 'Bad control request' }))
        }
        return
      }
      const route = routeOf(method, path)
      if (!route) {
        send(res, json(404, { why: 'Not found', errorCode: 'NOT_FOUND' }))
        return
      }
      let body: unknown
      if (raw.trim()) {
        try {
          body = JSON.parse(raw)
        } catch {
          send(res, json(400, { why: 'Body is not JSON', errorCode: 'BAD_REQUEST' }))
          return
        }
      }
      const auth = req.headers.authorization
      const ctx: Ctx = {
        token: auth?.startsWith('Bearer ') ? auth.slice('Bearer '.length) : undefined,
        body
      }
      const fault = takeFault(route)
      const handler = (generation === 'go' ? goHandlers[route] : undefined) ?? handlers[route]
      const run = (): Promise<Reply> => Promise.resolve(handler(ctx))
      if (!fault) {
        send(res, await run())
        return
      }
      const committed = fault.after ? await run() : undefined
      switch (fault.kind) {
        case 'drop':
          req.socket.destroy()
          return
        case 'status':
          send(res, {
            status: fault.status,
            body: fault.body ?? { why: `Injected ${fault.status}` },
            ...(fault.headers ? { headers: fault.headers } : {})
          })
          return
        case 'slow':
          await delay(fault.delayMs)
          send(res, committed ?? (await run()))
          return
        case 'mismatch':
          send(res, await mismatched(committed ?? (await run())))
          return
        case 'malformed':
          if (res.destroyed) return
          res.setHeader('Date', new Date(now() + dateSkewMs).toUTCString())
          res.writeHead(200, { 'content-type': 'application/json' }).end('{"connected": tru')
          return
      }
    })().catch(() => {
      if (!res.headersSent) res.writeHead(500).end()
    })
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve())
  })
  const addr = server.address() as AddressInfo
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address

  const handle: RefServer = {
    url: `http://${host}:${addr.port}`,
    ucloudGeneration: generation,
    mithril: mithril.state,
    barycenter: barycenter.state,
    token: first.token,
    users,
    challenges,
    requests,
    user(token?: string): RefUser {
      const u = users.get(token ?? first.token)
      if (!u) throw new Error('no such user')
      return u
    },
    addUser,
    addFault(f: Fault): void {
      faults.push({ ...f, left: f.times ?? 1 })
    },
    clearFaults(): void {
      faults = []
    },
    setDateSkew(ms: number): void {
      dateSkewMs = ms
    },
    async close(): Promise<void> {
      for (const t of timers) clearTimeout(t)
      timers.clear()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }
  return handle
}
