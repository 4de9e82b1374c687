/**
 * "Vault access" for the settings screen: how the vault opens (keychain, password), with set or
 * change password, store or remove the key in the keychain, and remove the password, each change
 * confirmed first. Once the vault has a password, changing, removing or adding a way in asks for
 * it (so nobody at an unattended, unlocked Tessera can lock the owner out, or make the vault open
 * without its password). Main refuses to remove the last way in; the buttons say so before that.
 */
import { useId, useState, type FormEvent, type ReactNode } from 'react'
import type { ErrorShape } from '../../../../shared/errors'
import type { VaultSlot } from '../../../../shared/ipc/vault'
import { Dialog } from '../../components/dialog'
import { usePolicyValue } from '../../stores/policy'
import { useVaultStore } from '../../stores/vault'
import { ManagedNote } from '../policy/managed-note'
import { CurrentPasswordField, useCurrentPassword } from './current-password-field'
import { PasswordFields, useNewPassword } from './password-fields'
import './vault.css'
import { FieldError } from '../../components/field-error'
import { BusyButton } from '../../components/busy-button'

type Pending = { kind: 'remove'; slot: VaultSlot } | { kind: 'store' } | { kind: 'password' } | null

export function VaultSecurity() {
  const slots = useVaultStore((s) => s.status?.slots ?? [])
  const enableKeychain = useVaultStore((s) => s.enableKeychain)
  const removeSlot = useVaultStore((s) => s.removeSlot)
  const [pending, setPending] = useState<Pending>(null)
  const [error, setError] = useState<ErrorShape | null>(null)
  const [status, setStatus] = useState('')
  const [busy, setBusy] = useState(false)
  const titleId = useId()
  const hasKeychain = slots.includes('keychain')
  const hasPassword = slots.includes('password')
  // RequireAppLock: the password stays (main refuses its removal; the button says so first).
  const passwordRequired = usePolicyValue('RequireAppLock') === true

  const run = async (action: () => Promise<ErrorShape | null>, done: string): Promise<boolean> => {
    setBusy(true)
    setStatus('')
    const err = await action()
    setBusy(false)
    setError(err)
    if (!err) setStatus(done)
    return !err
  }

  return (
    <section className="card vault-security" aria-labelledby={titleId}>
      <h2 id={titleId}>Vault access</h2>
      <p className="hint vault-security-intro">
        Your accounts are encrypted on this computer. These are the ways the vault opens; keep at
        least one.
      </p>
      <ul className="vault-slots">
        <SlotRow
          name="System keychain"
          state={
            hasKeychain
              ? 'On: Tessera unlocks without a password while you are signed in.'
              : 'Off: the key is not stored in your keychain.'
          }
        >
          {hasKeychain ? (
            <RemoveSlotButton
              className="secondary"
              disabled={busy}
              onlyWayIn={!hasPassword}
              whyId={`${titleId}-last`}
              onClick={() => setPending({ kind: 'remove', slot: 'keychain' })}
            >
              Remove from keychain
            </RemoveSlotButton>
          ) : (
            <button
              type="button"
              className="secondary"
              disabled={busy}
              onClick={() =>
                hasPassword
                  ? setPending({ kind: 'store' })
                  : void run(() => enableKeychain(), KEYCHAIN_STORED)
              }
            >
              Store in keychain
            </button>
          )}
        </SlotRow>
        <SlotRow
          name="Password"
          state={
            hasPassword
              ? 'Set: it opens the vault when the keychain can’t.'
              : 'Not set: a password lets you in when the keychain can’t.'
          }
        >
          <div className="vault-slot-actions">
            <button
              type="button"
              className="secondary"
              disabled={busy}
              onClick={() => setPending({ kind: 'password' })}
            >
              {hasPassword ? 'Change password' : 'Set a password'}
            </button>
            {hasPassword ? (
              <RemoveSlotButton
                className="danger-outline"
                disabled={busy}
                onlyWayIn={!hasKeychain || passwordRequired}
                whyId={passwordRequired ? `${titleId}-required` : `${titleId}-last`}
                onClick={() => setPending({ kind: 'remove', slot: 'password' })}
              >
                Remove password
              </RemoveSlotButton>
            ) : null}
          </div>
        </SlotRow>
      </ul>
      {hasKeychain !== hasPassword ? (
        <p id={`${titleId}-last`} className="hint">
          {hasKeychain
            ? 'The keychain is the only way in, so it cannot be removed. Set a password first.'
            : 'The password is the only way in, so it cannot be removed. Store the key in the keychain first.'}
        </p>
      ) : null}
      {passwordRequired ? (
        <ManagedNote id={`${titleId}-required`}>
          The vault must have a password, so it cannot be removed.
        </ManagedNote>
      ) : null}
      <FieldError>{error?.message}</FieldError>
      <p className="hint" role="status">
        {status}
      </p>

      {pending?.kind === 'store' ? (
        <ConfirmSlot
          slot="keychain"
          action="store"
          needsPassword={hasPassword}
          onCancel={() => setPending(null)}
          onConfirm={(current) => enableKeychain(current)}
          onDone={() => {
            setPending(null)
            setError(null)
            setStatus(KEYCHAIN_STORED)
          }}
        />
      ) : null}
      {pending?.kind === 'remove' ? (
        <ConfirmSlot
          slot={pending.slot}
          action="remove"
          needsPassword={hasPassword}
          onCancel={() => setPending(null)}
          onConfirm={(current) => removeSlot(pending.slot, current)}
          onDone={() => {
            const slot = pending.slot
            setPending(null)
            setError(null)
            setStatus(
              slot === 'keychain'
                ? 'The key was removed from your keychain. Unlock with your password from now on.'
                : 'The password was removed. The vault opens with the keychain only.'
            )
          }}
        />
      ) : null}
      {pending?.kind === 'password' ? (
        <PasswordDialog
          change={hasPassword}
          onClose={() => setPending(null)}
          onSaved={() => {
            setPending(null)
            setError(null)
            setStatus(hasPassword ? 'Password changed.' : 'Password set.')
          }}
        />
      ) : null}
    </section>
  )
}

