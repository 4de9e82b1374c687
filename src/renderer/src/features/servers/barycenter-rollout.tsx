import { useEffect, useId } from 'react'
import type { RolloutOutcomeName, RolloutUserView } from '../../../../shared/ipc/barycenter'
import type { ServerProfileView } from '../../../../shared/ipc/servers'
import { useRolloutStore } from '../../stores/rollout'
import { FieldError } from '../../components/field-error'

const OUTCOME: Record<RolloutOutcomeName, string> = {
  enforced: '2FA now required',
  forced: '2FA now required (forced, no passkey)',
  already: 'Already required, left alone',
  'not-ready': 'Not ready: no passkey, skipped',
  'unknown-user': 'No such user',
  failed: 'Failed',
  undone: '2FA no longer required'
}

const OUTCOME_CLASS: Partial<Record<RolloutOutcomeName, string>> = {
  enforced: 'badge-ok',
  forced: 'badge-warn',
  'not-ready': 'badge-warn',
  'unknown-user': 'badge-error',
  failed: 'badge-error'
}

function ResultRow({ r, onUndo }: { r: RolloutUserView; onUndo?: () => void }) {
  return (
    <tr>
      <th scope="row">{r.username}</th>
      <td>
        <span className={`badge ${OUTCOME_CLASS[r.outcome] ?? 'badge-muted'}`}>
          {OUTCOME[r.outcome]}
        </span>
        {r.outcome === 'failed' && r.message && <span className="small"> {r.message}</span>}
      </td>
      <td>{r.passkeyCount ?? '—'}</td>
      <td>
        {onUndo && (
          <button
            type="button"
            className="ghost small-button"
            onClick={onUndo}
            aria-label={`Undo for ${r.username}`}
          >
            Undo
          </button>
        )}
      </td>
    </tr>
  )
}

/**
 * Barycenter's admin-enforced 2FA for a list of users, inside the server's card: load the users
 * from a file, see who has a passkey, require 2FA for those (and for the not-ready users the
 * admin forces one by one), watch the progress, stop and resume, undo per user or per run, save
 * the report.
 */
