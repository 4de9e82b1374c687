/**
 * The e2e harness: the built renderer served from 127.0.0.1 with the app's CSP, in Debian's
 * Chromium, with the REAL main process bound into the page: the app's own composition
 * (src/main/compose.ts: services, handler table, lock clean-up) with the shell's ports played by
 * recorders, reached through the REAL preload bundle (see preload-in-page.ts) and the same
 * ipcMain listener Electron registers. Handlers and page share one fixed clock. Everything that
 * crosses into the page (call results and events) is recorded, so tests can scan it for secrets.
 */
import { createDesktopDouble, type DesktopDouble } from '../../helpers/desktop-double'
import { DEFAULT_QUICK_COPY_SHORTCUT } from '../../../src/shared/accelerator'
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test as base, expect, type Page } from '@playwright/test'
import { createAutoClearingClipboard } from '../../../src/main/app/clipboard'
import { createIpcListener } from '../../../src/main/app/ipc'
import { originOf } from '../../../src/main/app/sender'
import type { Vault } from '../../../src/main/core/vault'
import type { ScanSource } from '../../../src/main/core/qr'
import { createOffThreadImport } from '../../../src/main/core/import/off-thread'
import { composeMain, type MainProcess } from '../../../src/main/compose'
import type { PickedImage } from '../../../src/main/ports'
import { createOffThreadImageDecoder } from '../../../src/main/core/image/off-thread'
import type { EnrollmentParts } from '../../../src/main/handlers/servers'
import { PolicyService } from '../../../src/main/core/policy/service'
import { platformPathContext, policyFileSource } from '../../../src/main/core/policy/platform'
import type { Emit } from '../../../src/shared/ipc'
import { preloadBundle, rendererDir, screensDir } from './paths'
import { preloadInitScript } from './preload-in-page'
import { startStaticServer, type StaticServer } from './server'
import { startTestVault, TEST_SCRYPT, type TestVault, type VaultStart } from './vault'

/** 2023-11-14T22:13:20Z: 20 seconds into its 30-second period, so 10 seconds are left. */
export const FIXED_NOW = 1_700_000_000_000

export interface Crossing {
  kind: 'result' | 'event'
  name: string
  value: unknown
}

export interface Harness {
  page: Page
  server: StaticServer
  /** The real vault (temp data dir, in-memory keychain) every account lives in. */
  store: Vault
  /** The vault's keychain, files and timers: `setKeychain('locked')`, `corrupt()`, ... */
  vault: TestVault
  /** Everything that crossed into the page. */
  crossings: Crossing[]
  /** What main wrote to the clipboard, in order. */
  clipboard: string[]
  /** What the system clipboard holds now (main clears it after the user's delay, on the clock). */
  clipboardText(): string
  /** Server profiles, enrollment service and audit log (in a temp dir) behind the page. */
  enrollment: EnrollmentParts
  /** Files main "saved" through the save dialog port, in order. */
  saved: { defaultName: string; content: string }[]
  /** Files main's open-dialog port hands the Import dialog, in order (none left: cancelled). */
  backups: { name: string; bytes: Uint8Array }[]
  /** Files main's open-dialog port hands the Barycenter rollout's "Load users", in order. */
  usersLists: { name: string; bytes: Uint8Array }[]
  /** Exports main wrote through the save-dialog port, in order. */
  exports: { suggestedName: string; content: string }[]
  /** Calls the page made, refused by the harness's sender check. */
  refused: string[]
  /** What "Scan screen" captures: one BGRA/RGBA image per display (none: capture fails). */
  screens: ScanSource[]
  /** Images main's open-dialog port hands the Scan dialog, in order (none left: cancelled). */
  images: PickedImage[]
  /** The composed main process behind the page (its services: held imports, scans, ...). */
  main: MainProcess
  /** Every "hide from screen capture" value main applied, in order. */
  contentProtection: boolean[]
  /** What the Quick copy page asked of its window (`quickCopy:hide`, `quickCopy:openMain`), in order. */
  quickCopyWindow: ('hide' | 'openMain')[]
  /** How often main asked for the main window to come forward (a link arrived). */
  mainWindowShown(): number
  /** The global shortcut and login items, played by test/helpers/desktop-double.ts. */
  desktop: DesktopDouble
  /**
   * What the clock check's HEAD requests get: the Date header for (url, harness now), null for
   * none, or an Error for a failed request. Default: every request fails (no network here).
   */
  setTimeAnswer(answer: (url: string, now: number) => string | null | Error): void
  /** Every address the clock check asked, in order (nothing is asked without a click). */
  timeRequests: string[]
  /**
   * Console errors, page errors, CSP violations and requests outside the app seen in the page.
   * Every test fails at teardown if any is left that it did not expect with `allowProblem`.
   */
  problems: string[]
  allowProblem(pattern: RegExp): void
  /** Moves the one clock both sides read. */
  setTime(ms: number): Promise<void>
  now(): number
  emit: Emit
  /** Opens the app and waits until the account list has loaded. */
  open(): Promise<void>
  /** Saves the page in light and dark to test-results/screens/<name>-{light,dark}.png. */
  screenshot(name: string): Promise<void>
  /** The policy file main reads (root-owned, in a temp folder); absent unless a test set one. */
  policyFile: string
  /**
   * Writes `policy` (an object, or raw text) to the policy file, or removes it (null), and waits
   * until main has re-read it: what an administrator's deploy does while Tessera runs.
   */
  setPolicy(policy: Record<string, unknown> | string | null): Promise<void>
}

