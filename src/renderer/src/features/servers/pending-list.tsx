import { useState } from 'react'
import type { ErrorShape } from '../../../../shared/errors'
import type { PendingEnrollment } from '../../../../shared/ipc/enroll'
import { useEnrollStore } from '../../stores/enroll'
import { useServersStore } from '../../stores/servers'
import { FieldError } from '../../components/field-error'

function PendingRow({ p }: { p: PendingEnrollment }) {
  const running = useEnrollStore((s) => s.run?.phase === 'running')
  const [error, setError] = useState<ErrorShape | null>(null)
  const [busy, setBusy] = useState(false)
  const name = p.account.issuer ? `${p.account.issuer}: ${p.account.label}` : p.account.label
  const started = new Date(p.startedAt).toLocaleString()
  const discard = async (force: boolean): Promise<void> => {
    setBusy(true)
    const err = await useServersStore.getState().discard(p.account.id, force)
    setBusy(false)
    setError(err)
  }
  const unreachable =
    error !== null && ['NETWORK', 'TIMEOUT', 'SERVER_ERROR', 'TLS'].includes(error.code)
  return (
    <li className="pending-row">
      <div>
        <p className="pending-name">
          <span className="badge badge-warn">Unfinished</span> {name}
        </p>
        <p className="muted small">
          {p.server ?? 'Removed server'} · started {started}
        </p>
      </div>
      <div className="inline-row">
        {p.server !== null && (
          <button
            type="button"
            className="primary"
            onClick={() =>
              void useEnrollStore.getState().finish(p.account.id, p.serverId, p.server ?? '')
            }
            disabled={running || busy}
            aria-label={`Finish enrollment of ${name}`}
          >
            Finish
          </button>
        )}
        <button
          type="button"
          className="ghost"
          onClick={() => void discard(false)}
          disabled={running || busy}
          aria-label={`Discard unfinished ${name}`}
        >
          Discard
        </button>
        {unreachable && (
          <button
            type="button"
            className="danger"
            onClick={() => void discard(true)}
            disabled={running || busy}
            aria-label={`Discard ${name} without asking the server`}
          >
            Discard anyway
          </button>
        )}
      </div>
      <FieldError>{error?.message}</FieldError>
    </li>
  )
}

/** Enrollments that were saved but not finished: each can be finished or discarded. */
export function PendingList() {
  const pending = useServersStore((s) => s.pending)
  if (pending.length === 0) return null
  return (
    <section className="pending panel" aria-labelledby="pending-heading">
      <h3 id="pending-heading">Unfinished enrollments</h3>
      <p className="muted small">
        Tessera saved these secrets before answering the server, so none is lost. Finish checks with
        the server and completes the enrollment; Discard deletes the unfinished account.
      </p>
      <ul className="pending-list" aria-label="Unfinished enrollments">
        {pending.map((p) => (
          <PendingRow key={p.account.id} p={p} />
        ))}
      </ul>
    </section>
  )
}
