/**
 * The renderer's only way to main: `window.tessera`, exposed by the preload (or, under test, by
 * the e2e harness) and typed from the IPC contract.
 */
import type { TesseraApi } from '../../shared/ipc'

declare global {
  interface Window {
    readonly tessera?: TesseraApi
  }
}

export function api(): TesseraApi {
  const tessera = window.tessera
  if (!tessera) {
    throw new Error('window.tessera is missing: this page must be opened by the Tessera app.')
  }
  return tessera
}
