import { defineConfig } from '@playwright/test'

/**
 * Two projects:
 *  - e2e: the built renderer in Debian's Chromium with the real handler table bound in
 *    (test/e2e/harness). Never a downloaded browser.
 *  - electron: `_electron` smoke tests of the built app, where the Electron binary exists.
 * Both get a private build from test/e2e/harness/global-setup.ts.
 */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync'
]

export default defineConfig({
  // Never `test-results/` itself: Playwright empties its outputDir, and other suites write there.
  outputDir: 'test-results/playwright',
  globalSetup: './test/e2e/harness/global-setup.ts',
  globalTeardown: './test/e2e/harness/global-teardown.ts',
  forbidOnly: true,
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    headless: true,
    viewport: { width: 480, height: 720 },
    colorScheme: 'light',
    locale: 'en-US',
    timezoneId: 'UTC',
    launchOptions: { executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS },
    trace: 'off',
    screenshot: 'only-on-failure'
  },
  projects: [
    { name: 'e2e', testDir: './test/e2e', testMatch: '**/*.spec.ts' },
    { name: 'electron', testDir: './test/electron', testMatch: '**/*.spec.ts' }
  ]
})
