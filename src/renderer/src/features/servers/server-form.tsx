import { useId, useRef, useState, type FormEvent } from 'react'
import type { ErrorShape } from '../../../../shared/errors'
import type { ServerProfileView, ServerTypeName } from '../../../../shared/ipc/servers'
import { useServersStore, type ServerFormInput } from '../../stores/servers'
import { fieldOf } from './messages'

interface Props {
  /** Absent: a new server. */
  editing?: ServerProfileView
  onDone(): void
}

type Field = 'name' | 'baseUrl' | 'token'

/** Add or edit a server profile. Main validates; its message shows next to the field it is about. */
export function ServerForm({ editing, onDone }: Props) {
  const add = useServersStore((s) => s.add)
  const update = useServersStore((s) => s.update)
  const [values, setValues] = useState<ServerFormInput>({
    name: editing?.name ?? '',
    type: editing?.type ?? 'ucloud',
    baseUrl: editing?.baseUrl ?? '',
    token: ''
  })
  const [error, setError] = useState<{ field: Field | null; error: ErrorShape } | null>(null)
  const [busy, setBusy] = useState(false)
  const ids = { name: useId(), type: useId(), baseUrl: useId(), token: useId(), err: useId() }
  const nameRef = useRef<HTMLInputElement>(null)
  const urlRef = useRef<HTMLInputElement>(null)
  const tokenRef = useRef<HTMLInputElement>(null)
  const focusField = (field: Field): void => {
    const ref = field === 'name' ? nameRef : field === 'baseUrl' ? urlRef : tokenRef
    ref.current?.focus()
  }

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
    if (!editing && !values.token.trim())
      return e('token', 'Paste the access token the server gave you.')
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
      const field = fieldOf(err)
      setError({ field, error: err })
      if (field) focusField(field)
      return
    }
    setValues((v) => ({ ...v, token: '' }))
    onDone()
  }

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
      <div className="field">
        <label htmlFor={ids.name}>Name</label>
        <input
          id={ids.name}
          ref={nameRef}
          value={values.name}
          autoComplete="off"
          onChange={(e) => set('name', e.target.value)}
          aria-invalid={invalid('name')}
          aria-describedby={describedBy('name')}
        />
      </div>
      <div className="field">
        <label htmlFor={ids.type}>Type</label>
        <select
          id={ids.type}
          value={values.type}
          onChange={(e) => set('type', e.target.value as ServerTypeName)}
        >
          <option value="ucloud">UCloud</option>
          <option value="vantage">Vantage</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor={ids.baseUrl}>Address</label>
        <input
          id={ids.baseUrl}
          ref={urlRef}
          type="url"
          inputMode="url"
          spellCheck={false}
          autoComplete="off"
          placeholder="https://cloud.example.org"
          value={values.baseUrl}
          onChange={(e) => set('baseUrl', e.target.value)}
          aria-invalid={invalid('baseUrl')}
          aria-describedby={describedBy('baseUrl', `${ids.baseUrl}-hint`)}
        />
        <p id={`${ids.baseUrl}-hint`} className="hint">
          https is required; plain http only for this computer (localhost).
        </p>
      </div>
      <div className="field">
        <label htmlFor={ids.token}>Access token</label>
        <input
          id={ids.token}
          ref={tokenRef}
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={values.token}
          placeholder={editing ? 'Leave empty to keep the saved token' : ''}
          onChange={(e) => set('token', e.target.value)}
          aria-invalid={invalid('token')}
          aria-describedby={describedBy('token', `${ids.token}-hint`)}
        />
        <p id={`${ids.token}-hint`} className="hint">
          Kept in Tessera’s encrypted vault; it is never shown again.
        </p>
      </div>
      {error && (
        <p id={ids.err} className="field-error" role="alert">
          {error.error.message}
        </p>
      )}
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
