/**
 * Settings › On the desktop: the Quick copy shortcut (recorded from a key press, with the
 * system's answer shown as it is: taken by another app, not a valid shortcut, changed), start at
 * login, start hidden in the tray, and close to tray. Main asks the OS first and saves only what
 * it accepted, so what this section shows is what is in force. Stored for this computer only.
 */
import { useEffect, useId, useState, type KeyboardEvent } from 'react'
import {
  acceleratorFromKeyPress,
  DEFAULT_QUICK_COPY_SHORTCUT,
  formatAccelerator
} from '../../../../shared/accelerator'
import type { DesktopSettingsView } from '../../../../shared/ipc/desktop'
import { api } from '../../api'
import { FieldError } from '../../components/field-error'
import { CheckRow } from '../../components/form-rows'
import { currentPlatform } from '../../shell/platform'
import './desktop.css'

const REFUSED = new Set(['taken', 'invalid', 'unavailable'])

export function DesktopSettings() {
  const [view, setView] = useState<DesktopSettingsView | null>(null)
  const [recording, setRecording] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const id = { h: useId(), shortcut: useId(), msg: useId(), hidden: useId() }
  const platform = currentPlatform()

  useEffect(() => {
    void api()
      .desktop.settings()
      .then((r) => {
        if (r.ok) setView(r.value)
      })
  }, [])

  if (!view) return null

  const answer = async (
    run: () => ReturnType<ReturnType<typeof api>['desktop']['settings']>
  ): Promise<void> => {
    const r = await run()
    if (r.ok) {
      setView(r.value)
      setError(null)
    } else setError(r.error.message)
  }
  const setShortcut = (accelerator: string | null): Promise<void> =>
    answer(() => api().desktop.setShortcut({ accelerator }))

  const onRecordKey = (e: KeyboardEvent<HTMLButtonElement>): void => {
    if (!recording) return
    if (e.key === 'Tab') return
    e.preventDefault()
    e.stopPropagation()
    if (e.key === 'Escape' && !e.ctrlKey && !e.metaKey && !e.altKey && !e.shiftKey) {
      setRecording(false)
      return
    }
    const accelerator = acceleratorFromKeyPress(e, platform)
    if (accelerator === null) return
    setRecording(false)
    void setShortcut(accelerator)
  }

  const shortcut = view.shortcut
  const refused = shortcut !== null && REFUSED.has(shortcut.status)
  const saved = view.quickCopyShortcut

  return (
    <section className="card desktop-settings" aria-labelledby={id.h}>
      <h2 id={id.h}>On the desktop</h2>
      <div className="field">
        <span className="shortcut-label" id={id.shortcut}>
          Quick copy shortcut
        </span>
        <div className="desktop-shortcut-buttons">
          <button
            type="button"
            className={recording ? 'secondary recording' : 'secondary'}
            aria-labelledby={`${id.shortcut} ${id.shortcut}-keys`}
            aria-describedby={id.msg}
            aria-pressed={recording}
            onClick={() => setRecording((r) => !r)}
            onKeyDown={onRecordKey}
            onBlur={() => setRecording(false)}
          >
            <span id={`${id.shortcut}-keys`}>
              {recording
                ? 'Press the new shortcut… (Esc cancels)'
                : saved
                  ? formatAccelerator(saved, platform)
                  : 'None'}
            </span>
          </button>
          {saved !== DEFAULT_QUICK_COPY_SHORTCUT ? (
            <button
              type="button"
              className="secondary"
              onClick={() => void setShortcut(DEFAULT_QUICK_COPY_SHORTCUT)}
            >
              Use {formatAccelerator(DEFAULT_QUICK_COPY_SHORTCUT, platform)}
            </button>
          ) : null}
          {saved !== null ? (
            <button type="button" className="secondary" onClick={() => void setShortcut(null)}>
              Turn off
            </button>
          ) : null}
        </div>
        {refused ? (
          <FieldError id={id.msg}>{shortcut.message}</FieldError>
        ) : (
          <p className="hint" id={id.msg} role="status">
            {shortcut?.message ?? 'Click the shortcut, then press the keys you want.'}
          </p>
        )}
      </div>
      <CheckRow
        label="Start Tessera when I log in"
        checked={view.startAtLogin}
        onChange={(on) => void answer(() => api().desktop.update({ startAtLogin: on }))}
      />
      <CheckRow
        id={id.hidden}
        label="Start hidden in the tray"
        checked={view.startHidden}
        disabled={!view.startAtLogin}
        onChange={(on) => void answer(() => api().desktop.update({ startHidden: on }))}
      />
      <CheckRow
        label="Closing the window keeps Tessera running in the tray"
        checked={view.closeToTray}
        onChange={(on) => void answer(() => api().desktop.update({ closeToTray: on }))}
      />
      <FieldError>{error}</FieldError>
    </section>
  )
}
