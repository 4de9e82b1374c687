/**
 * The policy service: reads every source once before the vault is unlocked, then keeps the
 * snapshot current while Tessera runs (the policy file's folder is watched; every source is
 * re-read on a timer and, throttled, when the window gains focus) and tells listeners when
 * anything changed.
 *
 * A source that was read fine and then becomes unreadable or untrusted while running keeps its
 * last good values (with a warning saying so): a policy file truncated by a half-finished deploy
 * must not lift every policy until the next write. A source that disappears (file removed, key
 * deleted) is a deliberate change and applies at once.
 */
import type { PolicySnapshotView, PolicyValues } from '../../../shared/policy'
import { mergePolicyReadings, unmanagedSnapshot, type PolicyReading } from './merge'
import type { PathContext } from './normalize'

/** One place policies come from (the registry, the profile, a policy file). */
export interface PolicySourcePort {
  /** Unique among the service's sources ("registry", "profile", "file:/etc/tessera/policy.json"). */
  id: string
  /** Reads the source now. Never rejects (problems are readings with warnings). */
  read(): Promise<PolicyReading[]>
  /** How often to re-read while running. */
  intervalMs: number
  /** Calls back when the source may have changed (a file watch); returns the stop function. */
  watch?(onChange: () => void): () => void
}

export interface PolicyServiceOptions {
  sources: readonly PolicySourcePort[]
  paths: PathContext
  now?: () => number
  /** Shortest time between two focus-triggered re-reads. */
  focusThrottleMs?: number
  /** How long to wait for a burst of file events to settle. */
  debounceMs?: number
}

type Listener = (snapshot: PolicySnapshotView) => void

/** The parts of a snapshot that matter for "did anything change". */
function fingerprint(s: PolicySnapshotView): string {
  return JSON.stringify([s.values, s.entries, s.warnings, s.sources])
}

export class PolicyService {
  private readonly latest = new Map<string, PolicyReading[]>()
  private readonly lastGood = new Map<string, PolicyReading>()
  private readonly listeners = new Set<Listener>()
  private readonly stops: (() => void)[] = []
  private current: PolicySnapshotView
  private startValues: PolicyValues | undefined
  private chain: Promise<void> = Promise.resolve()
  private lastFocusRead = 0
  private debounce: ReturnType<typeof setTimeout> | undefined
  private readonly now: () => number

  constructor(private readonly options: PolicyServiceOptions) {
    this.now = options.now ?? Date.now
    this.current = unmanagedSnapshot(this.now())
  }

  /** The policies in force now. */
  get snapshot(): PolicySnapshotView {
    return this.current
  }

  /** The values in force now (shorthand for `snapshot.values`). */
  get values(): PolicyValues {
    return this.current.values
  }

  /**
   * Reads every source and returns the first snapshot. Call it before the vault is unlocked;
   * values that apply only at start (DataDirectory) are taken from this one.
   */
  async load(): Promise<PolicySnapshotView> {
    await this.refresh()
    this.startValues = this.current.values
    this.current = this.merge()
    return this.current
  }

  /** Starts the timers and file watches (the app; the CLI reads once and exits). */
  start(): void {
    for (const source of this.options.sources) {
      const timer = setInterval(() => void this.refresh([source.id]), source.intervalMs)
      timer.unref?.()
      this.stops.push(() => clearInterval(timer))
      const stop = source.watch?.(() => this.onSourceEvent(source.id))
      if (stop) this.stops.push(stop)
    }
  }

  /** Stops timers and watches. */
  stop(): void {
    for (const stop of this.stops.splice(0)) stop()
    if (this.debounce) clearTimeout(this.debounce)
  }

  /** The window gained focus: re-read everything, at most once per throttle interval. */
  noteFocus(): void {
    const t = this.now()
    if (t - this.lastFocusRead < (this.options.focusThrottleMs ?? 10_000)) return
    this.lastFocusRead = t
    void this.refresh()
  }

  /** Calls `listener` after every change of the snapshot; returns the unsubscribe function. */
  onChange(listener: Listener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /**
   * Re-reads the named sources (all by default), one refresh at a time, and tells listeners when
   * the snapshot changed. Resolves once this refresh is merged.
   */
  refresh(ids?: readonly string[]): Promise<void> {
    const run = async (): Promise<void> => {
      const sources = this.options.sources.filter((s) => !ids || ids.includes(s.id))
      const results = await Promise.all(sources.map(async (s) => [s.id, await s.read()] as const))
      for (const [id, readings] of results)
        this.latest.set(
          id,
          readings.map((r) => this.keep(r))
        )
      const next = this.merge()
      const changed = fingerprint(next) !== fingerprint(this.current)
      this.current = next
      if (changed) for (const l of [...this.listeners]) l(next)
    }
    this.chain = this.chain.then(run, run)
    return this.chain
  }

  private onSourceEvent(id: string): void {
    if (this.debounce) clearTimeout(this.debounce)
    this.debounce = setTimeout(() => void this.refresh([id]), this.options.debounceMs ?? 150)
    this.debounce.unref?.()
  }

  /** Substitutes the last good values for a source that broke while running. */
  private keep(reading: PolicyReading): PolicyReading {
    const key = `${reading.source}|${reading.location}`
    if (reading.status === 'read') {
      this.lastGood.set(key, reading)
      return reading
    }
    if (reading.status === 'absent') {
      this.lastGood.delete(key)
      return reading
    }
    const good = this.lastGood.get(key)
    if (!good) return reading
    return {
      ...reading,
      values: good.values,
      kept: true,
      ...(good.caseInsensitiveKeys ? { caseInsensitiveKeys: true } : {}),
      warnings: [
        ...reading.warnings,
        {
          code: reading.warnings[0]?.code ?? 'source-failed',
          source: reading.source,
          message: `${reading.location}: the policies read from it before stay in force until it can be used again.`
        }
      ]
    }
  }

  private merge(): PolicySnapshotView {
    const readings = [...this.latest.values()].flat()
    const snapshot = mergePolicyReadings(readings, { paths: this.options.paths, now: this.now() })
    const start = this.startValues
    if (
      start &&
      JSON.stringify(start.DataDirectory) !== JSON.stringify(snapshot.values.DataDirectory)
    ) {
      snapshot.warnings.push({
        code: 'restart-needed',
        policy: 'DataDirectory',
        message:
          'DataDirectory changed while Tessera was running. Quit and start Tessera again to use the new data folder; until then it keeps using the one it started with.'
      })
      // The data folder in use is the one Tessera started with.
      snapshot.values = { ...snapshot.values, DataDirectory: start.DataDirectory }
    }
    return snapshot
  }
}
