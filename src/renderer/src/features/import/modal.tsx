import { useEffect, useId, useRef, type ReactNode } from 'react'
import './transfer.css'

interface ModalProps {
  open: boolean
  title: string
  onClose: () => void
  children: ReactNode
  /** Shown under the title. */
  subtitle?: string | null
  wide?: boolean
}

/**
 * A modal on the native <dialog>: the page behind is inert, focus stays inside, Escape closes,
 * and focus returns to the button that opened it.
 */
export function Modal({ open, title, subtitle, onClose, children, wide }: ModalProps) {
  const ref = useRef<HTMLDialogElement>(null)
  const titleId = useId()
  useEffect(() => {
    const dialog = ref.current
    if (!dialog) return
    if (open && !dialog.open) {
      dialog.showModal()
      // showModal focuses the first control (the close button); the step may name a better one.
      dialog.querySelector<HTMLElement>('[data-autofocus]')?.focus()
    }
    if (!open && dialog.open) dialog.close()
  }, [open])
  return (
    <dialog
      ref={ref}
      className={wide ? 'tx-modal wide' : 'tx-modal'}
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault()
        onClose()
      }}
    >
      {open ? (
        <>
          <header className="tx-modal-header">
            <div>
              <h2 id={titleId}>{title}</h2>
              {subtitle ? <p className="tx-subtitle">{subtitle}</p> : null}
            </div>
            <button
              type="button"
              className="tx-close"
              aria-label={`Close ${title}`}
              onClick={onClose}
            >
              <svg viewBox="0 0 16 16" aria-hidden="true" focusable="false">
                <path d="M4 4l8 8M12 4l-8 8" />
              </svg>
            </button>
          </header>
          <div className="tx-modal-body">{children}</div>
        </>
      ) : null}
    </dialog>
  )
}

/** A small spinner for busy states; hidden from assistive technology (the text says it). */
export function Spinner() {
  return <span className="tx-spinner" aria-hidden="true" />
}
