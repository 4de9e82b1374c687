import { useId, useState, type ClipboardEvent, type FormEvent } from 'react'
import { useAccountsStore } from '../../stores/accounts'

/** "Add from otpauth URI": paste (or type and press Enter) and the account appears below. */
export function AddUriForm() {
  const addFromUri = useAccountsStore((s) => s.addFromUri)
  const [uri, setUri] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [status, setStatus] = useState('')
  const [busy, setBusy] = useState(false)
  const inputId = useId()
  const errorId = useId()
  const hintId = useId()

  const submit = async (value: string): Promise<void> => {
    if (!value.trim()) {
      setError('Paste an otpauth:// URI first.')
      return
    }
    setBusy(true)
    const err = await addFromUri(value)
    setBusy(false)
    if (err) {
      setError(err.message)
      setStatus('')
      return
    }
    setUri('')
    setError(null)
    setStatus('Account added.')
  }

  const onSubmit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault()
    void submit(uri)
  }

  // Pasting a whole URI into an empty field adds it at once; anything else is just text.
  const onPaste = (event: ClipboardEvent<HTMLInputElement>): void => {
    const pasted = event.clipboardData.getData('text').trim()
    if (uri.trim() !== '' || !/^otpauth:\/\//i.test(pasted)) return
    event.preventDefault()
    setUri(pasted)
    void submit(pasted)
  }

  return (
    <form className="add-uri" onSubmit={onSubmit} noValidate>
      <label htmlFor={inputId}>Add from otpauth URI</label>
      <div className="add-uri-row">
        <input
          id={inputId}
          name="uri"
          type="text"
          inputMode="url"
          autoComplete="off"
          autoCapitalize="off"
          spellCheck={false}
          placeholder="otpauth://totp/Issuer:you@example.com?secret=…"
          value={uri}
          onChange={(e) => {
            setUri(e.target.value)
            if (error) setError(null)
          }}
          onPaste={onPaste}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : hintId}
          readOnly={busy}
          aria-busy={busy || undefined}
        />
        <button type="submit" disabled={busy}>
          Add
        </button>
      </div>
      {error ? (
        <p id={errorId} className="field-error" role="alert">
          {error}
        </p>
      ) : (
        <p id={hintId} className="hint">
          The URI a site encodes in its setup QR code. Codes are computed on this device; the secret
          stays in Tessera’s main process.
        </p>
      )}
      <p className="visually-hidden" role="status">
        {status}
      </p>
    </form>
  )
}
