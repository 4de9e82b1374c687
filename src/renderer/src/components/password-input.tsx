import { useId, useState, type InputHTMLAttributes, type KeyboardEvent, type Ref } from 'react'

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, 'type'> & {
  inputRef?: Ref<HTMLInputElement>
}

/**
 * A password field with a Show/Hide toggle and a Caps Lock warning. The toggle is a real button
 * (aria-pressed, reachable with Tab) that never takes the typed text anywhere; the warning is
 * read from the key events the field itself receives, so it appears as soon as the user types
 * with Caps Lock on and goes away when it is released.
 */
export function PasswordInput({ inputRef, onKeyDown, onKeyUp, onBlur, ...props }: Props) {
  const [shown, setShown] = useState(false)
  const [capsLock, setCapsLock] = useState(false)
  const capsId = useId()
  const readCaps = (e: KeyboardEvent<HTMLInputElement>): void => {
    // getModifierState is missing on synthetic events some tools send: treat that as "off".
    setCapsLock(typeof e.getModifierState === 'function' && e.getModifierState('CapsLock'))
  }
  const describedBy = [props['aria-describedby'], capsLock ? capsId : undefined]
    .filter(Boolean)
    .join(' ')
  return (
    <>
      <div className="password-input">
        <input
          {...props}
          ref={inputRef}
          type={shown ? 'text' : 'password'}
          spellCheck={false}
          autoCapitalize="off"
          aria-describedby={describedBy || undefined}
          onKeyDown={(e) => {
            readCaps(e)
            onKeyDown?.(e)
          }}
          onKeyUp={(e) => {
            readCaps(e)
            onKeyUp?.(e)
          }}
          onBlur={(e) => {
            setCapsLock(false)
            onBlur?.(e)
          }}
        />
        <button
          type="button"
          className="password-toggle"
          aria-pressed={shown}
          aria-label={shown ? 'Hide password' : 'Show password'}
          title={shown ? 'Hide password' : 'Show password'}
          onClick={() => setShown((s) => !s)}
        >
          {shown ? 'Hide' : 'Show'}
        </button>
      </div>
      {capsLock ? (
        <p id={capsId} className="hint caps-warning" role="status">
          Caps Lock is on.
        </p>
      ) : null}
    </>
  )
}
