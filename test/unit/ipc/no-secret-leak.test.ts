/**
 * No handler output sent to the renderer contains the account's secret. Every channel of the
 * table is called (the `calls` map must name each one, or this file does not type-check), on
 * success and error paths, and everything that would cross (results and events) is serialized
 * and scanned for the secret in every encoding it could appear in.
 */
import { describe, expect, it } from 'vitest'
import type { Result } from '../../../src/shared/errors'
import type { Channel } from '../../../src/shared/ipc'
import type { AccountView } from '../../../src/shared/model'
import { HOTP_URI, SECRET, TOTP_URI, ctx, secretEncodings, setup } from './fixtures'

type Call = (ids: { totp: string; hotp: string }) => { input: unknown; label: string }

/** The accounts, codes and settings channels must all be listed; other domains add theirs. */
type Mine = Extract<Channel, `accounts:${string}` | `codes:${string}` | `settings:${string}`>

const calls: { [K in Mine]: Call[] } & Partial<Record<Channel, Call[]>> = {
  'accounts:list': [() => ({ input: undefined, label: 'list' })],
  'accounts:addFromUri': [
    () => ({ input: { uri: TOTP_URI }, label: 'duplicate' }),
    () => ({ input: { uri: `${TOTP_URI.replace('digits=6', 'digits=99')}` }, label: 'bad digits' }),
    () => ({
      input: { uri: TOTP_URI.replace('otpauth://totp', 'otpauth://nope') },
      label: 'bad type'
    }),
    () => ({ input: { uri: `${TOTP_URI}&algorithm=MD5` }, label: 'bad algorithm' }),
    () => ({ input: { uri: TOTP_URI.replace(SECRET, `${SECRET}1`) }, label: 'bad secret' }),
    () => ({ input: { uri: TOTP_URI, extra: SECRET }, label: 'bad shape' })
  ],
  'accounts:add': [
    () => ({
      input: { issuer: 'Example Corp', label: 'alice@example.com', secret: SECRET },
      label: 'manual duplicate'
    }),
    () => ({
      input: { issuer: 'Other', label: 'x', secret: SECRET, allowDuplicate: true },
      label: 'manual same secret, confirmed'
    }),
    () => ({ input: { issuer: 'Bad', label: 'x', secret: `${SECRET}!` }, label: 'manual bad' }),
    () => ({
      input: { issuer: 'Bad', label: 'y', secret: SECRET, digits: 4 },
      label: 'manual bad digits'
    })
  ],
  'accounts:update': [
    (ids) => ({ input: { id: ids.totp, issuer: 'Renamed', tags: ['work'] }, label: 'rename' }),
    (ids) => ({ input: { id: ids.totp, issuer: '', label: '' }, label: 'no name' })
  ],
  'accounts:move': [(ids) => ({ input: { id: ids.hotp, beforeId: ids.totp }, label: 'move' })],
  'accounts:sortByName': [() => ({ input: undefined, label: 'sort' })],
  'accounts:remove': [
    () => ({ input: { id: SECRET }, label: 'unknown id' }),
    (ids) => ({ input: { id: ids.hotp }, label: 'remove hotp' })
  ],
  'accounts:restore': [
    (ids) => ({ input: { id: ids.hotp }, label: 'undo remove' }),
    () => ({ input: { id: 'never-deleted' }, label: 'undo unknown' })
  ],
  // The one channel that returns a secret by design: only its refusal is scanned here.
  'accounts:reveal': [() => ({ input: { id: 'gone' }, label: 'reveal unknown' })],
  'codes:list': [() => ({ input: undefined, label: 'codes' })],
  'codes:listFor': [(ids) => ({ input: { ids: [ids.totp, 'gone'] }, label: 'codes for' })],
  'settings:get': [() => ({ input: undefined, label: 'settings' })],
  'settings:update': [() => ({ input: { theme: 'dark' }, label: 'settings update' })],
  'codes:copy': [
    (ids) => ({ input: { id: ids.totp }, label: 'copy' }),
    () => ({ input: { id: 'gone' }, label: 'copy unknown' })
  ],
  'codes:advanceCounter': [
    (ids) => ({ input: { id: ids.hotp }, label: 'advance' }),
    (ids) => ({ input: { id: ids.totp }, label: 'advance totp' })
  ],
  // The real vault's channels are scanned with a real vault in test/unit/vault-ui.
  'vault:status': [() => ({ input: undefined, label: 'vault status' })],
  'vault:create': [() => ({ input: { keychain: true }, label: 'create' })],
  'vault:unlock': [() => ({ input: { method: 'keychain' }, label: 'unlock' })],
  'vault:lock': [() => ({ input: undefined, label: 'lock' })],
  'vault:touch': [() => ({ input: undefined, label: 'touch' })],
  'vault:getSettings': [() => ({ input: undefined, label: 'settings' })],
  'vault:updateSettings': [() => ({ input: { autoLockMinutes: 1 }, label: 'update settings' })],
  'vault:setPassword': [() => ({ input: { password: 'correct horse' }, label: 'password' })],
  'vault:enableKeychain': [() => ({ input: {}, label: 'keychain' })],
  'vault:removeSlot': [() => ({ input: { slot: 'password' }, label: 'remove slot' })],
  // Servers, enrollment and audit are scanned against a real 2FA server in test/unit/servers-ui.
  'servers:list': [() => ({ input: undefined, label: 'servers' })],
  'servers:add': [
    () => ({
      input: { name: 'S', type: 'ucloud', baseUrl: 'https://s.example', token: SECRET },
      label: 'add server'
    })
  ],
  'servers:update': [() => ({ input: { id: 'x', token: SECRET }, label: 'edit server' })],
  'servers:remove': [() => ({ input: { id: 'x' }, label: 'remove server' })],
  'servers:status': [() => ({ input: { id: 'x' }, label: 'server status' })],
  'servers:enableEmail': [() => ({ input: { id: 'x' }, label: 'email codes' })],
  'servers:disable': [() => ({ input: { id: 'x', password: SECRET }, label: 'disable' })],
  'audit:list': [() => ({ input: undefined, label: 'audit' })],
  'audit:export': [() => ({ input: undefined, label: 'audit export' })],
  'enroll:start': [() => ({ input: { serverId: 'x' }, label: 'enroll' })],
  'enroll:cancel': [() => ({ input: { serverId: 'x' }, label: 'cancel' })],
  'enroll:pending': [() => ({ input: undefined, label: 'pending' })],
  'enroll:finish': [(ids) => ({ input: { accountId: ids.totp }, label: 'finish' })],
  'enroll:discard': [(ids) => ({ input: { accountId: ids.totp }, label: 'discard' })]
}

