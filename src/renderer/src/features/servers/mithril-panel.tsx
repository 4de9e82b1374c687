import {
  useEffect,
  useId,
  useState,
  type FormEvent,
  type InputHTMLAttributes,
  type ReactNode
} from 'react'
import type { ServerProfileView } from '../../../../shared/ipc/servers'
import { normalizeSmsCode, SMS_CODE, useMithrilStore } from '../../stores/mithril'
import { FieldError } from '../../components/field-error'

const MALFORMED =
  'An SMS code is exactly 6 digits. Check the message and type it again; nothing was sent, no attempt used.'

/** Seconds left until `at` (page clock), ticking while the panel is shown. */
function useCountdown(at: number): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const first = setTimeout(() => setNow(Date.now()), 0)
    const t = setInterval(() => setNow(Date.now()), 500)
    return () => {
      clearTimeout(first)
      clearInterval(t)
    }
  }, [at])
  return Math.max(0, Math.ceil((at - now) / 1000))
}

interface Props {
  server: ServerProfileView
  /** `phone`: the user pressed Change phone. */
  start: 'sign-in' | 'phone' | null
  onClose(): void
}

/**
 * Mithril's sign-in with an SMS code, and the phone change, inside the server's card. Protects
 * the user from Mithril's permanent block after three wrong codes: the attempts left are always
 * in view once a code was wrong, a code that is not 6 digits is refused here and never sent, and
 * the last attempt needs a confirmation.
 */
