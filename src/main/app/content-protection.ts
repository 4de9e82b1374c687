/**
 * "Hide the window from screen capture": Electron's setContentProtection on every window, applied
 * when a window is created and again whenever the setting changes. Electron is injected so the
 * logic is testable without it.
 */

/** The part of a BrowserWindow this needs. */
export interface ProtectableWindow {
  setContentProtection(enable: boolean): void
  isDestroyed(): boolean
}

/** The part of Electron's `app` this needs. */
export interface WindowSource {
  on(
    event: 'browser-window-created',
    listener: (event: unknown, window: ProtectableWindow) => void
  ): unknown
}

export interface ContentProtection {
  /** Applies the setting to every window now and to each window created later. */
  set(enabled: boolean): void
  enabled(): boolean
}

/**
 * Keeps every window's content protection in line with the setting (on by default: codes should
 * not end up in a screen recording or a shared screen).
 */
export function manageContentProtection(
  app: WindowSource,
  allWindows: () => readonly ProtectableWindow[],
  initial = true
): ContentProtection {
  let enabled = initial
  const apply = (w: ProtectableWindow): void => {
    if (!w.isDestroyed()) w.setContentProtection(enabled)
  }
  app.on('browser-window-created', (_event, window) => apply(window))
  for (const w of allWindows()) apply(w)
  return {
    set(next) {
      enabled = next
      for (const w of allWindows()) apply(w)
    },
    enabled: () => enabled
  }
}
