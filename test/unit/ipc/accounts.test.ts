/** The accounts channels the authenticator window uses: add, duplicates, manage, undo, codes. */
import { describe, expect, it, vi } from 'vitest'
import type { ErrorShape, Result } from '../../../src/shared/errors'
import type { AccountView, CodeView } from '../../../src/shared/model'
import { composeForTest } from '../../helpers/compose'
import { totp } from '../../e2e/harness/independent-otp'
import { FIXED_NOW, HOTP_URI, SECRET, TOTP_URI, ctx, setup } from './fixtures'

type Dispatch = ReturnType<typeof setup>['dispatch']

async function value<T>(dispatch: Dispatch, channel: string, input: unknown): Promise<T> {
  const result = await dispatch(channel, input, ctx)
  if (!result.ok) throw new Error(`${channel} failed: ${result.error.message}`)
  return result.value as T
}

async function error(dispatch: Dispatch, channel: string, input: unknown): Promise<ErrorShape> {
  const result: Result<unknown> = await dispatch(channel, input, ctx)
  if (result.ok) throw new Error(`${channel} should have failed`)
  return result.error
}

const names = (list: AccountView[]): string[] => list.map((a) => a.issuer || a.label)

describe('adding by hand', () => {
  it('accepts a secret with spaces and lower case, and computes the same code as the URI would', async () => {
    const { dispatch } = setup()
    const spaced = SECRET.toLowerCase().match(/.{4}/g)!.join(' ')
    const view = await value<AccountView>(dispatch, 'accounts:add', {
      issuer: '  Example Corp ',
      label: 'alice@example.com',
      secret: spaced
    })
    expect(view).toMatchObject({ issuer: 'Example Corp', type: 'totp', digits: 6, period: 30 })
    const codes = await value<CodeView[]>(dispatch, 'codes:listFor', { ids: [view.id] })
    expect(codes[0]?.code).toBe(totp(SECRET, FIXED_NOW))
  })

  it.each([
    [{ secret: 'ABC1' }, 'secret', 'INVALID_SECRET'],
    [{ secret: '' }, 'secret', 'INVALID_SECRET'],
    [{ digits: 4 }, 'digits', 'INVALID_INPUT'],
    [{ period: 0 }, 'period', 'INVALID_INPUT'],
    [{ type: 'steam', digits: 6 }, 'digits', 'INVALID_INPUT'],
    [{ issuer: '', label: ' ' }, 'issuer', 'INVALID_INPUT']
  ])('names the field to fix for %j', async (patch, field, code) => {
    const { dispatch, store } = setup()
    const err = await error(dispatch, 'accounts:add', {
      issuer: 'Acme',
      label: 'me',
      secret: SECRET,
      ...patch
    })
    expect(err.code).toBe(code)
    expect(err.details?.['field']).toBe(field)
    expect(err.message.length).toBeGreaterThan(10)
    expect(store.list()).toHaveLength(0)
  })

  it('keeps the counter of an HOTP account and ignores it for TOTP', async () => {
    const { dispatch, store } = setup()
    const h = await value<AccountView>(dispatch, 'accounts:add', {
      issuer: 'H',
      label: '',
      secret: SECRET,
      type: 'hotp',
      counter: 9
    })
    const t = await value<AccountView>(dispatch, 'accounts:add', {
      issuer: 'T',
      label: '',
      secret: 'GEZDGNBVGY3TQOJQ',
      counter: 9
    })
    expect(store.get(h.id)?.otp.counter).toBe(9)
    expect(store.get(t.id)?.otp.counter).toBe(0)
  })
})

describe('duplicates are flagged before anything is saved', () => {
  it('refuses an exact copy outright', async () => {
    const { dispatch, store } = setup()
    await value(dispatch, 'accounts:addFromUri', { uri: TOTP_URI })
    const err = await error(dispatch, 'accounts:addFromUri', {
      uri: TOTP_URI,
      allowDuplicate: true
    })
    expect(err).toMatchObject({ code: 'DUPLICATE', details: { canAddAnyway: false } })
    expect(store.list()).toHaveLength(1)
  })

  it('flags the same secret under another name, and adds it when confirmed', async () => {
    const { dispatch, store } = setup()
    await value(dispatch, 'accounts:addFromUri', { uri: TOTP_URI })
    // The same key written differently (lower case, grouped) is still the same secret.
    const input = { issuer: 'Copy', label: 'alice', secret: SECRET.toLowerCase() }
    const err = await error(dispatch, 'accounts:add', input)
    expect(err).toMatchObject({
      code: 'DUPLICATE',
      details: { canAddAnyway: true, sameSecret: true, sameName: false }
    })
    expect(err.message).toContain('Example Corp')
    expect(store.list()).toHaveLength(1)
    await value(dispatch, 'accounts:add', { ...input, allowDuplicate: true })
    expect(store.list()).toHaveLength(2)
  })

  it('flags the same issuer and name with a different secret (ignoring case)', async () => {
    const { dispatch } = setup()
    await value(dispatch, 'accounts:addFromUri', { uri: TOTP_URI })
    const err = await error(dispatch, 'accounts:add', {
      issuer: 'example corp',
      label: 'ALICE@example.com',
      secret: 'GEZDGNBVGY3TQOJQ'
    })
    expect(err.details).toMatchObject({ canAddAnyway: true, sameSecret: false, sameName: true })
  })
})