export const test = base.extend<
  { harness: Harness; vaultStart: VaultStart; policy: Record<string, unknown> | null },
  { server: StaticServer }
>({
  /** How the vault starts: `test.use({ vaultStart: { state: 'missing' } })`. */
  vaultStart: [{ state: 'unlocked' }, { option: true }],
  /**
   * The policy file main starts with (the real file source and PolicyService, as in the app):
   * `test.use({ policy: { ExportMode: 'disabled' } })`. Default: none, an unmanaged install.
   */
  policy: [null, { option: true }],

  server: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const server = await startStaticServer(rendererDir())
      await use(server)
      await server.close()
    },
    { scope: 'worker' }
  ],

  harness: async ({ page, server, vaultStart, policy }, use) => {
    let now = FIXED_NOW
    const crossings: Crossing[] = []
    const refused: string[] = []
    const clipboard: string[] = []
    // The system clipboard as main's real auto-clearing clipboard sees it; its timers run on the
    // shared clock, so `setTime` past the delay clears it.
    let clipboardText = ''
    const clipboardTimers: { fn: () => void; at: number; cancelled: boolean }[] = []
    const runClipboardTimers = async (): Promise<void> => {
      for (const t of clipboardTimers.splice(0)) {
        if (t.cancelled) continue
        if (t.at <= now) t.fn()
        else clipboardTimers.push(t)
      }
      await new Promise((resolve) => setImmediate(resolve))
    }
    const systemClipboard = createAutoClearingClipboard(
      {
        writeText: (text: string) => {
          clipboard.push(text)
          clipboardText = text
        },
        readText: () => clipboardText,
        clear: () => {
          clipboardText = ''
        }
      } as unknown as Parameters<typeof createAutoClearingClipboard>[0],
      30_000,
      {
        setTimeout: (fn, ms) => {
          const t = { fn, at: now + ms, cancelled: false }
          clipboardTimers.push(t)
          return t
        },
        clearTimeout: (handle) => void ((handle as { cancelled: boolean }).cancelled = true)
      }
    )
    const problems: string[] = []
    const allowed: RegExp[] = []
    const testVault = await startTestVault(vaultStart, () => now)
    const store = testVault.vault
    const saved: { defaultName: string; content: string }[] = []
    const contentProtection: boolean[] = []
    const quickCopyWindow: Harness['quickCopyWindow'] = []
    let mainWindowShown = 0
    const desktop = createDesktopDouble({ initial: DEFAULT_QUICK_COPY_SHORTCUT })
    const timeRequests: string[] = []
    let timeAnswer: (url: string, now: number) => string | null | Error = () =>
      new Error('no network in the e2e harness')
    const dataDir = mkdtempSync(join(tmpdir(), 'tessera-e2e-'))
    const origin = originOf(server.url) ?? server.url
    const backups: Harness['backups'] = []
    const usersLists: Harness['usersLists'] = []
    const exports: Harness['exports'] = []
    const screens: ScanSource[] = []
    const images: Harness['images'] = []

    const emit: Emit = (event, payload) => {
      crossings.push({ kind: 'event', name: event, value: payload })
      page
        .evaluate(
          ([e, p]) => {
            const g = globalThis as unknown as { __tesseraEmit?: (e: string, p: unknown) => void }
            g.__tesseraEmit?.(e, p)
          },
          [event as string, payload as unknown] as const
        )
        .catch(() => undefined)
    }
    // The policy file source exactly as the app reads /etc/tessera/policy.json: the file and its
    // folder must be root's and writable by nobody else (the e2e suite runs as root in CI).
    const policyDir = mkdtempSync(join(tmpdir(), 'tessera-e2e-policy-'))
    chmodSync(policyDir, 0o755)
    const policyFile = join(policyDir, 'policy.json')
    const writePolicy = (value: Record<string, unknown> | string | null): void => {
      if (value === null) rmSync(policyFile, { force: true })
      else {
        writeFileSync(policyFile, typeof value === 'string' ? value : JSON.stringify(value))
        chmodSync(policyFile, 0o644)
      }
    }
    writePolicy(policy)
    const policies = new PolicyService({
      sources: [policyFileSource(policyFile, 3_600_000)],
      paths: platformPathContext(),
      now: () => now
    })
    await policies.load()
    // The app's own composition (src/main/compose.ts) with the shell's ports played by the harness.
    const main = composeMain({
      vault: store,
      dataDir,
      clock: () => now,
      ports: {
        emit,
        clipboard: systemClipboard,
        fileDialogs: {
          openBackup: async () => backups.shift() ?? null,
          openUsersList: async () => usersLists.shift() ?? null,
          saveExport: async ({ suggestedName, content }) => {
            exports.push({ suggestedName, content })
            return join(dataDir, suggestedName)
          }
        },
        saveFile: {
          save: async (file) => {
            saved.push(file)
            return { path: join(dataDir, file.defaultName) }
          }
        },
        contentProtection: { set: (enabled) => void contentProtection.push(enabled) },
        mainWindow: { show: () => void mainWindowShown++ },
        desktop: desktop.port,
        quickCopyWindow: {
          hide: () => void quickCopyWindow.push('hide'),
          openMain: () => void quickCopyWindow.push('openMain')
        },
        // A fake desktopCapturer: the displays are the images the test put in `screens`.
        scan: {
          capturer: {
            capture: async () => {
              if (screens.length === 0) throw new Error('no screens in this test')
              return [...screens]
            }
          },
          displayCount: () => Math.max(1, screens.length),
          clipboardImage: async () => null,
          openImage: async () => images.shift() ?? null
        }
      },
      services: {
        scrypt: TEST_SCRYPT,
        policies,
        // As in the app: backups are read in a worker thread, so a slow key does not block.
        readImport: createOffThreadImport(),
        // As in the app: image files are decoded in a worker thread with a time limit.
        imageDecoder: createOffThreadImageDecoder(),
        // The clock check's requests never leave the machine: the test says what they answer.
        clockFetch: async (url) => {
          timeRequests.push(url)
          const answer = timeAnswer(url, now)
          if (answer instanceof Error) throw answer
          return new Response(null, { headers: answer === null ? {} : { date: answer } })
        },
        // Waiting for the next code moves the one shared clock on instead of sleeping.
        enrollment: {
          now: () => now,
          sleep: async (ms) => {
            now += ms
            await page.clock.setFixedTime(now)
          }
        }
      }
    })
    // Recorded as an empty write too, so a test sees the lock cleared the clipboard.
    main.lockCleanup.add('harness: record the clipboard clear', () => void clipboard.push(''))
    const enrollment = main.services.enrollment()

    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console: ${msg.text()}`)
    })
    page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`))
    page.on('request', (req) => {
      if (originOf(req.url()) !== origin) problems.push(`request outside the app: ${req.url()}`)
    })

    // The page's ipcRenderer.invoke lands here and goes through the very listener Electron
    // registers on ipcMain: sender check (our top-level frame, our origin), one argument at most,
    // then the dispatcher's channel and schema checks.
    await page.exposeBinding(
      '__tesseraInvoke',
      async (source, channel: unknown, ...args: unknown[]) => {
        const frame = source.frame
        const senderFrame = {
          url: frame.url(),
          parent: frame.parentFrame()
            ? { url: frame.parentFrame()?.url() ?? '', parent: null }
            : null
        }
        const name = typeof channel === 'string' ? channel : String(channel)
        const listener = createIpcListener(name, main.dispatch, () => [origin], 'harness')
        const result = await listener(
          { senderFrame } as unknown as Parameters<typeof listener>[0],
          ...args
        )
        if (!result.ok && result.error.code === 'POLICY_FORBIDDEN') refused.push(name)
        crossings.push({ kind: 'result', name, value: result })
        return result
      }
    )
    await page.addInitScript({ content: preloadInitScript(readFileSync(preloadBundle(), 'utf8')) })
    await page.clock.setFixedTime(now)

    const harness: Harness = {
      page,
      server,
      store,
      vault: testVault,
      crossings,
      clipboard,
      clipboardText: () => clipboardText,
      enrollment,
      saved,
      refused,
      screens,
      images,
      backups,
      usersLists,
      main,
      contentProtection,
      quickCopyWindow,
      mainWindowShown: () => mainWindowShown,
      desktop,
      setTimeAnswer: (answer) => void (timeAnswer = answer),
      timeRequests,
      exports,
      problems,
      emit,
      allowProblem: (pattern) => void allowed.push(pattern),
      now: () => now,
      async setTime(ms) {
        now = ms
        await page.clock.setFixedTime(ms)
        testVault.timers.runDue()
        await runClipboardTimers()
      },
      async open() {
        const response = await page.goto(`${server.url}/`)
        expect(response?.status()).toBe(200)
        await expect(page.getByRole('heading', { name: 'Tessera', exact: true })).toBeVisible()
        await expect(page.getByText('Loading accounts…')).toHaveCount(0)
      },
      policyFile,
      async setPolicy(value) {
        writePolicy(value)
        await policies.refresh()
      },
      async screenshot(name) {
        mkdirSync(screensDir, { recursive: true })
        for (const scheme of ['light', 'dark'] as const) {
          await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' })
          await page.screenshot({ path: join(screensDir, `${name}-${scheme}.png`), fullPage: true })
        }
        await page.emulateMedia({ colorScheme: 'light' })
      }
    }
    await use(harness)
    main.dispose()
    policies.stop()
    testVault.dispose()
    rmSync(policyDir, { recursive: true, force: true })
    rmSync(dataDir, { recursive: true, force: true })
    const unexpected = problems.filter((p) => !allowed.some((a) => a.test(p)))
    expect(unexpected, 'problems seen in the page').toEqual([])
  }
})

export { expect }
