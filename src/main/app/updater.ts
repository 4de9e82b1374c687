/**
 * The in-app updater (electron-updater) for the install kinds that update themselves: NSIS,
 * macOS dmg/zip, AppImage. What to do comes from planUpdates (src/main/core/update): the install
 * kind and the UpdateMode policy. electron-updater refuses a download whose sha512 or size does
 * not match the signed-off release metadata (and, on Windows, an installer not signed by the
 * same publisher); the running version then simply keeps running. Downloads go to the OS cache
 * folder, never to the data folder.
 */
import { existsSync, readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { type App, Notification } from 'electron'
import electronUpdater, { type AppUpdater } from 'electron-updater'
import { ElectronHttpExecutor } from 'electron-updater/out/electronHttpExecutor.js'
import {
  detectInstallKind,
  osCacheDir,
  planUpdates,
  UPDATE_CHECK_INTERVAL_MS,
  updaterAppAdapter,
  type InstallKind,
  type UpdateMode,
  type UpdatePlan
} from '../core/update'

/** What the app's main process hands the updater. */
export interface UpdaterPorts {
  app: App
  /** The UpdateMode in force (the policy snapshot once issue 11 lands; 'auto' until then). */
  mode: () => UpdateMode
  log?: (line: string) => void
}

/**
 * The platform's updater, built with Tessera's adapter (its state lives in the OS cache, not in
 * the data folder) and electron-updater's own HTTP client over Electron's net module.
 */
function createUpdater(app: App, kind: InstallKind): AppUpdater | undefined {
  const adapter = updaterAppAdapter(app, {
    resourcesPath: process.resourcesPath,
    cacheDir: osCacheDir(process.platform, process.env, homedir())
  })
  const { NsisUpdater, MacUpdater, AppImageUpdater } = electronUpdater
  const updater =
    kind === 'nsis'
      ? new NsisUpdater(undefined, adapter)
      : kind === 'mac'
        ? new MacUpdater(undefined, adapter)
        : kind === 'appimage'
          ? new AppImageUpdater(undefined, adapter)
          : undefined
  if (!updater) return undefined
  // Passing an adapter leaves the HTTP client unset; the provider is created on the first check
  // (from app-update.yml) and takes this one.
  const executor = new ElectronHttpExecutor((authInfo, callback) =>
    updater.emit('login', authInfo, callback)
  )
  ;(updater as unknown as { httpExecutor: ElectronHttpExecutor }).httpExecutor = executor
  return updater
}

/** Tells the user something about an update, with an optional action on click. */
function notify(title: string, body: string, onClick?: () => void): void {
  if (!Notification.isSupported()) return
  const n = new Notification({ title, body, silent: true })
  if (onClick) n.on('click', onClick)
  n.show()
}

/**
 * Starts checking for updates when this install kind and mode allow it. Returns the plan (for
 * logs and an About box) and a stop function.
 */
export function startUpdater(ports: UpdaterPorts): {
  kind: InstallKind
  plan: UpdatePlan
  stop: () => void
} {
  const log = ports.log ?? (() => undefined)
  const kind = detectInstallKind({
    platform: process.platform,
    isPackaged: ports.app.isPackaged,
    exePath: process.execPath,
    resourcesPath: process.resourcesPath,
    env: process.env,
    exists: existsSync,
    readText: (p) => {
      try {
        return readFileSync(p, 'utf8')
      } catch {
        return undefined
      }
    }
  })
  const plan = planUpdates(kind, ports.mode())
  log(`updates (${kind}): ${plan.reason}`)
  if (!plan.check) return { kind, plan, stop: () => undefined }

  const autoUpdater = createUpdater(ports.app, kind)
  if (!autoUpdater) return { kind, plan, stop: () => undefined }
  autoUpdater.autoDownload = plan.autoDownload
  autoUpdater.autoInstallOnAppQuit = plan.installOnQuit
  autoUpdater.allowDowngrade = false
  autoUpdater.allowPrerelease = false
  autoUpdater.logger = { info: log, warn: log, error: log, debug: () => undefined }

  autoUpdater.on('update-available', (info) => {
    if (plan.autoDownload) return
    notify(
      `Tessera ${info.version} is available`,
      'Click to download it. It installs when you quit Tessera; your accounts stay as they are.',
      () => void autoUpdater.downloadUpdate().catch((e: unknown) => log(`download: ${String(e)}`))
    )
  })
  autoUpdater.on('update-downloaded', (info) => {
    notify(
      `Tessera ${info.version} is ready`,
      'It installs when you quit Tessera. Click to restart now.',
      () => autoUpdater.quitAndInstall()
    )
  })
  // A failed or refused update (bad checksum, wrong signature, no network) leaves the running
  // version as it is; it is logged, and the next check tries again.
  autoUpdater.on('error', (e) =>
    log(`update failed, keeping ${ports.app.getVersion()}: ${e.message}`)
  )

  const check = (): void => {
    if (ports.mode() === 'none') return // the policy changed while running
    autoUpdater.checkForUpdates().catch((e: unknown) => log(`update check: ${String(e)}`))
  }
  check()
  const timer = setInterval(check, UPDATE_CHECK_INTERVAL_MS)
  timer.unref()
  return { kind, plan, stop: () => clearInterval(timer) }
}