describe('managing accounts', () => {
  async function three(dispatch: Dispatch) {
    const a = await value<AccountView>(dispatch, 'accounts:add', {
      issuer: 'Charlie',
      label: '',
      secret: 'GEZDGNBVGY3TQOJQ'
    })
    const b = await value<AccountView>(dispatch, 'accounts:add', {
      issuer: 'alpha',
      label: '',
      secret: 'GEZDGNBVGY3TQOJR'
    })
    const c = await value<AccountView>(dispatch, 'accounts:add', {
      issuer: 'Bravo',
      label: '',
      secret: 'GEZDGNBVGY3TQOJS'
    })
    return { a, b, c }
  }

  it('renames and tags, trimming and dropping repeated tags', async () => {
    const { dispatch, emitted } = setup()
    const { a } = await three(dispatch)
    const view = await value<AccountView>(dispatch, 'accounts:update', {
      id: a.id,
      issuer: ' Delta ',
      label: 'me',
      tags: ['Work', ' work ', 'home'],
      favorite: true
    })
    expect(view).toMatchObject({
      issuer: 'Delta',
      label: 'me',
      tags: ['Work', 'home'],
      favorite: true
    })
    expect(emitted.at(-1)).toEqual({
      event: 'accounts:changed',
      payload: { reason: 'updated', ids: [a.id] }
    })
    const err = await error(dispatch, 'accounts:update', { id: a.id, issuer: '', label: '' })
    expect(err.code).toBe('INVALID_INPUT')
  })

  it('moves one account with one write, and sorts by name with one write', async () => {
    const { dispatch, store } = setup()
    const { a, c } = await three(dispatch)
    await value(dispatch, 'accounts:move', { id: c.id, beforeId: a.id })
    expect(names(await value(dispatch, 'accounts:list', undefined))).toEqual([
      'Bravo',
      'Charlie',
      'alpha'
    ])
    await value(dispatch, 'accounts:move', { id: c.id, beforeId: null })
    expect(names(await value(dispatch, 'accounts:list', undefined))).toEqual([
      'Charlie',
      'alpha',
      'Bravo'
    ])
    const writes: string[] = []
    for (const m of ['update', 'updateMany', 'addMany', 'remove', 'restore'] as const) {
      const original = store[m].bind(store) as (...args: unknown[]) => Promise<unknown>
      vi.spyOn(store, m).mockImplementation(((...args: unknown[]) => {
        writes.push(m)
        return original(...args)
      }) as never)
    }
    await value(dispatch, 'accounts:sortByName', undefined)
    expect(names(await value(dispatch, 'accounts:list', undefined))).toEqual([
      'alpha',
      'Bravo',
      'Charlie'
    ])
    expect(writes).toEqual(['updateMany'])
    // already sorted: nothing to write
    await value(dispatch, 'accounts:sortByName', undefined)
    expect(writes).toEqual(['updateMany'])
  })

  it('keeps moving correctly when the room between two neighbours runs out', async () => {
    const { dispatch } = setup()
    const { a, b, c } = await three(dispatch)
    // Alternating moves into the same gap halve it each time until it is renumbered.
    for (let i = 0; i < 80; i++) {
      const mover = i % 2 === 0 ? c : b
      const before = i % 2 === 0 ? b : c
      await value(dispatch, 'accounts:move', { id: mover.id, beforeId: before.id })
      const list = names(await value(dispatch, 'accounts:list', undefined))
      expect(list.indexOf(mover.issuer)).toBe(list.indexOf(before.issuer) - 1)
      expect(list).toContain(a.issuer)
    }
  })

  it('undoes a delete: same secret, tags, counter and place, without the secret leaving main', async () => {
    const { dispatch, store } = setup()
    const { b } = await three(dispatch)
    const h = await value<AccountView>(dispatch, 'accounts:addFromUri', { uri: HOTP_URI })
    await value(dispatch, 'accounts:update', { id: b.id, tags: ['x'], favorite: true })
    const before = names(await value(dispatch, 'accounts:list', undefined))
    const removed = await value<{ undoSeconds: number }>(dispatch, 'accounts:remove', { id: b.id })
    expect(removed.undoSeconds).toBe(30)
    expect(store.list()).toHaveLength(3)
    const restored = await value<AccountView>(dispatch, 'accounts:restore', { id: b.id })
    // the same id: the renderer's selection and other references still point at it
    expect(restored).toMatchObject({ id: b.id, issuer: 'alpha', tags: ['x'], favorite: true })
    expect(store.get(restored.id)?.otp.secret).toBe('GEZDGNBVGY3TQOJR')
    expect(names(await value(dispatch, 'accounts:list', undefined))).toEqual(before)
    // A second undo of the same delete does nothing.
    expect((await error(dispatch, 'accounts:restore', { id: b.id })).code).toBe('NOT_FOUND')
    await value(dispatch, 'codes:advanceCounter', { id: h.id })
    await value(dispatch, 'accounts:remove', { id: h.id })
    const back = await value<AccountView>(dispatch, 'accounts:restore', { id: h.id })
    expect(back.id).toBe(h.id)
    expect(store.get(back.id)?.otp.counter).toBe(8)
  })

  it('forgets a deleted account after the undo window', async () => {
    const { dispatch, clock, store } = setup()
    const { a } = await three(dispatch)
    await value(dispatch, 'accounts:remove', { id: a.id })
    clock.now += 30_001
    expect((await error(dispatch, 'accounts:restore', { id: a.id })).message).toMatch(/too late/)
    expect(store.list()).toHaveLength(2)
  })
})

