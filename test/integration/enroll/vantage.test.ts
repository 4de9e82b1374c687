import { afterEach, describe, expect, it } from 'vitest'
import { generateCode } from '../../../src/main/core/otp'
import { expectAgreement, rejectsWith, rig, steps, T0, type Rig } from './helpers'

let r: Rig | undefined
afterEach(async () => {
  await r?.server.close()
  r = undefined
})

const enroll = (x: Rig) => x.service.enroll(x.profile.id, { onStep: (e) => x.events.push(e) })
const puts = (x: Rig) =>
  x.server.requests.filter((q) => q.path === '/api/user/two-factor' && q.method === 'PUT')

describe('Vantage enrollment against the reference server', () => {
  it('enrolls cleanly and sends the code as a JSON string', async () => {
    r = await rig('vantage')
    const res = await enroll(r)
    expect(res.outcome).toBe('enrolled')
    expect(res.account.status).toBe('active')
    expect(res.account.issuer).toBe('Vantage')
    expect(res.status).toMatchObject({ enrolled: true, method: 'totp' })
    expect(steps(r.events)).toEqual([
      'status',
      'create',
      'saved-pending',
      'answering',
      'confirming',
      'done'
    ])
    const [put] = puts(r)
    const body = JSON.parse(put?.rawBody ?? '{}') as Record<string, unknown>
    expect(body).toEqual({ enabled: true, method: 'totp', code: expect.stringMatching(/^\d{6}$/) })
    expect(put?.rawBody).toMatch(/"code":"\d{6}"/)
    expect(r.server.user().vantage).toMatchObject({ enabled: true, method: 'totp' })
    expectAgreement(r)
  })

  it('a server with email codes on can switch to TOTP', async () => {
    r = await rig('vantage')
    await r.service.enableEmail(r.profile.id)
    expect((await enroll(r)).status.method).toBe('totp')
    expectAgreement(r)
  })

  it('refuses when TOTP is already on', async () => {
    r = await rig('vantage')
    Object.assign(r.server.user().vantage, {
      enabled: true,
      method: 'totp',
      secret: 'JBSWY3DPEHPK3PXP'
    })
    await rejectsWith(enroll(r), 'ALREADY_ENROLLED')
    expect(r.accounts.list()).toEqual([])
  })

  it('wrong code: WRONG_CODE with attempts left, nothing pending', async () => {
    r = await rig('vantage', { deps: { generateCode: () => '000000' } })
    const err = await rejectsWith(enroll(r), 'WRONG_CODE')
    expect(err.details?.attemptsLeft).toBe(4)
    expectAgreement(r, { definiteFailure: true })
  })

  it('lockout after N wrong codes: 423 is LOCKED_OUT', async () => {
    r = await rig('vantage', { server: { maxFailures: 2 }, deps: { generateCode: () => '000000' } })
    await rejectsWith(enroll(r), 'WRONG_CODE')
    await rejectsWith(enroll(r), 'LOCKED_OUT')
    expectAgreement(r, { definiteFailure: true })
  })

  it('an expired setup: CHALLENGE_EXPIRED, pending discarded', async () => {
    r = await rig('vantage', { start: T0 + 28_000, server: { challengeTtlMs: 1_000 } })
    await rejectsWith(enroll(r), 'CHALLENGE_EXPIRED')
    expectAgreement(r, { definiteFailure: true })
  })

  it('401: TOKEN_EXPIRED', async () => {
    r = await rig('vantage')
    r.server.addFault({
      kind: 'status',
      route: 'vantage.create',
      status: 401,
      body: { error: 'Unauthorized' }
    })
    await rejectsWith(enroll(r), 'TOKEN_EXPIRED')
    expect(r.accounts.list()).toEqual([])
  })

  it('connection dropped after the confirm committed: recovered, account active', async () => {
    r = await rig('vantage')
    r.server.addFault({ kind: 'drop', route: 'vantage.put', after: true })
    const res = await enroll(r)
    expect(res.outcome).toBe('recovered')
    expect(puts(r)).toHaveLength(1)
    expectAgreement(r)
  })

  it('503 on confirm before commit: SERVER_ERROR, nothing pending', async () => {
    r = await rig('vantage')
    r.server.addFault({
      kind: 'status',
      route: 'vantage.put',
      status: 503,
      body: { error: 'Maintenance' }
    })
    const err = await rejectsWith(enroll(r), 'SERVER_ERROR')
    expect(err.details?.serverMessage).toBe('Maintenance')
    expectAgreement(r, { definiteFailure: true })
  })

  it('dropped before processing: AMBIGUOUS, then Finish confirms with a later code', async () => {
    r = await rig('vantage')
    r.server.addFault({ kind: 'drop', route: 'vantage.put' })
    await rejectsWith(enroll(r), 'AMBIGUOUS')
    expectAgreement(r)
    const [p] = r.service.pending(r.profile.id)
    const res = await r.service.finishPending(p!.id)
    expect(res.account.status).toBe('active')
    const codes = puts(r).map((q) => (JSON.parse(q.rawBody) as { code: string }).code)
    expect(codes).toHaveLength(2)
    expect(codes[1]).not.toBe(codes[0])
    expectAgreement(r)
  })

  it('enables email codes', async () => {
    r = await rig('vantage')
    const { status: st, archived } = await r.service.enableEmail(r.profile.id)
    expect(st).toMatchObject({ enrolled: true, method: 'email' })
    expect(archived).toEqual([])
    const put = puts(r)[0]
    expect(JSON.parse(put?.rawBody ?? '{}')).toEqual({ enabled: true, method: 'email' })
  })

  it('switching an enrolled account to email codes archives the TOTP account', async () => {
    r = await rig('vantage')
    const { account } = await enroll(r)
    const { status, archived } = await r.service.enableEmail(r.profile.id)
    expect(status.method).toBe('email')
    expect(archived.map((a) => a.id)).toEqual([account.id])
    expect(r.accounts.get(account.id)?.status).toBe('archived')
  })

  it('a second enrollment with the same server while one runs is refused (double click)', async () => {
    r = await rig('vantage')
    const [a, b] = await Promise.allSettled([enroll(r), enroll(r)])
    expect(a.status).toBe('fulfilled')
    expect(b.status === 'rejected' && (b.reason as { code?: string }).code).toBe('DUPLICATE')
    expect(r.server.requests.filter((q) => q.method === 'POST')).toHaveLength(1)
    expectAgreement(r)
  })

  it('disable: a wrong password is refused and changes nothing; the right one archives the account', async () => {
    r = await rig('vantage', { server: { password: 'hunter2-correct' } })
    const { account } = await enroll(r)
    const err = await rejectsWith(r.service.disable(r.profile.id, 'wrong'), 'SERVER_REJECTED')
    expect(err.details?.reason).toBe('wrong-password')
    expect(err.message).toMatch(/password/)
    expect(r.accounts.get(account.id)?.status).toBe('active')
    expect(r.server.user().vantage.enabled).toBe(true)

    const out = await r.service.disable(r.profile.id, 'hunter2-correct')
    expect(out.status).toMatchObject({ enrolled: false, method: null })
    expect(out.archived.map((a) => a.id)).toEqual([account.id])
    expect(r.accounts.get(account.id)?.status).toBe('archived')
    expect(r.server.user().vantage).toMatchObject({ enabled: false, method: null })
    const del = r.server.requests.findLast((q) => q.method === 'DELETE')
    expect(JSON.parse(del?.rawBody ?? '{}')).toEqual({ password: 'hunter2-correct' })
  })

  it('disable whose reply is lost after the server committed still archives', async () => {
    r = await rig('vantage')
    const { account } = await enroll(r)
    r.server.addFault({ kind: 'drop', route: 'vantage.disable', after: true })
    await r.service.disable(r.profile.id, 'password')
    expect(r.accounts.get(account.id)?.status).toBe('archived')
  })

  it('UCloud has no disable or email: UNSUPPORTED, nothing sent', async () => {
    r = await rig('ucloud')
    await rejectsWith(r.service.disable(r.profile.id, 'x'), 'UNSUPPORTED')
    await rejectsWith(r.service.enableEmail(r.profile.id), 'UNSUPPORTED')
    expect(r.server.requests).toEqual([])
  })

  it('generateCode is the one the account will use afterwards (codes agree with the server)', async () => {
    r = await rig('vantage')
    const { account } = await enroll(r)
    const stored = r.accounts.get(account.id)!
    expect(generateCode(stored.otp, r.clock.now())).toMatch(/^\d{6}$/)
    expect(stored.otp.secret).toBe(r.server.user().vantage.secret)
  })
})
