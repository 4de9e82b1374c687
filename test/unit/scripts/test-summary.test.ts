/**
 * `npm test`'s counting (scripts/test-summary.mjs), checked against what would fool it: a suite
 * that wrote no report, a test file that did not load, a non-zero exit with no failed test, and
 * skips (the Electron smoke suite here) that must never be counted as passes.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
// @ts-expect-error plain JavaScript script (checked with @ts-check) without a declaration file
import * as counting from '../../../scripts/test-summary.mjs'
import { repoRoot } from '../../helpers/corpora'

type Suite = { name: string; passed: number; failed: number; skipped: number; note?: string }
const { checkSuite, playwrightSuite, summarize, vitestSuites } = counting as {
  checkSuite: (name: string, code: number) => Suite
  vitestSuites: (report: unknown, code: number) => Suite[]
  playwrightSuite: (name: string, report: unknown, code: number) => Suite
  summarize: (suites: Suite[]) => { lines: string[]; closing: string; exitCode: number }
}

describe('npm test counts what failed as failed', () => {
  it('a check that exited non-zero fails the run and the closing line says so', () => {
    const s = summarize([checkSuite('lint', 0), checkSuite('formatting', 2)])
    expect(s.closing).toBe('1 passed, 1 failed, 0 skipped')
    expect(s.exitCode).toBe(1)
    expect(s.lines).toContain('  formatting: 0 passed, 1 failed, 0 skipped')
    expect(summarize([checkSuite('lint', 0)]).exitCode).toBe(0)
  })

  it('vitest: no report, a file that did not load, a bad exit with no failed test', () => {
    expect(vitestSuites(undefined, 1)).toEqual([
      expect.objectContaining({ failed: 1, note: 'vitest exited 1 without a report' })
    ])
    const unloadable = {
      numPassedTests: 10,
      numFailedTests: 0,
      numPendingTests: 2,
      testResults: [
        { status: 'passed', assertionResults: [{}] },
        { status: 'failed', assertionResults: [] }
      ]
    }
    expect(vitestSuites(unloadable, 1)).toEqual([
      { name: 'unit + integration (vitest)', passed: 10, failed: 1, skipped: 2 }
    ])
    const allPassedButExit1 = { numPassedTests: 3, numFailedTests: 0, testResults: [] }
    const suites = vitestSuites(allPassedButExit1, 1)
    expect(summarize(suites)).toMatchObject({
      closing: '3 passed, 1 failed, 0 skipped',
      exitCode: 1
    })
  })

  it('playwright: skips stay skips; no report or a load error is a failure', () => {
    const skippedOnly = { stats: { expected: 0, skipped: 1, unexpected: 0, flaky: 0 }, errors: [] }
    expect(playwrightSuite('electron smoke', skippedOnly, 0)).toMatchObject({
      passed: 0,
      failed: 0,
      skipped: 1
    })
    expect(playwrightSuite('e2e', undefined, 1)).toMatchObject({ passed: 0, failed: 1 })
    const loadError = { stats: { expected: 4, skipped: 0, unexpected: 0 }, errors: [{}] }
    expect(playwrightSuite('e2e', loadError, 1)).toMatchObject({ passed: 4, failed: 1 })
    expect(playwrightSuite('e2e', { stats: { expected: 4 } }, 1).failed).toBe(1)
  })

  it('a run where nothing ran is not a success', () => {
    expect(summarize([])).toMatchObject({ closing: '0 passed, 0 failed, 0 skipped', exitCode: 1 })
  })

  it(
    'the real Electron smoke suite on this machine (no Electron binary) is counted as skipped',
    { timeout: 120_000 },
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'tessera-pw-'))
      try {
        const out = join(dir, 'report.json')
        const r = spawnSync(
          'npx',
          ['playwright', 'test', '--project=electron', '--reporter=json'],
          {
            cwd: repoRoot,
            env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: out },
            encoding: 'utf8'
          }
        )
        const report: unknown = JSON.parse(readFileSync(out, 'utf8'))
        const suite = playwrightSuite('electron smoke', report, r.status ?? 1)
        // Told by the spec's own words, not by the counting under test.
        const hasElectron = !JSON.stringify(report).includes('Electron binary not installed')
        if (hasElectron) {
          console.info('skipped: this machine has an Electron binary, so the smoke suite ran')
          return
        }
        expect(suite).toMatchObject({ passed: 0, failed: 0 })
        expect(suite.skipped).toBeGreaterThan(0)
        expect(summarize([suite]).closing).toBe(`0 passed, 0 failed, ${suite.skipped} skipped`)
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    }
  )
})
