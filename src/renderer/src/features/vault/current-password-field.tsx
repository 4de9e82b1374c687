import { useRef, useState, type RefObject } from 'react'
import { PasswordField } from '../../components/password-field'

/**
 * The vault password the user has now, asked before a change to how the vault opens (change or
 * remove the password, remove the keychain key). `error` is shown inline under the field.
 */
export function CurrentPasswordField({
  value,
  onChange,
  error,
  disabled,
  inputRef
}: {
  value: string
  onChange(value: string): void
  error: string | null
  disabled?: boolean
  inputRef?: RefObject<HTMLInputElement | null>
}) {
  return (
    <PasswordField
      label="Current password"
      inputRef={inputRef}
      autoComplete="current-password"
      value={value}
      readOnly={disabled}
      onChange={(e) => onChange(e.target.value)}
      hint="The password that opens the vault today, to show it is you."
      error={error}
    />
  )
}

/**
 * State for a {@link CurrentPasswordField}: the typed value, its inline error, and the two ways a
 * dialog refuses it (left empty, or WRONG_PASSWORD from main), each focusing the field.
 */
export function useCurrentPassword(): {
  value: string
  /** False (and says so on the field) when nothing was typed. */
  requireTyped(): boolean
  /** Shows main's WRONG_PASSWORD message on the field, its text selected to type again. */
  wrong(message: string): void
  field: {
    value: string
    onChange(value: string): void
    error: string | null
    inputRef: RefObject<HTMLInputElement | null>
  }
} {
  const [value, setValue] = useState('')
  const [error, setError] = useState<string | null>(null)
  const inputRef = useRef<HTMLInputElement>(null)
  return {
    value,
    requireTyped() {
      if (value) return true
      setError('Type your current vault password first.')
      inputRef.current?.focus()
      return false
    },
    wrong(message) {
      setError(message)
      inputRef.current?.focus()
      inputRef.current?.select()
    },
    field: {
      value,
      onChange(v) {
        setValue(v)
        if (error) setError(null)
      },
      error,
      inputRef
    }
  }
}
