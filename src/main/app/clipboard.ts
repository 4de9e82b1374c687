/**
 * Copying codes: main writes the clipboard (the page holds no clipboard permission) and clears it
 * again after a while (the user's setting), unless the user copied something else meanwhile; and
 * at once on lock and quit. Electron's clipboard and the timers are injected, so unit tests run
 * without Electron.
 */
import type { Clipboard } from 'electron'
import type { ClipboardPort } from '../ports'

/** A code is useless after its period anyway; 30 s keeps it around long enough to paste. */
export const CLEAR_CLIPBOARD_AFTER_MS = 30_000

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

const realTimers: Timers = {
  setTimeout: (fn, ms) => {
    const handle = setTimeout(fn, ms)
    // Never keep the app alive just to clear the clipboard.
    handle.unref?.()
    return handle
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>)
}

/** The clipboard port: copies that clear themselves, and `clearNow` for lock and quit. */
export type AutoClearingClipboard = ClipboardPort

/**
 * `defaultClearAfterMs` applies when a copy does not name its own delay; a delay of 0 or null
 * means "never clear on a timer" (lock and quit still clear).
 */
export function createAutoClearingClipboard(
  clipboard: Pick<Clipboard, 'writeText' | 'readText' | 'clear'>,
  defaultClearAfterMs: number | null = CLEAR_CLIPBOARD_AFTER_MS,
  timers: Timers = realTimers
): AutoClearingClipboard {
  let pending: unknown = null
  let last: string | null = null

  const clearIfOurs = async (): Promise<void> => {
    const ours = last
    if (ours === null) return
    try {
      const current = await clipboard.readText()
      if (current === ours) clipboard.clear()
    } catch {
      // Nothing to do: the clipboard could not be read, so it is not ours to clear.
    }
    if (last === ours) last = null
  }

  return {
    async copy(text, clearAfterMs) {
      if (pending !== null) timers.clearTimeout(pending)
      pending = null
      await clipboard.writeText(text)
      last = text
      const delay = clearAfterMs === undefined ? defaultClearAfterMs : clearAfterMs
      if (delay === null || delay <= 0) return { clearsAfterMs: null }
      pending = timers.setTimeout(() => {
        pending = null
        void clearIfOurs()
      }, delay)
      return { clearsAfterMs: delay }
    },
    async clearNow() {
      if (pending !== null) timers.clearTimeout(pending)
      pending = null
      await clearIfOurs()
    }
  }
}
