import {
  useEffect,
  useId,
  useRef,
  useState,
  type FormEvent,
  type KeyboardEvent,
  type ReactNode
} from 'react'
import { useShallow } from 'zustand/react/shallow'
import { MIN_EXPORT_PASSWORD_LENGTH } from '../../../../shared/ipc/export'
import { useExportStore, type ExportChoice } from '../../stores/export'
import { Modal } from '../../components/dialog'
import { Spinner } from '../import/spinner'
import { FieldError } from '../../components/field-error'

const CHOICES: { value: ExportChoice; title: string; detail: string }[] = [
  {
    value: 'aegis',
    title: 'Aegis vault, encrypted',
    detail: 'Recommended. Aegis, Tessera and other apps import it with the password you choose.'
  },
  {
    value: 'aegis-plain',
    title: 'Aegis vault, not encrypted',
    detail: 'The same file without a password: every secret readable by anyone who gets it.'
  },
  {
    value: 'uris',
    title: 'List of otpauth:// links',
    detail: 'Plain text, one line per account, readable by most authenticators. Not encrypted.'
  },
  {
    value: 'qr',
    title: 'QR codes for a phone',
    detail: 'Google Authenticator transfer codes, shown one by one. Aegis and 2FAS read them too.'
  }
]

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`

/** The Export dialog: three file formats written by main, and the migration QR viewer. */
export function ExportDialog() {
  const { open, close, status, qr, busy, error } = useExportStore(
    useShallow((s) => ({
      open: s.open,
      close: s.close,
      status: s.status,
      qr: s.qr,
      busy: s.busy,
      error: s.error
    }))
  )
  return (
    <Modal open={open} title="Export accounts" onClose={close}>
      {status === null ? (
        error ? (
          <FieldError>{error.message}</FieldError>
        ) : busy ? (
          <p className="tx-busy-line" role="status">
            <Spinner /> Loading…
          </p>
        ) : null
      ) : !status.allowed ? (
        <Refused message={status.message} />
      ) : status.accounts === 0 ? (
        <p className="tx-lead">There are no accounts to export yet. Add or import some first.</p>
      ) : qr ? (
        <QrViewer />
      ) : (
        <ExportForm />
      )}
    </Modal>
  )
}

function Refused({ message }: { message: string | null }) {
  return (
    <div className="tx-step">
      <FieldError notice>{message ?? 'Exporting is not allowed on this computer.'}</FieldError>
    </div>
  )
}

function ExportForm() {
  const { choice, choose, status } = useExportStore(
    useShallow((s) => ({ choice: s.choice, choose: s.choose, status: s.status }))
  )
  const legendId = useId()
  const choices = useRef<HTMLFieldSetElement>(null)
  // The dialog opened on its close button while the status loaded; start on the choice instead.
  useEffect(() => choices.current?.querySelector<HTMLInputElement>('input:checked')?.focus(), [])
  return (
    <div className="tx-step">
      <p className="tx-lead">
        {status ? `${plural(status.accounts, 'account')} will be exported.` : ''} Tessera writes the
        file where you choose; keep it somewhere only you can reach.
      </p>
      <fieldset ref={choices} className="tx-choices" aria-labelledby={legendId}>
        <legend id={legendId} className="tx-legend">
          What to export
        </legend>
        {CHOICES.map((c) => (
          <label key={c.value} className={choice === c.value ? 'tx-choice checked' : 'tx-choice'}>
            <input
              type="radio"
              name="export-format"
              value={c.value}
              checked={choice === c.value}
              onChange={() => choose(c.value)}
            />
            <span>
              <span className="tx-choice-title">{c.title}</span>
              <span className="tx-choice-detail">{c.detail}</span>
            </span>
          </label>
        ))}
      </fieldset>
      {choice === 'aegis' ? <EncryptedForm /> : null}
      {choice === 'aegis-plain' || choice === 'uris' ? (
        <PlainForm key={choice} format={choice} />
      ) : null}
      {choice === 'qr' ? <QrConfirm /> : null}
    </div>
  )
}

function Outcome() {
  const { error, saved } = useExportStore(useShallow((s) => ({ error: s.error, saved: s.saved })))
  if (error) return <FieldError>{error.message}</FieldError>
  if (!saved) return null
  return (
    <p className={saved.saved ? 'tx-success' : 'tx-hint'} role="status">
      {saved.saved
        ? `Saved ${plural(saved.count, 'account')} to ${saved.path ?? 'the file you chose'}.`
        : 'Nothing was saved.'}
    </p>
  )
}

function EncryptedForm() {
  const { busy, saveEncrypted } = useExportStore(
    useShallow((s) => ({ busy: s.busy, saveEncrypted: s.saveEncrypted }))
  )
  const [password, setPassword] = useState('')
  const [confirm, setConfirm] = useState('')
  const [touched, setTouched] = useState(false)
  const id = useId()
  const confirmId = useId()
  const problemId = useId()
  const hintId = useId()
  const tooShort = password.length < MIN_EXPORT_PASSWORD_LENGTH
  const differ = confirm !== password
  const problem = !touched
    ? null
    : tooShort
      ? `Use at least ${MIN_EXPORT_PASSWORD_LENGTH} characters for the export password.`
      : differ
        ? 'The two passwords differ. Type the same password in both fields.'
        : null
  const onSubmit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault()
    setTouched(true)
    if (tooShort || differ || busy) return
    void saveEncrypted(password, confirm)
  }
  return (
    <form className="tx-panel" onSubmit={onSubmit} noValidate>
      <div className="tx-field">
        <label htmlFor={id}>Password for the export</label>
        <input
          id={id}
          type="password"
          autoComplete="new-password"
          value={password}
          aria-invalid={(touched && tooShort) || undefined}
          aria-describedby={problem ? `${hintId} ${problemId}` : hintId}
          onChange={(e) => setPassword(e.target.value)}
        />
        <p id={hintId} className="tx-hint">
          At least {MIN_EXPORT_PASSWORD_LENGTH} characters. You will need it to import the file;
          Tessera cannot recover it.
        </p>
      </div>
      <div className="tx-field">
        <label htmlFor={confirmId}>Repeat the password</label>
        <input
          id={confirmId}
          type="password"
          autoComplete="new-password"
          value={confirm}
          aria-invalid={(touched && !tooShort && differ) || undefined}
          aria-describedby={problem ? problemId : undefined}
          onChange={(e) => setConfirm(e.target.value)}
        />
      </div>
      <FieldError id={problemId}>{problem}</FieldError>
      <Outcome />
      <div className="dialog-actions">
        <button className="primary" type="submit" disabled={busy}>
          {busy ? 'Saving…' : 'Save encrypted file…'}
        </button>
      </div>
    </form>
  )
}

/**
 * A warning the user must tick before the one action that exposes their secrets (an unencrypted
 * file, QR codes on screen): the warning describes the checkbox, the action waits for it.
 */
function RiskConfirm({
  warning,
  agree,
  busy,
  action,
  busyAction,
  onConfirm,
  children
}: {
  warning: ReactNode
  agree: string
  busy: boolean
  action: string
  busyAction: string
  onConfirm(): void
  /** Shown between the checkbox and the action (an outcome or an error). */
  children?: ReactNode
}) {
  const [understood, setUnderstood] = useState(false)
  const warnId = useId()
  return (
    <div className="tx-panel">
      <p id={warnId} className="notice error">
        {warning}
      </p>
      <label className="tx-check">
        <input
          type="checkbox"
          checked={understood}
          aria-describedby={warnId}
          onChange={(e) => setUnderstood(e.target.checked)}
        />
        {agree}
      </label>
      {children}
      <div className="dialog-actions">
        <button
          className="primary"
          type="button"
          disabled={!understood || busy}
          onClick={onConfirm}
        >
          {busy ? busyAction : action}
        </button>
      </div>
    </div>
  )
}

function PlainForm({ format }: { format: 'aegis-plain' | 'uris' }) {
  const { busy, savePlain } = useExportStore(
    useShallow((s) => ({ busy: s.busy, savePlain: s.savePlain }))
  )
  return (
    <RiskConfirm
      warning={
        <>
          <strong>This file is not encrypted.</strong> Anyone who reads it can generate your codes.
          Move it straight to the new app, then delete it, and keep it off shared and synced
          folders.
        </>
      }
      agree="I understand the file will hold every secret in the clear"
      busy={busy}
      action="Save unencrypted file…"
      busyAction="Saving…"
      onConfirm={() => void savePlain(format)}
    >
      <Outcome />
    </RiskConfirm>
  )
}

function QrConfirm() {
  const { busy, showQr, error } = useExportStore(
    useShallow((s) => ({ busy: s.busy, showQr: s.showQr, error: s.error }))
  )
  return (
    <RiskConfirm
      warning={
        <>
          <strong>The codes carry your secrets.</strong> Anyone who photographs them can copy your
          accounts. Show them only when no one is watching and your screen is not being shared or
          recorded.
        </>
      }
      agree="No one else can see my screen"
      busy={busy}
      action="Show QR codes"
      busyAction="Preparing…"
      onConfirm={() => void showQr()}
    >
      <FieldError>{error?.message}</FieldError>
    </RiskConfirm>
  )
}

function QrViewer() {
  const { qr, index, step, close, clearQr } = useExportStore(
    useShallow((s) => ({
      qr: s.qr,
      index: s.qrIndex,
      step: s.step,
      close: s.close,
      clearQr: s.clearQr
    }))
  )
  const titleRef = useRef<HTMLHeadingElement>(null)
  useEffect(() => titleRef.current?.focus(), [])
  if (!qr) return null
  const code = qr.codes[index]
  const total = qr.codes.length
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (event.key === 'ArrowRight') step(1)
    else if (event.key === 'ArrowLeft') step(-1)
  }
  return (
    <div className="tx-step tx-qr" onKeyDown={onKeyDown}>
      {code ? (
        <>
          <h3 ref={titleRef} tabIndex={-1} className="tx-step-title" aria-live="polite">
            Code {index + 1} of {total}
          </h3>
          <p className="tx-hint">
            In Google Authenticator: Transfer accounts, Import accounts, then scan each code in
            turn. This one carries {plural(code.accounts, 'account')}.
          </p>
          <div className="tx-qr-frame">
            <svg
              viewBox={`0 0 ${code.size} ${code.size}`}
              role="img"
              aria-label={`QR code ${index + 1} of ${total}`}
              shapeRendering="crispEdges"
            >
              <rect width={code.size} height={code.size} fill="#fff" />
              <path d={code.path} fill="#000" />
            </svg>
          </div>
          <div className="dialog-actions tx-pager">
            {/* aria-disabled, not disabled: the button keeps focus at either end of the list. */}
            <button
              type="button"
              className="ghost"
              onClick={() => step(-1)}
              aria-disabled={index === 0 || undefined}
            >
              Previous
            </button>
            <button
              type="button"
              className="ghost"
              onClick={() => step(1)}
              aria-disabled={index === total - 1 || undefined}
            >
              Next
            </button>
          </div>
        </>
      ) : (
        <p className="tx-lead" ref={titleRef} tabIndex={-1}>
          None of the accounts can travel as Google Authenticator codes. Export a file instead.
        </p>
      )}
      {qr.skipped.length > 0 ? (
        <section className="tx-failed" aria-labelledby="tx-skipped-title">
          <h4 id="tx-skipped-title">Not in the codes ({qr.skipped.length})</h4>
          <ul>
            {qr.skipped.map((s, i) => (
              <li key={i}>
                <strong>{s.name}</strong>: {s.reason}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <div className="dialog-actions">
        <button type="button" className="ghost" onClick={clearQr}>
          Back
        </button>
        <button className="primary" type="button" onClick={close}>
          Done
        </button>
      </div>
    </div>
  )
}
