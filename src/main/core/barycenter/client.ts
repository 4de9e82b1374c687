/**
 * Barycenter's admin GraphQL (`POST {admin}/admin/jobs`): read a user's 2FA status and require
 * (or stop requiring) 2FA. Barycenter's second factor is a passkey that only the user can
 * register in a browser; Tessera cannot enroll one, it can only roll enforcement out safely.
 *
 * Quirks of the current server: the admin API has NO authentication; an unknown user is a
 * GraphQL error, not `success: false`; `passkeyEnrolled` is always false (use `passkeyCount`);
 * `passkeyEnrolledAt` is a number or null.
 */
import { z } from 'zod'
import { AppError } from '../../../shared/errors'
import { requestJson, type HttpOptions } from '../enroll/http'
import { isLoopbackHost, normalizeBaseUrl } from '../servers/validate'

export interface Barycenter2faStatus {
  username: string
  subject: string
  requires2fa: boolean
  passkeyCount: number
  /** Unix seconds, or null. */
  passkeyEnrolledAt: number | null
}

const STATUS_QUERY =
  'query Status($username: String!) { user2faStatus(username: $username) { username subject requires2fa passkeyEnrolled passkeyCount passkeyEnrolledAt } }'
const SET_MUTATION =
  'mutation Set($username: String!, $required: Boolean!) { setUser2faRequired(username: $username, required: $required) { success message username requires2fa } }'

const errorsSchema = z.object({
  errors: z.array(z.object({ message: z.string() })).min(1)
})
const statusSchema = z.object({
  data: z.object({
    user2faStatus: z.object({
      username: z.string().max(256),
      subject: z.string().max(256),
      requires2fa: z.boolean(),
      passkeyCount: z.number().int().min(0),
      passkeyEnrolledAt: z.number().nullable().optional()
    })
  })
})
const setSchema = z.object({
  data: z.object({
    setUser2faRequired: z.object({
      success: z.boolean(),
      message: z.string().max(1000).optional(),
      username: z.string().max(256).optional(),
      requires2fa: z.boolean()
    })
  })
})

/** A user name Tessera sends: printable, no spaces around, at most 256 characters. */
// eslint-disable-next-line no-control-regex
export const USERNAME_PATTERN = /^[^\s\u0000-\u001f\u007f,;"]{1,256}$/

/**
 * Why an admin URL deserves a warning, or none. The admin API has no authentication, so anyone
 * who can reach it can switch 2FA off for everyone: it belongs on loopback (or behind an
 * authenticating https proxy).
 */
export function adminUrlWarnings(url: string): string[] {
  const u = new URL(normalizeBaseUrl(url))
  const out: string[] = []
  if (!isLoopbackHost(u.hostname)) {
    out.push(
      `Barycenter's admin API has no authentication, and ${u.host} is not this computer: anyone who can reach it can change 2FA for every user. Keep it on 127.0.0.1 or behind an authenticating proxy.`
    )
  }
  if (u.protocol !== 'https:') {
    out.push(
      'The admin API is reached over plain http: fine on this computer only, never across a network.'
    )
  }
  return out
}

function clean(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f]/g, ' ').slice(0, 200)
}

export class BarycenterAdmin {
  readonly url: string

  constructor(
    url: string,
    private readonly http: HttpOptions = {}
  ) {
    this.url = normalizeBaseUrl(url)
  }

  private async gql(query: string, variables: Record<string, unknown>): Promise<unknown> {
    const { body } = await requestJson(
      {
        baseUrl: this.url,
        path: '/admin/jobs',
        method: 'POST',
        op: 'status',
        body: { query, variables }
      },
      this.http
    )
    const errs = errorsSchema.safeParse(body)
    if (errs.success) {
      const message = clean(errs.data.errors[0]!.message)
      if (/not found|unknown user|no such user/i.test(message)) {
        throw new AppError(
          'NOT_FOUND',
          `Barycenter has no user "${String(variables.username)}". Check the name in the users file.`,
          { details: { serverMessage: message, reason: 'unknown-user' } }
        )
      }
      throw new AppError(
        'SERVER_REJECTED',
        'Barycenter refused the request. Check the admin address, or tell the server administrator.',
        { details: { serverMessage: message, reason: 'graphql-error' } }
      )
    }
    return body
  }

  private user(username: string): string {
    if (!USERNAME_PATTERN.test(username)) {
      throw new AppError('INVALID_INPUT', `"${clean(username)}" is not a user name Tessera sends.`)
    }
    return username
  }

  async status(username: string): Promise<Barycenter2faStatus> {
    const body = await this.gql(STATUS_QUERY, { username: this.user(username) })
    const p = statusSchema.safeParse(body)
    if (!p.success) throw malformed()
    const s = p.data.data.user2faStatus
    return {
      username: s.username,
      subject: s.subject,
      requires2fa: s.requires2fa,
      passkeyCount: s.passkeyCount,
      passkeyEnrolledAt: s.passkeyEnrolledAt ?? null
    }
  }

  /** Requires (or stops requiring) 2FA; returns what the server now says. */
  async setRequired(username: string, required: boolean): Promise<{ requires2fa: boolean }> {
    const body = await this.gql(SET_MUTATION, { username: this.user(username), required })
    const p = setSchema.safeParse(body)
    if (!p.success) throw malformed()
    const r = p.data.data.setUser2faRequired
    if (!r.success || r.requires2fa !== required) {
      throw new AppError(
        'SERVER_REJECTED',
        `Barycenter did not change 2FA for "${username}"${r.message ? `: ${clean(r.message)}` : ''}.`,
        { details: { reason: 'not-changed' } }
      )
    }
    return { requires2fa: r.requires2fa }
  }
}

function malformed(): AppError {
  return new AppError(
    'MALFORMED_RESPONSE',
    'Barycenter sent a reply Tessera could not understand. Check that the address is its admin API (default port 8081).'
  )
}
