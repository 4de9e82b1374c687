/**
 * The release smoke test: starts the PACKAGED app (electron-builder's output, fuses flipped)
 * named by TESSERA_PACKAGED_APP, the way a user starts it, on each OS's release runner
 * (.github/workflows/release.yml). Elsewhere it says why it skipped.
 *
 * Playwright's `_electron.launch` drives the main process through Node's inspector, which the
 * EnableNodeCliInspectArguments fuse removes from a packaged Tessera (on purpose). So the app is
 * started as a plain process with Chromium's --remote-debugging-port, and Playwright attaches
 * to the window over CDP: the page is driven exactly as a user would.
 *
 * First run → create a vault with a password → add an account by URI → a code appears → lock →
 * quit. Then bad input: started with NODE_OPTIONS=--require=<a script that would leave a mark>,
 * --inspect and ELECTRON_RUN_AS_NODE=1, the app ignores all three (fuses) and starts as itself.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, expect, test, type Browser, type Page } from '@playwright/test'

const exe = process.env['TESSERA_PACKAGED_APP']
const PASSWORD = 'correct horse battery staple 42'

/** Skips (reported as skipped, with the reason printed) unless a packaged app is named. */
function skipUnlessPackaged(): boolean {
  if (exe && existsSync(exe)) return false
  const reason = exe
    ? `TESSERA_PACKAGED_APP=${exe} does not exist`
    : 'TESSERA_PACKAGED_APP is not set (the release workflow sets it to the packaged app)'
  console.log(`skipped: ${reason}`)
  test.skip(true, reason)
  return true
}

const dirs: string[] = []
test.afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

function dataDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'tessera-packaged-'))
  dirs.push(d)
  return d
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port
      s.close(() => resolve(port))
    })
  })
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const c = connect({ port, host: '127.0.0.1' })
    c.once('connect', () => {
      c.destroy()
      resolve(true)
    })
    c.once('error', () => resolve(false))
  })
}

interface Running {
  child: ChildProcess
  browser: Browser
  page: Page
  stop(): Promise<void>
}

/** Starts the packaged app and attaches to its window over CDP (bounded: 60 s). */
async function start(data: string, extra: { env?: Record<string, string>; args?: string[] } = {}) {
  const port = await freePort()
  const args = [`--remote-debugging-port=${port}`, ...(extra.args ?? [])]
  if (process.platform === 'linux' && process.getuid?.() === 0) args.push('--no-sandbox')
  const child = spawn(exe!, args, {
    env: { ...process.env, TESSERA_DATA_DIR: data, ...extra.env },
    stdio: ['ignore', 'inherit', 'inherit']
  })
  let browser: Browser | undefined
  for (let i = 0; i < 120 && !browser; i++) {
    if (child.exitCode !== null) throw new Error(`the app exited with ${child.exitCode}`)
    browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`).catch(() => undefined)
    if (!browser) await new Promise((r) => setTimeout(r, 500))
  }
  if (!browser) throw new Error('the app opened no debugging port within 60 s')
  let page: Page | undefined
  for (let i = 0; i < 120 && !page; i++) {
    page = browser
      .contexts()
      .flatMap((c) => c.pages())
      .find((p) => p.url().startsWith('app://tessera/'))
    if (!page) await new Promise((r) => setTimeout(r, 500))
  }
  if (!page) throw new Error('no app://tessera/ window within 60 s')
  const running: Running = {
    child,
    browser,
    page,
    async stop() {
      await browser!.close().catch(() => undefined)
      if (child.exitCode === null) {
        child.kill()
        await new Promise((r) => child.once('exit', r))
      }
    }
  }
  return running
}

test('packaged app: first run, password vault, add by URI, code, lock, quit', async () => {
  if (skipUnlessPackaged()) return
  test.setTimeout(180_000)
  const data = dataDir()
  const app = await start(data)
  try {
    const { page } = app
    await expect(page.getByRole('heading', { name: 'Set up your vault' })).toBeVisible()
    await page.getByRole('radio', { name: /password only/ }).check()
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD)
    await page.getByLabel('Type the password again').fill(PASSWORD)
    await page.getByRole('button', { name: 'Create vault' }).click()
    await expect(page.getByRole('button', { name: 'Lock' })).toBeVisible()

    const field = page.getByLabel('Add from otpauth URI')
    await field.fill('otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP&issuer=Example')
    await field.press('Enter')
    await expect(page.getByTestId('code').first()).toHaveText(/^\d{3} \d{3}$/)
    // The page is still the sandboxed view: no Node, only the preload API.
    const globals = await page.evaluate(() => {
      const g = globalThis as unknown as Record<string, unknown>
      return {
        api: typeof g['tessera'],
        require: typeof g['require'],
        process: typeof g['process']
      }
    })
    expect(globals).toEqual({ api: 'object', require: 'undefined', process: 'undefined' })

    await page.getByRole('button', { name: 'Lock' }).click()
    await expect(page.getByRole('heading', { name: 'Your vault is locked' })).toBeVisible()
  } finally {
    await app.stop()
  }
  expect(readdirSync(data)).toContain('vault.json')
})

test('packaged app ignores NODE_OPTIONS=--require, --inspect and ELECTRON_RUN_AS_NODE', async () => {
  if (skipUnlessPackaged()) return
  test.setTimeout(180_000)
  const data = dataDir()
  const mark = join(data, 'required-ran')
  const evil = join(data, 'evil.cjs')
  writeFileSync(evil, `require('node:fs').writeFileSync(${JSON.stringify(mark)}, 'ran')\n`)
  const inspectPort = await freePort()
  const app = await start(data, {
    env: { NODE_OPTIONS: `--require=${evil}`, ELECTRON_RUN_AS_NODE: '1' },
    args: [`--inspect=127.0.0.1:${inspectPort}`]
  })
  try {
    // It started as Tessera (not as Node: it has a window), no inspector listens, and the
    // --require script never ran.
    await expect(app.page.getByRole('heading', { name: 'Set up your vault' })).toBeVisible()
    expect(await listening(inspectPort)).toBe(false)
  } finally {
    await app.stop()
  }
  expect(existsSync(mark)).toBe(false)
})
