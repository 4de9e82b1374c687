import type { ButtonHTMLAttributes, ReactNode, Ref } from 'react'

type Props = Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'disabled' | 'aria-busy'> & {
  busy: boolean
  /** What the button says while the work runs ("Unlocking…"). */
  busyLabel: string
  buttonRef?: Ref<HTMLButtonElement>
  children: ReactNode
}

/** A button that cannot be pressed twice: disabled and marked busy, saying so, while it works. */
export function BusyButton({ busy, busyLabel, buttonRef, children, type, ...props }: Props) {
  return (
    <button
      {...props}
      ref={buttonRef}
      type={type ?? 'submit'}
      disabled={busy}
      aria-busy={busy || undefined}
    >
      {busy ? busyLabel : children}
    </button>
  )
}
