/**
 * IPC channels and events of a Barycenter rollout: IT requires 2FA (a passkey) for a list of
 * users through Barycenter's admin API. Only users with a passkey (`passkeyCount > 0`) are
 * enforced; the others are "not ready" (they would be stuck at sign-in, where Barycenter offers
 * no enrollment) and skipped unless forced by name. Runs are journaled in main: one stopped or
 * killed is resumed by its id without enforcing anyone twice or skipping anyone, and undone per
 * user or as a whole. Barycenter has no self-service 2FA: a user enrolls a passkey in Barycenter
 * itself, never through Tessera. No token exists (the admin API has no authentication).
 */
import { z } from 'zod'
import type { ErrorCode } from '../errors'
import { channel, event } from './contract'
import { serverIdSchema, type AuditExportResult } from './servers'

/** What a rollout did for one user. */
export type RolloutOutcomeName =
  'enforced' | 'forced' | 'already' | 'not-ready' | 'unknown-user' | 'failed' | 'undone'

export interface RolloutUserView {
  username: string
  outcome: RolloutOutcomeName
  passkeyCount?: number
  requires2faBefore?: boolean
  error?: ErrorCode
  message?: string
}

export interface RolloutReportView {
  runId: string
  adminUrl: string
  results: RolloutUserView[]
  counts: Record<RolloutOutcomeName, number>
}

/** One user's 2FA state as Barycenter reports it, or why it could not be read. */
export type Barycenter2faRow =
  | {
      username: string
      requires2fa: boolean
      passkeyCount: number
      /** Unix seconds, or null. */
      passkeyEnrolledAt: number | null
    }
  | { username: string; error: ErrorCode; message: string }

/** A run of this server, from its journal: how far it got, and whether it is running now. */
export interface RolloutRunView {
  runId: string
  total: number
  /** Users with an outcome in the journal. */
  settled: number
  counts: Record<RolloutOutcomeName, number>
  running: boolean
  /** Unix ms the run was started (from its id), when known. */
  startedAt?: number
}

/** A users file read in main after the open dialog. */
export interface UsersFileView {
  name: string
  users: string[]
}

/** Progress of a running rollout: the users settled since the last event, in order. */
export interface RolloutProgressEvent {
  serverId: string
  runId: string
  done: number
  total: number
  results: RolloutUserView[]
}

/** Most users one run in the app takes (the CLI takes more). */
export const MAX_ROLLOUT_USERS = 50_000

const userName = z.string().min(1).max(256, 'A user name is at most 256 characters.')
const userList = z.array(userName).max(MAX_ROLLOUT_USERS, 'At most 50,000 users per run.')
const runIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,80}$/, 'A run id is letters, digits, dashes and underscores.')

export const barycenterChannels = {
  /**
   * Why an admin address deserves a warning (not this computer, not https), or none. An
   * address that is not a URL gives no warnings (adding it says what is wrong).
   */
  'barycenter:check': channel<{ warnings: string[] }>()(
    z.strictObject({ url: z.string().max(2048) })
  ),
  /** Opens the system's open dialog for a users file (one per line, or CSV); null: cancelled. */
  'barycenter:pickUsers': channel<UsersFileView | null>()(z.undefined()),
  /** Each user's 2FA state, in order. */
  'barycenter:status': channel<Barycenter2faRow[]>()(
    z.strictObject({ id: serverIdSchema, users: userList.min(1, 'Load a list of users first.') })
  ),
  /**
   * Runs a rollout (or resumes `runId`: same users, same order). Progress arrives as
   * `barycenter:progress`; resolves with every user's result. One run per server at a time.
   */
  'barycenter:enforce': channel<RolloutReportView>()(
    z.strictObject({
      id: serverIdSchema,
      users: userList.optional(),
      force: userList.optional(),
      runId: runIdSchema.optional()
    })
  ),
  /** Stops the running rollout after the user in flight; `stopped` says whether one ran. */
  'barycenter:stop': channel<{ stopped: boolean }>()(z.strictObject({ id: serverIdSchema })),
  /** The runs started against this server, newest first. */
  'barycenter:runs': channel<RolloutRunView[]>()(z.strictObject({ id: serverIdSchema })),
  /** A run's results so far, in its users' order (users not reached yet are left out). */
  'barycenter:report': channel<RolloutReportView>()(
    z.strictObject({ id: serverIdSchema, runId: runIdSchema })
  ),
  /** Undoes (2FA no longer required) what the run enforced, or only the users in `only`. */
  'barycenter:undo': channel<{ runId: string; results: RolloutUserView[] }>()(
    z.strictObject({ id: serverIdSchema, runId: runIdSchema, only: userList.min(1).optional() })
  ),
  /** Saves a run's report as JSON or CSV where the user picks (a save dialog in main). */
  'barycenter:saveReport': channel<AuditExportResult>()(
    z.strictObject({ id: serverIdSchema, runId: runIdSchema, format: z.enum(['json', 'csv']) })
  )
}

export const barycenterEvents = {
  'barycenter:progress': event<RolloutProgressEvent>()
}
