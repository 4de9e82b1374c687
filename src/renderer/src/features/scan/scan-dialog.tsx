/**
 * The Scan dialog: scan every display (the main way), open an image, paste one; then review every
 * QR code found and add the ticked accounts in one save. Nothing is saved before "Add".
 */
import { useEffect, useId, useRef, type ReactNode } from 'react'
import { useShallow } from 'zustand/react/shallow'
import type { ScanStepView } from '../../../../shared/ipc/scan'
import type { ScanCandidateView } from '../../../../shared/scan'
import { useScanStore } from '../../stores/scan'
import {
  candidateName,
  flagHint,
  flagLabel,
  kindTitle,
  otherCodes,
  plural,
  typeLabel
} from './describe'
import { useScanWindowListeners } from './window-listeners'
import { Modal } from '../../components/dialog'
import {
  DialogActions,
  DoneStep as SharedDoneStep,
  ReviewList,
  ReviewRow,
  SelectionToolbar
} from '../../components/review-list'
import './scan.css'

/** The dialog plus the window-wide drop and paste listeners (always mounted). */
export function ScanDialog() {
  useScanWindowListeners()
  // Locking the vault unmounts the app and main forgets the scan: so does the dialog.
  useEffect(() => () => useScanStore.getState().reset(), [])
  const { open, phase } = useScanStore(useShallow((s) => ({ open: s.open, phase: s.phase })))
  if (!open) return null
  return (
    <Modal
      open
      title={
        phase.kind === 'review' && phase.step.source === 'link'
          ? 'Review a setup link'
          : 'Scan a QR code'
      }
      closeLabel="Close"
      className="sc-modal"
      onClose={() => void useScanStore.getState().close()}
      wide={phase.kind === 'review'}
    >
      {phase.kind === 'start' ? <StartStep /> : null}
      {phase.kind === 'scanning' ? <ScanningStep /> : null}
      {phase.kind === 'review' ? <ReviewStep step={phase.step} /> : null}
      {phase.kind === 'done' ? <DoneStep /> : null}
    </Modal>
  )
}

function ErrorMessage({ id }: { id?: string }) {
  const error = useScanStore((s) => s.error)
  if (!error) return null
  return (
    <p id={id} className="notice error" role="alert">
      {error.message}
    </p>
  )
}

function useImageInput(): {
  input: ReactNode
  choose: () => Promise<void>
} {
  const ref = useRef<HTMLInputElement>(null)
  const { pickFile, scanFiles } = useScanStore(
    useShallow((s) => ({ pickFile: s.pickFile, scanFiles: s.scanFiles }))
  )
  const choose = async (): Promise<void> => {
    await pickFile()
    // Outside the app shell there is no system dialog: use the browser's file input.
    if (useScanStore.getState().error?.code === 'UNSUPPORTED') {
      useScanStore.setState({ error: null })
      ref.current?.click()
    }
  }
  const input = (
    <input
      ref={ref}
      type="file"
      multiple
      accept="image/png,image/jpeg,image/webp,image/gif"
      className="visually-hidden"
      tabIndex={-1}
      aria-label="Image with a QR code"
      onChange={(e) => {
        const files = [...(e.target.files ?? [])]
        e.target.value = ''
        if (files.length > 0) void scanFiles(files)
      }}
    />
  )
  return { input, choose }
}

function StartStep() {
  const { scanScreens, scanClipboard } = useScanStore(
    useShallow((s) => ({ scanScreens: s.scanScreens, scanClipboard: s.scanClipboard }))
  )
  const error = useScanStore((s) => s.error)
  const primary = useRef<HTMLButtonElement>(null)
  const hintId = useId()
  const errorId = useId()
  const { input, choose } = useImageInput()
  useEffect(() => primary.current?.focus(), [])
  return (
    <div className="sc-step">
      <div className="sc-hero">
        <svg className="sc-hero-icon" viewBox="0 0 48 48" aria-hidden="true" focusable="false">
          <rect x="6" y="9" width="36" height="24" rx="3" />
          <path d="M18 39h12M24 33v6" />
          <rect x="15" y="14" width="6" height="6" rx="1" />
          <rect x="27" y="14" width="6" height="6" rx="1" />
          <rect x="15" y="23" width="6" height="6" rx="1" />
          <path d="M27 23h2v2h-2zM31 27h2v2h-2z" />
        </svg>
        <p className="sc-hero-title">Show the QR code on your screen, then scan.</p>
        <p id={hintId} className="sc-hint">
          Tessera looks for setup codes on every display at once. Nothing is saved until you review
          what it found.
        </p>
        <button
          ref={primary}
          data-autofocus
          type="button"
          className="primary sc-primary"
          onClick={() => void scanScreens()}
          aria-describedby={error ? `${hintId} ${errorId}` : hintId}
        >
          Scan screen
        </button>
      </div>
      <ErrorMessage id={errorId} />
      <div className="sc-alternatives">
        <button type="button" className="secondary" onClick={() => void choose()}>
          Open image…
        </button>
        <button type="button" className="secondary" onClick={() => void scanClipboard()}>
          Paste image
        </button>
        {input}
      </div>
      <p className="sc-hint sc-center">
        You can also drop a screenshot onto the window, or press <kbd>Ctrl</kbd>+<kbd>V</kbd> to
        paste an image or an otpauth:// link anywhere.
      </p>
    </div>
  )
}

const SCANNING_WORDS = {
  screens: 'Looking for QR codes on your screens…',
  image: 'Reading the image…',
  images: 'Reading the images…',
  clipboard: 'Reading the clipboard image…',
  text: 'Reading the pasted link…'
}

