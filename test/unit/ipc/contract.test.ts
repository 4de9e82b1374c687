import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { gateWhileLocked } from '../../../src/main/handlers/vault'
import type { HandlerTable } from '../../../src/main/handlers'
import { channel, channelsOpenWhileLocked } from '../../../src/shared/ipc/contract'
import {
  CHANNEL_NAMES,
  EVENT_NAMES,
  channelParts,
  channels,
  createTesseraApi,
  eventParts,
  isChannel,
  type Transport
} from '../../../src/shared/ipc'

describe('the IPC contract', () => {
  it('names every channel domain:method, and no two domains declare the same channel', () => {
    const all = channelParts.flatMap((part) => Object.keys(part))
    expect(new Set(all).size).toBe(all.length)
    expect(all.length).toBe(CHANNEL_NAMES.length)
    for (const name of CHANNEL_NAMES) expect(name).toMatch(/^[a-z][A-Za-z]*:[a-z][A-Za-z]*$/)
    const events = eventParts.flatMap((part) => Object.keys(part))
    expect(new Set(events).size).toBe(events.length)
  })

  it('gives every channel an input schema main can parse with', () => {
    for (const name of CHANNEL_NAMES) {
      expect(typeof channels[name].input.safeParse, name).toBe('function')
    }
  })

  it('declares on the channel which ones main answers while the vault is locked', () => {
    const map = {
      'demo:open': channel<null>({ openWhileLocked: true })(z.undefined()),
      'demo:closed': channel<null>()(z.undefined()),
      'demo:explicit': channel<null>({ openWhileLocked: false })(z.undefined())
    }
    expect([...channelsOpenWhileLocked(map)]).toEqual(['demo:open'])
  })

  it('refuses a channel not marked open while locked, and the marked ones answer', async () => {
    const ran: string[] = []
    const handler = (name: string) => () => {
      ran.push(name)
      return Promise.resolve(name)
    }
    const map = {
      'demo:open': channel<null>({ openWhileLocked: true })(z.undefined()),
      'demo:closed': channel<null>()(z.undefined())
    }
    const vault = { isUnlocked: false }
    const table = {
      'demo:open': handler('demo:open'),
      'demo:closed': handler('demo:closed')
    } as unknown as HandlerTable
    const gated = gateWhileLocked(
      { vault } as unknown as Parameters<typeof gateWhileLocked>[0],
      table,
      channelsOpenWhileLocked(map)
    ) as unknown as Record<string, () => Promise<unknown>>
    await expect(gated['demo:open']!()).resolves.toBe('demo:open')
    await expect(gated['demo:closed']!()).rejects.toMatchObject({ code: 'VAULT_LOCKED' })
    expect(ran).toEqual(['demo:open'])
    vault.isUnlocked = true
    await expect(gated['demo:closed']!()).resolves.toBe('demo:closed')
  })

  it('knows only its own channels', () => {
    expect(isChannel('accounts:list')).toBe(true)
    expect(isChannel('toString')).toBe(false)
    expect(isChannel('__proto__')).toBe(false)
    expect(isChannel(42)).toBe(false)
  })
})

function recordingTransport(answer: (channel: string, input: unknown) => Promise<unknown>) {
  const calls: [string, unknown][] = []
  const subscribed: string[] = []
  const transport: Transport = {
    invoke: (channel, input) => {
      calls.push([channel, input])
      return answer(channel, input)
    },
    subscribe: (event) => {
      subscribed.push(event)
      return () => undefined
    }
  }
  return { transport, calls, subscribed }
}

describe('createTesseraApi (the window.tessera shape)', () => {
  it('has one named function per channel, grouped by domain, and nothing else', () => {
    const { transport } = recordingTransport(async () => ({ ok: true, value: null }))
    const api = createTesseraApi(transport)
    const names = Object.entries(api)
      .filter(([key]) => key !== 'on')
      .flatMap(([domain, methods]) => Object.keys(methods as object).map((m) => `${domain}:${m}`))
    expect(names.sort()).toEqual([...CHANNEL_NAMES].sort())
    expect(Object.isFrozen(api)).toBe(true)
    expect(Object.isFrozen(api.accounts)).toBe(true)
    expect(JSON.stringify(Object.keys(api))).not.toMatch(/invoke|ipc|send/i)
  })

  it('sends each call to its own channel with its input', async () => {
    const { transport, calls } = recordingTransport(async () => ({ ok: true, value: [] }))
    const api = createTesseraApi(transport)
    await api.accounts.list()
    await api.accounts.addFromUri({ uri: 'otpauth://totp/x?secret=AAAA' })
    expect(calls).toEqual([
      ['accounts:list', undefined],
      ['accounts:addFromUri', { uri: 'otpauth://totp/x?secret=AAAA' }]
    ])
  })

  it('never rejects: a broken transport or a malformed answer becomes an INTERNAL Result', async () => {
    const throwing = createTesseraApi(
      recordingTransport(async () => {
        throw new Error('channel closed at /secret/path.ts:12')
      }).transport
    )
    const broken = await throwing.accounts.list()
    expect(broken.ok).toBe(false)
    if (!broken.ok) {
      expect(broken.error.code).toBe('INTERNAL')
      expect(broken.error.message).not.toContain('/secret/path')
    }
    const weird = createTesseraApi(recordingTransport(async () => 'surprise').transport)
    expect((await weird.codes.list()).ok).toBe(false)
  })

  it('subscribes to declared events only', () => {
    const { transport, subscribed } = recordingTransport(async () => null)
    const api = createTesseraApi(transport)
    const off = api.on('accounts:changed', () => undefined)
    expect(typeof off).toBe('function')
    expect(subscribed).toEqual(['accounts:changed'])
    expect(EVENT_NAMES).toContain('accounts:changed')
    expect(() =>
      (api.on as (e: string, l: () => void) => void)('ipc:anything', () => undefined)
    ).toThrow(/Unknown Tessera event/)
  })
})
