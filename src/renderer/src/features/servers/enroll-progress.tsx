import { useEffect, useRef } from 'react'
import type { EnrollStepEvent } from '../../../../shared/ipc/enroll'
import { useClockStore } from '../../stores/clock'
import { useEnrollStore } from '../../stores/enroll'
import { LiveCode } from './live-code'
import { nextStepFor } from '../../../../shared/enroll-messages'

function StepIcon({ state }: { state: 'done' | 'current' | 'warning' | 'failed' }) {
  const label = { done: 'Done', current: 'In progress', warning: 'Warning', failed: 'Failed' }[
    state
  ]
  return (
    <span className={`step-icon step-${state}`} role="img" aria-label={label}>
      {state === 'done' ? '✓' : state === 'failed' ? '✕' : state === 'warning' ? '!' : ''}
    </span>
  )
}

function stepState(
  e: EnrollStepEvent,
  last: boolean,
  running: boolean
): 'done' | 'current' | 'warning' | 'failed' {
  if (e.step === 'failed') return 'failed'
  if (e.step === 'warning') return 'warning'
  return last && running ? 'current' : 'done'
}

/** Seconds left of a rate-limit wait that started at `since`. */
function useWaitLeft(since: number, seconds: number): number {
  return useClockStore((s) => Math.max(0, Math.ceil((since + seconds * 1000 - s.now) / 1000)))
}

function RetryAfter({
  since,
  seconds,
  onRetry
}: {
  since: number
  seconds: number
  onRetry(): void
}) {
  const left = useWaitLeft(since, seconds)
  return (
    <button type="button" className="primary" onClick={onRetry} disabled={left > 0}>
      {left > 0 ? `Try again in ${left} s` : 'Try again'}
    </button>
  )
}

interface Props {
  onEditServer(serverId: string): void
}

/** The running (or just ended) enrollment: each step as it happens, then the outcome. */
export function EnrollProgress({ onEditServer }: Props) {
  const run = useEnrollStore((s) => s.run)
  const headingRef = useRef<HTMLHeadingElement>(null)
  const started = run ? `${run.serverId}:${run.kind}:${run.accountId ?? ''}` : null
  useEffect(() => {
    if (started) headingRef.current?.focus()
  }, [started])
  if (!run) return null
  const { start, finish, cancel, close } = useEnrollStore.getState()
  const running = run.phase === 'running'
  const title = run.kind === 'finish' ? 'Finishing enrollment' : 'Enrolling'
  const next = run.error ? nextStepFor(run.error) : null
  const retry = (): void => {
    void start(run.serverId, run.serverName)
  }
  const answered = run.steps.some((s) => s.step === 'answering')
  const pendingId =
    run.error?.details?.pendingKept === true && typeof run.error.details.accountId === 'string'
      ? run.error.details.accountId
      : run.accountId

  return (
    <section
      className="enroll-progress panel"
      aria-labelledby="enroll-progress-heading"
      aria-busy={running}
    >
      <h3 id="enroll-progress-heading" ref={headingRef} tabIndex={-1}>
        {title} with {run.serverName}
      </h3>
      <ol className="enroll-steps" aria-label="Enrollment steps" aria-live="polite">
        {run.steps.map((e, i) => (
          <li key={`${i}-${e.step}`} className={`enroll-step step-row-${e.step}`}>
            <StepIcon state={stepState(e, i === run.steps.length - 1, running)} />
            <span>{e.step === 'failed' ? 'Stopped: see below' : e.message}</span>
          </li>
        ))}
        {running && run.steps.length === 0 && (
          <li className="enroll-step">
            <StepIcon state="current" />
            <span>Contacting the server…</span>
          </li>
        )}
      </ol>
      {running && (
        <div className="panel-actions">
          <button
            type="button"
            className="ghost"
            onClick={() => void cancel()}
            disabled={answered || run.cancelling}
          >
            {run.cancelling ? 'Cancelling…' : 'Cancel'}
          </button>
          {answered && <span className="muted">The code was sent; waiting for the server.</span>}
        </div>
      )}
      {run.phase === 'done' && run.result && (
        <div className="enroll-outcome outcome-ok" role="status">
          <p className="outcome-title">
            {run.result.outcome === 'recovered'
              ? 'Two-factor is on (the server’s reply was lost, but its status confirms it).'
              : 'Two-factor is on. Tessera is now your authenticator for this account.'}
          </p>
          <p className="enroll-account">
            <strong>{run.result.account.issuer || run.serverName}</strong>
            <span className="muted"> · {run.result.account.label}</span>
          </p>
          <LiveCode accountId={run.result.account.id} />
          <div className="panel-actions">
            <button type="button" className="primary" onClick={close}>
              Done
            </button>
          </div>
        </div>
      )}
      {run.phase === 'failed' && run.error && next && (
        <div className="enroll-outcome outcome-failed" role="alert">
          <p className="outcome-title">{run.error.message}</p>
          <p className="next-step">
            <strong>Next step: </strong>
            {next.text}
          </p>
          <div className="panel-actions">
            {next.action === 'retry' && (
              <button type="button" className="primary" onClick={retry}>
                Try again
              </button>
            )}
            {next.action === 'start-over' && (
              <button type="button" className="primary" onClick={retry}>
                Start over
              </button>
            )}
            {next.action === 'wait' && (
              <RetryAfter
                since={run.endedAt ?? 0}
                seconds={next.waitSeconds ?? 60}
                onRetry={retry}
              />
            )}
            {next.action === 'finish' && pendingId && (
              <button
                type="button"
                className="primary"
                onClick={() => void finish(pendingId, run.serverId, run.serverName)}
              >
                Finish
              </button>
            )}
            {next.action === 'edit' && (
              <button type="button" onClick={() => onEditServer(run.serverId)}>
                Edit server
              </button>
            )}
            <button type="button" className="ghost" onClick={close}>
              Close
            </button>
          </div>
        </div>
      )}
    </section>
  )
}
