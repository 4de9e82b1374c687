/**
 * Mithril sign-in with the SMS factor, resend and phone change, against the reference server's
 * Mithril mode: the otp always a JSON integer, the block after three wrong codes never reached
 * without a confirmation, the new token used after a resend.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { MithrilClient, type GrantPath } from '../../../src/main/core/mithril/client'
import {
  MemoryAttemptLedger,
  MithrilSignIn,
  RESEND_GAP_MS
} from '../../../src/main/core/mithril/sign-in'
import {
  MITHRIL_USER,
  startRefServer,
  type RefServer,
  type RefServerOptions
} from '../../../tools/ref-server/server'
import { FakeClock, rejectsWith, T0 } from '../enroll/helpers'

interface MRig {
  server: RefServer
  clock: FakeClock
  client: MithrilClient
  vault: { tokens: string[]; saveAccessToken: (t: string) => Promise<void> }
  ledger: MemoryAttemptLedger
  session: () => MithrilSignIn
  /** Every value the server handed out as a token. */
  allTokens: () => string[]
}

let r: MRig | undefined
afterEach(async () => {
  await r?.server.close()
  r = undefined
})

async function rig(
  o: { server?: RefServerOptions; grantPath?: GrantPath; timeoutMs?: number } = {}
): Promise<MRig> {
  const clock = new FakeClock(T0 + 5_000)
  const server = await startRefServer({ now: clock.now, ...o.server })
  const client = new MithrilClient(
    server.url,
    { now: clock.now, timeoutMs: o.timeoutMs ?? 5_000 },
    o.grantPath ? { grantPath: o.grantPath } : {}
  )
  const tokens: string[] = []
  const vault = { tokens, saveAccessToken: async (t: string) => void tokens.push(t) }
  const ledger = new MemoryAttemptLedger()
  return {
    server,
    clock,
    client,
    vault,
    ledger,
    session: () =>
      new MithrilSignIn({
        client,
        vault,
        ledger,
        account: `${server.url}|${MITHRIL_USER.email}`,
        now: clock.now
      }),
    allTokens: () => [...server.mithril.tokens.keys()]
  }
}

const creds = {
  email: MITHRIL_USER.email,
  password: MITHRIL_USER.password,
  clientId: MITHRIL_USER.clientId,
  scope: MITHRIL_USER.scope
}
const code = (x: MRig, phone: string = MITHRIL_USER.phone): string =>
  String(x.server.mithril.lastCode(phone)).padStart(6, '0')
const wrong = (x: MRig, phone: string = MITHRIL_USER.phone): string =>
  String(x.server.mithril.wrongCode(phone)).padStart(6, '0')
const grantRequests = (x: MRig) =>
  x.server.requests.filter((q) => q.path === '/auth/login' || q.path === '/oauth/tokens')
const user = (x: MRig) => x.server.mithril.users.get(MITHRIL_USER.email)!