describe('codes for what is on screen', () => {
  it('computes codes only for the ids asked, in that order, skipping unknown ones', async () => {
    const { dispatch } = setup()
    const t = await value<AccountView>(dispatch, 'accounts:addFromUri', { uri: TOTP_URI })
    const h = await value<AccountView>(dispatch, 'accounts:addFromUri', { uri: HOTP_URI })
    const codes = await value<CodeView[]>(dispatch, 'codes:listFor', { ids: [h.id, 'gone', t.id] })
    expect(codes.map((c) => c.id)).toEqual([h.id, t.id])
    expect(codes[1]).toMatchObject({
      code: totp(SECRET, FIXED_NOW),
      validUntil: FIXED_NOW + 10_000
    })
    const tooMany = await error(dispatch, 'codes:listFor', {
      ids: Array.from({ length: 501 }, (_, i) => `id${i}`)
    })
    expect(tooMany.code).toBe('INVALID_INPUT')
  })
})

describe('settings', () => {
  it('defaults to clearing after 30 s, system theme, hidden from capture; changes are announced', async () => {
    const { dispatch, emitted } = setup()
    expect(await value(dispatch, 'settings:get', undefined)).toEqual({
      clipboardClearSeconds: 30,
      theme: 'system',
      hideFromCapture: true
    })
    const next = await value(dispatch, 'settings:update', {
      clipboardClearSeconds: 10,
      theme: 'dark'
    })
    expect(next).toEqual({ clipboardClearSeconds: 10, theme: 'dark', hideFromCapture: true })
    expect(emitted.at(-1)).toEqual({ event: 'settings:changed', payload: next })
    expect((await error(dispatch, 'settings:update', { clipboardClearSeconds: -1 })).code).toBe(
      'INVALID_INPUT'
    )
    expect((await error(dispatch, 'settings:update', { theme: 'neon' })).code).toBe('INVALID_INPUT')
  })

  it('copies clear after the configured seconds, or never with 0', async () => {
    const { dispatch, clearDelays } = setup()
    const t = await value<AccountView>(dispatch, 'accounts:addFromUri', { uri: TOTP_URI })
    await value(dispatch, 'settings:update', { clipboardClearSeconds: 12 })
    expect(await value(dispatch, 'codes:copy', { id: t.id })).toEqual({ clearsInSeconds: 12 })
    await value(dispatch, 'settings:update', { clipboardClearSeconds: 0 })
    expect(await value(dispatch, 'codes:copy', { id: t.id })).toEqual({ clearsInSeconds: null })
    expect(clearDelays).toEqual([12_000, null])
  })
})

describe('locking forgets what Undo would bring back', () => {
  it('a delete cannot be undone after the vault locked and opened again', async () => {
    const { vault: store, dispatch, lockCleanup } = composeForTest({ clock: () => FIXED_NOW })
    expect(lockCleanup.names()).toContain('undo')
    const added = await value<AccountView>(dispatch, 'accounts:addFromUri', { uri: TOTP_URI })
    await value(dispatch, 'accounts:remove', { id: added.id })
    store.lock('user')
    expect((await error(dispatch, 'accounts:restore', { id: added.id })).code).toBe('VAULT_LOCKED')
    await store.unlockWithKeychain()
    expect((await error(dispatch, 'accounts:restore', { id: added.id })).code).toBe('NOT_FOUND')
    expect(store.list()).toHaveLength(0)
  })
})
