/**
 * electron-builder configuration: the one file every installer is built from (found by
 * electron-builder by name). Identity comes from src/shared/app-identity.ts, which the app's
 * policy loader and desktop shell import too. `scripts/package.mjs` runs it; the packaging check
 * in `npm test` builds `--linux --dir` from it with a stub Electron and asserts what came out.
 *
 * Per-machine Windows and the MSI are variants of this config, not copies of it: see
 * {@link WINDOWS_PER_MACHINE} and scripts/package.mjs.
 */
import { cpSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import type { Configuration } from 'electron-builder'
import {
  APP_ID,
  CLI_NAME,
  EXECUTABLE_NAME,
  MSI_UPGRADE_CODE,
  PRODUCT_NAME,
  URL_SCHEMES
} from './src/shared/app-identity'

/** Folder the built CLI is copied from (scripts/build-cli.mjs). */
export const CLI_BUILD_DIR = 'out/cli'

/** The packaged app's resources folder for an electron-builder output folder. */
export function resourcesDir(appOutDir: string, platform: string): string {
  return platform === 'darwin' || platform === 'mas'
    ? join(appOutDir, `${PRODUCT_NAME}.app`, 'Contents', 'Resources')
    : join(appOutDir, 'resources')
}

/**
 * afterPack: copies out/cli into resources/cli (before signing, so macOS signs it with the
 * app). Packaging without a built CLI fails here rather than shipping an app without `tessera`.
 */
async function copyCliIntoResources(context: {
  appOutDir: string
  electronPlatformName: string
  packager: { projectDir: string }
}): Promise<void> {
  const from = join(context.packager.projectDir, CLI_BUILD_DIR)
  if (!existsSync(join(from, 'tessera.cjs'))) {
    throw new Error(`${CLI_BUILD_DIR} is missing: run \`node scripts/build-cli.mjs --sea\` first`)
  }
  const to = join(resourcesDir(context.appOutDir, context.electronPlatformName), 'cli')
  cpSync(from, to, {
    recursive: true,
    filter: (src) => !/sea-(prep\.blob|config\.json)$/.test(src)
  })
}

/** Where `npm run policy:templates` (issue 11) writes the ADMX/profile/JSON templates. */
export const POLICY_TEMPLATES_DIR = 'resources/policy-templates'

/** Where the release is published; on GitHub Actions the repository running the workflow. */
function githubRepository(): { owner: string; repo: string } {
  const [owner, repo] = (process.env['GITHUB_REPOSITORY'] ?? 'tessera-app/tessera').split('/')
  return { owner: owner ?? 'tessera-app', repo: repo ?? 'tessera' }
}

/**
 * Electron fuses, flipped in the Electron binary at packaging time. Each one closes a way to run
 * other code with Tessera's identity (and so with its keychain entry).
 */
export const FUSES = {
  /** ELECTRON_RUN_AS_NODE would turn the app into a plain Node with the app's identity. */
  runAsNode: false,
  /** Chromium cookie store encrypted with the OS key (we keep no cookies, but make sure). */
  enableCookieEncryption: true,
  /** NODE_OPTIONS=--require=evil.js would run code before ours. */
  enableNodeOptionsEnvironmentVariable: false,
  /** --inspect / --inspect-brk would open a debugger port into the main process. */
  enableNodeCliInspectArguments: false,
  /** The asar's header hash is checked against the one stamped into the executable. */
  enableEmbeddedAsarIntegrityValidation: true,
  /** Never load an app folder placed beside the asar. */
  onlyLoadAppFromAsar: true,
  /** We serve from app://, never file://. */
  grantFileProtocolExtraPrivileges: false
} as const

const config: Configuration = {
  appId: APP_ID,
  productName: PRODUCT_NAME,
  copyright: 'Copyright © 2026 the Tessera authors',
  directories: { output: 'dist', buildResources: 'resources/build' },
  // The built app only: bundles, the renderer, package.json. electron-builder adds the
  // production dependencies (never devDependencies) from node_modules itself.
  files: [
    'out/main/**',
    'out/preload/**',
    'out/renderer/**',
    'package.json',
    '!**/*.map',
    // Files of dependencies nobody loads at run time.
    '!**/node_modules/**/{test,tests,__tests__,example,examples,docs,benchmark}/**',
    '!**/node_modules/**/*.{md,markdown,ts,mts,cts,map,tsbuildinfo}'
  ],
  asar: true,
  // Native code cannot be loaded from inside an asar. The keyring's loader and its
  // platform package are unpacked together, so the built CLI can load them from
  // app.asar.unpacked as well.
  asarUnpack: ['node_modules/@napi-rs/keyring/**', 'node_modules/@napi-rs/keyring-*/**'],
  // The built CLI (scripts/build-cli.mjs) goes beside the app as resources/cli/ in afterPack:
  // extraResources would drop its node_modules folder (the keyring addon and two .wasm files).
  afterPack: copyCliIntoResources,
  // Tray images (scripts/icons.mjs) as plain files the shell loads with nativeImage:
  // process.resourcesPath/tray/ when packaged, resources/tray/ in a checkout.
  extraResources: [{ from: 'resources/tray', to: 'tray', filter: ['*.png', '*.ico'] }],
  electronFuses: FUSES,
  // Nothing to rebuild: the only native dependency is N-API and ships prebuilt per platform.
  npmRebuild: false,
  protocols: [{ name: 'One-time password key', schemes: [...URL_SCHEMES], role: 'Viewer' }],
  publish: [{ provider: 'github', ...githubRepository(), releaseType: 'release' }],

  win: {
    target: ['nsis', 'msi'],
    icon: 'resources/build/icon.ico',
    executableName: PRODUCT_NAME,
    legalTrademarks: PRODUCT_NAME
  },
  // Per user by default: no administrator rights, installs below %LOCALAPPDATA%\Programs.
  nsis: {
    oneClick: true,
    perMachine: false,
    deleteAppDataOnUninstall: false,
    createDesktopShortcut: true,
    createStartMenuShortcut: true,
    shortcutName: PRODUCT_NAME,
    uninstallDisplayName: PRODUCT_NAME,
    include: 'resources/build/installer.nsh',
    artifactName: '${productName}-Setup-${version}-${arch}.${ext}'
  },
  // For IT: always per machine (Program Files, HKLM), `msiexec /i Tessera.msi /qn`.
  msi: {
    perMachine: true,
    oneClick: true,
    upgradeCode: MSI_UPGRADE_CODE,
    createDesktopShortcut: false,
    createStartMenuShortcut: true,
    runAfterFinish: false,
    artifactName: '${productName}-${version}-${arch}.${ext}'
  },

  mac: {
    target: ['dmg', 'zip', 'pkg'],
    icon: 'resources/build/icon.icns',
    category: 'public.app-category.utilities',
    hardenedRuntime: true,
    gatekeeperAssess: false,
    entitlements: 'resources/build/entitlements.mac.plist',
    entitlementsInherit: 'resources/build/entitlements.mac.plist',
    // Signing and notarising happen only where the release has the certificates
    // (CSC_LINK/APPLE_* secrets); elsewhere the app is built unsigned.
    notarize: process.env['APPLE_TEAM_ID'] !== undefined,
    extendInfo: { LSMinimumSystemVersion: '12.0' }
  },
  dmg: { artifactName: '${productName}-${version}-${arch}.${ext}' },
  // isRelocatable false: an MDM install must land in /Applications, never "upgrade" a stray
  // copy found elsewhere on the disk.
  pkg: {
    isRelocatable: false,
    isVersionChecked: true,
    installLocation: '/Applications',
    allowAnywhere: false,
    allowCurrentUserHome: false,
    allowRootDirectory: true,
    scripts: 'resources/build/pkg-scripts',
    artifactName: '${productName}-${version}-${arch}.${ext}'
  },

  linux: {
    target: ['deb', 'rpm', 'AppImage'],
    icon: 'resources/build/icons',
    executableName: EXECUTABLE_NAME,
    // The desktop file is <appId>.desktop (package.json desktopName, which Electron also uses as
    // the window's app_id / WM_CLASS, so the running window belongs to the menu entry).
    syncDesktopName: true,
    category: 'Utility',
    synopsis: 'Authenticator and 2FA enrollment client',
    description:
      'One-time password codes from an encrypted vault, and 2FA enrollment against servers. ' +
      'Includes the tessera command line.',
    maintainer: 'Tessera authors <tessera@users.noreply.github.com>',
    vendor: 'Tessera',
    mimeTypes: URL_SCHEMES.map((s) => `x-scheme-handler/${s}`),
    desktop: {
      entry: {
        Name: PRODUCT_NAME,
        GenericName: 'Authenticator',
        Keywords: '2FA;TOTP;OTP;authenticator;security;',
        Categories: 'Utility;Security;'
      }
    }
  },
  deb: {
    depends: [
      'libgtk-3-0',
      'libnss3',
      'libxss1',
      'libxtst6',
      'xdg-utils',
      'libatspi2.0-0',
      'libuuid1',
      'libsecret-1-0'
    ],
    // libnotify4 is in electron-builder's default list; Electron ≥ 13 speaks to the
    // notification daemon over D-Bus itself, so it is only recommended.
    recommends: ['gnome-keyring', 'libnotify4'],
    afterInstall: 'resources/linux/after-install.sh',
    afterRemove: 'resources/linux/after-remove.sh',
    // The example policy and the policy templates are documentation: /usr/share/doc/tessera,
    // never a conffile in /etc/tessera (a conffile would be "modified by the admin" on upgrade
    // and dpkg would stop to ask).
    fpm: linuxDocs()
  },
  rpm: {
    depends: ['libsecret', 'xdg-utils'],
    afterInstall: 'resources/linux/after-install.sh',
    afterRemove: 'resources/linux/after-remove.sh',
    fpm: linuxDocs()
  },
  appImage: { artifactName: '${productName}-${version}-${arch}.${ext}' }
}

/**
 * Files the Linux packages put below /usr/share/doc/tessera (source -> path in the package).
 * The policy templates (`npm run policy:templates`, issue 11) are included once they exist.
 */
export function linuxDocFiles(root = '.'): [string, string][] {
  const doc = `/usr/share/doc/${CLI_NAME}`
  const files: [string, string][] = [['resources/linux/README', `${doc}/README`]]
  if (existsSync(join(root, POLICY_TEMPLATES_DIR))) {
    files.push([`${POLICY_TEMPLATES_DIR}/`, `${doc}/policy-templates/`])
  }
  const example = `${POLICY_TEMPLATES_DIR}/linux/policy.example.json`
  if (existsSync(join(root, example))) files.push([example, `${doc}/policy.example.json`])
  return files
}

/** fpm `src=dest` mappings for {@link linuxDocFiles}. */
function linuxDocs(): string[] {
  return linuxDocFiles().map(([from, to]) => `${from}=${to}`)
}

/**
 * Overrides for the per-machine NSIS build IT deploys with `/S`: Program Files, HKLM, one
 * UAC prompt (none when run elevated), the same upgrade identity as the per-user one.
 */
export const WINDOWS_PER_MACHINE = {
  'nsis.perMachine': 'true',
  'nsis.artifactName': '${productName}-Setup-${version}-${arch}-machine.${ext}'
} as const

export default config
