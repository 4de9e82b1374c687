/**
 * The unlocked session's idle timer: the vault locks itself after the user's auto-lock minutes
 * without activity. Activity is what the app reports (`touch`) and every save; reads are not
 * (the app polls codes every second, which would otherwise keep the vault open forever).
 */

/** Timer functions, injectable so tests move a clock instead of waiting. */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

/** Node's timers, unref-ed: a pending auto-lock never keeps the process alive. */
export const realTimers: Timers = {
  setTimeout: (fn, ms) => {
    const h = setTimeout(fn, ms)
    h.unref?.()
    return h
  },
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>)
}

/** The longest delay setTimeout honours (2^31-1 ms, about 24.8 days). */
const MAX_TIMER_MS = 2 ** 31 - 1

/**
 * Calls `onIdle` once `minutes` have passed since the last `touch()`. `schedule` (re)starts the
 * countdown for the minutes in force; 0 (or less) never locks on its own.
 */
export class AutoLockTimer {
  private lastActivity = 0
  private timer: unknown = null

  constructor(
    private readonly now: () => number,
    private readonly timers: Timers,
    private readonly onIdle: () => void
  ) {}

  /** Records activity now; the running countdown sees it when it fires. */
  touch(): void {
    this.lastActivity = this.now()
  }

  /** Stops the countdown (on lock). */
  cancel(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer)
    this.timer = null
  }

  /** Restarts the countdown for `minutes` from the last activity. */
  schedule(minutes: number): void {
    this.cancel()
    if (!(minutes > 0)) return
    const limit = minutes * 60_000
    // a longer timeout fires after 1 ms in Node; the handler re-schedules until the limit
    const wait = Math.min(MAX_TIMER_MS, Math.max(0, this.lastActivity + limit - this.now()))
    this.timer = this.timers.setTimeout(() => {
      this.timer = null
      if (this.now() - this.lastActivity >= limit) this.onIdle()
      else this.schedule(minutes)
    }, wait)
  }
}
