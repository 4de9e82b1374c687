// @ts-check
// How `npm test` (scripts/test.mjs) counts each suite and what its closing line says. Kept apart
// from the runner so test/unit/scripts/test-summary.test.ts can prove the counting fails when it
// should: a suite that did not report, a file that did not load, a non-zero exit with no failed
// test, a skip reported as a pass.

/**
 * @typedef {{ name: string, passed: number, failed: number, skipped: number, note?: string }} Suite
 */

/**
 * One plain check (type-check, lint, formatting, a build): passed when it exited 0.
 * @param {string} name
 * @param {number} code the exit status
 * @returns {Suite}
 */
export function checkSuite(name, code) {
  return { name, passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1, skipped: 0 }
}

/**
 * Vitest's JSON report, counted: a file that fails to load has no test results of its own and
 * counts as one failure; a non-zero exit with no failed test counts as a failure too.
 * @param {any} report the parsed --reporter=json output, or undefined when there was none
 * @param {number} code vitest's exit status
 * @returns {Suite[]}
 */
export function vitestSuites(report, code) {
  if (!report) {
    return [
      {
        name: 'vitest',
        passed: 0,
        failed: 1,
        skipped: 0,
        note: `vitest exited ${code} without a report`
      }
    ]
  }
  const failedFiles = (report.testResults ?? []).filter(
    (/** @type {any} */ f) => f.status === 'failed' && (f.assertionResults ?? []).length === 0
  ).length
  const failed = (report.numFailedTests ?? 0) + failedFiles
  /** @type {Suite[]} */
  const out = [
    {
      name: 'unit + integration (vitest)',
      passed: report.numPassedTests ?? 0,
      failed,
      skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0)
    }
  ]
  if (code !== 0 && failed === 0) {
    out.push({ name: 'vitest exit status', passed: 0, failed: 1, skipped: 0 })
  }
  return out
}

/**
 * Playwright's JSON report, counted: a skipped test (the Electron smoke suite with no Electron
 * binary) is skipped, never passed; errors outside tests (a spec that fails to load) are failures.
 * @param {string} name
 * @param {any} report the parsed JSON report, or undefined when there was none
 * @param {number} code playwright's exit status
 * @returns {Suite}
 */
export function playwrightSuite(name, report, code) {
  if (!report?.stats) {
    return {
      name,
      passed: 0,
      failed: 1,
      skipped: 0,
      note: `playwright exited ${code} without a report`
    }
  }
  const s = report.stats
  const failed = (s.unexpected ?? 0) + (report.errors ?? []).length
  return {
    name,
    passed: (s.expected ?? 0) + (s.flaky ?? 0),
    failed: failed + (code !== 0 && failed === 0 ? 1 : 0),
    skipped: s.skipped ?? 0
  }
}

/**
 * The summary lines, the closing `N passed, N failed, N skipped` line and the exit status
 * (non-zero when anything failed, or when nothing ran at all).
 * @param {Suite[]} suites
 * @returns {{ lines: string[], closing: string, exitCode: number }}
 */
export function summarize(suites) {
  const total = suites.reduce(
    (t, s) => ({
      passed: t.passed + s.passed,
      failed: t.failed + s.failed,
      skipped: t.skipped + s.skipped
    }),
    { passed: 0, failed: 0, skipped: 0 }
  )
  const lines = suites.map(
    (s) =>
      `  ${s.name}: ${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped${s.note ? ` (${s.note})` : ''}`
  )
  const closing = `${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`
  const exitCode = total.failed === 0 && total.passed + total.skipped > 0 ? 0 : 1
  return { lines, closing, exitCode }
}
