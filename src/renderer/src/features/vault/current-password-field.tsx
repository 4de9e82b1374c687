import { useId, type RefObject } from 'react'
import { PasswordInput } from '../../components/password-input'

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
  const id = useId()
  const errorId = useId()
  const hintId = useId()
  return (
    <div className="vault-field">
      <label htmlFor={id}>Current password</label>
      <PasswordInput
        inputRef={inputRef}
        id={id}
        autoComplete="current-password"
        value={value}
        readOnly={disabled}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${errorId} ${hintId}` : hintId}
      />
      <p id={hintId} className="hint">
        The password that opens the vault today, to show it is you.
      </p>
      {error ? (
        <p id={errorId} className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  )
}
