import { useEffect, useId, useRef, useState, type FormEvent } from 'react'
import type { ErrorShape } from '../../../../shared/errors'
import { PasswordField } from '../../components/password-field'
import { usePolicyValue } from '../../stores/policy'
import { useVaultStore } from '../../stores/vault'
import { errorTitle, isKeychainError, lockReasonText } from './messages'
import { VaultNotice, VaultScreen } from './vault-screen'
import { BusyButton } from '../../components/busy-button'

/** The unlock screen: the keychain first when the vault has it, the password otherwise. */
export function Unlock() {
  const slots = useVaultStore((s) => s.status?.slots ?? null)
  const busy = useVaultStore((s) => s.busy)
  const reason = useVaultStore((s) => s.lockReason)
  const idleMinutes = useVaultStore((s) => s.status?.autoLockMinutes ?? null)
  const unlockWithKeychain = useVaultStore((s) => s.unlockWithKeychain)
  const unlockWithPassword = useVaultStore((s) => s.unlockWithPassword)

  // Until main answered, offer both; a vault always has at least one of them.
  const hasPassword = slots === null || slots.includes('password')
  // RequireAppLock: a vault with a password opens only with it (main refuses the keychain).
  const passwordRequired = usePolicyValue('RequireAppLock') === true && hasPassword
  const hasKeychain = !passwordRequired && (slots === null || slots.includes('keychain'))
  const [choosePassword, setChoosePassword] = useState(false)
  const showPassword = hasPassword && (!hasKeychain || choosePassword)
  const [password, setPassword] = useState('')
  const [keychainError, setKeychainError] = useState<ErrorShape | null>(null)
  const [passwordError, setPasswordError] = useState<ErrorShape | null>(null)
  const passwordRef = useRef<HTMLInputElement>(null)
  const keychainRef = useRef<HTMLButtonElement>(null)
  const titleId = useId()

  useEffect(() => {
    if (showPassword) passwordRef.current?.focus()
    else keychainRef.current?.focus()
  }, [showPassword])

  const onKeychain = async (): Promise<void> => {
    setKeychainError(null)
    const err = await unlockWithKeychain()
    if (err) setKeychainError(err)
  }

  const onPassword = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault()
    if (!password) {
      setPasswordError({ code: 'INVALID_INPUT', message: 'Type your vault password first.' })
      passwordRef.current?.focus()
      return
    }
    setPasswordError(null)
    const err = await unlockWithPassword(password, {
      repairKeychain:
        keychainError?.code === 'KEYCHAIN_ITEM_MISSING' ||
        keychainError?.code === 'KEYCHAIN_ITEM_CORRUPT'
    })
    if (!err) return
    setPasswordError(err)
    passwordRef.current?.focus()
    passwordRef.current?.select()
  }

  const why = lockReasonText(reason, idleMinutes)

  return (
    <VaultScreen titleId={titleId} state="locked">
      <h2 id={titleId}>Your vault is locked</h2>
      {why ? (
        <p className="vault-lead" role="status">
          {why}
        </p>
      ) : (
        <p className="vault-lead">Unlock it to see your codes.</p>
      )}

      {keychainError ? (
        <VaultNotice title={errorTitle(keychainError.code)} message={keychainError.message}>
          {isKeychainError(keychainError.code) && hasPassword && !showPassword ? (
            <button type="button" className="secondary" onClick={() => setChoosePassword(true)}>
              Use your password instead
            </button>
          ) : null}
          {isKeychainError(keychainError.code) && !hasPassword ? (
            <p className="notice-next">
              This vault opens only with the keychain. Fix the keychain, then try again.
            </p>
          ) : null}
        </VaultNotice>
      ) : null}

      {hasKeychain && !showPassword ? (
        <div className="vault-actions">
          <BusyButton
            buttonRef={keychainRef}
            type="button"
            className="primary vault-primary"
            onClick={() => void onKeychain()}
            busy={busy}
            busyLabel="Unlocking…"
          >
            {keychainError ? 'Try the keychain again' : 'Unlock with keychain'}
          </BusyButton>
          {hasPassword && !keychainError ? (
            <button type="button" className="link" onClick={() => setChoosePassword(true)}>
              Use your password instead
            </button>
          ) : null}
        </div>
      ) : null}

      {showPassword ? (
        <form className="vault-form" onSubmit={(e) => void onPassword(e)} noValidate>
          <PasswordField
            label="Vault password"
            inputRef={passwordRef}
            autoComplete="current-password"
            value={password}
            onChange={(e) => {
              setPassword(e.target.value)
              if (passwordError) setPasswordError(null)
            }}
            readOnly={busy}
            error={passwordError?.message}
          />
          <div className="vault-actions">
            <BusyButton className="primary vault-primary" busy={busy} busyLabel="Unlocking…">
              Unlock
            </BusyButton>
            {hasKeychain ? (
              <button
                type="button"
                className="link"
                onClick={() => {
                  setChoosePassword(false)
                  setPasswordError(null)
                }}
              >
                Use the keychain instead
              </button>
            ) : null}
          </div>
        </form>
      ) : null}
    </VaultScreen>
  )
}
