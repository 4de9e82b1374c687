/**
 * A corrupt or truncated update is refused by electron-updater's own checking code, and the
 * installed version stays as it is. This runs the real AppImageUpdater (the Linux self-updating
 * kind; NSIS and macOS share BaseUpdater's download and sha512 check) against a release feed on
 * 127.0.0.1, with Node's HTTP client in place of Electron's `net` (the only Electron part).
 */
import { createHash, randomBytes } from 'node:crypto'
import {
  createServer,
  request,
  type IncomingMessage,
  type RequestOptions,
  type Server
} from 'node:http'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AddressInfo } from 'node:net'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { AppImageUpdater } from 'electron-updater/out/AppImageUpdater.js'
import { updaterAppAdapter, type UpdaterHostApp } from '../../../src/main/core/update'
import { ElectronHttpExecutor } from 'electron-updater/out/electronHttpExecutor.js'

/**
 * electron-updater's own HTTP executor (its download(), builder-util-runtime's doDownload and
 * the sha512 DigestTransform), with only the request itself made by Node's http instead of
 * Electron's net module.
 */
class NodeRequestExecutor extends ElectronHttpExecutor {
  // Electron's ClientRequest type; Node's has the members builder-util-runtime uses.
  override createRequest(
    options: RequestOptions,
    callback: (response: IncomingMessage) => void
  ): ReturnType<ElectronHttpExecutor['createRequest']> {
    return request(options, callback) as unknown as ReturnType<
      ElectronHttpExecutor['createRequest']
    >
  }
}

const release = randomBytes(300 * 1024)
const sha512 = createHash('sha512').update(release).digest('base64')
const NAME = 'Tessera-9.9.9.AppImage'

/** What the feed serves for the AppImage, per test. */
let body: Buffer = release
let server: Server
let feed: string

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname
    if (path === '/latest-linux.yml') {
      res.setHeader('content-type', 'text/yaml')
      res.end(
        [
          'version: 9.9.9',
          'files:',
          `  - url: ${NAME}`,
          `    sha512: ${sha512}`,
          `    size: ${release.length}`,
          `path: ${NAME}`,
          `sha512: ${sha512}`,
          "releaseDate: '2026-12-01T00:00:00.000Z'",
          ''
        ].join('\n')
      )
    } else if (path === `/${NAME}`) {
      res.setHeader('content-length', String(body.length))
      res.end(body)
    } else {
      res.statusCode = 404
      res.end()
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  feed = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

const dirs: string[] = []
const savedAppImage = process.env['APPIMAGE']
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
  if (savedAppImage === undefined) delete process.env['APPIMAGE']
  else process.env['APPIMAGE'] = savedAppImage
})

/** An "installed" Tessera 1.0.0 AppImage with a data folder, and an updater for it. */
function installed() {
  const root = mkdtempSync(join(tmpdir(), 'tessera-update-'))
  dirs.push(root)
  const appImage = join(root, 'Tessera-1.0.0.AppImage')
  writeFileSync(appImage, 'the installed version\n', { mode: 0o755 })
  const dataDir = join(root, 'config', 'Tessera')
  mkdirSync(dataDir, { recursive: true })
  writeFileSync(join(dataDir, 'vault.json'), '{"the":"vault"}\n')
  const cache = join(root, 'cache')
  // What electron-builder writes into resources/ (updaterCacheDirName names the cache folder).
  writeFileSync(
    join(root, 'app-update.yml'),
    `provider: generic\nurl: ${feed}\nupdaterCacheDirName: tessera-updater\n`
  )
  process.env['APPIMAGE'] = appImage
  // The adapter the app uses (src/main/app/updater.ts), over a stand-in for Electron's app whose
  // userData is the data folder, as in the app.
  const host: UpdaterHostApp & { getPath(name: 'userData'): string } = {
    getVersion: () => '1.0.0',
    getName: () => 'Tessera',
    isPackaged: true,
    getPath: () => dataDir,
    whenReady: () => Promise.resolve(),
    relaunch: () => undefined,
    quit: () => undefined,
    once: () => undefined
  }
  const app = updaterAppAdapter(host, { resourcesPath: root, cacheDir: cache })
  const updater = new AppImageUpdater(undefined, app)
  // Electron's net module is the one Electron-only part: Node's HTTP client stands in (set before
  // the feed: the provider takes the executor it finds then).
  ;(updater as unknown as { httpExecutor: unknown }).httpExecutor = new NodeRequestExecutor()
  updater.setFeedURL({ provider: 'generic', url: feed })
  updater.autoDownload = false
  updater.autoInstallOnAppQuit = false
  const logged: string[] = []
  const line = (m: unknown): void => void logged.push(String(m))
  updater.logger = { info: line, warn: line, error: line, debug: line }
  let downloaded = 0
  updater.on('update-downloaded', () => downloaded++)
  return {
    updater,
    appImage,
    dataDir,
    cache,
    logged,
    downloaded: () => downloaded,
    /** Files the updater left as a finished download for the next quit. */
    pending: (): string[] => {
      try {
        return readdirSync(join(cache, 'tessera-updater', 'pending')).filter((f) => f === NAME)
      } catch {
        return []
      }
    }
  }
}

function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')]))
}

describe('electron-updater refuses a bad update file', () => {
  it('accepts the genuine file (the control: the feed and client work)', async () => {
    body = release
    const t = installed()
    const before = snapshot(t.dataDir)
    const found = await t.updater.checkForUpdates()
    expect(found?.updateInfo.version).toBe('9.9.9')
    await t.updater.downloadUpdate()
    expect(t.downloaded()).toBe(1)
    expect(t.pending()).toEqual([NAME])
    // A successful check and download write nothing into the data folder either.
    expect(snapshot(t.dataDir)).toEqual(before)
  })

  it("electron-updater's default state folder would be the data folder: why the adapter moves it", async () => {
    body = release
    const t = installed()
    // Electron's userData is Tessera's data folder; electron-updater's own adapter keeps its
    // .updaterId there and writes it on every check.
    ;(t.updater as unknown as { app: { userDataPath: string } }).app = {
      ...(t.updater as unknown as { app: object }).app,
      userDataPath: t.dataDir
    } as never
    await t.updater.checkForUpdates()
    expect(Object.keys(snapshot(t.dataDir))).toContain('.updaterId')
  })

  for (const [what, bad] of [
    ['one flipped byte', Buffer.from(release.map((b, i) => (i === 1234 ? b ^ 0xff : b)))],
    ['a truncated file', release.subarray(0, release.length / 2)],
    ['an empty file', Buffer.alloc(0)]
  ] as const) {
    it(`${what}: sha512 mismatch, nothing installed, the data folder untouched`, async () => {
      body = bad
      const t = installed()
      const before = snapshot(t.dataDir)
      await t.updater.checkForUpdates()
      await expect(t.updater.downloadUpdate()).rejects.toThrow(/sha512 checksum mismatch/)
      expect(t.downloaded()).toBe(0)
      expect(t.pending()).toEqual([])
      // The running version is still the installed one, and the vault is as it was.
      expect(readFileSync(t.appImage, 'utf8')).toBe('the installed version\n')
      expect(snapshot(t.dataDir)).toEqual(before)
    })
  }
})