const KEYCHAIN_STORED = 'The key is now in your keychain.'

/** Confirms removing a way in, or storing the key in the keychain, with the current password. */
function ConfirmSlot({
  slot,
  action,
  needsPassword,
  onCancel,
  onConfirm,
  onDone
}: {
  slot: VaultSlot
  action: 'remove' | 'store'
  needsPassword: boolean
  onCancel(): void
  onConfirm(current?: string): Promise<ErrorShape | null>
  onDone(): void
}) {
  const current = useCurrentPassword()
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const onSubmit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault()
    if (needsPassword && !current.requireTyped()) return
    setBusy(true)
    setError(null)
    const err = await onConfirm(needsPassword ? current.value : undefined)
    setBusy(false)
    if (!err) return onDone()
    if (err.code === 'WRONG_PASSWORD') current.wrong(err.message)
    else setError(err.message)
  }

  return (
    <Dialog
      title={
        action === 'store'
          ? 'Store the key in your keychain?'
          : slot === 'keychain'
            ? 'Remove the key from your keychain?'
            : 'Remove the password?'
      }
      onClose={onCancel}
      className="confirm"
    >
      <form className="vault-form" onSubmit={(e) => void onSubmit(e)} noValidate>
        <p>
          {action === 'store'
            ? 'Tessera will then unlock without your password whenever you are signed in to this computer.'
            : slot === 'keychain'
              ? 'Tessera will ask for your vault password every time it unlocks. Make sure you know it.'
              : 'The vault will open only with your keychain. If the keychain is lost (a new computer, a reset keyring), so is the vault.'}
        </p>
        {needsPassword ? <CurrentPasswordField {...current.field} disabled={busy} /> : null}
        <FieldError>{error}</FieldError>
        <div className="dialog-actions">
          <button
            type="button"
            className="secondary"
            onClick={onCancel}
            data-autofocus={needsPassword ? undefined : true}
          >
            Cancel
          </button>
          <BusyButton
            className={action === 'store' ? 'primary' : 'danger'}
            busy={busy}
            busyLabel="Checking…"
          >
            {action === 'store'
              ? 'Store in keychain'
              : slot === 'keychain'
                ? 'Remove from keychain'
                : 'Remove password'}
          </BusyButton>
        </div>
      </form>
    </Dialog>
  )
}

function PasswordDialog({
  change,
  onClose,
  onSaved
}: {
  change: boolean
  onClose(): void
  onSaved(): void
}) {
  const setPassword = useVaultStore((s) => s.setPassword)
  const current = useCurrentPassword()
  const newPassword = useNewPassword()
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const onSubmit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault()
    if (change && !current.requireTyped()) return
    if (!newPassword.check()) return
    setError(null)
    setBusy(true)
    const err = await setPassword(newPassword.password, change ? current.value : undefined)
    setBusy(false)
    if (!err) return onSaved()
    if (err.code === 'WRONG_PASSWORD') current.wrong(err.message)
    else setError(err.message)
  }

  return (
    <Dialog title={change ? 'Change the vault password' : 'Set a vault password'} onClose={onClose}>
      <form className="vault-form" onSubmit={(e) => void onSubmit(e)} noValidate>
        {change ? <CurrentPasswordField {...current.field} disabled={busy} /> : null}
        <PasswordFields
          label={change ? 'New password' : 'Password'}
          {...newPassword.fields}
          disabled={busy}
        />
        <FieldError>{error}</FieldError>
        <div className="dialog-actions">
          <button type="button" className="secondary" onClick={onClose}>
            Cancel
          </button>
          <BusyButton className="primary" busy={busy} busyLabel="Saving…">
            {change ? 'Change password' : 'Set password'}
          </BusyButton>
        </div>
      </form>
    </Dialog>
  )
}

/** One way into the vault: its name, whether it is set, and what can be done with it. */
function SlotRow({ name, state, children }: { name: string; state: string; children: ReactNode }) {
  return (
    <li>
      <div>
        <span className="vault-slot-name">{name}</span>
        <span className="hint">{state}</span>
      </div>
      {children}
    </li>
  )
}

/** Removes a way in; never the only one (the reason stands at `whyId`). */
function RemoveSlotButton({
  className,
  disabled,
  onlyWayIn,
  whyId,
  onClick,
  children
}: {
  className: string
  disabled: boolean
  onlyWayIn: boolean
  whyId: string
  onClick(): void
  children: ReactNode
}) {
  return (
    <button
      type="button"
      className={className}
      disabled={disabled || onlyWayIn}
      aria-describedby={onlyWayIn ? whyId : undefined}
      onClick={onClick}
    >
      {children}
    </button>
  )
}
