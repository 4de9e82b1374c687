/**
 * The page's notion of "now", ticking a few times a second so countdowns move and codes refresh
 * at period boundaries. Components select derived values (whole seconds left), so a tick only
 * re-renders what changed.
 */
import { create } from 'zustand'

const TICK_MS = 250

interface ClockState {
  now: number
  /** Starts ticking; returns the function that stops it. */
  start(): () => void
}

export const useClockStore = create<ClockState>()((set) => ({
  now: Date.now(),
  start() {
    set({ now: Date.now() })
    const timer = setInterval(() => set({ now: Date.now() }), TICK_MS)
    return () => clearInterval(timer)
  }
}))

/** Whole seconds until `until` (at least 0), re-rendering only when that number changes. */
export function useSecondsLeft(until: number | null): number | null {
  return useClockStore((s) =>
    until === null ? null : Math.max(0, Math.ceil((until - s.now) / 1000))
  )
}
