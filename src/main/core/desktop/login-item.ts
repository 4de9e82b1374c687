/**
 * "Start Tessera when I log in": what to ask of each OS. macOS and Windows have login items
 * (Electron's app.setLoginItemSettings); Linux desktops read XDG autostart entries, a small
 * `.desktop` file in ~/.config/autostart that is written or removed here. "Start hidden in the
 * tray" adds the {@link HIDDEN_FLAG} to the command, which the app reads at launch.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import { join } from 'node:path'
import type { DesktopPlatform } from '../../../shared/accelerator'
import { AppError } from '../../../shared/errors'
import { HIDDEN_FLAG } from './links'

export interface LoginItemWish {
  startAtLogin: boolean
  startHidden: boolean
}

/** What Electron's `app.setLoginItemSettings` is given on macOS and Windows. */
export interface LoginItemSettingsArgs {
  openAtLogin: boolean
  /** Windows: the executable and its arguments. */
  path?: string
  args?: string[]
}

/** The login item settings for macOS and Windows. */
export function loginItemSettings(
  wish: LoginItemWish,
  platform: DesktopPlatform,
  executable: string
): LoginItemSettingsArgs {
  const args = wish.startHidden ? [HIDDEN_FLAG] : []
  if (platform === 'win32') return { openAtLogin: wish.startAtLogin, path: executable, args }
  return { openAtLogin: wish.startAtLogin, args }
}

/**
 * Writes one argument of a desktop entry's Exec line by the Desktop Entry Specification: `%` is
 * doubled; an argument with a reserved character is put in double quotes with `"`, `` ` ``, `$`
 * and `\` escaped by a backslash; then, because Exec is a string value, every backslash is
 * doubled once more.
 * @throws AppError INVALID_INPUT for a line break, which an Exec line cannot hold.
 */
export function quoteExecArg(arg: string): string {
  if (/[\r\n]/.test(arg)) {
    throw new AppError('INVALID_INPUT', 'The path to Tessera has a line break in it; move the app.')
  }
  const escaped = arg.replace(/%/g, '%%')
  if (!/[\s"'\\><~|&;$*?#()`]/.test(escaped)) return escaped
  const quoted = `"${escaped.replace(/(["`$\\])/g, '\\$1')}"`
  return quoted.replace(/\\/g, '\\\\')
}

/** The autostart entry's file name (the app's id, so one entry however often it is written). */
export const AUTOSTART_FILE = 'tessera.desktop'

/**
 * The XDG autostart entry that starts Tessera at login.
 * @param command The executable and its fixed arguments (an AppImage path, or the binary).
 */
export function autostartEntry(command: readonly string[], wish: LoginItemWish): string {
  const exec = [...command, ...(wish.startHidden ? [HIDDEN_FLAG] : [])].map(quoteExecArg).join(' ')
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Tessera',
    'Comment=Two-factor codes, one keystroke away',
    `Exec=${exec}`,
    'Icon=tessera',
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    ''
  ].join('\n')
}

/** The folder autostart entries go in: `$XDG_CONFIG_HOME/autostart`, default ~/.config/autostart. */
export function autostartDir(env: Record<string, string | undefined> = process.env): string {
  const config = env['XDG_CONFIG_HOME']?.startsWith('/')
    ? env['XDG_CONFIG_HOME']
    : join(homedir(), '.config')
  return join(config, 'autostart')
}

/**
 * Writes or removes the Linux autostart entry to match the wish.
 * @throws AppError IO when the folder cannot be written.
 */
export async function applyLinuxAutostart(
  wish: LoginItemWish,
  command: readonly string[],
  dir = autostartDir()
): Promise<void> {
  const file = join(dir, AUTOSTART_FILE)
  try {
    if (!wish.startAtLogin) {
      await rm(file, { force: true })
      return
    }
    await mkdir(dir, { recursive: true })
    await writeFile(file, autostartEntry(command, wish), { mode: 0o644 })
  } catch (err) {
    const code = (err as NodeJS.ErrnoException | undefined)?.code ?? 'unknown'
    throw new AppError(
      'IO',
      `Could not ${wish.startAtLogin ? 'write' : 'remove'} ${file} (${code}), so starting at login did not change. Check that you own ${dir}.`,
      { cause: err, details: { path: file } }
    )
  }
}
