/**
 * Lock-downs applied to every session and every web contents. Only Electron's types are imported,
 * so unit tests drive these with fakes.
 */
import type { Session, WebContents } from 'electron'

/** Every permission request and check is refused (camera, notifications, clipboard, HID, ...). */
export function denyAllPermissions(ses: Session): void {
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  ses.setPermissionCheckHandler(() => false)
  ses.setDevicePermissionHandler(() => false)
}

/**
 * The page may not navigate away, open windows, or embed webviews. Tessera's UI is one page;
 * links to the outside world would go through an explicit, checked main-process call.
 */
export function lockDownContents(contents: WebContents): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }))
  contents.on('will-navigate', (event) => event.preventDefault())
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame) event.preventDefault()
  })
  contents.on('will-redirect', (event) => event.preventDefault())
  contents.on('will-attach-webview', (event) => event.preventDefault())
}
