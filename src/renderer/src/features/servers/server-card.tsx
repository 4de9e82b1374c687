import { useEffect, useId, useState, type FormEvent } from 'react'
import { api } from '../../api'
import type { ErrorShape } from '../../../../shared/errors'
import type { ServerProfileView } from '../../../../shared/ipc/servers'
import { useEnrollStore } from '../../stores/enroll'
import { useMithrilStore } from '../../stores/mithril'
import { hasEnrollStatus, useServersStore } from '../../stores/servers'
import { BarycenterRollout } from './barycenter-rollout'
import { MithrilPanel } from './mithril-panel'
import { TYPE_LABELS } from './messages'
import { FieldError } from '../../components/field-error'

function StatusBadge({ server }: { server: ServerProfileView }) {
  const serverId = server.id
  const st = useServersStore((s) => s.statusById[serverId])
  if (server.type === 'mithril') {
    return server.hasToken ? (
      <span className="badge badge-ok">Signed in</span>
    ) : (
      <span className="badge badge-muted">Not signed in</span>
    )
  }
  if (server.type === 'barycenter') return <span className="badge badge-muted">Admin API</span>
  if (!st || st.kind === 'checking') return <span className="badge badge-muted">Checking…</span>
  if (st.kind === 'error') return <span className="badge badge-error">Error</span>
  if (!st.status.enrolled) return <span className="badge badge-muted">Not enrolled</span>
  return (
    <span className="badge badge-ok">
      Connected{st.status.method === 'email' ? ' · email codes' : ''}
    </span>
  )
}

/** Barycenter's admin API has no authentication: the card says so when it is reachable by others. */
function BarycenterWarnings({ url }: { url: string }) {
  const [warnings, setWarnings] = useState<string[]>([])
  useEffect(() => {
    let live = true
    void api()
      .barycenter.check({ url })
      .then((r) => {
        if (live && r.ok) setWarnings(r.value.warnings)
      })
    return () => {
      live = false
    }
  }, [url])
  if (warnings.length === 0) return null
  return (
    <div className="warning-text" role="note" aria-label="Admin API warning">
      {warnings.map((w) => (
        <p key={w}>{w}</p>
      ))}
    </div>
  )
}

interface Props {
  server: ServerProfileView
  onEdit(): void
}

