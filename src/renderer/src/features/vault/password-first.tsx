/**
 * RequireAppLock on a vault that opened without a password (it was made before the policy, or
 * with the keychain only): before anything else the user adds one. Main answers every other
 * channel POLICY_FORBIDDEN until then, so this screen is the only way on, not a courtesy.
 */
import { useId, useState, type FormEvent } from 'react'
import { useVaultStore } from '../../stores/vault'
import { ManagedNote } from '../policy/managed-note'
import { PasswordFields, useNewPassword } from './password-fields'
import { VaultNotice, VaultScreen } from './vault-screen'

export function PasswordFirst() {
  const setPassword = useVaultStore((s) => s.setPassword)
  const lock = useVaultStore((s) => s.lock)
  const newPassword = useNewPassword()
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const titleId = useId()
  const whyId = useId()

  const onSubmit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault()
    if (!newPassword.check()) return
    setError(null)
    setBusy(true)
    const err = await setPassword(newPassword.password)
    setBusy(false)
    if (err) setError(err.message)
  }

  return (
    <VaultScreen titleId={titleId} state="password-required">
      <h2 id={titleId}>Add a vault password</h2>
      <p className="vault-lead">
        Your vault opens without a password today. Add one to go on: Tessera will ask for it when it
        unlocks. Your accounts stay as they are.
      </p>
      <form
        className="vault-form"
        onSubmit={(e) => void onSubmit(e)}
        noValidate
        aria-describedby={whyId}
      >
        <ManagedNote id={whyId}>Your vault needs a password.</ManagedNote>
        <PasswordFields {...newPassword.fields} disabled={busy} />
        {error ? <VaultNotice title="The password was not added" message={error} /> : null}
        <button
          type="submit"
          className="primary vault-primary"
          disabled={busy}
          aria-busy={busy || undefined}
        >
          {busy ? 'Saving…' : 'Add password'}
        </button>
        <button type="button" className="ghost" disabled={busy} onClick={() => void lock()}>
          Lock Tessera
        </button>
      </form>
    </VaultScreen>
  )
}
