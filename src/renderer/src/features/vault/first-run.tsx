import { useId, useState, type FormEvent, type ReactNode } from 'react'
import type { ErrorShape } from '../../../../shared/errors'
import { usePolicyValue } from '../../stores/policy'
import { useVaultStore } from '../../stores/vault'
import { ManagedNote } from '../policy/managed-note'
import { errorTitle, isKeychainError } from './messages'
import { PasswordFields, useNewPassword } from './password-fields'
import { VaultNotice, VaultScreen } from './vault-screen'
import { BusyButton } from '../../components/busy-button'

type Mode = 'keychain' | 'password'

/** First run: create the vault, with its key in the OS keychain (default) or a password only. */
export function FirstRun() {
  const create = useVaultStore((s) => s.create)
  const busy = useVaultStore((s) => s.busy)
  const [mode, setMode] = useState<Mode>('keychain')
  const [withPassword, setWithPassword] = useState(false)
  const newPassword = useNewPassword()
  const [keychainProblem, setKeychainProblem] = useState<ErrorShape | null>(null)
  const [error, setError] = useState<ErrorShape | null>(null)
  const titleId = useId()
  const explainId = useId()
  const backupHintId = useId()
  const requiredId = useId()

  const keychainUnavailable = keychainProblem?.code === 'KEYCHAIN_UNAVAILABLE'
  // RequireAppLock: no vault without a password (main refuses one; the form never offers it).
  const passwordRequired = usePolicyValue('RequireAppLock') === true
  const needsPassword = mode === 'password' || withPassword || passwordRequired

  const onSubmit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault()
    setError(null)
    if (needsPassword) {
      if (!newPassword.check()) return
    } else newPassword.reset()
    const err = await create({
      keychain: mode === 'keychain',
      ...(needsPassword ? { password: newPassword.password } : {})
    })
    if (!err) return
    if (isKeychainError(err.code)) {
      setKeychainProblem(err)
      if (err.code === 'KEYCHAIN_UNAVAILABLE') {
        setMode('password')
        setWithPassword(false)
        requestAnimationFrame(() => newPassword.fields.passwordRef.current?.focus())
      }
      return
    }
    setError(err)
  }

  return (
    <VaultScreen titleId={titleId} state="missing">
      <h2 id={titleId}>Set up your vault</h2>
      <p id={explainId} className="vault-lead">
        Tessera keeps your accounts in an encrypted vault on this computer. Choose how it opens.
      </p>

      {keychainProblem ? (
        <VaultNotice title={errorTitle(keychainProblem.code)} message={keychainProblem.message}>
          {keychainUnavailable ? (
            <p className="notice-next">
              You can still create the vault now: it will open with a password only.
            </p>
          ) : null}
        </VaultNotice>
      ) : null}

      <form className="vault-form" onSubmit={(e) => void onSubmit(e)} noValidate>
        <fieldset className="vault-choices" disabled={busy}>
          <legend className="visually-hidden">How the vault opens</legend>
          <Choice
            selected={mode === 'keychain'}
            disabled={keychainUnavailable}
            onSelect={() => setMode('keychain')}
            title={
              <>
                With your system keychain <span className="vault-badge">Recommended</span>
              </>
            }
            text="Its key is kept in your keychain (Keychain on macOS, Credential Manager on Windows, Secret Service on Linux), so Tessera opens without a password while you are signed in."
          />
          <Choice
            selected={mode === 'password'}
            onSelect={() => setMode('password')}
            title="With a password only"
            text="You type the password each time Tessera unlocks. Nothing is stored in the keychain."
          />
        </fieldset>

        {mode === 'keychain' ? (
          <label className="vault-check">
            <input
              type="checkbox"
              checked={withPassword || passwordRequired}
              disabled={busy || passwordRequired}
              onChange={(e) => setWithPassword(e.target.checked)}
              aria-describedby={passwordRequired ? `${backupHintId} ${requiredId}` : backupHintId}
            />
            <span>
              Also set a password
              <span id={backupHintId} className="vault-choice-text">
                A backup way in: it opens the vault when the keychain can’t, for example on a new
                computer.
              </span>
            </span>
          </label>
        ) : null}

        {passwordRequired ? (
          <ManagedNote id={requiredId}>Your vault needs a password.</ManagedNote>
        ) : null}

        {needsPassword ? <PasswordFields {...newPassword.fields} disabled={busy} /> : null}

        {error ? <VaultNotice title={errorTitle(error.code)} message={error.message} /> : null}

        <BusyButton className="primary vault-primary" busy={busy} busyLabel="Creating…">
          Create vault
        </BusyButton>
      </form>
    </VaultScreen>
  )
}

/** One way of opening the vault: a radio named by its title and described by its text. */
function Choice({
  selected,
  disabled,
  onSelect,
  title,
  text
}: {
  selected: boolean
  disabled?: boolean
  onSelect(): void
  title: ReactNode
  text: string
}) {
  const titleId = useId()
  const textId = useId()
  return (
    <label className={`vault-choice${selected ? ' selected' : ''}`}>
      <input
        type="radio"
        name="mode"
        checked={selected}
        disabled={disabled}
        onChange={onSelect}
        aria-labelledby={titleId}
        aria-describedby={textId}
      />
      <span>
        <span id={titleId} className="vault-choice-title">
          {title}
        </span>
        <span id={textId} className="vault-choice-text">
          {text}
        </span>
      </span>
    </label>
  )
}
