/**
 * The page's notion of "now": the ONE timer of the codes screen. It ticks a few times a second
 * so countdowns move and codes refresh at period boundaries, and stops while the window is hidden
 * (no work nobody sees). Components select derived values (whole seconds left), so a tick only
 * re-renders what changed.
 */
import { create } from 'zustand'

const TICK_MS = 250

interface ClockState {
  now: number
  /** False while the window is hidden (minimised, another workspace): nothing ticks then. */
  visible: boolean
  /** Starts ticking; returns the function that stops it. */
  start(): () => void
}

export const useClockStore = create<ClockState>()((set) => ({
  now: Date.now(),
  visible: true,
  start() {
    let timer: ReturnType<typeof setInterval> | null = null
    const run = (): void => {
      const visible = document.visibilityState !== 'hidden'
      set({ now: Date.now(), visible })
      if (visible && timer === null) timer = setInterval(() => set({ now: Date.now() }), TICK_MS)
      if (!visible && timer !== null) {
        clearInterval(timer)
        timer = null
      }
    }
    run()
    document.addEventListener('visibilitychange', run)
    return () => {
      document.removeEventListener('visibilitychange', run)
      if (timer !== null) clearInterval(timer)
    }
  }
}))

/** Whole seconds until `until` (at least 0), re-rendering only when that number changes. */
export function useSecondsLeft(until: number | null): number | null {
  return useClockStore((s) =>
    until === null ? null : Math.max(0, Math.ceil((until - s.now) / 1000))
  )
}
