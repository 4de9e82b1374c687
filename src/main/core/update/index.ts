/**
 * Whether and how Tessera updates itself, decided without Electron (the shell in
 * src/main/app/updater.ts does what this says). Only the install kinds whose files the app may
 * replace update themselves: the NSIS installers, macOS (dmg/zip), and AppImage. MSI, deb and
 * rpm belong to the OS package manager (msiexec/SCCM/Intune, apt, dnf): the app never fights
 * it. The UpdateMode policy (auto / notify / none) narrows that further. An update replaces the
 * program only; the data folder (the vault) is never part of it.
 */
import { dirname, join } from 'node:path'
import type { AppAdapter } from 'electron-updater/out/AppAdapter'
import { PRODUCT_NAME } from '../../../shared/app-identity'
import type { UpdateMode } from '../../../shared/policy'

/** How the running copy was installed. */
export type InstallKind =
  'nsis' | 'msi' | 'mac' | 'appimage' | 'deb' | 'rpm' | 'other-linux' | 'unpackaged'

/** How updates behave, as IT sets it: the UpdateMode policy's values (src/shared/policy.ts). */
export type { UpdateMode }

/** The mode an unmanaged install uses (the UpdateMode policy's default). */
export const DEFAULT_UPDATE_MODE: UpdateMode = 'auto'

/** What the shell needs to know to tell the install kinds apart. */
export interface InstallFacts {
  platform: NodeJS.Platform
  isPackaged: boolean
  /** process.execPath of the app. */
  exePath: string
  /** process.resourcesPath (where electron-builder writes app-update.yml and package-type). */
  resourcesPath: string
  env: Readonly<Record<string, string | undefined>>
  exists(path: string): boolean
  /** The file's text, or undefined when it cannot be read. */
  readText(path: string): string | undefined
}

/**
 * Tells how this copy was installed. Windows: the NSIS installers leave
 * `Uninstall Tessera.exe` beside the executable, an MSI install does not. Linux: AppImage sets
 * `APPIMAGE`; electron-builder's deb/rpm write their kind into `resources/package-type`.
 */
export function detectInstallKind(facts: InstallFacts): InstallKind {
  if (!facts.isPackaged) return 'unpackaged'
  if (facts.platform === 'win32') {
    const uninstaller = join(dirname(facts.exePath), `Uninstall ${PRODUCT_NAME}.exe`)
    return facts.exists(uninstaller) ? 'nsis' : 'msi'
  }
  if (facts.platform === 'darwin') return 'mac'
  if (facts.env['APPIMAGE']) return 'appimage'
  const kind = facts.readText(join(facts.resourcesPath, 'package-type'))?.trim()
  if (kind === 'deb' || kind === 'rpm') return kind
  return 'other-linux'
}

/** What the updater does for one install kind and mode. */
export interface UpdatePlan {
  /** Look for updates at all. */
  check: boolean
  /** Download a found update without asking (auto); otherwise the user is asked first. */
  autoDownload: boolean
  /** Install a downloaded update when the app quits. */
  installOnQuit: boolean
  /** Why, in words for the log and the About box. */
  reason: string
}

/** Who updates each install kind when Tessera does not. */
const MANAGED_BY: Partial<Record<InstallKind, string>> = {
  msi: 'Installed with the MSI: updates come from whoever deploys it (msiexec, Intune, SCCM).',
  deb: 'Installed from a .deb: the package manager updates it (apt).',
  rpm: 'Installed from an .rpm: the package manager updates it (dnf, zypper).',
  'other-linux': 'Not an AppImage, deb or rpm: update it the way it was installed.',
  unpackaged: 'Running from a source checkout: update it with git.'
}

/** The plan for this install kind under this mode. */
export function planUpdates(kind: InstallKind, mode: UpdateMode): UpdatePlan {
  const managedBy = MANAGED_BY[kind]
  if (managedBy)
    return { check: false, autoDownload: false, installOnQuit: false, reason: managedBy }
  if (mode === 'none') {
    return {
      check: false,
      autoDownload: false,
      installOnQuit: false,
      reason: 'Your organisation turned updates off (UpdateMode: none).'
    }
  }
  if (mode === 'notify') {
    return {
      check: true,
      autoDownload: false,
      installOnQuit: true,
      reason: 'Updates are announced; you decide when to download them.'
    }
  }
  return {
    check: true,
    autoDownload: true,
    installOnQuit: true,
    reason: 'Updates download by themselves and install when you quit Tessera.'
  }
}

/** How often a running app looks for updates again. */
export const UPDATE_CHECK_INTERVAL_MS = 6 * 60 * 60 * 1000

/** The cache folder electron-updater downloads into (app-update.yml's updaterCacheDirName). */
export const UPDATER_CACHE_DIR_NAME = 'tessera-updater'

/**
 * The OS cache root electron-updater uses: %LOCALAPPDATA% on Windows, ~/Library/Caches on macOS,
 * $XDG_CACHE_HOME or ~/.cache elsewhere. Never inside the data folder (see defaultDataDir).
 */
export function osCacheDir(
  platform: NodeJS.Platform,
  env: Readonly<Record<string, string | undefined>>,
  home: string
): string {
  if (platform === 'win32') return env['LOCALAPPDATA'] || join(home, 'AppData', 'Local')
  if (platform === 'darwin') return join(home, 'Library', 'Caches')
  const xdg = env['XDG_CACHE_HOME']
  return xdg && xdg.startsWith('/') ? xdg : join(home, '.cache')
}

/** The Electron app methods the updater's adapter needs (a port: core never imports electron). */
export interface UpdaterHostApp {
  getVersion(): string
  getName(): string
  readonly isPackaged: boolean
  whenReady(): Promise<unknown>
  relaunch(): void
  quit(): void
  once(event: 'quit', listener: (event: unknown, exitCode: number) => void): unknown
}

/**
 * electron-updater's AppAdapter for Tessera. It differs from electron-updater's default in one
 * place: `userDataPath`, where electron-updater creates `.updaterId` on every check, is a folder
 * in the OS cache, not Electron's userData (which is Tessera's data folder, beside the vault).
 * An update check must never write there.
 */
export function updaterAppAdapter(
  app: UpdaterHostApp,
  paths: { resourcesPath: string; cacheDir: string }
): AppAdapter {
  return {
    get version() {
      return app.getVersion()
    },
    get name() {
      return app.getName()
    },
    get isPackaged() {
      return app.isPackaged
    },
    appUpdateConfigPath: join(paths.resourcesPath, 'app-update.yml'),
    userDataPath: join(paths.cacheDir, UPDATER_CACHE_DIR_NAME, 'state'),
    baseCachePath: paths.cacheDir,
    whenReady: () => app.whenReady().then(() => undefined),
    relaunch: () => app.relaunch(),
    quit: () => app.quit(),
    onQuit: (handler) => void app.once('quit', (_e, exitCode) => handler(exitCode))
  }
}