describe('no secret crosses to the renderer', () => {
  it('scans every channel’s results and every event for the secret', async () => {
    const { dispatch, emitted } = setup()
    const crossed: unknown[] = []
    const call = async (channel: string, input: unknown): Promise<Result<unknown>> => {
      const result = await dispatch(channel, input, ctx)
      crossed.push(result)
      return result
    }
    const totp = (await call('accounts:addFromUri', { uri: TOTP_URI })) as { value: AccountView }
    const hotp = (await call('accounts:addFromUri', { uri: HOTP_URI })) as { value: AccountView }
    const ids = { totp: totp.value.id, hotp: hotp.value.id }

    const called = new Set<string>()
    for (const [channel, list] of Object.entries(calls)) {
      for (const make of list) {
        const { input } = make(ids)
        await call(channel, input)
        called.add(channel)
      }
    }
    expect([...called].sort()).toEqual(Object.keys(calls).sort())
    for (const name of Object.keys(calls)) expect(crossed.length, name).toBeGreaterThan(0)
    expect(crossed.length).toBeGreaterThan(10)

    const serialized = JSON.stringify([crossed, emitted])
    for (const encoding of secretEncodings(SECRET)) {
      expect(serialized.includes(encoding), `found ${encoding}`).toBe(false)
    }
    // No field that could carry one either (messages may say "secret is not valid base32").
    expect(serialized).not.toMatch(/"(?:secret|pin|otp)"\s*:/i)
  })

  it('would notice a secret if one crossed (the scan is not blind)', () => {
    const leaked = JSON.stringify({ ok: true, value: { otp: { secret: SECRET.toLowerCase() } } })
    expect(secretEncodings(SECRET).some((e) => leaked.includes(e))).toBe(true)
  })
})

describe('accounts:reveal, the one exception', () => {
  it('returns the secret, its URI and a QR of the URI for the one account asked for', async () => {
    const { dispatch } = setup()
    const added = (await dispatch('accounts:addFromUri', { uri: TOTP_URI }, ctx)) as {
      value: AccountView
    }
    const result = await dispatch('accounts:reveal', { id: added.value.id }, ctx)
    expect(result.ok).toBe(true)
    if (!result.ok) return
    const value = result.value as {
      secret: string
      uri: string
      qr: { size: number; modules: string }
    }
    expect(value.secret).toBe(SECRET)
    expect(value.uri).toContain(`secret=${SECRET}`)
    expect(value.qr.modules).toHaveLength(value.qr.size * value.qr.size)
    expect(value.qr.modules).toMatch(/^[01]+$/)
    expect(value.qr.size).toBeGreaterThanOrEqual(21)
  })
})
