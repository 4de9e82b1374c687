import { describe, expect, it } from 'vitest'
import { AppError } from '../../../src/shared/errors'
import type { AccountView, CodeView } from '../../../src/shared/model'
import { createDispatcher } from '../../../src/main/handlers'
import { composeForTest } from '../../helpers/compose'
import { hotp, base32Decode, totp } from '../../e2e/harness/independent-otp'
import { FIXED_NOW, HOTP_URI, SECRET, TOTP_URI, ctx, setup } from './fixtures'

describe('dispatch: what every transport gets', () => {
  it('refuses an unknown channel without calling anything', async () => {
    const { dispatch } = setup()
    for (const name of ['accounts:drop', 'toString', '__proto__', 'constructor']) {
      const result = await dispatch(name, undefined, ctx)
      expect(result.ok, name).toBe(false)
      if (!result.ok) expect(result.error.code).toBe('INVALID_INPUT')
    }
  })

  it.each([
    ['accounts:addFromUri', undefined],
    ['accounts:addFromUri', { uri: 42 }],
    ['accounts:addFromUri', { uri: TOTP_URI, extra: true }],
    ['accounts:addFromUri', { uri: '   ' }],
    ['accounts:addFromUri', { uri: 'x'.repeat(5000) }],
    ['accounts:list', { please: 'everything' }],
    ['accounts:remove', { id: '' }],
    ['codes:advanceCounter', 'abc']
  ])('refuses %s with input %j before the handler runs', async (channel, input) => {
    const { dispatch, store } = setup()
    const result = await dispatch(channel, input, ctx)
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error.code).toBe('INVALID_INPUT')
    expect(store.list()).toHaveLength(0)
  })

  it('turns an unexpected exception into INTERNAL with no message or stack from inside', async () => {
    const { table } = composeForTest()
    const seen: string[] = []
    const dispatch = createDispatcher(
      {
        ...table,
        'accounts:list': async () => {
          throw new TypeError('cannot read secret JBSWY3DP of undefined')
        }
      },
      { onInternalError: (channel) => seen.push(channel) }
    )
    const result = await dispatch('accounts:list', undefined, ctx)
    expect(result).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: expect.stringMatching(/^Something went wrong/) }
    })
    expect(JSON.stringify(result)).not.toMatch(/JBSWY3DP|TypeError|at /)
    expect(seen).toEqual(['accounts:list'])
  })

  it('keeps an AppError’s code and message, and does not log it as a bug', async () => {
    const { table } = composeForTest()
    const seen: string[] = []
    const dispatch = createDispatcher(
      {
        ...table,
        'accounts:list': async () => {
          throw new AppError('VAULT_LOCKED', 'Unlock Tessera to see your accounts.')
        }
      },
      { onInternalError: (channel) => seen.push(channel) }
    )
    expect(await dispatch('accounts:list', undefined, ctx)).toEqual({
      ok: false,
      error: { code: 'VAULT_LOCKED', message: 'Unlock Tessera to see your accounts.' }
    })
    expect(seen).toEqual([])
  })
})

