/**
 * IPC channels of the servers domain (2FA server profiles, their status, Vantage's email codes
 * and disable) and of the enrollment audit log. A profile's access token crosses renderer→main
 * once, when it is typed in; no channel ever sends it back (views carry `hasToken` only).
 */
import { z } from 'zod'
import type { AccountView } from '../model'
import { channel } from './contract'

import {
  SERVER_TYPE_NAMES,
  type AuditEntryView,
  type ServerStatusInfo,
  type ServerTypeName
} from '../servers'
export {
  SERVER_TYPE_NAMES,
  type AuditEntryView,
  type ServerStatusInfo,
  type ServerTypeName
} from '../servers'

/** A server profile as the renderer sees it: no token. */
export interface ServerProfileView {
  id: string
  name: string
  type: ServerTypeName
  baseUrl: string
  hasToken: boolean
  /** Mithril: who signs in (the password is never stored). */
  mithril?: { email: string; clientId: string; scope: string }
  /** Preset by IT (EnrollmentServers): cannot be edited or removed; the token is the user's. */
  managed?: boolean
  createdAt: number
  updatedAt: number
}

/** After enabling email codes or disabling 2FA: the new status and the accounts archived. */
export interface ServerChangeResult {
  status: ServerStatusInfo
  archived: AccountView[]
}

/** What `audit:export` did: saved to a file the user picked, or cancelled in the dialog. */
export interface AuditExportResult {
  saved: boolean
  /** Where it was saved. */
  path?: string
  /** Records written. */
  count: number
}

/** Longest access token accepted (the core checks the content). */
export const MAX_TOKEN_LENGTH = 8192
/** Longest server password accepted for Vantage's disable. */
export const MAX_PASSWORD_LENGTH = 1024

export const serverIdSchema = z.string().min(1).max(128)

const nameField = z.string().max(200, 'Give the server a name of at most 64 characters.')
const urlField = z
  .string()
  .max(2048, 'That server address is too long. Enter only the base address.')
const tokenField = z
  .string()
  .max(MAX_TOKEN_LENGTH, 'That access token is too long. Paste it exactly as the server issued it.')
const typeField = z.enum(SERVER_TYPE_NAMES, {
  error: 'Choose the server type: UCloud, Vantage, Mithril or Barycenter.'
})
const mithrilField = z.strictObject({
  email: z.string().max(254, 'That email is too long.'),
  clientId: z.string().max(256, 'That client ID is too long.'),
  scope: z.string().max(1024, 'That scope is too long.').optional()
})

export const serversChannels = {
  /** Every server profile, by name. */
  'servers:list': channel<ServerProfileView[]>()(z.undefined()),
  /**
   * Adds a profile. The core checks it: https required (plain http only for loopback), unique
   * name, a token without spaces. The token is stored in main and never sent back.
   */
  'servers:add': channel<ServerProfileView>()(
    z.strictObject({
      name: nameField,
      type: typeField,
      baseUrl: urlField,
      token: tokenField,
      mithril: mithrilField.optional()
    })
  ),
  /** Edits a profile; a field left out is kept (leave `token` out to keep the stored one). */
  'servers:update': channel<ServerProfileView>()(
    z.strictObject({
      id: serverIdSchema,
      name: nameField.optional(),
      type: typeField.optional(),
      baseUrl: urlField.optional(),
      token: tokenField.optional(),
      mithril: mithrilField.partial().optional()
    })
  ),
  /** Removes a profile. Refused while an enrollment with it is unfinished (Finish or Discard). */
  'servers:remove': channel<null>()(z.strictObject({ id: serverIdSchema })),
  /** Asks the server whether two-factor is on. */
  'servers:status': channel<ServerStatusInfo>()(z.strictObject({ id: serverIdSchema })),
  /** Vantage: switch two-factor to email codes (this server's TOTP accounts are archived). */
  'servers:enableEmail': channel<ServerChangeResult>()(z.strictObject({ id: serverIdSchema })),
  /**
   * Vantage: turn two-factor off with the server account's password, typed in the renderer and
   * sent once. The accounts enrolled with the server are archived, not deleted.
   */
  'servers:disable': channel<ServerChangeResult>()(
    z.strictObject({
      id: serverIdSchema,
      password: z
        .string()
        .min(1, 'Type the password of your account on the server.')
        .max(MAX_PASSWORD_LENGTH, 'That password is too long.')
    })
  ),
  /** Audit records, oldest first; `limit` keeps the newest N. */
  'audit:list': channel<AuditEntryView[]>()(
    z
      .strictObject({
        serverId: serverIdSchema.optional(),
        limit: z.number().int().min(1).max(10_000).optional()
      })
      .optional()
  ),
  /** Saves the audit log as JSON where the user picks (a save dialog in main). */
  'audit:export': channel<AuditExportResult>()(
    z.strictObject({ serverId: serverIdSchema.optional() }).optional()
  )
}

export const serversEvents = {}
