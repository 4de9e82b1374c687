/**
 * Runs the REAL built preload (out/preload/index.cjs) in the page, before the app's scripts, with
 * a stand-in for the two things it takes from `electron`:
 *  - contextBridge.exposeInMainWorld → defines a read-only global (Electron copies the object
 *    into the page; the API is frozen already);
 *  - ipcRenderer.invoke/on/removeListener → the Playwright binding `__tesseraInvoke`, taken off
 *    `window` so the page cannot reach it (as the preload keeps ipcRenderer to itself), and the
 *    harness's `__tesseraEmit` for main→renderer events.
 * A sandboxed preload may require nothing but `electron`; anything else throws here too.
 */
export function preloadInitScript(preloadSource: string): string {
  return `(() => {
  'use strict'
  const invokeBinding = globalThis.__tesseraInvoke
  if (typeof invokeBinding !== 'function') throw new Error('e2e harness: __tesseraInvoke binding missing')
  try { delete globalThis.__tesseraInvoke } catch {}
  const listeners = new Map()
  const ipcRenderer = {
    invoke: (channel, ...args) => invokeBinding(channel, ...args),
    on(channel, listener) {
      const set = listeners.get(channel) ?? new Set()
      listeners.set(channel, set)
      set.add(listener)
      return ipcRenderer
    },
    removeListener(channel, listener) {
      listeners.get(channel)?.delete(listener)
      return ipcRenderer
    }
  }
  const contextBridge = {
    exposeInMainWorld(key, api) {
      Object.defineProperty(globalThis, key, { value: api, enumerable: true })
    }
  }
  Object.defineProperty(globalThis, '__tesseraEmit', {
    value: (event, payload) => {
      for (const listener of listeners.get(event) ?? []) listener({ sender: null }, payload)
    }
  })
  const require = (name) => {
    if (name === 'electron') return { contextBridge, ipcRenderer }
    throw new Error('a sandboxed preload cannot require ' + name)
  }
  const module = { exports: {} }
  ;(function (require, module, exports) {
${preloadSource}
  })(require, module, module.exports)
})()
`
}
