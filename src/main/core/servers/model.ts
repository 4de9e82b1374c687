/**
 * Server profiles: the 2FA servers Tessera enrolls against. A profile holds an access token, so
 * profiles live inside the encrypted vault; only `ServerView` (no token) leaves the main process.
 */

import { SERVER_TYPE_NAMES, type ServerTypeName } from '../../../shared/servers'
import type { ServerProfileView } from '../../../shared/ipc/servers'

/** The kinds of server (declared in shared). */
export const SERVER_TYPES = SERVER_TYPE_NAMES
export type ServerType = ServerTypeName

/**
 * The types Tessera enrolls a TOTP secret with. Mithril (an SMS factor: sign-in and phone
 * change) and Barycenter (an admin API to require passkey 2FA) create no secret here.
 */
export const ENROLLMENT_SERVER_TYPES = ['ucloud', 'vantage'] as const
export type EnrollmentServerType = (typeof ENROLLMENT_SERVER_TYPES)[number]

export function isEnrollmentType(t: ServerType): t is EnrollmentServerType {
  return (ENROLLMENT_SERVER_TYPES as readonly string[]).includes(t)
}

/** Where a Mithril server takes grants: newer servers `/auth/login`, older `/oauth/tokens`. */
export const MITHRIL_GRANT_PATHS = ['/auth/login', '/oauth/tokens'] as const
export type MithrilGrantPath = (typeof MITHRIL_GRANT_PATHS)[number]

/** What a Mithril profile needs to sign in besides the password (which is never stored). */
export interface MithrilProfileFields {
  /** The account's email: the password grant's `email`. */
  email: string
  /** The OAuth client the server knows this app as (`client_id`). */
  clientId: string
  /** The scope asked for (`scope`), space-separated. */
  scope: string
  /** The grant path that worked last (absent until learned). */
  grantPath?: MithrilGrantPath
}

/**
 * How a UCloud server wants `verificationCode`: the Go server takes a JSON string of 6 digits,
 * the older Kotlin one a JSON number. Learned on the first answer and kept with the profile.
 */
export const CODE_FORMATS = ['string', 'number'] as const
export type CodeFormat = (typeof CODE_FORMATS)[number]

/** A stored server profile. Main process only: it carries the bearer access token. */
export interface ServerProfile {
  id: string
  /** Unique (case-insensitive) name the user and the CLI refer to the server by. */
  name: string
  type: ServerType
  /** Normalised base URL without a trailing slash, e.g. `https://cloud.example.org/api`. */
  baseUrl: string
  /**
   * Bearer access token. Never logged, never sent to the renderer. Empty for a Mithril profile
   * until its first sign-in, and always empty for Barycenter (its admin API has no sign-in).
   */
  token: string
  /** UCloud: the `verificationCode` form this server took last (absent until learned). */
  codeFormat?: CodeFormat
  /** Mithril only. */
  mithril?: MithrilProfileFields
  createdAt: number
  updatedAt: number
}

/** What a new profile needs. */
export interface NewServerProfile {
  name: string
  type: ServerType
  baseUrl: string
  /** Required for UCloud and Vantage; optional for Mithril; must be empty for Barycenter. */
  token: string
  /** Required for Mithril (scope defaults to `app:authorize`), refused for the other types. */
  mithril?: { email: string; clientId: string; scope?: string }
}

/** Fields of a profile that may be edited. */
export type ServerPatch = Partial<Omit<NewServerProfile, 'mithril'>> & {
  codeFormat?: CodeFormat
  mithril?: Partial<MithrilProfileFields>
}

/** What the renderer and the CLI may see of a profile: no token (declared once, in shared). */
export type ServerView = ServerProfileView

export function toServerView(p: ServerProfile): ServerView {
  return {
    id: p.id,
    name: p.name,
    type: p.type,
    baseUrl: p.baseUrl,
    hasToken: p.token.length > 0,
    ...(p.mithril
      ? {
          mithril: { email: p.mithril.email, clientId: p.mithril.clientId, scope: p.mithril.scope }
        }
      : {}),
    createdAt: p.createdAt,
    updatedAt: p.updatedAt
  }
}
