/**
 * IPC channels and events of enrollment: enroll against a server profile (progress streamed as
 * `enroll:step` events), cancel before the answer is sent, and finish or discard an unfinished
 * (pending) enrollment. No secret, code or token crosses: only steps, views and ids.
 */
import { z } from 'zod'
import type { ErrorCode } from '../errors'
import type { AccountView } from '../model'
import { accountIdSchema } from './accounts'
import { channel, event } from './contract'
import { serverIdSchema, type ServerStatusInfo, type ServerTypeName } from './servers'

import type { EnrollEvent } from '../servers'
export { ENROLL_STEP_NAMES, type EnrollEvent, type EnrollStep } from '../servers'

/** One step of an enrollment (or a finish), as the `enroll:step` event sends it. */
export type EnrollStepEvent = EnrollEvent & { serverId: string }

export interface EnrollOutcome {
  account: AccountView
  status: ServerStatusInfo
  /** `recovered`: the reply was lost but the server shows two-factor on, so it was activated. */
  outcome: 'enrolled' | 'recovered'
  warnings: ErrorCode[]
}

/** An unfinished enrollment, for the Finish / Discard list. */
export interface PendingEnrollment {
  account: AccountView
  serverId: string
  /** Null when the profile was removed: only Discard helps then. */
  server: string | null
  type: ServerTypeName | null
  challengeId?: string
  startedAt: number
}

export const enrollChannels = {
  /** Enrolls Tessera with the server; resolves when done. Steps arrive as `enroll:step`. */
  'enroll:start': channel<EnrollOutcome>()(
    z.strictObject({
      serverId: serverIdSchema,
      label: z.string().trim().max(200, 'Labels are at most 200 characters.').optional()
    })
  ),
  /**
   * Stops the running enrollment with this server if its code has not been sent yet (after that,
   * the server's answer decides). `cancelled` says whether one was running.
   */
  'enroll:cancel': channel<{ cancelled: boolean }>()(z.strictObject({ serverId: serverIdSchema })),
  /** Unfinished enrollments, oldest first (all servers, or one). */
  'enroll:pending': channel<PendingEnrollment[]>()(
    z.strictObject({ serverId: serverIdSchema.optional() }).optional()
  ),
  /** Finishes an unfinished enrollment (checks the server, answers with a new code if needed). */
  'enroll:finish': channel<EnrollOutcome>()(z.strictObject({ accountId: accountIdSchema })),
  /**
   * Deletes an unfinished account. Refused when the server shows two-factor on (use Finish);
   * `force` skips that check when the server cannot be reached.
   */
  'enroll:discard': channel<null>()(
    z.strictObject({ accountId: accountIdSchema, force: z.boolean().optional() })
  )
}

export const enrollEvents = {
  /** One step of a running enrollment or finish. */
  'enroll:step': event<EnrollStepEvent>()
}
