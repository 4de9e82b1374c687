/**
 * Add an account: paste the setup link (otpauth://) or type the setup key. Main validates with
 * the core and names the field to fix; a duplicate is flagged before anything is saved, with
 * "Add anyway" when that makes sense.
 */
import { useId, useRef, useState, type ClipboardEvent, type FormEvent } from 'react'
import { accountName } from '../../../../shared/code-format'
import type { ErrorShape, Result } from '../../../../shared/errors'
import type { ManualAccountInput, ManualField } from '../../../../shared/ipc/accounts'
import { HASH_ALGORITHMS, type AccountView, type HashAlgorithm } from '../../../../shared/model'
import { ImportIcon, ScanIcon } from '../../components/icons'
import { useAccountsStore } from '../../stores/accounts'
import { openImport, openScan } from '../entry-points'
import { useToastStore } from '../../stores/toast'
import { useViewStore } from '../../stores/view'

type ManualType = 'totp' | 'hotp' | 'steam'

interface Problem {
  form: 'uri' | 'manual'
  field: ManualField | 'uri' | null
  message: string
  /** Set for DUPLICATE: whether "Add anyway" is offered. */
  duplicate?: { canAddAnyway: boolean }
}

function problemOf(form: Problem['form'], err: ErrorShape): Problem {
  const field = err.details?.['field']
  const problem: Problem = {
    form,
    field: form === 'uri' ? 'uri' : typeof field === 'string' ? (field as ManualField) : null,
    message: err.message
  }
  if (err.code === 'DUPLICATE') {
    problem.field = null
    problem.duplicate = { canAddAnyway: err.details?.['canAddAnyway'] === true }
  }
  return problem
}

function finish(view: AccountView): void {
  useToastStore.getState().show(`Added ${accountName(view.issuer, view.label)}.`)
  const v = useViewStore.getState()
  v.setQuery('')
  v.setTag(null)
  v.setScreen('codes')
  v.select(view.id, true)
}

