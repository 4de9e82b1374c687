import { homedir } from 'node:os'
import { join, resolve, win32, posix } from 'node:path'

/** Folder name of Tessera's data directory on every OS (matches Electron's `userData`). */
export const APP_DIR_NAME = 'Tessera'

/** Environment variable that overrides the data directory for the app and the CLI. */
export const DATA_DIR_ENV = 'TESSERA_DATA_DIR'

export interface PlatformInfo {
  platform: NodeJS.Platform
  env: Record<string, string | undefined>
  home: string
}

/**
 * The per-OS data directory Tessera uses when nothing overrides it, the same folder Electron's
 * `app.getPath('userData')` gives for an app named "Tessera":
 * Linux `$XDG_CONFIG_HOME/Tessera` (default `~/.config/Tessera`), Windows `%APPDATA%\Tessera`,
 * macOS `~/Library/Application Support/Tessera`.
 */
export function defaultDataDir(
  info: PlatformInfo = { platform: process.platform, env: process.env, home: homedir() }
): string {
  const { platform, env, home } = info
  if (platform === 'win32') {
    const appData = env.APPDATA || win32.join(home, 'AppData', 'Roaming')
    return win32.join(appData, APP_DIR_NAME)
  }
  if (platform === 'darwin') {
    return posix.join(home, 'Library', 'Application Support', APP_DIR_NAME)
  }
  const config =
    env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME.startsWith('/')
      ? env.XDG_CONFIG_HOME
      : posix.join(home, '.config')
  return posix.join(config, APP_DIR_NAME)
}

/**
 * Picks the data directory: an explicit `--data-dir` first, then `TESSERA_DATA_DIR`, then the
 * Electron `userData` path when the app passes one, then the per-OS default.
 */
export function resolveDataDir(
  options: {
    flag?: string | undefined
    env?: Record<string, string | undefined>
    userData?: string | undefined
  } = {}
): string {
  const env = options.env ?? process.env
  if (options.flag) return resolve(options.flag)
  const fromEnv = env[DATA_DIR_ENV]
  if (fromEnv) return resolve(fromEnv)
  if (options.userData) return resolve(options.userData)
  return defaultDataDir()
}

/** Files the vault keeps inside the data directory. */
export function vaultFiles(dataDir: string): { vault: string; backup: string; lock: string } {
  return {
    vault: join(dataDir, 'vault.json'),
    backup: join(dataDir, 'vault.json.bak'),
    lock: join(dataDir, 'vault.lock')
  }
}
