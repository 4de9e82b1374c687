/**
 * Modal dialogs on the native <dialog> element: focus moves in and stays in, Esc closes, focus
 * returns to where it was. Titled by their heading. Both draw the one dialog frame of dialog.css
 * (`.modal`, `.modal-header`, `.modal-body`), so every dialog in the window looks the same.
 *  - `Dialog`: mounted while open (the account editor, the vault's confirmations).
 *  - `Modal`: the multi-step dialogs (Import, Export, Scan), with a close button in the header.
 */
import { useEffect, useId, useRef, type ReactNode } from 'react'
import './dialog.css'

const FOCUSABLE =
  'input:not([type="hidden"]):not(:disabled), select:not(:disabled), textarea:not(:disabled), button:not(:disabled), [href], [tabindex]:not([tabindex="-1"])'

/** The control the step names with `data-autofocus`, else the body's first control. */
function focusFirst(dialog: HTMLDialogElement): void {
  const target =
    dialog.querySelector<HTMLElement>('[data-autofocus]') ??
    dialog.querySelector<HTMLElement>(`.modal-body :is(${FOCUSABLE})`)
  target?.focus()
}

export function Dialog({
  title,
  onClose,
  children,
  className
}: {
  title: string
  onClose(): void
  children: ReactNode
  className?: string
}) {
  const ref = useRef<HTMLDialogElement>(null)
  const titleId = useId()
  const onCloseRef = useRef(onClose)
  useEffect(() => {
    onCloseRef.current = onClose
  })

  useEffect(() => {
    const dialog = ref.current
    if (!dialog) return
    const returnTo = document.activeElement
    if (!dialog.open) dialog.showModal()
    focusFirst(dialog)
    const close = (): void => onCloseRef.current()
    dialog.addEventListener('close', close)
    return () => {
      dialog.removeEventListener('close', close)
      if (dialog.open) dialog.close()
      if (returnTo instanceof HTMLElement && returnTo.isConnected) returnTo.focus()
    }
  }, [])

  return (
    <dialog
      ref={ref}
      className={['modal', className ?? ''].filter(Boolean).join(' ')}
      aria-labelledby={titleId}
    >
      <header className="modal-header">
        <h2 id={titleId}>{title}</h2>
      </header>
      <div className="modal-body">{children}</div>
    </dialog>
  )
}

interface ModalProps {
  open: boolean
  title: string
  onClose: () => void
  children: ReactNode
  /** Shown under the title. */
  subtitle?: string | null
  wide?: boolean
  /** The close button's accessible name; "Close <title>" unless given. */
  closeLabel?: string
  /** Names this modal for code that must tell it from others (the scan's paste listener). */
  className?: string
}

/**
 * A framed modal: the page behind is inert, focus stays inside, Escape calls `onClose`, and focus
 * returns to the control that opened it (also when the caller unmounts it while open).
 */
export function Modal(props: ModalProps) {
  const { open, title, subtitle, onClose, children, wide, closeLabel, className } = props
  const ref = useRef<HTMLDialogElement>(null)
  const titleId = useId()
  const returnTo = useRef<Element | null>(null)
  useEffect(() => {
    const dialog = ref.current
    if (!dialog) return
    if (open && !dialog.open) {
      returnTo.current = document.activeElement
      dialog.showModal()
      // showModal focuses the first control (the close button); the step may name a better one.
      dialog.querySelector<HTMLElement>('[data-autofocus]')?.focus()
    }
    if (!open && dialog.open) dialog.close()
  }, [open])
  useEffect(() => {
    // The ref is detached before cleanups run on unmount: keep the element from mount.
    const dialog = ref.current
    return () => {
      // Unmounted while open: the browser drops focus on <body>, so put it back by hand.
      if (!dialog?.open) return
      dialog.close()
      const back = returnTo.current
      if (back instanceof HTMLElement && back.isConnected) back.focus()
    }
  }, [])
  return (
    <dialog
      ref={ref}
      className={['modal', wide ? 'wide' : '', className ?? ''].filter(Boolean).join(' ')}
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault()
        onClose()
      }}
    >
      {open ? (
        <>
          <header className="modal-header">
            <div>
              <h2 id={titleId}>{title}</h2>
              {subtitle ? <p className="modal-subtitle">{subtitle}</p> : null}
            </div>
            <button
              type="button"
              className="modal-close"
              aria-label={closeLabel ?? `Close ${title}`}
              onClick={onClose}
            >
              <svg viewBox="0 0 16 16" aria-hidden="true" focusable="false">
                <path d="M4 4l8 8M12 4l-8 8" />
              </svg>
            </button>
          </header>
          <div className="modal-body">{children}</div>
        </>
      ) : null}
    </dialog>
  )
}
