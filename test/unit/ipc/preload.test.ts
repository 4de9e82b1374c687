/**
 * The preload builds `window.tessera` from the names the build gives it (no zod, no schemas):
 * with those names it must expose exactly the API the contract describes, send each call on its
 * own channel, and refuse events the contract does not name.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { CHANNEL_NAMES, EVENT_NAMES, createTesseraApi } from '../../../src/shared/ipc'

const exposed: Record<string, unknown> = {}
const invoke = vi.fn(async (_channel: string, _input: unknown) => ({ ok: true, value: 'done' }))
const on = vi.fn()

vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: (key: string, value: unknown) => {
      exposed[key] = value
    }
  },
  ipcRenderer: { invoke, on, removeListener: vi.fn() }
}))

type Api = Record<string, Record<string, (input?: unknown) => Promise<unknown>>> & {
  on: (event: string, listener: (payload: unknown) => void) => () => void
}

beforeAll(async () => {
  // What electron.vite.config.ts `define`s for the preload build.
  const g = globalThis as Record<string, unknown>
  g.__TESSERA_CHANNEL_NAMES__ = CHANNEL_NAMES
  g.__TESSERA_EVENT_NAMES__ = EVENT_NAMES
  await import('../../../src/preload/index')
})

describe('preload', () => {
  it('exposes the same domains and methods as the contract', () => {
    const api = exposed.tessera as Api
    const contract = createTesseraApi({ invoke: async () => null, subscribe: () => () => {} })
    const shape = (a: object) =>
      Object.fromEntries(
        Object.entries(a).map(([d, m]) => [d, typeof m === 'function' ? 'fn' : Object.keys(m)])
      )
    expect(shape(api)).toEqual(shape(contract))
    expect(Object.keys(api)).toContain('accounts')
  })

  it('sends a call on its channel and hands back the Result', async () => {
    const api = exposed.tessera as Api
    await expect(api.vault!.status!()).resolves.toEqual({ ok: true, value: 'done' })
    expect(invoke).toHaveBeenCalledWith('vault:status', undefined)
  })

  it('subscribes only to events the contract names', () => {
    const api = exposed.tessera as Api
    const off = api.on('vault:locked', () => {})
    expect(on).toHaveBeenCalledWith('vault:locked', expect.any(Function))
    off()
    expect(() => api.on('vault:made-up', () => {})).toThrow(/Unknown Tessera event/)
  })
})
