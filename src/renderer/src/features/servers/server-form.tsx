import { useEffect, useId, useRef, useState, type FormEvent } from 'react'
import type { ErrorShape } from '../../../../shared/errors'
import type { ServerProfileView, ServerTypeName } from '../../../../shared/ipc/servers'
import { api } from '../../api'
import { hasEnrollStatus, useServersStore, type ServerFormInput } from '../../stores/servers'
import { fieldOf } from './messages'
import { FieldError } from '../../components/field-error'
import { TextRow } from '../../components/form-rows'

interface Props {
  /** Absent: a new server. */
  editing?: ServerProfileView
  onDone(): void
}

type Field = 'name' | 'baseUrl' | 'token' | 'email' | 'clientId'

/** Where a Mithril field's error from the core belongs. */
function mithrilField(error: ErrorShape): Field | null {
  const m = error.message.toLowerCase()
  if (m.includes('client id')) return 'clientId'
  if (m.includes('email')) return 'email'
  return null
}

/** Add or edit a server profile. Main validates; its message shows next to the field it is about. */
export function ServerForm({ editing, onDone }: Props) {
  const add = useServersStore((s) => s.add)
  const update = useServersStore((s) => s.update)
  const [values, setValues] = useState<ServerFormInput>({
    name: editing?.name ?? '',
    type: editing?.type ?? 'ucloud',
    baseUrl: editing?.baseUrl ?? '',
    token: '',
    email: editing?.mithril?.email ?? '',
    clientId: editing?.mithril?.clientId ?? ''
  })
  const [checked, setChecked] = useState<{ url: string; warnings: string[] }>({
    url: '',
    warnings: []
  })
  const [error, setError] = useState<{ field: Field | null; error: ErrorShape } | null>(null)
  const [busy, setBusy] = useState(false)
  const ids = {
    name: useId(),
    type: useId(),
    baseUrl: useId(),
    token: useId(),
    email: useId(),
    clientId: useId(),
    err: useId(),
    warn: useId()
  }
  const nameRef = useRef<HTMLInputElement>(null)
  const urlRef = useRef<HTMLInputElement>(null)
  const tokenRef = useRef<HTMLInputElement>(null)
  const emailRef = useRef<HTMLInputElement>(null)
  const clientIdRef = useRef<HTMLInputElement>(null)
  const focusField = (field: Field): void => {
    const ref = {
      name: nameRef,
      baseUrl: urlRef,
      token: tokenRef,
      email: emailRef,
      clientId: clientIdRef
    }[field]
    ref.current?.focus()
  }
  const needsToken = hasEnrollStatus(values.type)
  const isMithril = values.type === 'mithril'
  const isBarycenter = values.type === 'barycenter'

  // Barycenter's admin API has no authentication: say so while the address is typed.
  useEffect(() => {
    const url = values.baseUrl.trim()
    if (!isBarycenter || !url) return
    let live = true
    const t = setTimeout(() => {
      void api()
        .barycenter.check({ url })
        .then((r) => {
          if (live) setChecked({ url, warnings: r.ok ? r.value.warnings : [] })
        })
    }, 250)
    return () => {
      live = false
      clearTimeout(t)
    }
  }, [isBarycenter, values.baseUrl])

  const set = (field: keyof ServerFormInput, value: string): void => {
    setValues((v) => ({ ...v, [field]: value }))
    if (error && (error.field === field || error.field === null)) setError(null)
  }

  const local = (): { field: Field; error: ErrorShape } | null => {
    const e = (field: Field, message: string) => ({
      field,
      error: { code: 'INVALID_INPUT' as const, message }
    })
    if (!values.name.trim()) return e('name', 'Give the server a name, like “Campus cloud”.')
    if (!values.baseUrl.trim())
      return e('baseUrl', 'Enter the server’s address, like https://cloud.example.org.')
    if (!editing && needsToken && !values.token.trim())
      return e('token', 'Paste the access token the server gave you.')
    if (isMithril && !values.email?.trim())
      return e('email', 'Enter the email you sign in to the Mithril server with.')
    if (isMithril && !values.clientId?.trim())
      return e('clientId', 'Enter the client ID your Mithril administrator gave you for Tessera.')
    return null
  }

  const onSubmit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault()
    const found = local()
    if (found) {
      setError(found)
      focusField(found.field)
      return
    }
    setBusy(true)
    const err = editing ? await update(editing.id, values) : await add(values)
    setBusy(false)
    if (err) {
      const field = mithrilField(err) ?? fieldOf(err)
      setError({ field, error: err })
      if (field) focusField(field)
      return
    }
    setValues((v) => ({ ...v, token: '' }))
    onDone()
  }

  const warnings = isBarycenter && checked.url === values.baseUrl.trim() ? checked.warnings : []
  const invalid = (f: Field) => (error?.field === f ? true : undefined)
  const describedBy = (f: Field, hint?: string) => (error?.field === f ? ids.err : hint)

  return (
    <form
      className="server-form panel"
      onSubmit={(e) => void onSubmit(e)}
      noValidate
      aria-labelledby={`${ids.name}-title`}
    >
      <h3 id={`${ids.name}-title`}>{editing ? `Edit ${editing.name}` : 'Add a server'}</h3>
      <TextRow
        id={ids.name}
        label="Name"
        inputRef={nameRef}
        value={values.name}
        autoComplete="off"
        onChange={(e) => set('name', e.target.value)}
        aria-invalid={invalid('name')}
        aria-describedby={describedBy('name')}
      />
      <div className="field">
        <label htmlFor={ids.type}>Type</label>
        <select
          id={ids.type}
          value={values.type}
          onChange={(e) => set('type', e.target.value as ServerTypeName)}
        >
          <option value="ucloud">UCloud</option>
          <option value="vantage">Vantage</option>
          <option value="mithril">Mithril</option>
          <option value="barycenter">Barycenter</option>
        </select>
        {isMithril && (
          <p className="hint">
            Mithril signs you in with your password and a code sent by SMS. Tessera keeps the
            sign-in, never the password.
          </p>
        )}
        {isBarycenter && (
          <p className="hint">
            For IT: require 2FA for your users through Barycenter’s admin API. Barycenter has no
            self-service 2FA: each user enrolls a passkey in Barycenter itself, and Tessera cannot
            do that for them.
          </p>
        )}
      </div>
      <TextRow
        id={ids.baseUrl}
        label="Address"
        inputRef={urlRef}
        type="url"
        inputMode="url"
        spellCheck={false}
        autoComplete="off"
        placeholder={isBarycenter ? 'http://127.0.0.1:8081' : 'https://cloud.example.org'}
        value={values.baseUrl}
        onChange={(e) => set('baseUrl', e.target.value)}
        aria-invalid={invalid('baseUrl')}
        aria-describedby={describedBy(
          'baseUrl',
          `${ids.baseUrl}-hint${warnings.length > 0 ? ` ${ids.warn}` : ''}`
        )}
        hint={
          isBarycenter
            ? 'The admin API’s address (port 8081 by default). https is required; plain http only for this computer.'
            : 'https is required; plain http only for this computer (localhost).'
        }
        after={
          warnings.length > 0 && (
            <div id={ids.warn} className="warning-text" role="note" aria-label="Admin API warning">
              {warnings.map((w) => (
                <p key={w}>{w}</p>
              ))}
            </div>
          )
        }
      />
      {isMithril && (
        <>
          <TextRow
            id={ids.email}
            label="Email"
            inputRef={emailRef}
            type="email"
            autoComplete="off"
            spellCheck={false}
            value={values.email}
            onChange={(e) => set('email', e.target.value)}
            aria-invalid={invalid('email')}
            aria-describedby={describedBy('email')}
          />
          <TextRow
            id={ids.clientId}
            label="Client ID"
            inputRef={clientIdRef}
            autoComplete="off"
            spellCheck={false}
            value={values.clientId}
            onChange={(e) => set('clientId', e.target.value)}
            aria-invalid={invalid('clientId')}
            aria-describedby={describedBy('clientId', `${ids.clientId}-hint`)}
            hint="The client ID your Mithril administrator registered for Tessera."
          />
        </>
      )}
      {needsToken && (
        <TextRow
          id={ids.token}
          label="Access token"
          inputRef={tokenRef}
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={values.token}
          placeholder={editing ? 'Leave empty to keep the saved token' : ''}
          onChange={(e) => set('token', e.target.value)}
          aria-invalid={invalid('token')}
          aria-describedby={describedBy('token', `${ids.token}-hint`)}
          hint="Kept in Tessera’s encrypted vault; it is never shown again."
        />
      )}
      <FieldError id={ids.err}>{error?.error.message}</FieldError>
      <div className="panel-actions">
        <button type="submit" className="primary" disabled={busy}>
          {editing ? 'Save' : 'Add server'}
        </button>
        <button type="button" className="ghost" onClick={onDone} disabled={busy}>
          Cancel
        </button>
      </div>
    </form>
  )
}
