import { useId, type ComponentProps, type ReactNode } from 'react'
import { PasswordInput } from './password-input'
import { FieldError } from './field-error'

type Props = Omit<ComponentProps<typeof PasswordInput>, 'aria-invalid' | 'aria-describedby'> & {
  label: string
  /** A line under the field that stays (what to type); `hintLive` announces its changes. */
  hint?: ReactNode
  hintLive?: boolean
  /** Shown between the field and the hint (the strength meter). */
  between?: ReactNode
  /** The inline error; the field is marked invalid and described by it while there is one. */
  error?: ReactNode
  /** The wrapper's class: the vault screens' rows by default, a dialog passes its own. */
  className?: string
}

/**
 * A labelled password field (the vault screens, the import dialog): label, the Show/Hide field, an optional hint
 * and the inline error, wired together for assistive technology (the error first, then the hint).
 */
export function PasswordField({
  label,
  hint,
  hintLive,
  between,
  error,
  className = 'vault-field',
  id,
  ...input
}: Props) {
  const ownId = useId()
  const fieldId = id ?? ownId
  const errorId = useId()
  const hintId = useId()
  const hasError = error !== undefined && error !== null && error !== false && error !== ''
  const describedBy = [hasError ? errorId : null, hint ? hintId : null].filter(Boolean).join(' ')
  return (
    <div className={className}>
      <label htmlFor={fieldId}>{label}</label>
      <PasswordInput
        {...input}
        id={fieldId}
        aria-invalid={hasError || undefined}
        aria-describedby={describedBy || undefined}
      />
      {between}
      {hint ? (
        <p id={hintId} className="hint" aria-live={hintLive ? 'polite' : undefined}>
          {hint}
        </p>
      ) : null}
      <FieldError id={errorId}>{error}</FieldError>
    </div>
  )
}
