import type { ReactNode } from 'react'

interface Props {
  /** For the field's `aria-describedby`. */
  id?: string
  /** The block style (`.notice.error`: what happened and the next step) instead of a line. */
  notice?: boolean
  /** Off for a line that states a lasting condition rather than the answer to an action. */
  alert?: boolean
  /** The words; nothing is rendered when there are none. */
  children?: ReactNode
}

/**
 * The one error style of the renderer: a sentence under the field or form it belongs to,
 * announced as an alert when it appears. Renders nothing for an empty message, so a screen can
 * write `<FieldError>{error?.message}</FieldError>` without its own condition.
 */
export function FieldError({ id, notice = false, alert = true, children }: Props) {
  if (children === undefined || children === null || children === false || children === '') {
    return null
  }
  return (
    <p
      id={id}
      className={notice ? 'notice error' : 'field-error'}
      role={alert ? 'alert' : undefined}
    >
      {children}
    </p>
  )
}
