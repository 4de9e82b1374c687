/**
 * Enrollment handlers: start (steps streamed as `enroll:step`), cancel before the code is sent,
 * and the pending (unfinished) accounts' finish / discard. Transport-agnostic like the table.
 */
import { AppError } from '../../shared/errors'
import type { Channel, Emit } from '../../shared/ipc'
import type { EnrollStepEvent } from '../../shared/ipc/enroll'
import type { EnrollEvent } from '../core/enroll/service'
import type { Handler } from '../handlers'
import type { ServersDeps } from './servers'

type EnrollChannel = Extract<Channel, `enroll:${string}`>
export type EnrollHandlers = { readonly [K in EnrollChannel]: Handler<K> }

interface RunningEnrollment {
  controller: AbortController
  /** True once the service reported `answering`: the code is on its way and must not be cut. */
  answering: boolean
}

/** Copies only the fields the contract names (a core event could grow one day). */
function stepEvent(serverId: string, e: EnrollEvent): EnrollStepEvent {
  return {
    serverId,
    step: e.step,
    at: e.at,
    message: e.message,
    ...(e.code !== undefined ? { code: e.code } : {}),
    ...(e.details !== undefined ? { details: { ...e.details } } : {})
  }
}

export function createEnrollHandlers(deps: ServersDeps, emit: Emit): EnrollHandlers {
  const running = new Map<string, RunningEnrollment>()

  const track = (serverId: string): RunningEnrollment => {
    if (running.has(serverId)) {
      throw new AppError(
        'DUPLICATE',
        'Tessera is already enrolling with this server. Wait for it to finish, or cancel it.'
      )
    }
    const run: RunningEnrollment = { controller: new AbortController(), answering: false }
    running.set(serverId, run)
    return run
  }

  const onStep = (serverId: string, run: RunningEnrollment) => (e: EnrollEvent) => {
    if (e.step === 'answering') run.answering = true
    emit('enroll:step', stepEvent(serverId, e))
  }

  const changed = (reason: 'added' | 'updated' | 'removed', ids: string[]): void =>
    emit('accounts:changed', { reason, ids })

  return {
    'enroll:start': async ({ serverId, label }) => {
      const { service } = deps.enrollment()
      const run = track(serverId)
      try {
        const result = await service.enroll(serverId, {
          ...(label ? { label } : {}),
          onStep: onStep(serverId, run),
          signal: run.controller.signal
        })
        changed('added', [result.account.id])
        return result
      } catch (err) {
        // A kept pending account (AMBIGUOUS) is new in the list too.
        const id = err instanceof AppError ? err.details?.accountId : undefined
        if (typeof id === 'string') changed('added', [id])
        throw err
      } finally {
        running.delete(serverId)
      }
    },
    'enroll:cancel': async ({ serverId }) => {
      const run = running.get(serverId)
      if (!run || run.answering || run.controller.signal.aborted) return { cancelled: false }
      run.controller.abort()
      return { cancelled: true }
    },
    'enroll:pending': async (input) => {
      const { service } = deps.enrollment()
      return service.pendingEnrollments(input?.serverId)
    },
    'enroll:finish': async ({ accountId }) => {
      const { service } = deps.enrollment()
      const serverId = service
        .pendingEnrollments()
        .find((p) => p.account.id === accountId)?.serverId
      if (serverId === undefined) {
        throw new AppError('NOT_FOUND', 'That unfinished enrollment is gone. Refresh the list.')
      }
      const run = track(serverId)
      try {
        const result = await service.finishPending(accountId, {
          onStep: onStep(serverId, run),
          signal: run.controller.signal
        })
        changed('updated', [result.account.id])
        return result
      } finally {
        running.delete(serverId)
        // Finish may discard the pending account after a definite rejection.
        changed('updated', [accountId])
      }
    },
    'enroll:discard': async ({ accountId, force }) => {
      const { service } = deps.enrollment()
      await service.discardPending(accountId, force ? { force } : {})
      changed('removed', [accountId])
      return null
    }
  }
}
