/** Creates the main window and serves the renderer over app:// (Electron wiring only). */
import { readFile } from 'node:fs/promises'
import { app, BrowserWindow, nativeTheme, protocol } from 'electron'
import { originOf } from './sender'
import { APP_ENTRY_URL, APP_ORIGIN, APP_SCHEME, serveAppRequest } from './protocol'
import { mainWindowOptions } from './web-preferences'

export interface AppPaths {
  /** Built renderer (index.html and assets). */
  rendererDir: string
  /** The sandboxed preload bundle. */
  preloadPath: string
  /** Set only in development: electron-vite's dev server URL. */
  devServerUrl?: string
}

/** Origins whose top-level frame may call IPC: app://tessera, plus the dev server in development. */
export function trustedOrigins(paths: AppPaths): string[] {
  const origins = [APP_ORIGIN]
  const dev = paths.devServerUrl ? originOf(paths.devServerUrl) : null
  if (dev) origins.push(dev)
  return origins
}

/** Serves the built renderer on app://tessera/, with the CSP header on every response. */
export function registerAppProtocol(paths: AppPaths): void {
  protocol.handle(APP_SCHEME, (request) =>
    serveAppRequest(paths.rendererDir, request.url, readFile, request.method)
  )
}

export function createMainWindow(paths: AppPaths): BrowserWindow {
  const window = new BrowserWindow(
    mainWindowOptions({
      preloadPath: paths.preloadPath,
      dark: nativeTheme.shouldUseDarkColors,
      devTools: !app.isPackaged
    })
  )
  window.once('ready-to-show', () => window.show())
  void window.loadURL(paths.devServerUrl ?? APP_ENTRY_URL)
  return window
}
