/** Settings: locking, the clipboard, the look, and screen capture. Each change saves at once. */
import { useEffect, useId, useState } from 'react'
import { THEMES, type Theme } from '../../../../shared/ipc/settings'
import { useSettingsStore } from '../../stores/settings'
import { VaultSecurity } from '../vault/vault-security'
import { ClockSettings } from './clock-settings'
import { FieldError } from '../../components/field-error'
import { CheckRow, SelectRow } from '../../components/form-rows'

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
export function SettingsScreen() {
  const { app, vault, loaded } = useSettingsStore()
  const updateApp = useSettingsStore((s) => s.updateApp)
  const updateVault = useSettingsStore((s) => s.updateVault)
  const [status, setStatus] = useState('')
  const [error, setError] = useState<string | null>(null)
  const id = { lock: useId(), clear: useId(), capture: useId(), err: useId() }

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
            <SelectRow
              id={id.lock}
              label="Lock Tessera when idle"
              value={vault.autoLockMinutes}
              options={AUTO_LOCK}
              format={minutes}
              onChange={(m) => void save(() => updateVault({ autoLockMinutes: m }))}
            />
            <CheckRow
              label="Lock when the computer locks its screen or sleeps"
              checked={vault.lockOnSuspend}
              onChange={(on) => void save(() => updateVault({ lockOnSuspend: on }))}
            />
          </>
        ) : (
          <p className="muted">Locking options appear once the vault is set up and unlocked.</p>
        )}
      </section>

      {vault ? <VaultSecurity /> : null}

      <section className="card" aria-labelledby={`${id.clear}-h`}>
        <h2 id={`${id.clear}-h`}>Clipboard</h2>
        <SelectRow
          id={id.clear}
          label="Clear a copied code from the clipboard"
          value={app.clipboardClearSeconds}
          options={CLEAR_AFTER}
          format={seconds}
          hint="Only if it still holds the code; locking and quitting Tessera clear it too."
          onChange={(s) => void save(() => updateApp({ clipboardClearSeconds: s }))}
        />
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
        <CheckRow
          id={id.capture}
          label="Hide the window from screenshots and screen sharing"
          checked={app.hideFromCapture}
          onChange={(on) => void save(() => updateApp({ hideFromCapture: on }))}
        />
      </section>
      <ClockSettings />
      <p className="visually-hidden" role="status">
        {status}
      </p>
    </div>
  )
}