export function MithrilPanel({ server, start, onClose }: Props) {
  const id = server.id
  const e = useMithrilStore((s) => s.byId[id])
  const view = e?.view ?? null
  const [password, setPassword] = useState('')
  const [code, setCode] = useState('')
  const [phone, setPhone] = useState('')
  const [confirming, setConfirming] = useState(false)
  const resendIn = useCountdown(e?.resendAt ?? 0)
  const ids = { pw: useId(), code: useId(), phone: useId(), err: useId(), left: useId() }
  const busy = e?.busy === true
  const store = useMithrilStore.getState

  useEffect(() => {
    void store().load(id)
  }, [id, store])

  const onSignIn = (ev: FormEvent<HTMLFormElement>): void => {
    ev.preventDefault()
    const typed = password
    setPassword('')
    if (!typed) {
      store().refuse(id, {
        code: 'INVALID_INPUT',
        message: 'Type the password of your account on the server.'
      })
      return
    }
    void store().signIn(id, typed)
  }

  const send = (confirmLastAttempt: boolean): void => {
    const digits = normalizeSmsCode(code)
    setConfirming(false)
    setCode('')
    void store().submit(id, digits, confirmLastAttempt)
  }

  const onCode = (ev: FormEvent<HTMLFormElement>): void => {
    ev.preventDefault()
    if (!SMS_CODE.test(normalizeSmsCode(code))) {
      store().refuse(id, {
        code: 'INVALID_INPUT',
        message: MALFORMED,
        details: { reason: 'malformed-code' }
      })
      return
    }
    if (view?.confirmBeforeSubmit) {
      setConfirming(true)
      return
    }
    send(false)
  }

  const onPhone = (ev: FormEvent<HTMLFormElement>): void => {
    ev.preventDefault()
    void store().setPhone(id, phone.trim())
  }

  const error = e?.error ?? null
  // A wrong code's message ends with the attempts left, which the attempts line above the
  // field already says: show that sentence once, there.
  const attempts = view?.step === 'otp' ? view.attemptsMessage : undefined
  const errorText =
    error && attempts && error.message.endsWith(attempts) && error.message !== attempts
      ? error.message.slice(0, -attempts.length).trimEnd()
      : error?.message
  const errorLine = <FieldError id={ids.err}>{errorText}</FieldError>

  if (view?.step === 'otp' && view.attemptsLeft === 0) {
    // Nothing more can be sent: the server has blocked the account (Mithril's rule).
    return (
      <div
        className="inline-form mithril-panel"
        role="group"
        aria-label={`Sign in to ${server.name}`}
      >
        <FieldError>
          {error?.message ??
            'Your account is blocked after three wrong codes. Only an administrator can unblock it.'}
        </FieldError>
        <p className="small">Tessera sends no more codes for this account until it is unblocked.</p>
        <button
          type="button"
          className="ghost"
          onClick={() => {
            void store().cancel(id)
            onClose()
          }}
        >
          Close
        </button>
      </div>
    )
  }

  if (view?.step === 'otp') {
    const toPhone = view.purpose === 'phone'
    return (
      <div
        className="inline-form mithril-panel"
        role="group"
        aria-label={`Sign in to ${server.name}`}
      >
        <form onSubmit={onCode} noValidate>
          <p>
            {toPhone
              ? 'A code was sent by SMS to the new phone. Type it to confirm the number.'
              : 'A code was sent by SMS to your phone. Type it to sign in.'}
          </p>
          <p
            id={ids.left}
            className={view.attemptsLeft < 3 ? 'warning-text attempts' : 'muted small attempts'}
            role="status"
          >
            {view.attemptsMessage ??
              `${view.attemptsLeft} attempts before the server blocks your account; wrong codes count.`}
          </p>
          <label htmlFor={ids.code}>SMS code</label>
          <div className="inline-row">
            <input
              id={ids.code}
              className="sms-code"
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={9}
              value={code}
              onChange={(ev) => setCode(ev.target.value)}
              aria-invalid={error?.details?.reason === 'malformed-code' ? true : undefined}
              aria-describedby={`${ids.left}${error ? ` ${ids.err}` : ''}`}
              disabled={busy || confirming}
              autoFocus
            />
            <button type="submit" className="primary" disabled={busy || confirming}>
              {toPhone ? 'Confirm phone' : 'Sign in'}
            </button>
            {!toPhone && (
              <button
                type="button"
                className="ghost"
                disabled={busy || resendIn > 0}
                onClick={() => void store().resend(id)}
              >
                {resendIn > 0 ? `New code in ${resendIn} s` : 'Send a new code'}
              </button>
            )}
            <button
              type="button"
              className="ghost"
              disabled={busy}
              onClick={() => {
                void store().cancel(id)
                onClose()
              }}
            >
              Cancel
            </button>
          </div>
        </form>
        {confirming && (
          <div className="confirm-last" role="alertdialog" aria-labelledby={`${ids.code}-last`}>
            <p id={`${ids.code}-last`} className="warning-text">
              This is your last attempt. If this code is wrong, the server blocks your account until
              an administrator unblocks it. Check the SMS before you send it.
            </p>
            <div className="inline-row">
              <button type="button" className="danger" autoFocus onClick={() => send(true)}>
                Send my last attempt
              </button>
              <button type="button" className="ghost" onClick={() => setConfirming(false)}>
                Check the SMS again
              </button>
            </div>
          </div>
        )}
        {errorLine}
      </div>
    )
  }

  if (e?.finished && !error) {
    return (
      <div className="inline-form">
        <p className="ok-text" role="status">
          {e.finished === 'phone'
            ? `The new phone is set, and you are signed in to ${server.name}.`
            : `Signed in to ${server.name}. The sign-in is kept in Tessera’s encrypted vault.`}
        </p>
        <button
          type="button"
          className="ghost"
          onClick={() => {
            store().clear(id)
            onClose()
          }}
        >
          Close
        </button>
      </div>
    )
  }

  if (view?.step === 'factor' || (start === 'phone' && !view)) {
    const first = view?.step === 'factor'
    return (
      <InlineEntry
        onSubmit={onPhone}
        intro={
          <p>
            {first
              ? `${server.name} has no phone for your account yet. Set the phone the codes go to.`
              : 'The new phone gets a code to confirm it. Until then, you are signed out of this server.'}
          </p>
        }
        label={first ? 'Phone number' : 'New phone number'}
        input={{
          id: ids.phone,
          type: 'tel',
          autoComplete: 'tel',
          placeholder: '+380501234567',
          value: phone,
          onChange: (ev) => setPhone(ev.target.value)
        }}
        submitLabel="Send code"
        busy={busy}
        errorId={error ? ids.err : undefined}
        onCancel={() => {
          if (first) void store().cancel(id)
          onClose()
        }}
      >
        {errorLine}
      </InlineEntry>
    )
  }

  if (start === 'sign-in' || view?.step === 'restart' || error) {
    return (
      <InlineEntry
        onSubmit={onSignIn}
        intro={view?.step === 'restart' && <p>The sign-in expired. Sign in again.</p>}
        label={`Password for ${server.mithril?.email ?? 'your account'} on ${server.name}`}
        input={{
          id: ids.pw,
          type: 'password',
          autoComplete: 'current-password',
          value: password,
          onChange: (ev) => setPassword(ev.target.value)
        }}
        submitLabel="Send SMS code"
        busy={busy}
        errorId={error ? ids.err : undefined}
        onCancel={() => {
          store().clear(id)
          onClose()
        }}
      >
        <p className="hint">The password goes to the server once; Tessera never stores it.</p>
        {errorLine}
      </InlineEntry>
    )
  }
  return null
}

/** One field with its Send and Cancel buttons on a row: the phone and the password steps. */
function InlineEntry({
  onSubmit,
  intro,
  label,
  input,
  submitLabel,
  busy,
  errorId,
  onCancel,
  children
}: {
  onSubmit(ev: FormEvent<HTMLFormElement>): void
  intro: ReactNode
  label: string
  input: InputHTMLAttributes<HTMLInputElement> & { id: string }
  submitLabel: string
  busy: boolean
  errorId: string | undefined
  onCancel(): void
  children: ReactNode
}) {
  return (
    <form className="inline-form" onSubmit={onSubmit} noValidate>
      {intro}
      <label htmlFor={input.id}>{label}</label>
      <div className="inline-row">
        <input {...input} aria-describedby={errorId} disabled={busy} autoFocus />
        <button type="submit" className="primary" disabled={busy}>
          {submitLabel}
        </button>
        <button type="button" className="ghost" disabled={busy} onClick={onCancel}>
          Cancel
        </button>
      </div>
      {children}
    </form>
  )
}