/** No request body ever carried the otp as a string. */
function expectNoStringOtp(x: MRig): void {
  for (const q of x.server.requests) {
    expect(q.rawBody, `${q.path} sent a string otp`).not.toMatch(/"otp"\s*:\s*"/)
  }
}

/** No view, error message or detail carries a token the server handed out. */
function expectNoToken(x: MRig, things: unknown[]): void {
  const text = JSON.stringify(
    things.map((t) =>
      t instanceof Error ? { m: t.message, d: (t as { details?: unknown }).details } : t
    )
  )
  for (const token of x.allTokens()) expect(text).not.toContain(token)
}

describe('Mithril sign-in with the SMS factor (reference server)', () => {
  it('clean sign-in: password → REQUEST_OTP (an SMS), code as a JSON integer, access token to the vault', async () => {
    // A code with a leading zero: as an integer it travels without it.
    r = await rig({ server: { mithrilCodeFactory: () => 12_345 } })
    const s = r.session()
    const v1 = await s.start(creds)
    expect(v1).toMatchObject({ step: 'otp', purpose: 'sign-in', attemptsLeft: 3 })
    expect(v1.confirmBeforeSubmit).toBe(false)
    expect(v1.attemptsMessage).toBeUndefined()
    expect(v1.resendAvailableAt).toBe(r.clock.t + RESEND_GAP_MS)
    expect(v1.codeExpiresAt).toBe(r.clock.t + 300_000)
    expect(r.server.mithril.sms).toHaveLength(1)
    const v2 = await s.submit('012345')
    expect(v2.step).toBe('done')
    expect(r.vault.tokens).toHaveLength(1)
    const stored = r.server.mithril.tokens.get(r.vault.tokens[0]!)
    expect(stored).toMatchObject({ kind: 'access', alive: true })
    const verify = grantRequests(r).at(-1)!
    expect(verify.path).toBe('/auth/login')
    expect(JSON.parse(verify.rawBody)).toEqual({
      token: { grant_type: 'authorize_2fa_access_token', otp: 12_345 }
    })
    expect(verify.rawBody).toMatch(/"otp":12345\}/)
    expect(grantRequests(r).map((q) => q.path)).toEqual(['/auth/login', '/auth/login'])
    expectNoStringOtp(r)
    expectNoToken(r, [v1, v2])
  })

  it('older server: /auth/login answers 401 "Grant type not allowed", the grant goes to /oauth/tokens, and that path is kept', async () => {
    r = await rig({ server: { mithrilGeneration: 'old' } })
    const s = r.session()
    await s.start(creds)
    expect(r.client.grantPath()).toBe('/oauth/tokens')
    await s.submit(code(r))
    expect(grantRequests(r).map((q) => q.path)).toEqual([
      '/auth/login',
      '/oauth/tokens',
      '/oauth/tokens'
    ])
    expect(r.vault.tokens).toHaveLength(1)
    // The refused grant was not a wrong password.
    expect(user(r).passwordFailures).toEqual([])
  })

  it('newer server with a remembered old path: /oauth/tokens refuses with exactly that 401, /auth/login takes it', async () => {
    r = await rig({ grantPath: '/oauth/tokens' })
    await r.session().start(creds)
    expect(grantRequests(r).map((q) => q.path)).toEqual(['/oauth/tokens', '/auth/login'])
    expect(r.client.grantPath()).toBe('/auth/login')
  })

  it('falls back on exactly that answer only: a 404 or another 401 from /auth/login is the error it is', async () => {
    r = await rig()
    r.server.addFault({
      kind: 'status',
      route: 'mithril.login',
      status: 404,
      body: { error: { type: 'not_found', message: 'Not found' } }
    })
    await rejectsWith(r.session().start(creds), 'SERVER_REJECTED')
    r.server.addFault({
      kind: 'status',
      route: 'mithril.login',
      status: 401,
      body: { error: { type: 'invalid_grant', message: 'Something else.' } }
    })
    const e = await rejectsWith(r.session().start(creds), 'SERVER_REJECTED')
    expect(e.details?.reason).toBe('grant-not-allowed')
    expect(grantRequests(r).map((q) => q.path)).toEqual(['/auth/login', '/auth/login'])
  })

  it('never sends a malformed code: not 6 digits is refused here, no request, no attempt used', async () => {
    r = await rig()
    const s = r.session()
    await s.start(creds)
    const before = r.server.requests.length
    for (const c of ['12345', '1234567', 'abcdef', '12a456', '', '１２３４５６']) {
      const e = await rejectsWith(s.submit(c), 'INVALID_INPUT')
      expect(e.details?.reason).toBe('malformed-code')
    }
    expect(r.server.requests.length).toBe(before)
    expect(s.view().attemptsLeft).toBe(3)
    expect(user(r).otpFailures).toBe(0)
    // Spaces inside a pasted code are fine.
    const c = code(r)
    expect((await s.submit(`${c.slice(0, 3)} ${c.slice(3)}`)).step).toBe('done')
    expectNoStringOtp(r)
  })

  it('counts attempts, says "2 attempts left before your account is blocked", and never burns the third without a confirmation', async () => {
    r = await rig()
    const s = r.session()
    await s.start(creds)
    const e1 = await rejectsWith(s.submit(wrong(r)), 'WRONG_CODE')
    expect(e1.message).toContain('2 attempts left before your account is blocked')
    expect(e1.details?.attemptsLeft).toBe(2)
    expect(s.view().attemptsMessage).toBe('2 attempts left before your account is blocked.')
    const e2 = await rejectsWith(s.submit(wrong(r)), 'WRONG_CODE')
    expect(e2.message).toContain('1 attempt left before your account is blocked')
    expect(s.view()).toMatchObject({ attemptsLeft: 1, confirmBeforeSubmit: true })
    // The last attempt is not sent without a confirmation: right or wrong code alike.
    const sent = r.server.requests.length
    for (const c of [wrong(r), code(r)]) {
      const e = await rejectsWith(s.submit(c), 'INVALID_INPUT')
      expect(e.details?.reason).toBe('confirm-last-attempt')
      expect(e.message).toMatch(/last attempt.*blocks your account/)
    }
    await rejectsWith(s.submit(code(r), { confirmLastAttempt: false }), 'INVALID_INPUT')
    expect(r.server.requests.length).toBe(sent)
    expect(user(r)).toMatchObject({ otpFailures: 2, blocked: false })
    // Confirmed, with the right code: signed in, and the count starts again.
    expect((await s.submit(code(r), { confirmLastAttempt: true })).step).toBe('done')
    expect(user(r).otpFailures).toBe(0)
    expect(r.ledger.failures(`${r.server.url}|${MITHRIL_USER.email}`)).toBe(0)
    expectNoStringOtp(r)
  })

  it('a confirmed third wrong code: LOCKED_OUT (the server still said otp_invalid), and nothing more is sent', async () => {
    r = await rig()
    const s = r.session()
    await s.start(creds)
    await rejectsWith(s.submit(wrong(r)), 'WRONG_CODE')
    await rejectsWith(s.submit(wrong(r)), 'WRONG_CODE')
    const e = await rejectsWith(s.submit(wrong(r), { confirmLastAttempt: true }), 'LOCKED_OUT')
    expect(e.message).toMatch(/blocked your account.*administrator/)
    expect(user(r).blocked).toBe(true)
    const sent = r.server.requests.length
    await rejectsWith(s.submit(code(r), { confirmLastAttempt: true }), 'LOCKED_OUT')
    expect(r.server.requests.length).toBe(sent)
    // The server answers user_blocked from then on.
    const again = await rejectsWith(r.session().start(creds), 'LOCKED_OUT')
    expect(again.details?.reason).toBe('user-blocked')
  })

  it('attempts carry over to the next sign-in: the server counts per user, not per sign-in', async () => {
    r = await rig()
    const s1 = r.session()
    await s1.start(creds)
    await rejectsWith(s1.submit(wrong(r)), 'WRONG_CODE')
    await rejectsWith(s1.submit(wrong(r)), 'WRONG_CODE')
    r.clock.t += RESEND_GAP_MS
    const s2 = r.session()
    const v = await s2.start(creds)
    expect(v).toMatchObject({ attemptsLeft: 1, confirmBeforeSubmit: true })
    await rejectsWith(s2.submit(code(r)), 'INVALID_INPUT')
    expect(user(r).blocked).toBe(false)
  })

  it('resend switches to the new token: the old one is dead, the new code signs in', async () => {
    r = await rig()
    const s = r.session()
    await s.start(creds)
    const first = [...r.server.mithril.tokens.values()].find((t) => t.kind === '2fa')!
    r.clock.t += RESEND_GAP_MS
    const v = await s.resend()
    expect(v.step).toBe('otp')
    expect(r.server.mithril.sms).toHaveLength(2)
    expect(first.alive).toBe(false)
    const live = [...r.server.mithril.tokens.values()].filter((t) => t.kind === '2fa' && t.alive)
    expect(live).toHaveLength(1)
    // The old token would answer token_expired: success proves the new token went out.
    expect((await s.submit(code(r))).step).toBe('done')
    expect(r.vault.tokens).toHaveLength(1)
    expectNoToken(r, [v])
  })

  it("resend is throttled with a countdown; the server's own 429 otp_timeout is read too", async () => {
    r = await rig()
    const s = r.session()
    await s.start(creds)
    const before = r.server.requests.length
    expect(s.resendInSeconds()).toBe(20)
    const e = await rejectsWith(s.resend(), 'RATE_LIMITED')
    expect(e.details).toMatchObject({ reason: 'resend-throttle', retryAfter: 20 })
    expect(r.server.requests.length).toBe(before)
    r.clock.t += 12_000
    expect(s.resendInSeconds()).toBe(8)
    r.clock.t += 8_000
    expect(s.resendInSeconds()).toBe(0)
    await s.resend()
    // Three sends in a minute from several sign-ins: the server refuses the fourth.
    await r.session().start(creds)
    const limited = await rejectsWith(r.session().start(creds), 'RATE_LIMITED')
    expect(limited.details?.reason).toBe('otp-timeout')
    expect(limited.details?.retryAfter).toBeGreaterThan(0)
    expect(limited.message).toMatch(/at most 3 codes a minute/)
  })

  it('an expired code (over 300 s): CHALLENGE_EXPIRED, no attempt counted; a resend gets a working one', async () => {
    r = await rig()
    const s = r.session()
    await s.start(creds)
    r.clock.t += 301_000
    const e = await rejectsWith(s.submit(code(r)), 'CHALLENGE_EXPIRED')
    expect(e.message).toMatch(/Ask for a new code/)
    expect(s.view().attemptsLeft).toBe(3)
    await s.resend()
    expect((await s.submit(code(r))).step).toBe('done')
  })

  it('REQUEST_FACTOR: no phone yet; set one (init_factor, flat body), confirm it with its code, signed in', async () => {
    r = await rig()
    const u = r.server.mithril.addUser({ email: 'bob@example.org', password: 'pw' })
    expect(u.phone).toBeUndefined()
    const s = new MithrilSignIn({
      client: r.client,
      vault: r.vault,
      ledger: r.ledger,
      account: 'bob',
      now: r.clock.now
    })
    const v = await s.start({ ...creds, email: 'bob@example.org', password: 'pw' })
    expect(v.step).toBe('factor')
    const before = r.server.requests.length
    await rejectsWith(s.setPhone('+1 555 0100'), 'INVALID_INPUT')
    expect(r.server.requests.length).toBe(before)
    const phone = '+380671112233'
    expect((await s.setPhone(phone)).purpose).toBe('phone')
    const init = r.server.requests.find((q) => q.path === '/oauth/users/actions/init_factor')!
    expect(JSON.parse(init.rawBody)).toEqual({ type: 'SMS', factor: phone })
    expect((await s.submit(code(r, phone))).step).toBe('done')
    expect(u.phone).toBe(phone)
    const approve = r.server.requests.find((q) => q.path === '/oauth/users/actions/approve_factor')!
    expect(JSON.parse(approve.rawBody)).toEqual({ otp: Number(code(r, phone)) })
    expectNoStringOtp(r)
  })

  it('phone change with the stored access token: that token is expired by the call, the new one lands in the vault', async () => {
    r = await rig()
    const s = r.session()
    await s.start(creds)
    await s.submit(code(r))
    const access = r.vault.tokens[0]!
    const change = r.session()
    r.clock.t += RESEND_GAP_MS
    const phone = '+380939998877'
    await change.setPhone(phone, access)
    expect(r.server.mithril.tokens.get(access)?.alive).toBe(false)
    await rejectsWith(change.submit(wrong(r, phone)), 'WRONG_CODE')
    expect((await change.submit(code(r, phone))).step).toBe('done')
    expect(user(r).phone).toBe(phone)
    expect(r.vault.tokens).toHaveLength(2)
    expect(r.server.mithril.tokens.get(r.vault.tokens[1]!)).toMatchObject({
      kind: 'access',
      alive: true
    })
    // A resend is not how a phone change gets a new code.
    await rejectsWith(change.resend(), 'INVALID_INPUT')
  })

  it('no second factor: REQUEST_APPS signs in at once', async () => {
    r = await rig()
    r.server.mithril.addUser({ email: 'carol@example.org', password: 'pw', twoFactor: false })
    const v = await r.session().start({ ...creds, email: 'carol@example.org', password: 'pw' })
    expect(v.step).toBe('done')
    expect(r.vault.tokens).toHaveLength(1)
    expect(r.server.mithril.sms).toHaveLength(0)
  })

  it('every error row has its own code, reason and words', async () => {
    r = await rig()
    const x = r
    const rows: Array<[string, string, string]> = []
    const row = async (what: string, p: Promise<unknown>, code: string): Promise<void> => {
      const e = await rejectsWith(p, code)
      rows.push([what, `${e.code}:${String(e.details?.reason)}`, e.message])
    }
    await row(
      'wrong password',
      x.session().start({ ...creds, password: 'nope' }),
      'SERVER_REJECTED'
    )
    for (let i = 0; i < 9; i++)
      await x
        .session()
        .start({ ...creds, password: 'nope' })
        .catch(() => 0)
    await row('password lock', x.session().start(creds), 'LOCKED_OUT')
    user(x).passwordFailures = []
    user(x).passwordExpired = true
    await row('password expired', x.session().start(creds), 'SERVER_REJECTED')
    user(x).passwordExpired = false
    x.server.addFault({
      kind: 'status',
      route: 'mithril.login',
      status: 503,
      body: { error: { type: 'service_unavailable', message: 'SMS gateway' } }
    })
    await row('sms gateway', x.session().start(creds), 'SERVER_ERROR')
    x.server.addFault({
      kind: 'status',
      route: 'mithril.login',
      status: 401,
      body: { error: { type: 'otp_reached_max_attempts', message: 'max' } }
    })
    await row('max attempts', x.session().start(creds), 'LOCKED_OUT')
    x.server.addFault({
      kind: 'status',
      route: 'mithril.login',
      status: 401,
      body: { error: { type: 'token_invalid', message: 'Invalid token.' } }
    })
    await row('token invalid', x.session().start(creds), 'TOKEN_EXPIRED')
    x.server.addFault({
      kind: 'status',
      route: 'mithril.login',
      status: 401,
      body: { error: { type: 'token_expired', message: 'Token expired.' } }
    })
    await row('token expired', x.session().start(creds), 'TOKEN_EXPIRED')
    x.server.addFault({
      kind: 'status',
      route: 'mithril.init_factor',
      status: 422,
      body: { error: { type: 'validation_failed', message: 'Validation failed.' } }
    })
    await row('validation', x.client.initFactor('t', '+380501112233'), 'INVALID_INPUT')
    x.server.addFault({
      kind: 'status',
      route: 'mithril.approve_factor',
      status: 409,
      body: { error: { type: 'request_conflict', message: 'Factor not set' } }
    })
    await row('factor not set 409', x.client.approveFactor('t', '123456'), 'NOT_ENROLLED')
    expect(new Set(rows.map((q) => q[1])).size).toBe(rows.length)
    expect(new Set(rows.map((q) => q[2])).size).toBe(rows.length)
    for (const [what, , message] of rows) expect(message.length, what).toBeGreaterThan(30)
    expectNoToken(x, rows)
  })

  it('an error reply echoing the password does not carry it into the error', async () => {
    r = await rig()
    r.server.addFault({
      kind: 'status',
      route: 'mithril.login',
      status: 401,
      body: { error: { type: 'access_denied', message: 'Wrong password Tr0ub4dor&3 for alice' } }
    })
    const e = await rejectsWith(
      r.session().start({ ...creds, password: 'Tr0ub4dor&3' }),
      'SERVER_REJECTED'
    )
    expect(e.details?.reason).toBe('wrong-password')
    expect(JSON.stringify({ m: e.message, d: e.details })).not.toContain('Tr0ub4dor&3')
    expect(String(e.details?.serverMessage)).toContain('[redacted]')
  })

  it('a verify whose reply is lost counts as an attempt (it may have reached the server)', async () => {
    r = await rig()
    const s = r.session()
    await s.start(creds)
    r.server.addFault({ kind: 'drop', route: 'mithril.login' })
    const e = await rejectsWith(s.submit(wrong(r)), 'NETWORK')
    expect(e.message).toContain('2 attempts left before your account is blocked')
    expect(s.view().attemptsLeft).toBe(2)
  })

  it('a session that was replaced (token_expired) asks for a new sign-in', async () => {
    r = await rig()
    const s = r.session()
    await s.start(creds)
    // A second sign-in elsewhere does not kill this token in Mithril, but a resend does.
    const other = [...r.server.mithril.tokens.values()].find((t) => t.kind === '2fa')!
    other.alive = false
    const e = await rejectsWith(s.submit(code(r)), 'TOKEN_EXPIRED')
    expect(e.message).toMatch(/Sign in again/)
    expect(s.view().step).toBe('restart')
    expect(s.view().attemptsLeft).toBe(3)
  })
})