export function AddScreen() {
  const addFromUri = useAccountsStore((s) => s.addFromUri)
  const add = useAccountsStore((s) => s.add)
  const [uri, setUri] = useState('')
  const [manual, setManual] = useState({
    issuer: '',
    label: '',
    secret: '',
    type: 'totp' as ManualType,
    algorithm: 'SHA1' as HashAlgorithm,
    digits: '6',
    period: '30',
    counter: '0'
  })
  const [problem, setProblem] = useState<Problem | null>(null)
  const [busy, setBusy] = useState(false)
  const lastAttempt = useRef<(() => Promise<Result<AccountView>>) | null>(null)
  const id = {
    uri: useId(),
    uriHint: useId(),
    uriErr: useId(),
    issuer: useId(),
    label: useId(),
    secret: useId(),
    secretHint: useId(),
    type: useId(),
    algorithm: useId(),
    digits: useId(),
    period: useId(),
    counter: useId(),
    manualErr: useId(),
    dup: useId()
  }

  const attempt = async (
    form: Problem['form'],
    run: (allowDuplicate: boolean) => Promise<Result<AccountView>>
  ): Promise<void> => {
    setBusy(true)
    const result = await run(false)
    setBusy(false)
    if (result.ok) {
      setProblem(null)
      finish(result.value)
      return
    }
    lastAttempt.current = () => run(true)
    setProblem(problemOf(form, result.error))
  }

  const addAnyway = async (): Promise<void> => {
    const run = lastAttempt.current
    if (!run) return
    setBusy(true)
    const result = await run()
    setBusy(false)
    if (result.ok) {
      setProblem(null)
      finish(result.value)
    } else setProblem(problemOf(problem?.form ?? 'manual', result.error))
  }

  const submitUri = (value: string): void => {
    if (!value.trim()) {
      setProblem({ form: 'uri', field: 'uri', message: 'Paste an otpauth:// URI first.' })
      return
    }
    void attempt('uri', (allowDuplicate) => addFromUri(value, allowDuplicate))
  }

  const onPaste = (event: ClipboardEvent<HTMLInputElement>): void => {
    const pasted = event.clipboardData.getData('text').trim()
    if (uri.trim() !== '' || !/^otpauth:\/\//i.test(pasted)) return
    event.preventDefault()
    setUri(pasted)
    submitUri(pasted)
  }

  const onManual = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault()
    const num = (text: string): number => (text.trim() === '' ? Number.NaN : Number(text))
    const fields: ManualAccountInput = {
      issuer: manual.issuer,
      label: manual.label,
      secret: manual.secret,
      type: manual.type,
      algorithm: manual.type === 'steam' ? 'SHA1' : manual.algorithm,
      digits: manual.type === 'steam' ? 5 : num(manual.digits),
      period: num(manual.period),
      counter: manual.type === 'hotp' ? num(manual.counter) : 0
    }
    for (const key of ['digits', 'period', 'counter'] as const) {
      if (!Number.isInteger(fields[key])) {
        setProblem({ form: 'manual', field: key, message: `Enter ${key} as a whole number.` })
        return
      }
    }
    void attempt('manual', (allowDuplicate) => add({ ...fields, allowDuplicate }))
  }

  const set = (key: keyof typeof manual) => (value: string) => {
    setManual((m) => ({ ...m, [key]: value }))
    if (problem?.form === 'manual') setProblem(null)
  }

  const invalid = (
    form: Problem['form'],
    field: Problem['field'],
    errId: string,
    hintId?: string
  ) =>
    problem && problem.form === form && problem.field === field
      ? { 'aria-invalid': true as const, 'aria-describedby': errId }
      : hintId
        ? { 'aria-describedby': hintId }
        : {}

  const manualMessage =
    problem?.form === 'manual' && !problem.duplicate ? (
      <p id={id.manualErr} className="field-error" role="alert">
        {problem.message}
      </p>
    ) : null

  const duplicateBox = (form: Problem['form']) =>
    problem?.form === form && problem.duplicate ? (
      <div className="notice warning notice-stack" role="alert" id={id.dup}>
        <p>{problem.message}</p>
        {problem.duplicate.canAddAnyway ? (
          <button
            type="button"
            className="secondary"
            disabled={busy}
            onClick={() => void addAnyway()}
          >
            Add anyway
          </button>
        ) : null}
      </div>
    ) : null

  return (
    <div className="screen add-screen">
      <section className="card add-other-ways" aria-labelledby={`${id.uri}-o`}>
        <h2 id={`${id.uri}-o`}>Scan or import</h2>
        <div className="add-other-actions">
          <button type="button" className="secondary" onClick={openScan}>
            <ScanIcon /> Scan a QR code
          </button>
          <button type="button" className="secondary" onClick={openImport}>
            <ImportIcon /> Import from another app
          </button>
        </div>
      </section>
      <section className="card" aria-labelledby={`${id.uri}-h`}>
        <h2 id={`${id.uri}-h`}>Paste a setup link</h2>
        <form
          className="form"
          noValidate
          onSubmit={(e) => {
            e.preventDefault()
            submitUri(uri)
          }}
        >
          <label htmlFor={id.uri}>Add from otpauth URI</label>
          <div className="inline">
            <input
              id={id.uri}
              className="mono"
              type="text"
              inputMode="url"
              autoComplete="off"
              autoCapitalize="off"
              spellCheck={false}
              placeholder="otpauth://totp/Issuer:you@example.com?secret=…"
              value={uri}
              onChange={(e) => {
                setUri(e.target.value)
                if (problem?.form === 'uri') setProblem(null)
              }}
              onPaste={onPaste}
              readOnly={busy}
              {...invalid('uri', 'uri', id.uriErr, id.uriHint)}
            />
            <button type="submit" className="primary" disabled={busy}>
              Add
            </button>
          </div>
          {problem?.form === 'uri' && !problem.duplicate ? (
            <p id={id.uriErr} className="field-error" role="alert">
              {problem.message}
            </p>
          ) : (
            <p id={id.uriHint} className="hint">
              The link a site encodes in its setup QR code. Pasting one adds it at once.
            </p>
          )}
          {duplicateBox('uri')}
        </form>
      </section>

      <section className="card" aria-labelledby={`${id.issuer}-h`}>
        <h2 id={`${id.issuer}-h`}>Enter a setup key</h2>
        <form className="form" noValidate onSubmit={onManual}>
          <div className="field">
            <label htmlFor={id.issuer}>Service</label>
            <input
              id={id.issuer}
              autoComplete="off"
              placeholder="GitHub"
              value={manual.issuer}
              onChange={(e) => set('issuer')(e.target.value)}
              {...invalid('manual', 'issuer', id.manualErr)}
            />
          </div>
          <div className="field">
            <label htmlFor={id.label}>Account name</label>
            <input
              id={id.label}
              autoComplete="off"
              placeholder="you@example.com"
              value={manual.label}
              onChange={(e) => set('label')(e.target.value)}
              {...invalid('manual', 'label', id.manualErr)}
            />
          </div>
          <div className="field">
            <label htmlFor={id.secret}>Secret key</label>
            <input
              id={id.secret}
              className="mono"
              autoComplete="off"
              autoCapitalize="off"
              spellCheck={false}
              placeholder="JBSW Y3DP EHPK 3PXP"
              value={manual.secret}
              onChange={(e) => set('secret')(e.target.value)}
              {...invalid('manual', 'secret', id.manualErr, id.secretHint)}
            />
            <p id={id.secretHint} className="hint">
              The letters and digits the site shows under its QR code. Spaces do not matter.
            </p>
          </div>
          <details className="advanced">
            <summary>Advanced</summary>
            <div className="grid">
              <div className="field">
                <label htmlFor={id.type}>Type</label>
                <select
                  id={id.type}
                  value={manual.type}
                  onChange={(e) => set('type')(e.target.value)}
                  {...invalid('manual', 'type', id.manualErr)}
                >
                  <option value="totp">Time-based (TOTP)</option>
                  <option value="hotp">Counter-based (HOTP)</option>
                  <option value="steam">Steam Guard</option>
                </select>
              </div>
              <div className="field">
                <label htmlFor={id.algorithm}>Algorithm</label>
                <select
                  id={id.algorithm}
                  value={manual.type === 'steam' ? 'SHA1' : manual.algorithm}
                  disabled={manual.type === 'steam'}
                  onChange={(e) => set('algorithm')(e.target.value)}
                  {...invalid('manual', 'algorithm', id.manualErr)}
                >
                  {HASH_ALGORITHMS.map((a) => (
                    <option key={a} value={a}>
                      {a.replace('SHA', 'SHA-')}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor={id.digits}>Digits</label>
                <input
                  id={id.digits}
                  inputMode="numeric"
                  value={manual.type === 'steam' ? '5' : manual.digits}
                  disabled={manual.type === 'steam'}
                  onChange={(e) => set('digits')(e.target.value)}
                  {...invalid('manual', 'digits', id.manualErr)}
                />
              </div>
              {manual.type === 'hotp' ? (
                <div className="field">
                  <label htmlFor={id.counter}>Counter</label>
                  <input
                    id={id.counter}
                    inputMode="numeric"
                    value={manual.counter}
                    onChange={(e) => set('counter')(e.target.value)}
                    {...invalid('manual', 'counter', id.manualErr)}
                  />
                </div>
              ) : (
                <div className="field">
                  <label htmlFor={id.period}>Period (seconds)</label>
                  <input
                    id={id.period}
                    inputMode="numeric"
                    value={manual.period}
                    onChange={(e) => set('period')(e.target.value)}
                    {...invalid('manual', 'period', id.manualErr)}
                  />
                </div>
              )}
            </div>
          </details>
          {manualMessage}
          {duplicateBox('manual')}
          <div className="form-actions">
            <button type="submit" className="primary" disabled={busy}>
              Add account
            </button>
          </div>
        </form>
      </section>
    </div>
  )
}
