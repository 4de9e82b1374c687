/** Settings: locking, the clipboard, the look, and screen capture. Each change saves at once. */
import { useEffect, useId, useState } from 'react'
import { THEMES, type Theme } from '../../../../shared/ipc/settings'
import { useSettingsStore } from '../../stores/settings'
import { VaultSecurity } from '../vault/vault-security'
import { ClockSettings } from './clock-settings'
import { FieldError } from '../../components/field-error'

const AUTO_LOCK = [0, 1, 2, 5, 10, 15, 30, 60, 120]
const CLEAR_AFTER = [0, 10, 20, 30, 45, 60, 90, 120]
const THEME_LABEL: Record<Theme, string> = {
  system: 'Match the system',
  light: 'Light',
  dark: 'Dark'
}

const minutes = (m: number): string =>
  m === 0 ? 'Never' : m === 1 ? 'After 1 minute' : `After ${m} minutes`
const seconds = (s: number): string => (s === 0 ? 'Never' : `After ${s} seconds`)

/** The options, plus the current value when it is not one of them (set elsewhere, e.g. by IT). */
const withCurrent = (options: number[], current: number): number[] =>
  options.includes(current) ? options : [...options, current].sort((a, b) => a - b)

export function SettingsScreen() {
  const { app, vault, loaded } = useSettingsStore()
  const updateApp = useSettingsStore((s) => s.updateApp)
  const updateVault = useSettingsStore((s) => s.updateVault)
  const [status, setStatus] = useState('')
  const [error, setError] = useState<string | null>(null)
  const id = { lock: useId(), suspend: useId(), clear: useId(), capture: useId(), err: useId() }

  useEffect(() => {
    void useSettingsStore.getState().load()
  }, [])

  const save = async (run: () => Promise<{ message: string } | null>): Promise<void> => {
    setStatus('')
    const err = await run()
    if (err) {
      setError(err.message)
      return
    }
    setError(null)
    setStatus('Saved.')
  }

  if (!loaded) {
    return (
      <p className="muted screen" role="status">
        Loading settings…
      </p>
    )
  }

  return (
    <div className="screen settings-screen">
      <FieldError id={id.err}>{error}</FieldError>

      <section className="card" aria-labelledby={`${id.lock}-h`}>
        <h2 id={`${id.lock}-h`}>Locking</h2>
        {vault ? (
          <>
            <div className="field">
              <label htmlFor={id.lock}>Lock Tessera when idle</label>
              <select
                id={id.lock}
                value={vault.autoLockMinutes}
                onChange={(e) =>
                  void save(() => updateVault({ autoLockMinutes: Number(e.target.value) }))
                }
              >
                {withCurrent(AUTO_LOCK, vault.autoLockMinutes).map((m) => (
                  <option key={m} value={m}>
                    {minutes(m)}
                  </option>
                ))}
              </select>
            </div>
            <div className="check">
              <input
                id={id.suspend}
                type="checkbox"
                checked={vault.lockOnSuspend}
                onChange={(e) => void save(() => updateVault({ lockOnSuspend: e.target.checked }))}
              />
              <label htmlFor={id.suspend}>Lock when the computer locks its screen or sleeps</label>
            </div>
          </>
        ) : (
          <p className="muted">Locking options appear once the vault is set up and unlocked.</p>
        )}
      </section>

      {vault ? <VaultSecurity /> : null}

      <section className="card" aria-labelledby={`${id.clear}-h`}>
        <h2 id={`${id.clear}-h`}>Clipboard</h2>
        <div className="field">
          <label htmlFor={id.clear}>Clear a copied code from the clipboard</label>
          <select
            id={id.clear}
            value={app.clipboardClearSeconds}
            onChange={(e) =>
              void save(() => updateApp({ clipboardClearSeconds: Number(e.target.value) }))
            }
          >
            {withCurrent(CLEAR_AFTER, app.clipboardClearSeconds).map((s) => (
              <option key={s} value={s}>
                {seconds(s)}
              </option>
            ))}
          </select>
          <p className="hint">
            Only if it still holds the code; locking and quitting Tessera clear it too.
          </p>
        </div>
      </section>

      <section className="card" aria-labelledby={`${id.capture}-h`}>
        <h2 id={`${id.capture}-h`}>Appearance and privacy</h2>
        <fieldset className="radios">
          <legend>Theme</legend>
          {THEMES.map((t) => (
            <label key={t} className="radio">
              <input
                type="radio"
                name="theme"
                value={t}
                checked={app.theme === t}
                onChange={() => void save(() => updateApp({ theme: t }))}
              />
              {THEME_LABEL[t]}
            </label>
          ))}
        </fieldset>
        <div className="check">
          <input
            id={id.capture}
            type="checkbox"
            checked={app.hideFromCapture}
            onChange={(e) => void save(() => updateApp({ hideFromCapture: e.target.checked }))}
          />
          <label htmlFor={id.capture}>Hide the window from screenshots and screen sharing</label>
        </div>
      </section>
      <ClockSettings />
      <p className="visually-hidden" role="status">
        {status}
      </p>
    </div>
  )
}
