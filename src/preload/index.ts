/**
 * The sandboxed preload: exposes `window.tessera`, built from the IPC contract, as named
 * functions only. ipcRenderer itself never reaches the page.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { createTesseraApi, isEventName } from '../shared/ipc'

const api = createTesseraApi({
  invoke: (channel, input) => ipcRenderer.invoke(channel, input),
  subscribe: (event, listener) => {
    if (!isEventName(event)) throw new Error(`Unknown Tessera event "${event}"`)
    const wrapped = (_event: IpcRendererEvent, payload: unknown): void => listener(payload)
    ipcRenderer.on(event, wrapped)
    return () => {
      ipcRenderer.removeListener(event, wrapped)
    }
  }
})

contextBridge.exposeInMainWorld('tessera', api)
