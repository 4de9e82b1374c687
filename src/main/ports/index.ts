/**
 * The ports: what only the Electron shell can do, declared here, below both the shell
 * (src/main/app/, which implements them on Electron's objects) and the handlers (which call
 * them). The e2e harness and the unit tests implement the same interfaces with recorders
 * (test/helpers/compose.ts, test/e2e/harness/fixtures.ts). Nothing here imports electron.
 *
 * Adding a port: declare its interface here, add it to `ShellPorts` in src/main/compose.ts,
 * implement it in src/main/app/ and pass it in src/main/index.ts, and give both doubles one.
 */
import type { ScreenCapturer } from '../core/qr'
import type { ShortcutOutcome } from '../core/desktop/shortcut'
import type { LoginItemWish } from '../core/desktop/login-item'

/** Where copied codes go: Electron's clipboard (auto-cleared), or a recorder under test. */
export interface ClipboardPort {
  /**
   * Writes the text and clears it after `clearAfterMs` (null or 0: never; omitted: the port's
   * default); returns after how many ms it will be cleared again (null: never).
   */
  copy(text: string, clearAfterMs?: number | null): Promise<{ clearsAfterMs: number | null }>
  /** Clears the clipboard now if it still holds the last code Tessera copied (on lock, quit). */
  clearNow(): Promise<void>
}

/** A file the user chose in the system's open dialog. */
export interface PickedFile {
  /** The file's name without its folder. */
  name: string
  bytes: Uint8Array
}

/**
 * The system's file dialogs of the import and export screens (Electron's in the app, a recorder
 * under test). Main reads and writes the files, so a backup or an export never passes through
 * the page.
 */
export interface FileDialogs {
  /** Asks for a backup file and reads it; null when the user cancelled. */
  openBackup(): Promise<PickedFile | null>
  /**
   * Asks for a list of user names (a Barycenter rollout: text or CSV) and reads it, refusing one
   * over 32 MB by its size; null when the user cancelled.
   */
  openUsersList(): Promise<PickedFile | null>
  /**
   * Asks where to save an export and writes `content` there, readable by the user only; returns
   * the path, or null when the user cancelled.
   */
  saveExport(request: {
    title: string
    suggestedName: string
    content: string
  }): Promise<string | null>
}

/** Where an exported audit log goes: Electron's save dialog, or a recorder under test. */
export interface SaveFilePort {
  /** Asks where to save `content` (suggesting `defaultName`) and writes it; null: cancelled. */
  save(opts: { defaultName: string; content: string }): Promise<{ path: string } | null>
}

/** An image the user chose in the system's open dialog. */
export type PickedImage = PickedFile

/** What scanning needs from the shell: the displays, the clipboard's image, the image dialog. */
export interface ScanPorts {
  /** Every display at native resolution (Electron's desktopCapturer in the app). */
  capturer: ScreenCapturer
  /**
   * The same capture with Tessera's own window out of the way (hidden, then shown again). Used
   * only when the first look found nothing: the window may cover the code, and content
   * protection shows it as a black box where it is supported. Omitted: no second look.
   */
  capturerWithoutWindow?: ScreenCapturer
  /** How many displays there are, to start one decoder thread per display. */
  displayCount: () => number
  /** The clipboard's image as PNG bytes, or null when it holds no image. */
  clipboardImage: () => Promise<Uint8Array | null>
  /** The system's open dialog for images; null when cancelled. */
  openImage: () => Promise<PickedImage | null>
}

/** Hides every window from screen capture, or shows them again (Electron's content protection). */
export interface ContentProtectionPort {
  set(enabled: boolean): void
}

/** The Quick copy window as its page may ask of it (Electron's BrowserWindow, a recorder under test). */
export interface QuickCopyWindowPort {
  /** Hides the Quick copy window (it stays loaded, for the next shortcut). */
  hide(): void
  /** Hides Quick copy and shows the main window, in front and focused. */
  openMain(): void
}

/** The main window, as main's services may ask of it (links arrived: bring it forward). */
export interface MainWindowPort {
  /** Shows the main window (opening it again if it was closed), in front and focused. */
  show(): void
}

/**
 * The desktop's own services the settings change: Electron's globalShortcut (through the
 * ShortcutManager of core/desktop/shortcut.ts) and the OS's login items.
 */
export interface DesktopPort {
  /** Makes `accelerator` the Quick copy shortcut (null: none) and says what became of it. */
  applyShortcut(accelerator: string | null): ShortcutOutcome
  /** The last registration's outcome (at start: the saved shortcut's), or null before any. */
  shortcutOutcome(): ShortcutOutcome | null
  /**
   * Asks the OS to start Tessera at login (hidden in the tray or not), or not to.
   * @throws AppError IO when the OS refused (nothing is saved then).
   */
  applyLoginItem(wish: LoginItemWish): Promise<void>
}