function ScanningStep() {
  const phase = useScanStore((s) => s.phase)
  const close = useScanStore((s) => s.close)
  if (phase.kind !== 'scanning') return null
  return (
    <div className="sc-step sc-busy" role="status">
      <span className="sc-spinner" aria-hidden="true" />
      <p>{SCANNING_WORDS[phase.what]}</p>
      {phase.name ? <p className="sc-hint">{phase.name}</p> : null}
      <button type="button" className="ghost" onClick={() => void close()}>
        Cancel
      </button>
    </div>
  )
}

function CandidateRow({ c }: { c: ScanCandidateView }) {
  const { checked, toggle } = useScanStore(
    useShallow((s) => ({ checked: s.selected.has(c.key), toggle: s.toggle }))
  )
  return (
    <ReviewRow
      action="Add"
      name={candidateName(c)}
      title={c.issuer || c.label || 'Unnamed account'}
      subtitle={c.issuer && c.label ? c.label : null}
      type={typeLabel(c)}
      flag={flagLabel(c)}
      hint={flagHint(c)}
      checked={checked}
      onToggle={() => toggle(c.key)}
    />
  )
}

function ReviewStep({ step }: { step: ScanStepView }) {
  const { selected, selectAll, save, busy, startOver, scanScreens } = useScanStore(
    useShallow((s) => ({
      selected: s.selected,
      selectAll: s.selectAll,
      save: s.save,
      busy: s.busy,
      startOver: s.startOver,
      scanScreens: s.scanScreens
    }))
  )
  const headingRef = useRef<HTMLHeadingElement>(null)
  useEffect(() => headingRef.current?.focus(), [])
  const { result } = step
  const others = otherCodes(result.codes)
  const failed = result.sources.filter((s) => s.error)
  const missing = result.batches.filter((b) => !b.complete)
  const skipped = result.codes.flatMap((c) => c.skipped ?? [])
  const n = selected.size
  const nothing = result.codes.length === 0
  // The notices below say what is missing; the summary need not say it twice.
  const summary = missing.reduce((s, b) => s.replace(b.message, ''), result.summary).trim()

  return (
    <div className="sc-step">
      <h3 ref={headingRef} tabIndex={-1} className="sc-step-title">
        {nothing ? 'No QR code found' : 'Review'}
      </h3>
      <p className="sc-lead">{summary}</p>
      {nothing ? (
        <p className="sc-hint">
          Codes in a minimised window or on another device cannot be seen. Bring the page with the
          code to the front, or take a screenshot of it and drop it onto this window.
        </p>
      ) : null}

      {missing.map((b) => (
        <div key={`${b.id}/${b.size}`} className="notice warning notice-stack" role="note">
          <p>
            <strong>
              Google Authenticator export: {b.missing.length === 1 ? 'code' : 'codes'}{' '}
              {b.missing.map((i) => i + 1).join(', ')} of {b.size} still to scan.
            </strong>{' '}
            {b.message}
          </p>
          <button type="button" className="secondary" onClick={() => void scanScreens()}>
            Scan the next code
          </button>
        </div>
      ))}

      {result.candidates.length > 0 ? (
        <section aria-labelledby="sc-accounts-title">
          <SelectionToolbar
            heading={{ id: 'sc-accounts-title', text: 'Accounts' }}
            selected={n}
            total={result.candidates.length}
            onSelectAll={selectAll}
          />
          <ReviewList>
            {result.candidates.map((c) => (
              <CandidateRow key={c.key} c={c} />
            ))}
          </ReviewList>
        </section>
      ) : null}

      {others.length > 0 || skipped.length > 0 ? (
        <section className="sc-others" aria-labelledby="sc-others-title">
          <h4 id="sc-others-title">Other QR codes</h4>
          <ul aria-label="Other QR codes">
            {others.map((c, i) => (
              <li key={i}>
                <strong>{kindTitle(c.kind)}</strong>
                <span>{c.explanation}</span>
              </li>
            ))}
            {skipped.map((s, i) => (
              <li key={`skipped-${i}`}>
                <strong>{s.issuer ? `${s.issuer} (${s.name})` : s.name}</strong>
                <span>Cannot be added: {s.reason}.</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {failed.length > 0 ? (
        <section className="sc-others" aria-labelledby="sc-failed-title">
          <h4 id="sc-failed-title">Could not be scanned</h4>
          <ul>
            {failed.map((s, i) => (
              <li key={i}>
                <strong>{s.name}</strong>
                <span>{s.error?.message}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <ErrorMessage />
      <DialogActions>
        <button
          type="button"
          className={nothing ? 'primary' : 'ghost'}
          onClick={() => void startOver()}
          disabled={busy}
        >
          Scan again
        </button>
        {result.candidates.length > 0 ? (
          <button
            type="button"
            className="primary"
            onClick={() => void save()}
            disabled={n === 0 || busy}
          >
            {busy ? 'Adding…' : n === 0 ? 'Tick accounts to add' : `Add ${plural(n, 'account')}`}
          </button>
        ) : null}
      </DialogActions>
    </div>
  )
}

function DoneStep() {
  const { phase, close, startOver } = useScanStore(
    useShallow((s) => ({ phase: s.phase, close: s.close, startOver: s.startOver }))
  )
  if (phase.kind !== 'done') return null
  return (
    <SharedDoneStep
      className="sc-step"
      title={`Added ${plural(phase.added, 'account')}.`}
      again="Scan another"
      onAgain={() => void startOver()}
      onDone={() => void close()}
    >
      <p className="sc-hint">Their codes are in the list now.</p>
    </SharedDoneStep>
  )
}
