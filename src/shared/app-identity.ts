/**
 * Who Tessera is to the operating systems it is installed on. Everything an installed copy is
 * known by derives from these values, so they are written once, here, and never change:
 *
 * - {@link APP_ID} is the macOS bundle id and policy domain (`defaults read <APP_ID>`), the
 *   Windows AppUserModelID and the seed of the NSIS uninstall key, and the Linux desktop id.
 *   Changing it makes every installed copy a different app: upgrades stop finding the old one,
 *   managed policies stop applying. Add a new value beside it instead of editing it. package.json's
 *   `desktopName` is `<APP_ID>.desktop` (Electron's Wayland app_id / WM_CLASS on Linux).
 * - {@link MSI_UPGRADE_CODE} is the MSI UpgradeCode, fixed once: Windows Installer upgrades an
 *   installed Tessera in place only while it stays the same.
 *
 * The electron-builder config, the policy loader and the desktop-presence shell import these;
 * nobody retypes them.
 */

/** The reverse-DNS application id. Stable forever. */
export const APP_ID = 'org.tessera.Tessera'

/** The name people see: window titles, installers, Start menu, /Applications. */
export const PRODUCT_NAME = 'Tessera'

/** Executable, icon and package name on Linux (`/opt/Tessera/tessera`, deb/rpm `tessera`). */
export const EXECUTABLE_NAME = 'tessera'

/** The command-line tool's name on PATH (`/usr/bin/tessera`). */
export const CLI_NAME = 'tessera'

/** Windows Installer UpgradeCode. Fixed once; never regenerate. */
export const MSI_UPGRADE_CODE = '5b64c9f0-fbbe-4e5d-8d4f-73592a8f04e8'

/**
 * URL schemes Tessera opens: `otpauth://` (RFC-style key URIs printed under QR codes) and
 * `otpauth-migration://` (Google Authenticator's export). The installers register them; the app
 * claims them at run time too.
 */
export const URL_SCHEMES = ['otpauth', 'otpauth-migration'] as const

/** One of {@link URL_SCHEMES}. */
export type UrlScheme = (typeof URL_SCHEMES)[number]

/** The Linux desktop entry's file name: the app id, as the freedesktop spec recommends. */
export const DESKTOP_FILE_NAME = `${APP_ID}.desktop`
