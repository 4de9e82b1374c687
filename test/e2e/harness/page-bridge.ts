/**
 * Runs in the page before the app (bundled to an IIFE by global-setup and added as an init
 * script): builds `window.tessera` from the IPC contract exactly as the preload does, with the
 * Playwright binding as the transport instead of ipcRenderer. The binding itself is taken off
 * `window`, as the preload keeps ipcRenderer to itself.
 */
import { createTesseraApi, isEventName } from '../../../src/shared/ipc'

type Invoke = (channel: string, input: unknown) => Promise<unknown>
type Listener = (payload: unknown) => void

interface BridgeGlobals {
  __tesseraInvoke?: Invoke
  __tesseraEmit?: (event: string, payload: unknown) => void
}

const g = globalThis as unknown as BridgeGlobals
const binding = g.__tesseraInvoke
if (typeof binding !== 'function')
  throw new Error('e2e harness: the __tesseraInvoke binding is missing')
const invoke: Invoke = (channel, input) => binding(channel, input)
try {
  delete g.__tesseraInvoke
} catch {
  // Not configurable in this Playwright version; the app never touches it either way.
}

const listeners = new Map<string, Set<Listener>>()

const api = createTesseraApi({
  invoke,
  subscribe(event, listener) {
    if (!isEventName(event)) throw new Error(`Unknown Tessera event "${event}"`)
    const set = listeners.get(event) ?? new Set<Listener>()
    listeners.set(event, set)
    set.add(listener)
    return () => {
      set.delete(listener)
    }
  }
})

Object.defineProperty(globalThis, 'tessera', { value: api, enumerable: true })
Object.defineProperty(globalThis, '__tesseraEmit', {
  value: (event: string, payload: unknown) => {
    for (const listener of listeners.get(event) ?? []) listener(payload)
  }
})
