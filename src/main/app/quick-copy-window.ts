/**
 * The Quick copy window (Electron wiring only): created once, hidden, and shown by the global
 * shortcut or the tray over whatever the user is doing. It hides itself when it loses focus, on
 * Esc and after a copy (the page asks through `quickCopy:hide`).
 */
import { app, BrowserWindow, nativeTheme, screen } from 'electron'
import type { AppPaths } from './main-window'
import { APP_ORIGIN } from './protocol'
import { quickCopyWindowOptions, QUICK_COPY_SIZE } from './web-preferences'

/** The page of the Quick copy window (a second entry of the same renderer bundle). */
export const QUICK_COPY_PAGE = 'quick-copy.html'

export interface QuickCopyWindow {
  /** Shows the window on the display under the pointer, focused on its search field. */
  show(): void
  hide(): void
  isVisible(): boolean
  /** The window's webContents, for events (null before it was first shown). */
  contents(): Electron.WebContents | null
  destroy(): void
}

export function quickCopyUrl(paths: AppPaths): string {
  const base = paths.devServerUrl ? paths.devServerUrl.replace(/\/+$/, '') : APP_ORIGIN
  return `${base}/${QUICK_COPY_PAGE}`
}

export function createQuickCopyWindow(paths: AppPaths): QuickCopyWindow {
  let window: BrowserWindow | null = null
  let loaded: Promise<void> = Promise.resolve()

  const ensure = (): BrowserWindow => {
    if (window && !window.isDestroyed()) return window
    const w = new BrowserWindow(
      quickCopyWindowOptions({
        preloadPath: paths.preloadPath,
        dark: nativeTheme.shouldUseDarkColors,
        devTools: !app.isPackaged
      })
    )
    // Clicking elsewhere puts it away, like a launcher's search box.
    w.on('blur', () => {
      if (!w.isDestroyed() && w.isVisible()) w.hide()
    })
    w.on('closed', () => {
      if (window === w) window = null
    })
    loaded = w.loadURL(quickCopyUrl(paths)).catch(() => undefined)
    window = w
    return w
  }

  const place = (w: BrowserWindow): void => {
    const display = screen.getDisplayNearestPoint(screen.getCursorScreenPoint())
    const { x, y, width, height } = display.workArea
    w.setBounds({
      x: Math.round(x + (width - QUICK_COPY_SIZE.width) / 2),
      y: Math.round(y + height / 5),
      width: QUICK_COPY_SIZE.width,
      height: QUICK_COPY_SIZE.height
    })
  }

  return {
    show() {
      const w = ensure()
      place(w)
      void loaded.then(() => {
        if (w.isDestroyed()) return
        w.show()
        w.focus()
        // Only this window hears it: the page clears its search and focuses it.
        w.webContents.send('quickCopy:shown', {})
      })
    },
    hide() {
      if (window && !window.isDestroyed() && window.isVisible()) window.hide()
    },
    isVisible: () => Boolean(window && !window.isDestroyed() && window.isVisible()),
    contents: () => (window && !window.isDestroyed() ? window.webContents : null),
    destroy() {
      if (window && !window.isDestroyed()) window.destroy()
      window = null
    }
  }
}
