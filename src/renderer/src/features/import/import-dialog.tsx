import { useEffect, useId, useRef, useState, type DragEvent, type FormEvent } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { IMPORT_FORMAT_IDS, IMPORT_FORMAT_LABELS } from '../../../../shared/ipc/import'
import type { ImportReviewEntryView, ImportReviewView } from '../../../../shared/ipc/import'
import { useImportStore, type ImportFormatChoice } from '../../stores/import'
import { Modal } from '../../components/dialog'
import { Spinner } from './spinner'
import {
  DialogActions,
  DoneStep as SharedDoneStep,
  ReviewList,
  ReviewRow,
  SelectionToolbar
} from '../../components/review-list'
import { FieldError } from '../../components/field-error'
import { PasswordField } from '../../components/password-field'

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`

/** The Import dialog: choose or drop a backup, unlock it, review, save. */
export function ImportDialog() {
  const { open, phase, close } = useImportStore(
    useShallow((s) => ({ open: s.open, phase: s.phase, close: s.close }))
  )
  const fileName =
    phase.kind === 'password' || phase.kind === 'review' || phase.kind === 'reading'
      ? phase.fileName
      : null
  return (
    <Modal
      open={open}
      title="Import accounts"
      subtitle={fileName}
      onClose={() => void close()}
      wide={phase.kind === 'review'}
    >
      {phase.kind === 'choose' ? <ChooseStep /> : null}
      {phase.kind === 'reading' ? <ReadingStep /> : null}
      {phase.kind === 'password' ? <PasswordStep /> : null}
      {phase.kind === 'review' ? <ReviewStep review={phase.review} /> : null}
      {phase.kind === 'done' ? <DoneStep /> : null}
    </Modal>
  )
}

function ErrorMessage({ id }: { id?: string }) {
  const error = useImportStore((s) => s.error)
  return <FieldError id={id}>{error?.message}</FieldError>
}

function FormatSelect() {
  const { format, setFormat, busy } = useImportStore(
    useShallow((s) => ({ format: s.format, setFormat: s.setFormat, busy: s.busy }))
  )
  const id = useId()
  return (
    <div className="tx-field tx-inline">
      <label htmlFor={id}>Format</label>
      <select
        id={id}
        value={format}
        disabled={busy}
        onChange={(e) => void setFormat(e.target.value as ImportFormatChoice)}
      >
        <option value="auto">Detect automatically</option>
        {IMPORT_FORMAT_IDS.map((f) => (
          <option key={f} value={f}>
            {IMPORT_FORMAT_LABELS[f]}
          </option>
        ))}
      </select>
    </div>
  )
}

function ChooseStep() {
  const { readFile, pickFile } = useImportStore(
    useShallow((s) => ({ readFile: s.readFile, pickFile: s.pickFile }))
  )
  const error = useImportStore((s) => s.error)
  const [dragging, setDragging] = useState(false)
  const input = useRef<HTMLInputElement>(null)
  const button = useRef<HTMLButtonElement>(null)
  const hintId = useId()
  const errorId = useId()
  useEffect(() => button.current?.focus(), [])

  const choose = async (): Promise<void> => {
    await pickFile()
    // Without the system dialog (a page outside the app shell), use the browser's file input.
    if (useImportStore.getState().error?.code === 'UNSUPPORTED') {
      useImportStore.setState({ error: null })
      input.current?.click()
    }
  }
  const onDrop = (event: DragEvent<HTMLDivElement>): void => {
    event.preventDefault()
    setDragging(false)
    const file = event.dataTransfer.files[0]
    if (file) void readFile(file)
  }
  return (
    <div className="tx-step">
      <div
        className={dragging ? 'tx-drop dragging' : 'tx-drop'}
        onDragOver={(e) => {
          e.preventDefault()
          e.dataTransfer.dropEffect = 'copy'
          setDragging(true)
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        data-testid="import-drop-zone"
      >
        <svg className="tx-drop-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
          <path d="M12 15V4m0 0l-4 4m4-4l4 4M5 14v4a2 2 0 002 2h10a2 2 0 002-2v-4" />
        </svg>
        <p className="tx-drop-title">Drop a backup file here</p>
        <p className="tx-drop-or">or</p>
        <button
          ref={button}
          type="button"
          className="primary"
          data-autofocus
          onClick={() => void choose()}
          aria-describedby={error ? `${hintId} ${errorId}` : hintId}
        >
          Choose file…
        </button>
        <input
          ref={input}
          type="file"
          className="visually-hidden"
          tabIndex={-1}
          aria-label="Backup file"
          onChange={(e) => {
            const file = e.target.files?.[0]
            e.target.value = ''
            if (file) void readFile(file)
          }}
        />
      </div>
      <p id={hintId} className="tx-hint">
        Exports from Aegis, 2FAS, andOTP, Bitwarden, Ente Auth, Proton Authenticator and FreeOTP+,
        or a text file of otpauth:// links. Nothing is saved until you review the accounts.
      </p>
      <ErrorMessage id={errorId} />
      <FormatSelect />
    </div>
  )
}

function ReadingStep() {
  const cancel = useImportStore((s) => s.cancel)
  return (
    <div className="tx-step tx-busy" role="status">
      <Spinner />
      <p>Reading the backup…</p>
      <button type="button" className="ghost" onClick={() => void cancel()}>
        Cancel
      </button>
    </div>
  )
}

function PasswordStep() {
  const { phase, busy, unlock, cancel, startOver } = useImportStore(
    useShallow((s) => ({
      phase: s.phase,
      busy: s.busy,
      unlock: s.unlock,
      cancel: s.cancel,
      startOver: s.startOver
    }))
  )
  const error = useImportStore((s) => s.error)
  const [password, setPassword] = useState('')
  const field = useRef<HTMLInputElement>(null)
  const wrong = phase.kind === 'password' && phase.wrongPassword
  const attempt = phase.kind === 'password' ? phase.message : ''
  // After each answer (a wrong password, an error), put the cursor back in the field, text selected.
  useEffect(() => {
    if (!busy) {
      field.current?.focus()
      field.current?.select()
    }
  }, [busy, attempt, wrong])
  if (phase.kind !== 'password') return null

  const onSubmit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault()
    if (password === '' || busy) return
    void unlock(password)
  }
  const app = phase.formatName ?? 'the app'
  return (
    <form className="tx-step" onSubmit={onSubmit} noValidate>
      <p className="tx-lead">
        This {phase.formatName ? `${phase.formatName} ` : ''}backup is encrypted. Enter the password
        you chose when you exported it from {app}.
      </p>
      <PasswordField
        className="tx-field"
        label="Backup password"
        inputRef={field}
        autoComplete="off"
        value={password}
        readOnly={busy}
        onChange={(e) => setPassword(e.target.value)}
        error={
          wrong ? (
            busy ? null : (
              <>
                <strong>Wrong password, try again.</strong>{' '}
                {phase.message.replace(/ and try again\.$/, '.')}
              </>
            )
          ) : (
            error?.message
          )
        }
      />
      {busy ? (
        <p className="tx-busy-line" role="status">
          <Spinner /> Checking the password… Strong backup encryption can take several seconds.
        </p>
      ) : null}
      <div className="dialog-actions">
        <button
          type="button"
          className="ghost"
          onClick={() => void (busy ? cancel() : startOver())}
        >
          {busy ? 'Cancel' : 'Choose another file'}
        </button>
        <button type="submit" className="primary" disabled={password === '' || busy}>
          {busy ? 'Checking…' : 'Unlock'}
        </button>
      </div>
    </form>
  )
}

function typeLabel(e: ImportReviewEntryView): string {
  switch (e.type) {
    case 'hotp':
      return `Counter · ${e.digits} digits`
    case 'steam':
      return 'Steam'
    case 'motp':
      return 'mOTP'
    case 'yandex':
      return 'Yandex'
    default: {
      const parts = [`${e.digits} digits`]
      if (e.period !== 30) parts.push(`${e.period} s`)
      if (e.algorithm !== 'SHA1') parts.push(e.algorithm.replace('SHA', 'SHA-'))
      return parts.join(' · ')
    }
  }
}

function duplicateLabel(e: ImportReviewEntryView): string | null {
  if (!e.duplicate) return null
  if (e.duplicate.existingId === null) return 'Repeats an earlier entry'
  return e.duplicate.reason === 'same-secret' ? 'Already in Tessera' : 'Same name as an account'
}

function ReviewStep({ review }: { review: ImportReviewView }) {
  const { selected, toggle, selectAll, commit, busy, startOver } = useImportStore(
    useShallow((s) => ({
      selected: s.selected,
      toggle: s.toggle,
      selectAll: s.selectAll,
      commit: s.commit,
      busy: s.busy,
      startOver: s.startOver
    }))
  )
  const headingRef = useRef<HTMLHeadingElement>(null)
  useEffect(() => headingRef.current?.focus(), [])
  const { counts } = review
  const summary = [
    `Found ${plural(counts.found, 'account')} in this ${review.format === 'uris' ? 'list of otpauth links' : `${review.formatName} backup`}.`,
    counts.duplicates > 0
      ? `${counts.duplicates} ${counts.duplicates === 1 ? 'is' : 'are'} already in Tessera and left unticked.`
      : '',
    counts.failed > 0 ? `${plural(counts.failed, 'entry', 'entries')} could not be read.` : ''
  ]
    .filter(Boolean)
    .join(' ')
  const n = selected.size
  return (
    <div className="tx-step">
      <h3 ref={headingRef} tabIndex={-1} className="tx-step-title">
        Review
      </h3>
      <p className="tx-lead">{summary}</p>
      {review.entries.length > 0 ? (
        <>
          <SelectionToolbar selected={n} total={review.entries.length} onSelectAll={selectAll} />
          <ReviewList>
            {review.entries.map((e) => (
              <ReviewRow
                key={e.index}
                action="Import"
                name={e.issuer ? `${e.issuer} (${e.label || 'no name'})` : e.label}
                title={e.issuer || e.label || 'Unnamed'}
                subtitle={e.issuer && e.label ? e.label : null}
                type={typeLabel(e)}
                flag={duplicateLabel(e)}
                tone="danger"
                checked={selected.has(e.index)}
                onToggle={() => toggle(e.index)}
              />
            ))}
          </ReviewList>
        </>
      ) : null}
      {review.failed.length > 0 ? (
        <section className="tx-failed" aria-labelledby="tx-failed-title">
          <h4 id="tx-failed-title">Could not be read</h4>
          <ul>
            {review.failed.map((f, i) => (
              <li key={i}>
                <strong>{f.name}</strong>: {f.reason}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <ErrorMessage />
      <DialogActions>
        <button type="button" className="ghost" onClick={() => void startOver()} disabled={busy}>
          Choose another file
        </button>
        <button
          type="button"
          className="primary"
          onClick={() => void commit()}
          disabled={n === 0 || busy}
        >
          {busy
            ? 'Importing…'
            : n === 0
              ? 'Select accounts to import'
              : `Import ${plural(n, 'account')}`}
        </button>
      </DialogActions>
    </div>
  )
}

function DoneStep() {
  const { phase, close, startOver } = useImportStore(
    useShallow((s) => ({ phase: s.phase, close: s.close, startOver: s.startOver }))
  )
  if (phase.kind !== 'done') return null
  return (
    <SharedDoneStep
      className="tx-step"
      title={`Imported ${plural(phase.added, 'account')} from ${phase.formatName}.`}
      again="Import another file"
      onAgain={() => void startOver()}
      onDone={() => void close()}
    >
      {phase.duplicatesSkipped > 0 ? (
        <p className="tx-hint">
          {plural(phase.duplicatesSkipped, 'duplicate')} left out (already in Tessera).
        </p>
      ) : null}
      {phase.failed > 0 ? (
        <p className="tx-hint">
          {plural(phase.failed, 'entry', 'entries')} could not be read and{' '}
          {phase.failed === 1 ? 'was' : 'were'} not imported.
        </p>
      ) : null}
    </SharedDoneStep>
  )
}
