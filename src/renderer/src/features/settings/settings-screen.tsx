/** Settings: locking, the clipboard, the look, and screen capture. Each change saves at once. */
import { useEffect, useId, useState } from 'react'
import { THEMES, type Theme } from '../../../../shared/ipc/settings'
import { usePolicyStore } from '../../stores/policy'
import { useSettingsStore } from '../../stores/settings'
import { ManagedNote } from '../policy/managed-note'
import { PoliciesPanel } from '../policy/policies-panel'
import { VaultSecurity } from '../vault/vault-security'
import { ClockSettings } from './clock-settings'
import { DesktopSettings } from './desktop-settings'
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

/** The options IT's ceiling allows: none looser than it (0, "never", or anything above it). */
const underCeiling = (options: number[], ceiling: number | null): number[] =>
  ceiling === null ? options : options.filter((v) => v > 0 && v <= ceiling)

export function SettingsScreen() {
  const { app, vault, loaded } = useSettingsStore()
  const updateApp = useSettingsStore((s) => s.updateApp)
  const updateVault = useSettingsStore((s) => s.updateVault)
  const [status, setStatus] = useState('')
  const [error, setError] = useState<string | null>(null)
  const id = { lock: useId(), clear: useId(), capture: useId(), err: useId() }
  const suspendNote = useId()
  const policy = usePolicyStore((s) => s.snapshot?.values)
  const lockCeiling = policy?.AutoLockMaxMinutes ?? null
  const clearCeiling = policy?.ClipboardClearMaxSeconds ?? null
  const suspendForced = policy?.LockOnScreenLock === true
  const captureForced =
    policy?.ScreenCaptureProtection === 'forceOn' || policy?.ScreenCaptureProtection === 'forceOff'
  const copyForbidden = policy?.AllowCopyToClipboard === false
  const note = (what: string) => `${what}-managed`

  useEffect(() => {
    void useSettingsStore.getState().load()
  }, [])

  // A policy change while this screen is open: main answers the settings in force again.
  const readAt = usePolicyStore((s) => s.snapshot?.readAt)
  useEffect(() => {
    if (readAt !== undefined) void useSettingsStore.getState().load()
  }, [readAt])

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
              options={underCeiling(AUTO_LOCK, lockCeiling)}
              format={minutes}
              describedBy={lockCeiling !== null ? note(id.lock) : undefined}
              onChange={(m) => void save(() => updateVault({ autoLockMinutes: m }))}
            >
              {lockCeiling !== null ? (
                <ManagedNote id={note(id.lock)}>
                  Tessera locks after at most {minutes(lockCeiling).replace('After ', '')} idle.
                </ManagedNote>
              ) : null}
            </SelectRow>
            <CheckRow
              label="Lock when the computer locks its screen or sleeps"
              checked={vault.lockOnSuspend}
              disabled={suspendForced}
              describedBy={suspendForced ? suspendNote : undefined}
              onChange={(on) => void save(() => updateVault({ lockOnSuspend: on }))}
            />
            {suspendForced ? (
              <ManagedNote id={suspendNote}>Tessera always locks with the screen.</ManagedNote>
            ) : null}
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
          options={underCeiling(CLEAR_AFTER, clearCeiling)}
          format={seconds}
          hint="Only if it still holds the code; locking and quitting Tessera clear it too."
          disabled={copyForbidden}
          describedBy={copyForbidden || clearCeiling !== null ? note(id.clear) : undefined}
          onChange={(s) => void save(() => updateApp({ clipboardClearSeconds: s }))}
        >
          {copyForbidden ? (
            <ManagedNote id={note(id.clear)}>Copying codes is turned off.</ManagedNote>
          ) : clearCeiling !== null ? (
            <ManagedNote id={note(id.clear)}>
              A copied code is cleared after at most {clearCeiling} seconds.
            </ManagedNote>
          ) : null}
        </SelectRow>
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
          disabled={captureForced}
          describedBy={captureForced ? note(id.capture) : undefined}
          onChange={(on) => void save(() => updateApp({ hideFromCapture: on }))}
        />
        {captureForced ? (
          <ManagedNote id={note(id.capture)}>
            {policy?.ScreenCaptureProtection === 'forceOn'
              ? 'The window is always hidden from screen capture.'
              : 'The window stays visible to screen capture (for remote-desktop support).'}
          </ManagedNote>
        ) : null}
      </section>
      <DesktopSettings />
      <ClockSettings />
      <PoliciesPanel />
      <p className="visually-hidden" role="status">
        {status}
      </p>
    </div>
  )
}
