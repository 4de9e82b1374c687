/**
 * Server profiles: the 2FA servers Tessera enrolls against. A profile holds an access token, so
 * profiles live inside the encrypted vault; only `ServerView` (no token) leaves the main process.
 */

import { SERVER_TYPE_NAMES, type ServerTypeName } from '../../../shared/servers'

/** The kinds of server (declared in shared). */
export const SERVER_TYPES = SERVER_TYPE_NAMES
export type ServerType = ServerTypeName

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
  /** Bearer access token. Never logged, never sent to the renderer. */
  token: string
  /** UCloud: the `verificationCode` form this server took last (absent until learned). */
  codeFormat?: CodeFormat
  createdAt: number
  updatedAt: number
}

/** What a new profile needs. */
export interface NewServerProfile {
  name: string
  type: ServerType
  baseUrl: string
  token: string
}

/** Fields of a profile that may be edited. */
export type ServerPatch = Partial<NewServerProfile> & { codeFormat?: CodeFormat }

/** What the renderer and the CLI may see of a profile: no token. */
export interface ServerView {
  id: string
  name: string
  type: ServerType
  baseUrl: string
  hasToken: boolean
  createdAt: number
  updatedAt: number
}

export function toServerView(p: ServerProfile): ServerView {
  return {
    id: p.id,
    name: p.name,
    type: p.type,
    baseUrl: p.baseUrl,
    hasToken: p.token.length > 0,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt
  }
}
