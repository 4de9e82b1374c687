/**
 * The property-based fuzzing harness (fast-check): each target pairs an arbitrary of hostile
 * input with a check that throws when a property is broken. `runTarget` runs one target for a
 * number of cases from a seed and reports what happened; the quick pass in the unit suite and
 * `npm run fuzz` (scripts via test/fuzz/run.ts) both use it.
 *
 * The common property: a parser of outside data returns a well-formed value or throws an
 * AppError with a code that is not INTERNAL (and, for importers, not marked `unexpected`);
 * anything else (a TypeError, a RangeError from a runaway recursion, a plain Error) is a bug.
 * Every case is also timed: one case over the budget counts as a hang.
 */
import fc from 'fast-check'
import { isAppError } from '../../src/shared/errors'

/** What one case ended in, for the tally: 'ok' or an error code. */
export type Outcome = string

export interface FuzzTarget<T = unknown> {
  name: string
  /** What the target feeds and which property it checks, for the report. */
  about: string
  arbitrary: fc.Arbitrary<T>
  /** Throws when a property is broken; otherwise says how the case ended. */
  check(value: T): Outcome | Promise<Outcome>
  /** Cases in the unit suite's quick pass (the full run uses its own count). Default 100. */
  quickRuns?: number
}

/** A property failure with the case that caused it. */
export class PropertyBroken extends Error {
  override readonly name = 'PropertyBroken'
}

/**
 * The outcome of a call expected to return or throw a typed error: 'ok', or the AppError's code.
 *
 * @throws PropertyBroken for anything that is not an AppError, for INTERNAL, and for an AppError
 *   marked `details.unexpected` (an importer's "a parser failed inside" wrapper), or a code not in
 *   `allowed` when it is given.
 */
export async function typedOutcome(
  run: () => unknown,
  allowed?: readonly string[]
): Promise<Outcome> {
  try {
    await run()
    return 'ok'
  } catch (err) {
    return classify(err, allowed)
  }
}

/** {@link typedOutcome} for synchronous code (no microtask per case). */
export function typedOutcomeSync(run: () => unknown, allowed?: readonly string[]): Outcome {
  try {
    run()
    return 'ok'
  } catch (err) {
    return classify(err, allowed)
  }
}

export function classify(err: unknown, allowed?: readonly string[]): Outcome {
  if (err instanceof PropertyBroken) throw err
  if (!isAppError(err)) {
    const e = err instanceof Error ? err : new Error(String(err))
    throw new PropertyBroken(`threw ${e.name} instead of an AppError: ${e.message}`, { cause: e })
  }
  if (err.code === 'INTERNAL') {
    throw new PropertyBroken(`threw INTERNAL: ${err.message}`, { cause: err })
  }
  if (err.details?.unexpected) {
    const cause = (err as Error).cause
    const where =
      cause instanceof Error
        ? (cause.stack ?? cause.message).split('\n').slice(0, 6).join('\n')
        : ''
    throw new PropertyBroken(`a parser failed unexpectedly inside: ${where}`, { cause: err })
  }
  if (allowed && !allowed.includes(err.code)) {
    throw new PropertyBroken(`threw ${err.code}, expected one of ${allowed.join(', ')}`, {
      cause: err
    })
  }
  return err.code
}

/** Fails the property with `message` unless `condition` holds. */
export function must(condition: unknown, message: string): asserts condition {
  if (!condition) throw new PropertyBroken(message)
}

export interface TargetReport {
  name: string
  cases: number
  ms: number
  /** Slowest single case. */
  maxCaseMs: number
  outcomes: Record<Outcome, number>
  seed: number
  /** Set when a property broke: fast-check's report with the shrunk counterexample. */
  failure?: string
  /** `--seed S --path P` reproduces the failure. */
  path?: string
}

export interface RunOptions {
  numRuns: number
  seed: number
  /** Replays one failing case (from a report's `path`). */
  path?: string
  /** One case taking longer than this is a hang. */
  caseBudgetMs: number
}

export async function runTarget<T>(target: FuzzTarget<T>, o: RunOptions): Promise<TargetReport> {
  const outcomes: Record<Outcome, number> = {}
  let maxCaseMs = 0
  let cases = 0
  const started = performance.now()
  const property = fc.asyncProperty(target.arbitrary, async (value) => {
    const t0 = performance.now()
    const outcome = await target.check(value)
    const ms = performance.now() - t0
    cases++
    if (ms > maxCaseMs) maxCaseMs = ms
    outcomes[outcome] = (outcomes[outcome] ?? 0) + 1
    if (ms > o.caseBudgetMs) {
      throw new PropertyBroken(`one case took ${Math.round(ms)} ms (budget ${o.caseBudgetMs} ms)`)
    }
  })
  const details = await fc.check(property, {
    numRuns: o.numRuns,
    seed: o.seed,
    ...(o.path ? { path: o.path } : {}),
    // Shrinking a slow case can take long; a few hundred steps find a small one.
    maxSkipsPerRun: 100,
    endOnFailure: false
  })
  const report: TargetReport = {
    name: target.name,
    cases,
    ms: performance.now() - started,
    maxCaseMs,
    outcomes,
    seed: o.seed
  }
  if (details.failed) {
    report.failure = fc.defaultReportMessage(details) ?? 'failed'
    if (details.counterexamplePath) report.path = details.counterexamplePath
  }
  return report
}
