import type { IpcMainInvokeEvent, WebContents } from 'electron'
import { describe, expect, it } from 'vitest'
import {
  UNTRUSTED_SENDER_MESSAGE,
  createContentsEmitter,
  createIpcListener,
  registerIpc
} from '../../../src/main/app/ipc'
import type { FrameLike } from '../../../src/main/app/sender'
import type { Dispatch } from '../../../src/main/handlers'
import { CHANNEL_NAMES } from '../../../src/shared/ipc'
import { TOTP_URI, setup } from './fixtures'

const origins = () => ['app://tessera']
const eventFrom = (frame: FrameLike | null) =>
  ({ senderFrame: frame }) as unknown as Pick<IpcMainInvokeEvent, 'senderFrame'>
const ours: FrameLike = { url: 'app://tessera/index.html', parent: null }

function spyDispatch() {
  const calls: [string, unknown][] = []
  const dispatch: Dispatch = async (channel, input) => {
    calls.push([channel, input])
    return { ok: true, value: 'called' }
  }
  return { dispatch, calls }
}

describe('the ipcMain listener: sender check, then input', () => {
  it('passes a call from our own top-level frame to the dispatcher', async () => {
    const { dispatch, calls } = spyDispatch()
    const listener = createIpcListener('accounts:list', dispatch, origins)
    expect(await listener(eventFrom(ours))).toEqual({ ok: true, value: 'called' })
    expect(calls).toEqual([['accounts:list', undefined]])
  })

  it.each([
    ['a sub-frame', { url: 'app://tessera/index.html', parent: ours }],
    ['a foreign page', { url: 'https://evil.example/', parent: null }],
    ['a file:// page', { url: 'file:///tmp/x.html', parent: null }],
    ['a destroyed frame', null]
  ])('refuses %s without dispatching', async (_name, frame) => {
    const { dispatch, calls } = spyDispatch()
    const listener = createIpcListener('accounts:list', dispatch, origins)
    const result = await listener(eventFrom(frame as FrameLike | null))
    expect(result).toEqual({
      ok: false,
      error: { code: 'POLICY_FORBIDDEN', message: UNTRUSTED_SENDER_MESSAGE }
    })
    expect(calls).toEqual([])
  })

  it('refuses a frame whose senderFrame getter throws', async () => {
    const { dispatch, calls } = spyDispatch()
    const event = {
      get senderFrame(): FrameLike {
        throw new Error('Render frame was disposed')
      }
    }
    const result = await createIpcListener(
      'accounts:list',
      dispatch,
      origins
    )(event as unknown as Pick<IpcMainInvokeEvent, 'senderFrame'>)
    expect(result.ok).toBe(false)
    expect(calls).toEqual([])
  })

  it('refuses extra arguments', async () => {
    const { dispatch, calls } = spyDispatch()
    const listener = createIpcListener('accounts:list', dispatch, origins)
    const result = await listener(eventFrom(ours), undefined, 'smuggled')
    expect(result.ok).toBe(false)
    expect(calls).toEqual([])
  })

  it('validates the input against the contract through the real dispatcher', async () => {
    const { dispatch, store } = setup()
    const listener = createIpcListener('accounts:addFromUri', dispatch, origins)
    const bad = await listener(eventFrom(ours), { uri: TOTP_URI, admin: true })
    expect(bad.ok).toBe(false)
    if (!bad.ok) expect(bad.error.code).toBe('INVALID_INPUT')
    expect(store.list()).toHaveLength(0)
    const good = await listener(eventFrom(ours), { uri: TOTP_URI })
    expect(good.ok).toBe(true)
    expect(store.list()).toHaveLength(1)
  })
})

describe('registerIpc', () => {
  it('registers exactly the contract’s channels, and removes them again', () => {
    const handled = new Map<string, unknown>()
    const ipcMain = {
      handle: (channel: string, listener: unknown) => void handled.set(channel, listener),
      removeHandler: (channel: string) => void handled.delete(channel)
    }
    const unregister = registerIpc(ipcMain, spyDispatch().dispatch, origins)
    expect([...handled.keys()].sort()).toEqual([...CHANNEL_NAMES].sort())
    unregister()
    expect(handled.size).toBe(0)
  })
})

describe('createContentsEmitter', () => {
  it('sends typed events to the current window, and drops them when there is none', () => {
    const sent: unknown[] = []
    let current: WebContents | null = {
      isDestroyed: () => false,
      send: (...args: unknown[]) => void sent.push(args)
    } as unknown as WebContents
    const emit = createContentsEmitter(() => current)
    emit('accounts:changed', { reason: 'added', ids: ['a'] })
    current = null
    emit('accounts:changed', { reason: 'removed', ids: ['a'] })
    expect(sent).toEqual([['accounts:changed', { reason: 'added', ids: ['a'] }]])
  })
})
