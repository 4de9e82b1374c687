/**
 * A modal dialog on the native <dialog> element: focus moves in and stays in, Esc closes, focus
 * returns to where it was. Titled by its heading.
 */
import { useEffect, useId, useRef, type ReactNode } from 'react'

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
    const close = (): void => onCloseRef.current()
    dialog.addEventListener('close', close)
    return () => {
      dialog.removeEventListener('close', close)
      if (dialog.open) dialog.close()
      if (returnTo instanceof HTMLElement && returnTo.isConnected) returnTo.focus()
    }
  }, [])

  return (
    <dialog ref={ref} className={`dialog ${className ?? ''}`} aria-labelledby={titleId}>
      <h2 id={titleId} className="dialog-title">
        {title}
      </h2>
      {children}
    </dialog>
  )
}
