/**
 * Tessera's main process: hardens the app, serves the renderer over app://, composes services
 * and handlers once (./compose.ts) over Electron's objects as ports, registers the IPC dispatcher
 * and opens the main window.
 */
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  app,
  BrowserWindow,
  clipboard,
  desktopCapturer,
  dialog,
  globalShortcut,
  ipcMain,
  Menu,
  nativeImage,
  nativeTheme,
  powerMonitor,
  protocol,
  screen,
  session,
  Tray
} from 'electron'
import { APP_DIR_NAME, resolveDataDir } from './core/paths'
import { OsKeychain } from './core/keychain'
import { Vault } from './core/vault'
import { lockOnSuspend } from './app/power'
import { createAutoClearingClipboard } from './app/clipboard'
import { manageContentProtection } from './app/content-protection'
import { createContentsEmitter, registerIpc } from './app/ipc'
import {
  createMainWindow,
  registerAppProtocol,
  trustedOrigins,
  type AppPaths
} from './app/main-window'
import { APP_SCHEME_PRIVILEGES } from './app/protocol'
import { denyAllPermissions, lockDownContents } from './app/security'
import { createElectronDialogs } from './app/dialogs'
import {
  createClipboardImageReader,
  createImageOpenDialog,
  createScreenCapturer,
  withoutWindow
} from './app/capture'
import { createWorkerQrDecoder } from './core/qr'
import { createOffThreadImport } from './core/import/off-thread'
import importWorkerPath from './core/import/off-thread-worker?modulePath'
import { createOffThreadImageDecoder } from './core/image/off-thread'
import imageWorkerPath from './core/image/worker?modulePath'
import { createDialogSaveFile } from './app/save-file'
import { createQuickCopyWindow } from './app/quick-copy-window'
import { listenForLinks, registerLinkSchemes } from './app/links'
import { startUpdater } from './app/updater'
import { createPolicyService } from './core/policy/platform'
import { effectiveLockOnSuspend } from './core/policy'
import { composeMain } from './compose'
import { createAppMenu, type AppMenu } from './app/menus'
import { createCommandRunner } from './app/commands'
import { createElectronDesktop } from './app/desktop'
import { createAppTray, type AppTray } from './app/tray'
import { parseLaunchArgs } from './core/desktop/links'
import type { DesktopPlatform } from '../shared/accelerator'
import type { VaultState } from '../shared/ipc/vault'
import type { WindowCommandRequest } from '../shared/ipc/desktop'

const here = dirname(fileURLToPath(import.meta.url))
const devServerUrl = !app.isPackaged ? process.env['ELECTRON_RENDERER_URL'] : undefined
const paths: AppPaths = {
  rendererDir: join(here, '../renderer'),
  preloadPath: join(here, '../preload/index.cjs'),
  ...(devServerUrl ? { devServerUrl } : {})
}