/** One server profile: type, address, status and what can be done with it. */
export function ServerCard({ server, onEdit }: Props) {
  const st = useServersStore((s) => s.statusById[server.id])
  const hasPending = useServersStore((s) => s.pending.some((p) => p.serverId === server.id))
  const enrollRunning = useEnrollStore((s) => s.run?.phase === 'running')
  const [mode, setMode] = useState<'idle' | 'disable' | 'remove' | 'rollout'>('idle')
  const [mithrilStart, setMithrilStart] = useState<'sign-in' | 'phone' | null>(null)
  const openMithril = (start: 'sign-in' | 'phone'): void => {
    // A panel opened afresh starts from nothing: no error or code step left from before.
    useMithrilStore.getState().clear(server.id)
    setMithrilStart(start)
  }
  const mithrilBusy = useMithrilStore((s) => s.byId[server.id]?.view != null)
  const enrollable = hasEnrollStatus(server.type)
  const [password, setPassword] = useState('')
  const [error, setError] = useState<ErrorShape | null>(null)
  const [busy, setBusy] = useState(false)
  const pwId = useId()
  const headingId = useId()
  const enrolled = st?.kind === 'ok' && st.status.enrolled
  const method = st?.kind === 'ok' ? st.status.method : null

  const act = async (fn: () => Promise<ErrorShape | null>): Promise<void> => {
    setBusy(true)
    setError(null)
    const err = await fn()
    setBusy(false)
    if (err) setError(err)
    else setMode('idle')
  }

  const onDisable = (e: FormEvent<HTMLFormElement>): void => {
    e.preventDefault()
    const typed = password
    // The password goes to main once and is not kept in the page.
    setPassword('')
    if (!typed) {
      setError({
        code: 'INVALID_INPUT',
        message: 'Type the password of your account on the server.'
      })
      return
    }
    void act(() => useServersStore.getState().disable(server.id, typed))
  }

  return (
    <li className="server-card panel" aria-labelledby={headingId}>
      <div className="server-head">
        <div>
          <h3 id={headingId} className="server-name">
            {server.name}
          </h3>
          <p className="server-meta muted">
            <span className="type-tag">{TYPE_LABELS[server.type]}</span> {server.baseUrl}
          </p>
        </div>
        <StatusBadge server={server} />
      </div>
      <FieldError alert={false}>{st?.kind === 'error' && st.error.message}</FieldError>
      {st?.kind === 'ok' &&
        st.status.clockSkewSeconds !== undefined &&
        Math.abs(st.status.clockSkewSeconds) > 30 && (
          <p className="warning-text">
            The server’s clock differs from this computer’s by{' '}
            {Math.abs(st.status.clockSkewSeconds)} s. Set this computer’s time automatically before
            enrolling.
          </p>
        )}
      <div className="server-actions">
        {server.type === 'mithril' && !mithrilBusy && (
          <>
            <button
              type="button"
              className="primary"
              onClick={() => openMithril('sign-in')}
              aria-label={`Sign in to ${server.name}`}
            >
              {server.hasToken ? 'Sign in again' : 'Sign in'}
            </button>
            {server.hasToken && (
              <>
                <button
                  type="button"
                  className="ghost"
                  onClick={() => openMithril('phone')}
                  aria-label={`Change phone for ${server.name}`}
                >
                  Change phone
                </button>
                <button
                  type="button"
                  className="ghost"
                  onClick={() => void useMithrilStore.getState().signOut(server.id)}
                  aria-label={`Sign out of ${server.name}`}
                >
                  Sign out
                </button>
              </>
            )}
          </>
        )}
        {server.type === 'barycenter' && (
          <button
            type="button"
            className={mode === 'rollout' ? 'ghost' : 'primary'}
            onClick={() => setMode(mode === 'rollout' ? 'idle' : 'rollout')}
            aria-expanded={mode === 'rollout'}
            aria-label={`Roll out 2FA with ${server.name}`}
          >
            Roll out 2FA
          </button>
        )}
        {enrollable && !(enrolled && method === 'totp') && (
          <button
            type="button"
            className="primary"
            onClick={() => void useEnrollStore.getState().start(server.id, server.name)}
            disabled={enrollRunning || hasPending || busy}
            aria-label={`Enroll with ${server.name}`}
          >
            Enroll
          </button>
        )}
        {server.type === 'vantage' && method !== 'email' && (
          <button
            type="button"
            className="ghost"
            onClick={() => void act(() => useServersStore.getState().enableEmail(server.id))}
            disabled={busy || enrollRunning}
            aria-label={`Enable email codes for ${server.name}`}
          >
            Enable email codes
          </button>
        )}
        {server.type === 'vantage' && enrolled && (
          <button
            type="button"
            className="ghost"
            onClick={() => {
              setMode('disable')
              setError(null)
            }}
            disabled={busy || enrollRunning}
            aria-label={`Disable two-factor on ${server.name}`}
            aria-expanded={mode === 'disable'}
          >
            Disable
          </button>
        )}
        {enrollable && (
          <button
            type="button"
            className="ghost"
            onClick={() => void useServersStore.getState().refreshStatus(server.id)}
            aria-label={`Check status of ${server.name}`}
          >
            Check status
          </button>
        )}
        <button type="button" className="ghost" onClick={onEdit} aria-label={`Edit ${server.name}`}>
          Edit
        </button>
        <button
          type="button"
          className="ghost"
          onClick={() => {
            setMode('remove')
            setError(null)
          }}
          aria-label={`Remove ${server.name}`}
          aria-expanded={mode === 'remove'}
        >
          Remove
        </button>
      </div>
      {server.type === 'mithril' && (
        <MithrilPanel server={server} start={mithrilStart} onClose={() => setMithrilStart(null)} />
      )}
      {server.type === 'barycenter' && <BarycenterWarnings url={server.baseUrl} />}
      {mode === 'rollout' && <BarycenterRollout server={server} />}
      {mode === 'disable' && (
        <form className="inline-form" onSubmit={onDisable} noValidate>
          <label htmlFor={pwId}>Password of your account on {server.name}</label>
          <div className="inline-row">
            <input
              id={pwId}
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              autoFocus
            />
            <button type="submit" className="danger" disabled={busy}>
              Turn off two-factor
            </button>
            <button type="button" className="ghost" onClick={() => setMode('idle')}>
              Keep it on
            </button>
          </div>
          <p className="hint">
            The accounts Tessera holds for this server are archived, not deleted.
          </p>
        </form>
      )}
      {mode === 'remove' && (
        <div className="inline-form" role="group" aria-label={`Remove ${server.name}?`}>
          <p>Remove {server.name} and its saved token from Tessera? Your codes stay.</p>
          <div className="inline-row">
            <button
              type="button"
              className="danger"
              autoFocus
              disabled={busy}
              onClick={() => void act(() => useServersStore.getState().remove(server.id))}
            >
              Remove server
            </button>
            <button type="button" className="ghost" onClick={() => setMode('idle')}>
              Keep it
            </button>
          </div>
        </div>
      )}
      <FieldError>{error?.message}</FieldError>
    </li>
  )
}