describe('the handler table over the accounts service', () => {
  it('adds a TOTP account from a URI and shows the RFC 6238 code at the fixed clock', async () => {
    const { dispatch, emitted } = setup()
    const added = await dispatch('accounts:addFromUri', { uri: `  ${TOTP_URI}\n` }, ctx)
    expect(added.ok).toBe(true)
    const view = (added as { value: AccountView }).value
    expect(view).toMatchObject({ issuer: 'Example Corp', label: 'alice@example.com', type: 'totp' })
    expect(emitted).toEqual([
      { event: 'accounts:changed', payload: { reason: 'added', ids: [view.id] } }
    ])

    const codes = await dispatch('codes:list', undefined, ctx)
    expect(codes).toEqual({
      ok: true,
      value: [
        {
          id: view.id,
          code: totp(SECRET, FIXED_NOW),
          next: totp(SECRET, FIXED_NOW + 30_000),
          period: 30,
          validUntil: FIXED_NOW + 10_000
        }
      ]
    })
  })

  it('follows the injected clock into the next period', async () => {
    const { dispatch, clock } = setup()
    await dispatch('accounts:addFromUri', { uri: TOTP_URI }, ctx)
    clock.now = FIXED_NOW + 10_000
    const codes = (await dispatch('codes:list', undefined, ctx)) as { value: CodeView[] }
    expect(codes.value[0]?.code).toBe(totp(SECRET, FIXED_NOW + 10_000))
    expect(codes.value[0]?.code).not.toBe(totp(SECRET, FIXED_NOW))
  })

  it('reports the core’s exact message for an invalid URI', async () => {
    const { dispatch } = setup()
    const result = await dispatch(
      'accounts:addFromUri',
      { uri: 'otpauth://totp/x?secret=1!!' },
      ctx
    )
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.error.code).toBe('INVALID_URI')
      expect(result.error.message).toMatch(/base32/)
    }
  })

  it('refuses the same account twice', async () => {
    const { dispatch, store } = setup()
    await dispatch('accounts:addFromUri', { uri: TOTP_URI }, ctx)
    const again = await dispatch('accounts:addFromUri', { uri: TOTP_URI }, ctx)
    expect(again.ok).toBe(false)
    if (!again.ok) expect(again.error.code).toBe('DUPLICATE')
    expect(store.list()).toHaveLength(1)
  })

  it('advances an HOTP counter and shows the RFC 4226 code for it', async () => {
    const { dispatch, store } = setup()
    const added = (await dispatch('accounts:addFromUri', { uri: HOTP_URI }, ctx)) as {
      value: AccountView
    }
    const key = base32Decode(SECRET)
    const before = (await dispatch('codes:list', undefined, ctx)) as { value: CodeView[] }
    expect(before.value[0]).toMatchObject({ code: hotp(key, 7), validUntil: null })
    const next = await dispatch('codes:advanceCounter', { id: added.value.id }, ctx)
    expect(next).toMatchObject({ ok: true, value: { code: hotp(key, 8), validUntil: null } })
    expect(store.get(added.value.id)?.otp.counter).toBe(8)
  })

  it('does not advance a time-based account', async () => {
    const { dispatch } = setup()
    const added = (await dispatch('accounts:addFromUri', { uri: TOTP_URI }, ctx)) as {
      value: AccountView
    }
    const result = await dispatch('codes:advanceCounter', { id: added.value.id }, ctx)
    expect(result.ok).toBe(false)
  })

  it('copies the current code through main’s clipboard, and says when it will be cleared', async () => {
    const { dispatch, copied } = setup()
    const added = (await dispatch('accounts:addFromUri', { uri: TOTP_URI }, ctx)) as {
      value: AccountView
    }
    const result = await dispatch('codes:copy', { id: added.value.id }, ctx)
    expect(result).toEqual({ ok: true, value: { clearsInSeconds: 30 } })
    expect(copied).toEqual([totp(SECRET, FIXED_NOW)])
  })

  it('removes an account, and says so when it is already gone', async () => {
    const { dispatch, emitted } = setup()
    const added = (await dispatch('accounts:addFromUri', { uri: TOTP_URI }, ctx)) as {
      value: AccountView
    }
    expect(await dispatch('accounts:remove', { id: added.value.id }, ctx)).toEqual({
      ok: true,
      value: { undoSeconds: 30 }
    })
    expect(await dispatch('accounts:list', undefined, ctx)).toEqual({ ok: true, value: [] })
    expect(emitted.at(-1)).toEqual({
      event: 'accounts:changed',
      payload: { reason: 'removed', ids: [added.value.id] }
    })
    const again = await dispatch('accounts:remove', { id: added.value.id }, ctx)
    expect(again.ok).toBe(false)
    if (!again.ok) expect(again.error.code).toBe('NOT_FOUND')
  })
})
