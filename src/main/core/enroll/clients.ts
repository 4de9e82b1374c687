import { z } from 'zod'
import { AppError } from '../../../shared/errors'
import {
  isEnrollmentType,
  type CodeFormat,
  type ServerProfile,
  type ServerType
} from '../servers/model'
import { normalizeBaseUrl } from '../servers/validate'
import { enrollErrorMessage } from '../../../shared/enroll-messages'
import { MAX_RESPONSE_BYTES, requestJson, type HttpOptions, type HttpRequest } from './http'
import { createQrImageReader, readOtpauthFromQr, type QrImageReader } from './qr-image'

/** A server's 2FA state, common to both APIs. */
export interface TwoFactorStatus {
  enrolled: boolean
  /** `totp`, `email`, or null when 2FA is off (UCloud only knows totp). */
  method: 'totp' | 'email' | null
}

/**
 * Fresh TOTP credentials from the server. `uri` is the otpauth URI to store; `secret`, when the
 * server sent one, must match it; `qrUri`, when the server also sent a QR image, is the URI read
 * from that image and must hold the same secret.
 */
export interface Credentials {
  secret?: string
  uri: string
  qrUri?: string
  /** The server sent a QR image beside the fields, but it could not be read (not checked). */
  qrUnreadable?: boolean
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
  /** UCloud: the `verificationCode` form the server last parsed (a non-400 reply to it). */
  learnedCodeFormat?(): CodeFormat | undefined
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

/** What a UCloud client needs beside the profile. */
export interface UCloudOptions {
  /** The `verificationCode` form to try first (the profile's learned one); default `string`. */
  codeFormat?: CodeFormat
  /** Reads the QR image of new credentials; the scans' decoder and limits by default. */
  readQr?: QrImageReader
}

function isBadRequest(err: unknown): boolean {
  return err instanceof AppError && err.details?.status === 400
}

/** An HTTP reply came back: the server parsed the request (whatever it thought of the code). */
function serverParsed(err: unknown): boolean {
  return err instanceof AppError && typeof err.details?.status === 'number'
}

/**
 * UCloud: `GET /auth/2fa/status`, `POST /auth/2fa`, `POST /auth/2fa/challenge` (public). Speaks
 * both server generations:
 *
 * - the current (Go) server sends the secret only inside `qrCodeB64Data`, takes
 *   `verificationCode` as a JSON string of 6 digits (a number gets 400 "Invalid request
 *   supplied") and answers 204 with no body;
 * - the older (Kotlin) server also sends `secret` and `otpAuthUri` and takes a JSON number.
 *
 * The form is learned: the profile's remembered one is sent first; on a 400 (the server did not
 * parse the request, so nothing was consumed) the same code is sent once in the other form.
 */
export class UCloudClient implements TwoFactorClient {
  readonly type = 'ucloud' as const
  private learned: CodeFormat | undefined
  private readonly readQr: QrImageReader

  constructor(
    private readonly profile: Pick<ServerProfile, 'baseUrl' | 'token'>,
    private readonly http: HttpOptions = {},
    private readonly opts: UCloudOptions = {}
  ) {
    this.readQr = opts.readQr ?? createQrImageReader()
  }

  private call(req: Omit<HttpRequest, 'baseUrl'>): Promise<{ body: unknown }> {
    return requestJson({ ...req, baseUrl: this.profile.baseUrl }, this.http)
  }

