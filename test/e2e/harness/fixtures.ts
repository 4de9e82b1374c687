/**
 * The e2e harness: the built renderer served from 127.0.0.1 with the app's CSP, in Debian's
 * Chromium, with the REAL handler table bound into the page behind the same `window.tessera`
 * the preload provides. Handlers and page share one fixed clock. Everything that crosses into
 * the page (call results and events) is recorded, so tests can scan it for secrets.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { test as base, expect, type Page } from '@playwright/test'
import { isTrustedSender, originOf } from '../../../src/main/app/sender'
import { MemoryAccountStore } from '../../../src/main/core/accounts/store'
import { createDispatcher, createHandlers } from '../../../src/main/handlers'
import { AppError, fail } from '../../../src/shared/errors'
import type { Emit } from '../../../src/shared/ipc'
import { bridgeScript, rendererDir, screensDir } from './paths'
import { startStaticServer, type StaticServer } from './server'

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
  store: MemoryAccountStore
  /** Everything that crossed into the page. */
  crossings: Crossing[]
  /** What main wrote to the clipboard, in order. */
  clipboard: string[]
  /** Calls the page made, refused by the harness's sender check. */
  refused: string[]
  /** Console errors, page errors and CSP violations seen in the page. */
  problems: string[]
  /** Moves the one clock both sides read. */
  setTime(ms: number): Promise<void>
  now(): number
  emit: Emit
  /** Opens the app and waits until the account list has loaded. */
  open(): Promise<void>
  /** Saves the page in light and dark to test-results/screens/<name>-{light,dark}.png. */
  screenshot(name: string): Promise<void>
}

export const test = base.extend<{ harness: Harness }, { server: StaticServer }>({
  server: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const server = await startStaticServer(rendererDir())
      await use(server)
      await server.close()
    },
    { scope: 'worker' }
  ],

  harness: async ({ page, server }, use) => {
    let now = FIXED_NOW
    const crossings: Crossing[] = []
    const refused: string[] = []
    const clipboard: string[] = []
    const problems: string[] = []
    const store = new MemoryAccountStore(() => now)
    const origin = originOf(server.url) ?? server.url

    const emit: Emit = (event, payload) => {
      crossings.push({ kind: 'event', name: event, value: payload })
      page
        .evaluate(
          ([e, p]) => {
            const g = globalThis as unknown as { __tesseraEmit?: (e: string, p: unknown) => void }
            g.__tesseraEmit?.(e, p)
          },
          [event, payload] as const
        )
        .catch(() => undefined)
    }
    const dispatch = createDispatcher(
      createHandlers({
        store,
        clock: () => now,
        emit,
        clipboard: {
          copy: async (text) => {
            clipboard.push(text)
            return { clearsAfterMs: 30_000 }
          }
        }
      })
    )

    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console: ${msg.text()}`)
    })
    page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`))
    page.on('request', (req) => {
      if (originOf(req.url()) !== origin) problems.push(`request outside the app: ${req.url()}`)
    })

    // Same rule as Electron's ipcMain registration: our own top-level frame, our own origin.
    await page.exposeBinding(
      '__tesseraInvoke',
      async (source, channel: unknown, input: unknown) => {
        const frame = source.frame
        const trusted = isTrustedSender(
          { url: frame.url(), parent: frame.parentFrame() ? { url: '', parent: null } : null },
          [origin]
        )
        const name = typeof channel === 'string' ? channel : String(channel)
        const result = trusted
          ? await dispatch(name, input, { transport: 'harness' })
          : fail(
              new AppError('POLICY_FORBIDDEN', 'Refused by the e2e harness sender check.').toJSON()
            )
        if (!trusted) refused.push(name)
        crossings.push({ kind: 'result', name, value: result })
        return result
      }
    )
    await page.addInitScript({ path: bridgeScript() })
    await page.clock.setFixedTime(now)

    const harness: Harness = {
      page,
      server,
      store,
      crossings,
      clipboard,
      refused,
      problems,
      emit,
      now: () => now,
      async setTime(ms) {
        now = ms
        await page.clock.setFixedTime(ms)
      },
      async open() {
        const response = await page.goto(`${server.url}/`)
        expect(response?.status()).toBe(200)
        await expect(page.getByRole('heading', { name: 'Tessera' })).toBeVisible()
        await expect(page.getByText('Loading accounts…')).toHaveCount(0)
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
  }
})

export { expect }
