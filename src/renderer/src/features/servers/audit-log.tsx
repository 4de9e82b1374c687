import { useEffect, useState } from 'react'
import { useServersStore } from '../../stores/servers'
import { FieldError } from '../../components/field-error'

const ACTION_LABELS = {
  enroll: 'Enroll',
  finish: 'Finish',
  discard: 'Discard',
  'enable-email': 'Email codes',
  disable: 'Disable',
  'enforce-2fa': 'Enforce 2FA',
  'undo-2fa': 'Undo 2FA'
} as const

/** What Tessera did with 2FA servers (no secrets), newest first, exportable as JSON for IT. */
export function AuditLog() {
  const audit = useServersStore((s) => s.audit)
  const loaded = useServersStore((s) => s.auditLoaded)
  const error = useServersStore((s) => s.auditError)
  const [status, setStatus] = useState('')
  const [exportError, setExportError] = useState<string | null>(null)
  useEffect(() => {
    void useServersStore.getState().loadAudit()
  }, [])

  const onExport = async (): Promise<void> => {
    setExportError(null)
    setStatus('')
    const r = await useServersStore.getState().exportAudit()
    if (!r.ok) setExportError(r.error.message)
    else if (r.value.saved)
      setStatus(
        `Saved ${r.value.count} ${r.value.count === 1 ? 'record' : 'records'} to ${r.value.path ?? 'the file'}.`
      )
    else setStatus('Export cancelled.')
  }

  return (
    <section className="audit panel" aria-labelledby="audit-heading">
      <div className="section-head">
        <h3 id="audit-heading">Audit log</h3>
        <div className="inline-row">
          <button
            type="button"
            className="ghost"
            onClick={() => void useServersStore.getState().loadAudit()}
          >
            Refresh
          </button>
          <button
            type="button"
            className="ghost"
            onClick={() => void onExport()}
            disabled={audit.length === 0}
          >
            Export JSON
          </button>
        </div>
      </div>
      <p role="status" className="muted small">
        {status}
      </p>
      <FieldError>{exportError}</FieldError>
      {!loaded ? (
        <p className="muted">Loading the audit log…</p>
      ) : error ? (
        <FieldError>{error.message}</FieldError>
      ) : audit.length === 0 ? (
        <p className="muted">
          Nothing yet. Enrollments, finishes, discards and disables appear here.
        </p>
      ) : (
        <div className="audit-scroll" tabIndex={0} role="region" aria-label="Audit records">
          <table className="audit-table">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Server</th>
                <th scope="col">Action</th>
                <th scope="col">Account</th>
                <th scope="col">Outcome</th>
              </tr>
            </thead>
            <tbody>
              {audit.map((e, i) => (
                <tr key={`${e.at}-${i}`}>
                  <td>
                    <time dateTime={e.at}>{new Date(e.at).toLocaleString()}</time>
                  </td>
                  <td>{e.serverName}</td>
                  <td>{ACTION_LABELS[e.action]}</td>
                  <td>{e.account ?? '—'}</td>
                  <td>
                    <span className={e.outcome === 'ok' ? 'badge badge-ok' : 'badge badge-error'}>
                      {e.outcome === 'ok' ? 'OK' : e.outcome}
                    </span>
                    {e.httpStatus !== undefined && (
                      <span className="muted small"> HTTP {e.httpStatus}</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}
