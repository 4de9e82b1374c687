import { useRef, useState, type RefObject } from 'react'
import { MIN_PASSWORD_LENGTH } from '../../../../shared/limits'
import { passwordStrength } from '../../../../shared/password-strength'
import { PasswordField } from '../../components/password-field'

/** What is wrong with a new password and its confirmation, for {@link PasswordFields}; null when fine. */
export type NewPasswordProblem = { field: 'password' | 'confirm'; text: string }

/** The first problem with a new password: too short, or a confirmation that differs. */
export function newPasswordProblem(password: string, confirm: string): NewPasswordProblem | null {
  if (password.length < MIN_PASSWORD_LENGTH) {
    return {
      field: 'password',
      text: `Use at least ${MIN_PASSWORD_LENGTH} characters for the password.`
    }
  }
  if (password !== confirm) {
    return { field: 'confirm', text: 'The two passwords are not the same. Type it again.' }
  }
  return null
}

/** New password + confirmation, with a strength hint read out politely as it changes. */
export function PasswordFields({
  password,
  confirm,
  onPassword,
  onConfirm,
  error,
  disabled,
  passwordRef,
  label = 'Password'
}: {
  password: string
  confirm: string
  onPassword(value: string): void
  onConfirm(value: string): void
  error: NewPasswordProblem | null
  disabled?: boolean
  passwordRef?: RefObject<HTMLInputElement | null>
  label?: string
}) {
  const hint = passwordStrength(password)
  return (
    <div className="vault-fields">
      <PasswordField
        label={label}
        inputRef={passwordRef}
        autoComplete="new-password"
        value={password}
        disabled={disabled}
        onChange={(e) => onPassword(e.target.value)}
        between={
          <div className={`strength strength-${hint.strength}`} aria-hidden="true">
            {[1, 2, 3, 4].map((i) => (
              <span key={i} className={i <= hint.score ? 'on' : undefined} />
            ))}
          </div>
        }
        hint={hint.message}
        hintLive
        error={error?.field === 'password' && error.text}
      />
      <PasswordField
        label="Type the password again"
        autoComplete="new-password"
        value={confirm}
        disabled={disabled}
        onChange={(e) => onConfirm(e.target.value)}
        error={error?.field === 'confirm' && error.text}
      />
    </div>
  )
}

/**
 * State for {@link PasswordFields}: the new password, its confirmation and the problem shown
 * under them (cleared as the user edits that field).
 */
export function useNewPassword(): {
  password: string
  /** True when the password may be used; otherwise shows the problem and focuses the field. */
  check(): boolean
  /** Clears a problem left from an earlier try (the fields are hidden now). */
  reset(): void
  fields: {
    password: string
    confirm: string
    onPassword(value: string): void
    onConfirm(value: string): void
    error: NewPasswordProblem | null
    passwordRef: RefObject<HTMLInputElement | null>
  }
} {
  const [password, setPassword] = useState('')
  const [confirm, setConfirm] = useState('')
  const [error, setError] = useState<NewPasswordProblem | null>(null)
  const passwordRef = useRef<HTMLInputElement>(null)
  return {
    password,
    check() {
      const problem = newPasswordProblem(password, confirm)
      setError(problem)
      if (problem?.field === 'password') passwordRef.current?.focus()
      return problem === null
    },
    reset: () => setError(null),
    fields: {
      password,
      confirm,
      onPassword(v) {
        setPassword(v)
        if (error?.field === 'password') setError(null)
      },
      onConfirm(v) {
        setConfirm(v)
        if (error?.field === 'confirm') setError(null)
      },
      error,
      passwordRef
    }
  }
}
