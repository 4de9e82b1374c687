import { z } from 'zod'
import { AppError } from '../../../shared/errors'
import type { ServerProfile, ServerType } from '../servers/model'
import { normalizeBaseUrl } from '../servers/validate'
import { enrollErrorMessage } from '../../../shared/enroll-messages'
import { requestJson, type HttpOptions, type HttpRequest } from './http'

/** A server's 2FA state, common to both APIs. */
export interface TwoFactorStatus {
  enrolled: boolean
  /** `totp`, `email`, or null when 2FA is off (UCloud only knows totp). */
  method: 'totp' | 'email' | null
}

/** Fresh TOTP credentials from the server. `secret` must match the one inside `uri`. */
export interface Credentials {
  secret: string
  uri: string
  /** UCloud's challenge id; Vantage keeps the setup in the user's session instead. */
  challengeId?: string
}

/** The calls enrollment needs, spoken in either server's dialect. */
export interface TwoFactorClient {
  readonly type: ServerType
  status(): Promise<TwoFactorStatus>
  create(): Promise<Credentials>
  /** Sends a code for the credentials created last. */
  answer(challengeId: string | undefined, code: string): Promise<void>
  /** Vantage only: switch 2FA to email codes. */
  enableEmail(): Promise<void>
  /** Vantage only: turn 2FA off, confirmed with the account password. */
  disable(password: string): Promise<void>
}

/*
 * What the server hands out is stored in the vault (the challenge id with the pending account),
 * so each field has a length no real server comes near: a hostile one sending a megabyte
 * challenge id would otherwise have it written into the vault and every progress event.
 */
const MAX_CHALLENGE_ID = 512
const MAX_SECRET = 1024
const MAX_URI = 4096

function malformed(what: string): AppError {
  return new AppError('MALFORMED_RESPONSE', enrollErrorMessage('MALFORMED_RESPONSE'), {
    details: { field: what }
  })
}

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const r = schema.safeParse(value)
  if (!r.success) throw malformed(what)
  return r.data
}

function assertDigits(code: string): void {
  if (!/^\d{6,10}$/.test(code)) {
    throw new AppError('INVALID_INPUT', 'A verification code must be 6 to 10 digits.')
  }
}

const unsupported = (what: string): AppError =>
  new AppError(
    'UNSUPPORTED',
    `${what} is not available on UCloud servers; use the UCloud web site.`
  )

/**
 * UCloud: `GET /auth/2fa/status`, `POST /auth/2fa`, `POST /auth/2fa/challenge` (public; the
 * code is a JSON integer, so `012345` travels as `12345`).
 */
export class UCloudClient implements TwoFactorClient {
  readonly type = 'ucloud' as const

  constructor(
    private readonly profile: Pick<ServerProfile, 'baseUrl' | 'token'>,
    private readonly http: HttpOptions = {}
  ) {}

  private call(req: Omit<HttpRequest, 'baseUrl'>): Promise<{ body: unknown }> {
    return requestJson({ ...req, baseUrl: this.profile.baseUrl }, this.http)
  }

  async status(): Promise<TwoFactorStatus> {
    const { body } = await this.call({
      method: 'GET',
      path: '/auth/2fa/status',
      op: 'status',
      token: this.profile.token
    })
    const s = parse(z.object({ connected: z.boolean() }), body, 'connected')
    return { enrolled: s.connected, method: s.connected ? 'totp' : null }
  }

  async create(): Promise<Credentials> {
    const { body } = await this.call({
      method: 'POST',
      path: '/auth/2fa',
      op: 'create',
      token: this.profile.token
    })
    const c = parse(
      z.object({
        otpAuthUri: z.string().min(1).max(MAX_URI),
        secret: z.string().min(1).max(MAX_SECRET),
        challengeId: z.string().min(1).max(MAX_CHALLENGE_ID),
        qrCodeB64Data: z.string().optional()
      }),
      body,
      'credentials'
    )
    return { secret: c.secret, uri: c.otpAuthUri, challengeId: c.challengeId }
  }

  async answer(challengeId: string | undefined, code: string): Promise<void> {
    assertDigits(code)
    if (!challengeId) throw malformed('challengeId')
    const { body } = await this.call({
      method: 'POST',
      path: '/auth/2fa/challenge',
      op: 'answer',
      body: { challengeId, verificationCode: Number.parseInt(code, 10) }
    })
    if (body !== undefined && (typeof body !== 'object' || body === null)) throw malformed('answer')
  }

  async enableEmail(): Promise<void> {
    throw unsupported('Email codes')
  }

  async disable(): Promise<void> {
    throw unsupported('Turning two-factor authentication off')
  }
}

/**
 * Vantage: `/api/user/two-factor` with GET (status), POST (start TOTP setup), PUT (confirm TOTP
 * with the code as a string, or enable email codes) and DELETE (disable, with the password).
 */
export class VantageClient implements TwoFactorClient {
  readonly type = 'vantage' as const
  private static readonly PATH = '/api/user/two-factor'

  constructor(
    private readonly profile: Pick<ServerProfile, 'baseUrl' | 'token'>,
    private readonly http: HttpOptions = {}
  ) {}

  private call(req: Omit<HttpRequest, 'baseUrl' | 'path' | 'token'>): Promise<{ body: unknown }> {
    return requestJson(
      {
        ...req,
        baseUrl: this.profile.baseUrl,
        path: VantageClient.PATH,
        token: this.profile.token
      },
      this.http
    )
  }

  async status(): Promise<TwoFactorStatus> {
    const { body } = await this.call({ method: 'GET', op: 'status' })
    const s = parse(
      z.object({ enabled: z.boolean(), method: z.string().nullable().optional() }),
      body,
      'enabled'
    )
    // A method Tessera does not know (say "sms") is reported as on, by an unknown method.
    const method = s.method === 'totp' || s.method === 'email' ? s.method : null
    return { enrolled: s.enabled, method: s.enabled ? method : null }
  }

  async create(): Promise<Credentials> {
    const { body } = await this.call({ method: 'POST', op: 'create' })
    const c = parse(
      z.object({
        secret: z.string().min(1).max(MAX_SECRET),
        otpauthUrl: z.string().min(1).max(MAX_URI)
      }),
      body,
      'credentials'
    )
    return { secret: c.secret, uri: c.otpauthUrl }
  }

  async answer(_challengeId: string | undefined, code: string): Promise<void> {
    assertDigits(code)
    await this.call({ method: 'PUT', op: 'confirm', body: { enabled: true, method: 'totp', code } })
  }

  async enableEmail(): Promise<void> {
    await this.call({ method: 'PUT', op: 'enable-email', body: { enabled: true, method: 'email' } })
  }

  async disable(password: string): Promise<void> {
    if (password.length === 0) {
      throw new AppError('INVALID_INPUT', 'Type the password of your account on that server.')
    }
    await this.call({ method: 'DELETE', op: 'disable', body: { password } })
  }
}

/** The client for a profile's server type. */
export function clientFor(
  profile: Pick<ServerProfile, 'type' | 'baseUrl' | 'token'>,
  http: HttpOptions = {}
): TwoFactorClient {
  // Profiles are validated when saved; checked again here because the vault may hold an older
  // or hand-edited one, and the token must never travel over plain http to another host.
  normalizeBaseUrl(profile.baseUrl)
  return profile.type === 'ucloud'
    ? new UCloudClient(profile, http)
    : new VantageClient(profile, http)
}
