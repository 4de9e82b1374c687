import { describe, expect, it } from 'vitest'
import { defaultDataDir } from '../../../src/main/core/paths'
import {
  DEFAULT_UPDATE_MODE,
  detectInstallKind,
  osCacheDir,
  planUpdates,
  updaterAppAdapter,
  type InstallFacts,
  type InstallKind,
  type UpdateMode
} from '../../../src/main/core/update'

function facts(over: Partial<InstallFacts> & { files?: Record<string, string> }): InstallFacts {
  const files = over.files ?? {}
  return {
    platform: 'linux',
    isPackaged: true,
    exePath: '/opt/Tessera/tessera',
    resourcesPath: '/opt/Tessera/resources',
    env: {},
    exists: (p) => p in files,
    readText: (p) => files[p],
    ...over
  }
}

describe('detectInstallKind', () => {
  it.each([
    [
      'NSIS (its uninstaller sits beside the exe)',
      facts({
        platform: 'win32',
        exePath: 'C:/Users/a/AppData/Local/Programs/Tessera/Tessera.exe',
        files: { 'C:/Users/a/AppData/Local/Programs/Tessera/Uninstall Tessera.exe': '' }
      }),
      'nsis'
    ],
    [
      'MSI (no NSIS uninstaller)',
      facts({ platform: 'win32', exePath: 'C:/Program Files/Tessera/Tessera.exe' }),
      'msi'
    ],
    ['macOS', facts({ platform: 'darwin' }), 'mac'],
    ['AppImage', facts({ env: { APPIMAGE: '/home/a/Tessera.AppImage' } }), 'appimage'],
    ['deb', facts({ files: { '/opt/Tessera/resources/package-type': 'deb\n' } }), 'deb'],
    ['rpm', facts({ files: { '/opt/Tessera/resources/package-type': 'rpm' } }), 'rpm'],
    ['an unpacked Linux folder', facts({}), 'other-linux'],
    ['a source checkout', facts({ isPackaged: false, platform: 'win32' }), 'unpackaged']
  ] as const)('%s', (_name, f, kind) => {
    expect(detectInstallKind(f)).toBe(kind)
  })
})

describe('planUpdates', () => {
  const kinds: InstallKind[] = [
    'nsis',
    'msi',
    'mac',
    'appimage',
    'deb',
    'rpm',
    'other-linux',
    'unpackaged'
  ]
  const modes: UpdateMode[] = ['auto', 'notify', 'none']

  it('only NSIS, macOS and AppImage ever check; MSI, deb and rpm are left to the package manager', () => {
    for (const kind of kinds) {
      for (const mode of modes) {
        const plan = planUpdates(kind, mode)
        const selfUpdating = kind === 'nsis' || kind === 'mac' || kind === 'appimage'
        expect(plan.check, `${kind}/${mode}`).toBe(selfUpdating && mode !== 'none')
      }
    }
    expect(planUpdates('msi', 'auto').reason).toMatch(/MSI/)
    expect(planUpdates('deb', 'auto').reason).toMatch(/apt/)
  })

  it('auto downloads by itself, notify asks first, none does nothing and says why', () => {
    expect(planUpdates('nsis', 'auto')).toMatchObject({
      check: true,
      autoDownload: true,
      installOnQuit: true
    })
    expect(planUpdates('mac', 'notify')).toMatchObject({ check: true, autoDownload: false })
    expect(planUpdates('appimage', 'none')).toMatchObject({ check: false })
    expect(planUpdates('appimage', 'none').reason).toMatch(/organisation/)
    expect(DEFAULT_UPDATE_MODE).toBe('auto')
  })
})

describe('where the updater writes', () => {
  const home = '/home/ada'
  it.each([
    ['linux', {}, '/home/ada/.cache'],
    ['linux', { XDG_CACHE_HOME: '/var/cache/ada' }, '/var/cache/ada'],
    ['linux', { XDG_CACHE_HOME: 'relative' }, '/home/ada/.cache'],
    ['darwin', {}, '/home/ada/Library/Caches'],
    ['win32', { LOCALAPPDATA: 'C:/Users/ada/AppData/Local' }, 'C:/Users/ada/AppData/Local']
  ] as const)('%s %j: the cache root, outside the data folder', (platform, env, cache) => {
    expect(osCacheDir(platform, env, home)).toBe(cache)
    const data = defaultDataDir({
      platform,
      env: { ...env, APPDATA: 'C:/Users/ada/AppData/Roaming' },
      home
    })
    const adapter = updaterAppAdapter(
      {
        getVersion: () => '1.0.0',
        getName: () => 'Tessera',
        isPackaged: true,
        whenReady: () => Promise.resolve(),
        relaunch: () => undefined,
        quit: () => undefined,
        once: () => undefined
      },
      { resourcesPath: '/opt/Tessera/resources', cacheDir: osCacheDir(platform, env, home) }
    )
    for (const p of [adapter.userDataPath, adapter.baseCachePath]) {
      expect(p.replaceAll('\\', '/').startsWith(data.replaceAll('\\', '/'))).toBe(false)
    }
    expect(adapter.appUpdateConfigPath).toBe('/opt/Tessera/resources/app-update.yml')
  })
})
