/**
 * Pieces the Import and Scan dialogs share: the "n of m selected" bar with Select all / Select
 * none over a list of checkboxes, the row of footer buttons, and the "Added n accounts" end step.
 */
import { useEffect, useRef, type ReactNode } from 'react'
import './dialog.css'

/** The bar above a review list. `heading` names the list when the step has several sections. */
export function SelectionToolbar({
  selected,
  total,
  onSelectAll,
  heading
}: {
  selected: number
  total: number
  onSelectAll(all: boolean): void
  heading?: { id: string; text: string }
}) {
  return (
    <div className="review-toolbar">
      {heading ? <h4 id={heading.id}>{heading.text}</h4> : null}
      <span className="review-count" aria-live="polite">
        {selected} of {total} selected
      </span>
      <button type="button" className="ghost" onClick={() => onSelectAll(true)}>
        Select all
      </button>
      <button type="button" className="ghost" onClick={() => onSelectAll(false)}>
        Select none
      </button>
    </div>
  )
}

/** The dialog's footer buttons, main action last. */
export function DialogActions({ children }: { children: ReactNode }) {
  return <div className="review-actions">{children}</div>
}

/**
 * The last step: a check mark, what was done, and the buttons. `done` gets keyboard focus so
 * Enter closes the dialog; `className` is the dialog's own step class (its spacing).
 */
export function DoneStep({
  className,
  title,
  children,
  again,
  onAgain,
  onDone
}: {
  className: string
  title: string
  children?: ReactNode
  again: string
  onAgain(): void
  onDone(): void
}) {
  const ref = useRef<HTMLButtonElement>(null)
  useEffect(() => ref.current?.focus(), [])
  return (
    <div className={`${className} review-done`} role="status">
      <svg className="review-done-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
        <path d="M5 12.5l4.5 4.5L19 7.5" />
      </svg>
      <p className="review-done-title">{title}</p>
      {children}
      <DialogActions>
        <button type="button" className="ghost" onClick={onAgain}>
          {again}
        </button>
        <button ref={ref} type="button" className="primary" onClick={onDone}>
          Done
        </button>
      </DialogActions>
    </div>
  )
}
