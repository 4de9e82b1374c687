/**
 * The sandboxed preload: exposes `window.tessera`, built from the IPC contract, as named
 * functions only. ipcRenderer itself never reaches the page.
 *
 * It never validates (main does), so it does not bundle the contract's zod schemas: the channel
 * and event names come in at build time (electron.vite.config.ts `define`, from the contract's
 * CHANNEL_NAMES / EVENT_NAMES), and only the zod-free builder from ipc/contract is imported.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import type { Channels, Events } from '../shared/ipc'
import { buildApi } from '../shared/ipc/contract'

declare const __TESSERA_CHANNEL_NAMES__: readonly string[]
declare const __TESSERA_EVENT_NAMES__: readonly string[]

const api = buildApi<Channels, Events>(__TESSERA_CHANNEL_NAMES__, __TESSERA_EVENT_NAMES__, {
  invoke: (channel, input) => ipcRenderer.invoke(channel, input),
  // buildApi accepts only the contract's event names before it calls this.
  subscribe: (event, listener) => {
    const wrapped = (_event: IpcRendererEvent, payload: unknown): void => listener(payload)
    ipcRenderer.on(event, wrapped)
    return () => {
      ipcRenderer.removeListener(event, wrapped)
    }
  }
})

contextBridge.exposeInMainWorld('tessera', api)
