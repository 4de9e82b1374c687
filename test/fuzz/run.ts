/**
 * `npm run fuzz`: every fuzz target (test/fuzz/targets.ts) for 100,000 cases each, from a
 * random seed that is printed first, with one line per target (cases, time, slowest case, how
 * the cases ended). A broken property prints fast-check's shrunk counterexample and the exact
 * command that replays it; the exit code is 1 when any target failed.
 *
 *   npm run fuzz                                  every target, 100,000 cases, random seed
 *   npm run fuzz -- --runs 5000 --only otpauth    targets whose name contains "otpauth"
 *   npm run fuzz -- --seed 123 --only import-aegis --path 42:1:0   replay one failure
 */
import { allTargets } from './targets'
import { runTarget, type TargetReport } from './harness'

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`)
  return i < 0 ? undefined : process.argv[i + 1]
}

const runs = Number(arg('runs') ?? 100_000)
const seed = Number(arg('seed') ?? (Date.now() ^ (Math.random() * 0x7fffffff)) >>> 0)
const only = arg('only')
const path = arg('path')
const caseBudgetMs = Number(arg('budget-ms') ?? 5_000)

if (!Number.isSafeInteger(runs) || runs < 1 || !Number.isSafeInteger(seed)) {
  console.error(
    'Usage: npm run fuzz -- [--runs N] [--seed S] [--only NAME] [--path P] [--budget-ms MS]'
  )
  process.exit(2)
}

const targets = allTargets().filter((t) => !only || t.name.includes(only))
if (targets.length === 0) {
  console.error(
    `No target matches "${only}". Targets: ${allTargets()
      .map((t) => t.name)
      .join(', ')}`
  )
  process.exit(2)
}

console.log(
  `fuzz: seed ${seed}, ${runs} cases per target, ${targets.length} targets, case budget ${caseBudgetMs} ms`
)
const reports: TargetReport[] = []
const started = performance.now()
for (const t of targets) {
  const r = await runTarget(t, { numRuns: runs, seed, caseBudgetMs, ...(path ? { path } : {}) })
  reports.push(r)
  const tally = Object.entries(r.outcomes)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 6)
    .map(([k, n]) => `${k}:${n}`)
    .join(' ')
  console.log(
    `${r.failure ? 'FAIL' : 'ok  '} ${t.name.padEnd(20)} ${String(r.cases).padStart(7)} cases ${(r.ms / 1000).toFixed(1).padStart(7)} s  slowest ${r.maxCaseMs.toFixed(1)} ms  ${tally}`
  )
  if (r.failure) {
    console.log(r.failure)
    console.log(
      `replay: npm run fuzz -- --only ${t.name} --seed ${seed}${r.path ? ` --path ${r.path}` : ''}`
    )
  }
}
const failed = reports.filter((r) => r.failure)
const total = reports.reduce((n, r) => n + r.cases, 0)
console.log(
  `fuzz: ${total} cases in ${((performance.now() - started) / 1000).toFixed(1)} s, ${failed.length} of ${reports.length} targets failed (seed ${seed})`
)
process.exit(failed.length > 0 ? 1 : 0)
