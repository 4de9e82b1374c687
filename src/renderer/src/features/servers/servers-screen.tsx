import { useEffect, useRef, useState } from 'react'
import { useEnrollStore } from '../../stores/enroll'
import { useServersStore } from '../../stores/servers'
import { AuditLog } from './audit-log'
import { EnrollProgress } from './enroll-progress'
import { PendingList } from './pending-list'
import { ServerCard } from './server-card'
import { ServerForm } from './server-form'
import './servers.css'

/**
 * The Servers screen: 2FA server profiles with their status and actions, the enrollment in
 * progress, unfinished enrollments and the audit log. The codes screen shows it in its main part
 * while the view store's screen is 'servers'.
 */
export function ServersScreen() {
  const servers = useServersStore((s) => s.servers)
  const loaded = useServersStore((s) => s.loaded)
  const error = useServersStore((s) => s.error)
  const [form, setForm] = useState<{ editing?: string } | null>(null)
  const headingRef = useRef<HTMLHeadingElement>(null)

  useEffect(() => {
    headingRef.current?.focus()
    void useServersStore.getState().load()
    return useEnrollStore.getState().listen()
  }, [])

  const editing = form?.editing ? servers.find((s) => s.id === form.editing) : undefined

  return (
    <section className="servers-screen" aria-labelledby="servers-heading">
      <div className="section-head">
        <h2 id="servers-heading" ref={headingRef} tabIndex={-1}>
          Servers
        </h2>
        {!form && (
          <button type="button" className="primary" onClick={() => setForm({})}>
            Add server
          </button>
        )}
      </div>
      <p className="muted small">
        Enroll Tessera directly with your organisation’s 2FA server: no QR code, no secret on
        screen.
      </p>
      {form && (
        <ServerForm
          key={form.editing ?? 'new'}
          {...(editing ? { editing } : {})}
          onDone={() => setForm(null)}
        />
      )}
      <EnrollProgress onEditServer={(id) => setForm({ editing: id })} />
      <PendingList />
      {!loaded ? (
        <p className="muted" role="status">
          Loading servers…
        </p>
      ) : error ? (
        <p className="field-error" role="alert">
          {error.message}
        </p>
      ) : servers.length === 0 ? (
        !form && (
          <div className="empty panel">
            <p>No servers yet.</p>
            <p className="muted">
              Press “Add server” and enter the server’s address and the access token it gave you.
            </p>
          </div>
        )
      ) : (
        <ul className="server-list" aria-label="Servers">
          {servers.map((s) => (
            <ServerCard key={s.id} server={s} onEdit={() => setForm({ editing: s.id })} />
          ))}
        </ul>
      )}
      <AuditLog />
    </section>
  )
}