  learnedCodeFormat(): CodeFormat | undefined {
    return this.learned
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
        otpAuthUri: z.string().min(1).max(MAX_URI).optional(),
        secret: z.string().min(1).max(MAX_SECRET).optional(),
        challengeId: z.string().min(1).max(MAX_CHALLENGE_ID),
        qrCodeB64Data: z.string().min(1).max(MAX_RESPONSE_BYTES).optional()
      }),
      body,
      'credentials'
    )
    const base = { challengeId: c.challengeId }
    if (c.otpAuthUri !== undefined) {
      // The older server: the fields are the credentials; the QR, when readable, must agree.
      if (c.qrCodeB64Data === undefined) {
        return { ...base, uri: c.otpAuthUri, ...(c.secret ? { secret: c.secret } : {}) }
      }
      try {
        const qrUri = await readOtpauthFromQr(c.qrCodeB64Data, this.readQr)
        return { ...base, uri: c.otpAuthUri, qrUri, ...(c.secret ? { secret: c.secret } : {}) }
      } catch {
        return {
          ...base,
          uri: c.otpAuthUri,
          qrUnreadable: true,
          ...(c.secret ? { secret: c.secret } : {})
        }
      }
    }
    if (c.qrCodeB64Data === undefined) throw malformed('qrCodeB64Data')
    // The current server: the QR image is the only place the secret is.
    const uri = await readOtpauthFromQr(c.qrCodeB64Data, this.readQr)
    return { ...base, uri, ...(c.secret ? { secret: c.secret } : {}) }
  }

  private async send(challengeId: string, code: string, format: CodeFormat): Promise<void> {
    const { body } = await this.call({
      method: 'POST',
      path: '/auth/2fa/challenge',
      op: 'answer',
      body: {
        challengeId,
        verificationCode: format === 'string' ? code : Number.parseInt(code, 10)
      }
    })
    if (body !== undefined && (typeof body !== 'object' || body === null)) throw malformed('answer')
  }

  async answer(challengeId: string | undefined, code: string): Promise<void> {
    if (!/^\d{6}$/.test(code)) {
      throw new AppError('INVALID_INPUT', 'A UCloud verification code is exactly 6 digits.')
    }
    if (!challengeId) throw malformed('challengeId')
    const first: CodeFormat = this.opts.codeFormat ?? 'string'
    const other: CodeFormat = first === 'string' ? 'number' : 'string'
    try {
      await this.send(challengeId, code, first)
      this.learned = first
      return
    } catch (err) {
      if (!isBadRequest(err)) {
        if (serverParsed(err)) this.learned = first
        throw err
      }
    }
    // A 400 means the request was not parsed and consumed nothing: the same code, in the other
    // form, right away (so within the same time step), is not a second try of an accepted code.
    try {
      await this.send(challengeId, code, other)
      this.learned = other
    } catch (err) {
      if (isBadRequest(err)) {
        throw new AppError(
          'SERVER_REJECTED',
          'The server refused the code both as text and as a number ("Invalid request supplied"), so nothing was checked. Check that the profile\'s server type is right, or tell the server administrator.',
          { cause: err, details: { status: 400, reason: 'invalid-request' } }
        )
      }
      if (serverParsed(err)) this.learned = other
      throw err
    }
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

/**
 * Mithril and Barycenter profiles create no TOTP secret: enrollment, status and disable are not
 * theirs. UNSUPPORTED, with where to go instead.
 */
export function notAnEnrollmentServer(type: ServerType): AppError {
  return new AppError(
    'UNSUPPORTED',
    type === 'mithril'
      ? 'A Mithril server uses SMS codes, not an authenticator app: there is nothing to enroll. Sign in or change the phone with "tessera mithril".'
      : 'Barycenter uses passkeys, which Tessera cannot register, and has no self-service 2FA. IT can require 2FA for users who have a passkey with "tessera barycenter enforce".'
  )
}

/** The client for a profile's server type. */
export function clientFor(
  profile: Pick<ServerProfile, 'type' | 'baseUrl' | 'token' | 'codeFormat'>,
  http: HttpOptions = {},
  ucloud: Omit<UCloudOptions, 'codeFormat'> = {}
): TwoFactorClient {
  // Profiles are validated when saved; checked again here because the vault may hold an older
  // or hand-edited one, and the token must never travel over plain http to another host.
  normalizeBaseUrl(profile.baseUrl)
  if (!isEnrollmentType(profile.type)) throw notAnEnrollmentServer(profile.type)
  return profile.type === 'ucloud'
    ? new UCloudClient(profile, http, {
        ...ucloud,
        ...(profile.codeFormat ? { codeFormat: profile.codeFormat } : {})
      })
    : new VantageClient(profile, http)
}