// Must happen before `ready`.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES])
app.enableSandbox()

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  let mainWindow: BrowserWindow | null = null

  // The encrypted vault, in the data folder the CLI uses too (TESSERA_DATA_DIR overrides both).
  const dataDir = resolveDataDir({ userData: join(app.getPath('appData'), APP_DIR_NAME) })
  app.setPath('userData', dataDir)
  const vault = new Vault({ dataDir, keychain: new OsKeychain() })
  const quickCopy = createQuickCopyWindow(paths)
  // Managed policies: read before any IPC is answered (so before the vault can be unlocked),
  // then kept current (the policy file's folder watched, every source re-read on a timer and
  // when the window gains focus).
  const policies = createPolicyService()
  const policiesLoaded = policies.load().then(
    () => policies.start(),
    (err: unknown) => {
      // load() never rejects by contract; if it did, the defaults stay and the app says nothing
      // is managed, which `tessera policy` would show too.
      console.error(
        `[tessera] reading policies failed with ${err instanceof Error ? err.name : typeof err}`
      )
      policies.start()
    }
  )
  app.on('browser-window-focus', () => policies.noteFocus())
  app.on('before-quit', () => policies.stop())
  const clip = createAutoClearingClipboard(clipboard)
  const platform = process.platform as DesktopPlatform
  // The Quick copy shortcut (registered once ready) and the login item.
  const desktop = createElectronDesktop({
    app,
    globalShortcut,
    platform,
    onPressed: () => quickCopy.show()
  })
  app.on('will-quit', () => desktop.release())
  let quitting = false
  app.on('before-quit', () => void (quitting = true))
  app.on('before-quit', () => void clip.clearNow())
  const main = composeMain({
    vault,
    dataDir,
    ports: {
      emit: createContentsEmitter(() => [mainWindow?.webContents ?? null, quickCopy.contents()]),
      clipboard: clip,
      fileDialogs: createElectronDialogs(dialog, () => mainWindow, { dataDir }),
      saveFile: createDialogSaveFile(dialog, () => mainWindow, { dataDir }),
      // Hide every window from screen capture (on by default), as the vault's settings say once open.
      contentProtection: manageContentProtection(app, () => BrowserWindow.getAllWindows()),
      mainWindow: { show: () => showMainWindow() },
      desktop,
      quickCopyWindow: {
        hide: () => quickCopy.hide(),
        openMain: () => {
          quickCopy.hide()
          showMainWindow()
        }
      },
      scan: {
        // Used only after `ready` (a scan is a click in the window).
        capturer: createScreenCapturer(desktopCapturer, screen),
        // Nothing found? Look again with our window hidden: it may cover the code.
        capturerWithoutWindow: withoutWindow(
          createScreenCapturer(desktopCapturer, screen),
          () => mainWindow
        ),
        displayCount: () => screen.getAllDisplays().length,
        clipboardImage: createClipboardImageReader(clipboard),
        openImage: createImageOpenDialog(dialog, () => mainWindow)
      }
    },
    services: {
      // Backups are read in a worker thread: Ente's Argon2id would otherwise freeze main for seconds.
      readImport: createOffThreadImport({ workerUrl: importWorkerPath }),
      // One worker thread per display (out/main/worker.js), ended after the scan. Captures are
      // handed over without a copy (toBitmap's buffers are ours alone); decoded files are
      // copied, since a small one may share Node's Buffer pool.
      qrDecoder: (purpose) => createWorkerQrDecoder({ transfer: purpose === 'screens' }),
      // Image files are decoded in a worker thread with a time limit (a hostile JPEG would
      // otherwise block main: no auto-lock, no clipboard clearing).
      imageDecoder: createOffThreadImageDecoder({ workerUrl: imageWorkerPath }),
      policies
    }
  })

  app.on('web-contents-created', (_event, contents) => lockDownContents(contents))

  const openMainWindow = (): void => {
    mainWindow = createMainWindow(paths)
    // Close to tray (a setting): the window hides and Tessera stays in the tray.
    mainWindow.on('close', (event) => {
      if (quitting || !tray || !main.services.device.get().closeToTray) return
      event.preventDefault()
      mainWindow?.hide()
    })
    mainWindow.on('closed', () => {
      mainWindow = null
      // A hidden Quick copy window must not keep the app running once its window is closed.
      quickCopy.destroy()
    })
  }

  /** Brings the main window forward (opening it again if it was closed). */
  function showMainWindow(): void {
    if (!app.isReady()) return
    if (!mainWindow) {
      openMainWindow()
      return
    }
    if (mainWindow.isMinimized()) mainWindow.restore()
    mainWindow.show()
    mainWindow.focus()
  }

  // Menu and tray commands. The window's reach its page as `desktop:command`; a window opened
  // for one gets it once its page has loaded (the page listens from its first script).
  const emitToMain = createContentsEmitter(() => mainWindow?.webContents ?? null)
  const toWindow = (command: WindowCommandRequest): void => {
    showMainWindow()
    const contents = mainWindow?.webContents
    if (!contents) return
    const send = (): void => emitToMain('desktop:command', { command })
    if (contents.isLoading()) contents.once('did-finish-load', send)
    else send()
  }
  const runCommand = createCommandRunner({
    toWindow,
    showMain: () => showMainWindow(),
    showQuickCopy: () => quickCopy.show(),
    lock: () => vault.lock('user'),
    quit: () => app.quit()
  })
  let vaultState: VaultState = 'locked'
  let appMenu: AppMenu | null = null
  let tray: AppTray | null = null
  const desktopState = () => ({
    vault: vaultState,
    // The shortcut in force, which is the saved one unless the system refused it.
    quickCopyShortcut: desktop.shortcutOutcome()?.accelerator ?? null,
    exportAllowed: policies.values.ExportMode !== 'disabled'
  })
  const refreshMenus = (): void => {
    appMenu?.update(desktopState())
    tray?.update(desktopState())
  }
  vault.onEvent((e) => {
    if (e.type === 'unlocked') vaultState = 'unlocked'
    else if (e.type === 'locked') vaultState = 'locked'
    else return
    refreshMenus()
  })
  main.services.device.onChange(() => refreshMenus())
  policies.onChange(() => refreshMenus())

  // otpauth links: this launch's own, a second launch's (Windows, Linux), open-url (macOS). Each
  // becomes a scan held for review in the main window; nothing is added without the user.
  listenForLinks(app, {
    receive: (links, dropped) => main.services.links.receive(links, dropped),
    showMain: () => showMainWindow()
  })

  void Promise.all([app.whenReady(), policiesLoaded]).then(() => {
    denyAllPermissions(session.defaultSession)
    registerAppProtocol(paths)
    const origins = trustedOrigins(paths)
    registerIpc(ipcMain, main.dispatch, () => origins)
    registerLinkSchemes(app)
    lockOnSuspend(powerMonitor, vault, (chosen) => effectiveLockOnSuspend(chosen, policies.values))
    desktop.applyShortcut(main.services.device.get().quickCopyShortcut)
    void vault.status().then((status) => {
      vaultState = status.state
      appMenu = createAppMenu(Menu, { platform, ...desktopState() }, runCommand)
      tray = createAppTray(
        {
          Tray,
          Menu,
          image: (path) => nativeImage.createFromPath(path),
          platform,
          iconDir: app.isPackaged
            ? join(process.resourcesPath, 'tray')
            : join(app.getAppPath(), 'resources/tray'),
          darkTaskbar: () => nativeTheme.shouldUseDarkColors
        },
        desktopState(),
        runCommand
      )
      nativeTheme.on('updated', () => tray?.themeChanged())
    })
    // Started at login with "start hidden in the tray": only the tray icon until asked.
    const hidden = parseLaunchArgs(process.argv).hidden && main.services.device.get().startHidden
    if (!hidden) openMainWindow()
    // Self-updating installs only (NSIS, dmg/zip, AppImage). The mode is read at each check, so
    // an UpdateMode changed while running applies to the next one.
    startUpdater({ app, mode: () => policies.values.UpdateMode, log: (line) => console.log(line) })
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) openMainWindow()
    })
  })

  app.on('before-quit', () => vault.lock('user'))

  app.on('window-all-closed', () => {
    // With close to tray on, the tray keeps Tessera running.
    if (tray && main.services.device.get().closeToTray) return
    if (process.platform !== 'darwin') app.quit()
  })
}