export function BarycenterRollout({ server }: { server: ServerProfileView }) {
  const id = server.id
  const e = useRolloutStore((s) => s.byId[id])
  const store = useRolloutStore.getState
  const headingId = useId()
  const progressId = useId()

  useEffect(() => {
    const off = store().listen()
    void store().loadRuns(id)
    return off
  }, [id, store])

  const rows = e?.rows ?? []
  const ready = rows.filter((r) => 'passkeyCount' in r && r.passkeyCount > 0 && !r.requires2fa)
  const notReady = rows.filter((r) => 'passkeyCount' in r && r.passkeyCount === 0 && !r.requires2fa)
  const already = rows.filter((r) => 'requires2fa' in r && r.requires2fa)
  const unknown = rows.filter((r) => 'error' in r)
  const force = e?.force ?? []
  const running = e?.running === true
  const shownRun = e?.runId ?? null
  const results = e?.results ?? []
  const undoable = results.filter((r) => r.outcome === 'enforced' || r.outcome === 'forced')
  const busy = e?.busy ?? null
  const total = e?.total ?? 0
  const done = e?.done ?? 0
  const runs = (e?.runs ?? []).filter((r) => !r.running && r.runId !== shownRun).slice(0, 5)

  return (
    <section className="inline-form rollout" aria-labelledby={headingId}>
      <h4 id={headingId}>Roll out 2FA</h4>
      <p className="small">
        Barycenter has no self-service 2FA: each user enrolls a passkey in Barycenter itself.
        Tessera requires 2FA only for users who already have a passkey; the others would be stuck at
        sign-in, so they are listed as not ready and skipped unless you force them one by one.
      </p>
      <div className="inline-row">
        <button
          type="button"
          className="ghost"
          disabled={running || busy !== null}
          onClick={() => void store().pickUsers(id)}
        >
          Load users from a file
        </button>
        {busy === 'status' && (
          <span className="muted small" role="status">
            Reading each user’s status…
          </span>
        )}
      </div>
      {e?.file && rows.length > 0 && !shownRun && (
        <>
          <p className="small" role="status">
            {e.file}: {rows.length} users. {ready.length} ready (passkey), {notReady.length} not
            ready, {already.length} already required, {unknown.length} unknown.
          </p>
          <div className="rollout-scroll" tabIndex={0} role="region" aria-label="Users">
            <table className="audit-table">
              <caption className="visually-hidden">Users and their 2FA status</caption>
              <thead>
                <tr>
                  <th scope="col">User</th>
                  <th scope="col">Passkeys</th>
                  <th scope="col">2FA now</th>
                  <th scope="col">Force</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) =>
                  'error' in r ? (
                    <tr key={r.username}>
                      <th scope="row">{r.username}</th>
                      <td colSpan={3}>
                        <span className="badge badge-error">No such user</span>
                      </td>
                    </tr>
                  ) : (
                    <tr key={r.username}>
                      <th scope="row">{r.username}</th>
                      <td>{r.passkeyCount}</td>
                      <td>
                        {r.requires2fa ? (
                          'Required'
                        ) : r.passkeyCount > 0 ? (
                          'Not required · ready'
                        ) : (
                          <span className="badge badge-warn">Not ready: no passkey</span>
                        )}
                      </td>
                      <td>
                        {!r.requires2fa && r.passkeyCount === 0 && (
                          <label className="force-label">
                            <input
                              type="checkbox"
                              checked={force.includes(r.username)}
                              onChange={() => store().toggleForce(id, r.username)}
                            />
                            <span className="visually-hidden">Force 2FA for {r.username}</span>
                          </label>
                        )}
                      </td>
                    </tr>
                  )
                )}
              </tbody>
            </table>
          </div>
          {force.length > 0 && (
            <p className="warning-text">
              Forced without a passkey: {force.join(', ')}. They cannot sign in until they enroll
              one, and Barycenter offers no enrollment at its 2FA prompt.
            </p>
          )}
          <div className="inline-row">
            <button
              type="button"
              className="primary"
              disabled={running || ready.length + force.length === 0}
              onClick={() => void store().enforce(id)}
            >
              Require 2FA for {ready.length + force.length} user
              {ready.length + force.length === 1 ? '' : 's'}
            </button>
          </div>
        </>
      )}
      {shownRun !== null && (
        <div className="rollout-run">
          <p className="small">
            {running ? 'Running' : 'Run'} {shownRun || '…'}
          </p>
          <progress
            id={progressId}
            value={total > 0 ? done : 0}
            max={Math.max(total, 1)}
            aria-label="Rollout progress"
          />
          <p className="small" role="status">
            {done} of {total} users{running ? '…' : '.'}
            {!running && e?.report
              ? ` ${e.report.counts.enforced} enforced, ${e.report.counts.forced} forced, ${e.report.counts.already} already required, ${e.report.counts['not-ready']} not ready, ${e.report.counts['unknown-user']} unknown, ${e.report.counts.failed} failed, ${e.report.counts.undone} undone.`
              : ''}
          </p>
          <div className="inline-row">
            {running && (
              <button type="button" className="ghost" onClick={() => void store().stop(id)}>
                Stop
              </button>
            )}
            {!running && shownRun && done < total && (
              <button
                type="button"
                className="primary"
                onClick={() => void store().enforce(id, shownRun)}
                aria-label={`Resume run ${shownRun}`}
              >
                Resume
              </button>
            )}
            {!running && shownRun && (
              <>
                <button
                  type="button"
                  className="ghost"
                  disabled={busy !== null || undoable.length === 0}
                  onClick={() => void store().undo(id)}
                >
                  Undo this run
                </button>
                <button
                  type="button"
                  className="ghost"
                  disabled={busy !== null}
                  onClick={() => void store().saveReport(id, 'json')}
                >
                  Save report (JSON)
                </button>
                <button
                  type="button"
                  className="ghost"
                  disabled={busy !== null}
                  onClick={() => void store().saveReport(id, 'csv')}
                >
                  Save report (CSV)
                </button>
              </>
            )}
          </div>
          {results.length > 0 && (
            <div className="rollout-scroll" tabIndex={0} role="region" aria-label="Results">
              <table className="audit-table">
                <caption className="visually-hidden">Results per user</caption>
                <thead>
                  <tr>
                    <th scope="col">User</th>
                    <th scope="col">Result</th>
                    <th scope="col">Passkeys</th>
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {results.map((r) => (
                    <ResultRow
                      key={r.username}
                      r={r}
                      {...(!running && (r.outcome === 'enforced' || r.outcome === 'forced')
                        ? { onUndo: () => void store().undo(id, [r.username]) }
                        : {})}
                    />
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      )}
      {e?.notice && (
        <p className="ok-text" role="status">
          {e.notice}
        </p>
      )}
      <FieldError>
        {e?.error &&
          (e.error.code === 'CANCELLED'
            ? 'Stopped. The users done so far keep their result; resume the run to do the rest.'
            : e.error.message)}
      </FieldError>
      {runs.length > 0 && !running && (
        <div className="rollout-runs">
          <h5>Earlier runs</h5>
          <ul>
            {runs.map((r) => (
              <li key={r.runId} className="inline-row">
                <span className="small">
                  {r.runId}: {r.settled} of {r.total} users done
                  {r.settled < r.total ? ' (unfinished)' : ''}
                </span>
                {r.settled < r.total ? (
                  <button
                    type="button"
                    className="ghost"
                    onClick={() => void store().enforce(id, r.runId)}
                    aria-label={`Resume run ${r.runId}`}
                  >
                    Resume
                  </button>
                ) : (
                  <button
                    type="button"
                    className="ghost"
                    onClick={() => void store().openRun(id, r.runId)}
                    aria-label={`Open run ${r.runId}`}
                  >
                    Open
                  </button>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  )
}
