/**
 * Copying codes: main writes the clipboard (the page holds no clipboard permission) and clears it
 * again after a while, unless the user copied something else meanwhile. Electron's clipboard and
 * the timers are injected, so unit tests run without Electron.
 */
import type { Clipboard } from 'electron'
import type { ClipboardPort } from '../handlers'

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

export function createAutoClearingClipboard(
  clipboard: Pick<Clipboard, 'writeText' | 'readText' | 'clear'>,
  clearAfterMs: number = CLEAR_CLIPBOARD_AFTER_MS,
  timers: Timers = realTimers
): ClipboardPort {
  let pending: unknown = null
  return {
    async copy(text) {
      if (pending !== null) timers.clearTimeout(pending)
      pending = null
      await clipboard.writeText(text)
      pending = timers.setTimeout(() => {
        pending = null
        clipboard.readText().then(
          (current) => {
            if (current === text) clipboard.clear()
          },
          () => undefined
        )
      }, clearAfterMs)
      return { clearsAfterMs: clearAfterMs }
    }
  }
}
