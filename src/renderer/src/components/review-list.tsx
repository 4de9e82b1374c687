/**
 * Pieces the Import and Scan dialogs share: the "n of m selected" bar with Select all / Select
 * none over a list of checkboxes, the row of footer buttons, and the "Added n accounts" end step.
 */
import { useEffect, useId, useRef, type ReactNode } from 'react'
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

/** The list of found accounts, one `ReviewRow` each. */
export function ReviewList({ children }: { children: ReactNode }) {
  return (
    <ul className="review-list" aria-label="Accounts found">
      {children}
    </ul>
  )
}

/**
 * One found account with its checkbox. `action` starts the checkbox's name ("Import GitHub (ada),
 * already in Tessera"); `flag` marks a row the user should look at twice, in the `tone` colour.
 */
export function ReviewRow({
  action,
  name,
  title,
  subtitle,
  type,
  flag,
  tone = 'warning',
  hint,
  checked,
  onToggle
}: {
  action: string
  name: string
  title: string
  subtitle?: string | null | undefined
  type: string
  flag?: string | null | undefined
  tone?: 'warning' | 'danger'
  hint?: string | null | undefined
  checked: boolean
  onToggle(): void
}) {
  const hintId = useId()
  return (
    <li className={flag ? 'review-row flagged' : 'review-row'}>
      <label>
        <input
          type="checkbox"
          checked={checked}
          onChange={onToggle}
          aria-label={`${action} ${name}${flag ? `, ${flag.charAt(0).toLowerCase()}${flag.slice(1)}` : ''}`}
          aria-describedby={hint ? hintId : undefined}
        />
        <span className="review-who">
          <span className="review-issuer">{title}</span>
          {subtitle ? <span className="review-label">{subtitle}</span> : null}
        </span>
        <span className="review-tags">
          <span className="review-tag">{type}</span>
          {flag ? <span className={`review-tag ${tone}`}>{flag}</span> : null}
        </span>
        {hint ? (
          <span id={hintId} className="review-row-hint">
            {hint}
          </span>
        ) : null}
      </label>
    </li>
  )
}

/** The dialog's footer buttons, main action last. */
export function DialogActions({ children }: { children: ReactNode }) {
  return <div className="dialog-actions">{children}</div>
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
