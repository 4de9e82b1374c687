import { afterEach, describe, expect, it } from 'vitest'
import { generateSecret, generateSync } from 'otplib'
import { generateCode } from '../../../src/main/core/otp'
import type { FetchLike } from '../../../src/main/core/enroll/http'
import {
  expectAgreement,
  rejectsWith,
  rig,
  secretWithLeadingZeroCode,
  steps,
  T0,
  type Rig
} from './helpers'

let r: Rig | undefined
afterEach(async () => {
  await r?.server.close()
  r = undefined
})

const enroll = (x: Rig, label?: string) =>
  x.service.enroll(x.profile.id, { onStep: (e) => x.events.push(e), ...(label ? { label } : {}) })

describe('UCloud enrollment against the reference server', () => {
  it('enrolls cleanly: pending before the answer, active after, server connected', async () => {
    const seen: { store?: Rig['accounts'] } = {}
    let pendingAtAnswer = false
    r = await rig('ucloud', {
      deps: {
        generateCode: (p, at) => {
          pendingAtAnswer =
            seen.store?.list().some((a) => a.status === 'pending' && a.otp.secret === p.secret) ??
            false
          return generateCode(p, at)
        }
      }
    })
    const x = r
    seen.store = x.accounts
    const res = await enroll(x, 'alice@ref')
    expect(pendingAtAnswer).toBe(true)
    expect(res.outcome).toBe('enrolled')
    expect(res.account.status).toBe('active')
    expect(res.account.label).toBe('alice@ref')
    expect(res.account.issuer).toBe('Tessera Ref')
    expect(res.status).toMatchObject({ enrolled: true, method: 'totp', server: 'ref-ucloud' })
    expect(steps(x.events)).toEqual([
      'status',
      'create',
      'saved-pending',
      'answering',
      'confirming',
      'done'
    ])
    for (const e of x.events) expect(e.at).toBe(T0 + 10_000)
    expect(x.server.user().ucloud.connected).toBe(true)
    expect(x.accounts.get(res.account.id)?.otp.secret).toBe(x.server.user().ucloud.secret)
    expect(x.accounts.get(res.account.id)?.enrollment?.challengeId).toBeTruthy()
    expect((await x.service.status(x.profile.id)).enrolled).toBe(true)
    expect(JSON.stringify(x.events)).not.toContain(x.server.user().ucloud.secret ?? '??')
    expectAgreement(x)
  })

  it('saves the pending secret together with its link to the server, in one write', async () => {
    r = await rig('ucloud')
    const x = r
    const writes: string[] = []
    const add = x.accounts.addMany.bind(x.accounts)
    x.accounts.addMany = async (inputs, status) => {
      const out = await add(inputs, status)
      writes.push(...out.map((a) => `add:${a.status}:${a.enrollment?.serverId ?? 'no link'}`))
      return out
    }
    const update = x.accounts.update.bind(x.accounts)
    x.accounts.update = async (id, patch) => {
      writes.push(`update:${x.accounts.get(id)?.enrollment ? 'linked' : 'no link'}`)
      return update(id, patch)
    }
    await enroll(x)
    // A crash after the first write leaves a pending secret the pending list can attribute.
    expect(writes[0]).toBe(`add:pending:${x.profile.id}`)
    expect(writes.filter((w) => w.includes('no link'))).toEqual([])
  })

  it('a fresh profile: the string code gets 400, the same code goes again as a JSON integer (leading zero lost), and the form is remembered', async () => {
    const secret = generateSecret()
    const { at, code } = secretWithLeadingZeroCode(secret)
    r = await rig('ucloud', {
      start: at,
      server: { secretFactory: () => secret },
      codeFormat: null
    })
    await enroll(r)
    const answers = r.server.requests.filter((q) => q.path === '/auth/2fa/challenge')
    expect(answers).toHaveLength(2)
    // The current form first, refused unparsed by the older server; then the older form.
    expect(JSON.parse(answers[0]?.rawBody ?? '{}')).toMatchObject({ verificationCode: code })
    const raw = answers[1]?.rawBody ?? ''
    expect(raw).toMatch(/"verificationCode":\d+\}$/)
    const sent = (JSON.parse(raw) as { verificationCode: unknown }).verificationCode
    expect(typeof sent).toBe('number')
    expect(sent).toBe(Number.parseInt(code, 10))
    expect(raw).not.toContain(`"${code}"`)
    expect(raw).not.toContain(`:${code}`)
    // Both within one time step: the same code, not a second one.
    expect(Math.floor((answers[1]?.at ?? 0) / 30_000)).toBe(Math.floor(at / 30_000))
    expect(r.server.user().ucloud.connected).toBe(true)
    expect(r.servers.get(r.profile.id)?.codeFormat).toBe('number')
  })

  it('waits for the next code when fewer than 5 s remain, and answers with that code', async () => {
    r = await rig('ucloud', { start: T0 + 27_000 })
    const res = await enroll(r)
    expect(steps(r.events)).toEqual([
      'status',
      'create',
      'saved-pending',
      'waiting-next-code',
      'answering',
      'confirming',
      'done'
    ])
    expect(r.clock.sleeps).toEqual([3_050])
    const waiting = r.events.find((e) => e.step === 'waiting-next-code')
    expect(waiting?.details?.waitMs).toBe(3_050)
    expect(r.server.user().ucloud.lastStep).toBe(T0 / 30_000 + 1)
    expect(res.account.status).toBe('active')
  })

  it('refuses when the server is already connected, saving nothing', async () => {
    r = await rig('ucloud')
    r.server.user().ucloud.connected = true
    await rejectsWith(enroll(r), 'ALREADY_ENROLLED')
    expect(r.accounts.list()).toEqual([])
    expect(r.server.requests.map((q) => q.path)).toEqual(['/auth/2fa/status'])
  })

  it('maps a 409 on create to ALREADY_ENROLLED', async () => {
    r = await rig('ucloud')
    r.server.addFault({
      kind: 'status',
      route: 'ucloud.create',
      status: 409,
      body: { why: 'Already connected' }
    })
    await rejectsWith(enroll(r), 'ALREADY_ENROLLED')
    expect(r.accounts.list()).toEqual([])
  })

  it('wrong code: WRONG_CODE with attempts left, pending secret discarded', async () => {
    r = await rig('ucloud', {
      deps: {
        generateCode: (p, at) =>
          String((Number(generateCode(p, at)) + 1) % 1_000_000).padStart(6, '0')
      }
    })
    const err = await rejectsWith(enroll(r), 'WRONG_CODE')
    expect(err.details?.attemptsLeft).toBe(4)
    expect(err.details?.pendingDiscarded).toBe(true)
    expect(err.message).toMatch(/4 attempts left/)
    expect(steps(r.events).at(-1)).toBe('failed:WRONG_CODE')
    expectAgreement(r, { definiteFailure: true })
  })

  it('locks out after N wrong codes: LOCKED_OUT, tells the user to contact the administrator', async () => {
    r = await rig('ucloud', {
      server: { maxFailures: 1 },
      deps: { generateCode: () => '000000' }
    })
    const err = await rejectsWith(enroll(r), 'LOCKED_OUT')
    expect(err.message).toMatch(/administrator/)
    expect(r.server.user().ucloud.locked).toBe(true)
    expectAgreement(r, { definiteFailure: true })
    await rejectsWith(enroll(r), 'LOCKED_OUT')
    expectAgreement(r, { definiteFailure: true })
  })

  it('expired challenge: CHALLENGE_EXPIRED, pending discarded, a fresh start works', async () => {
    r = await rig('ucloud', { start: T0 + 27_000, server: { challengeTtlMs: 1_000 } })
    const err = await rejectsWith(enroll(r), 'CHALLENGE_EXPIRED')
    expect(err.message).toMatch(/start the enrollment again/)
    expectAgreement(r, { definiteFailure: true })
    r.clock.t = T0 + 60_000 + 5_000
    const res = await enroll(r)
    expect(res.account.status).toBe('active')
    expectAgreement(r)
  })

  it('a replayed step is refused by the server (no code replay)', async () => {
    r = await rig('ucloud')
    const u = r.server.user()
    u.ucloud.lastStep = T0 / 30_000 // the current step was "already used"
    await rejectsWith(enroll(r), 'WRONG_CODE')
    expectAgreement(r, { definiteFailure: true })
  })

  it('401 on status: TOKEN_EXPIRED, nothing saved', async () => {
    r = await rig('ucloud')
    await r.servers.update(r.profile.id, { token: 'not-a-valid-token' })
    const err = await rejectsWith(enroll(r), 'TOKEN_EXPIRED')
    expect(err.message).toMatch(/new token/)
    expect(r.accounts.list()).toEqual([])
  })

  it('429 with Retry-After: RATE_LIMITED with retryAfter, and no call before it has passed', async () => {
    r = await rig('ucloud')
    r.server.addFault({
      kind: 'status',
      route: 'ucloud.create',
      status: 429,
      body: { why: 'Too many requests' },
      headers: { 'Retry-After': '120' }
    })
    const err = await rejectsWith(enroll(r), 'RATE_LIMITED')
    expect(err.details?.retryAfter).toBe(120)
    expect(err.message).toMatch(/120 seconds/)
    const calls = r.server.requests.length
    r.clock.t += 60_000
    const again = await rejectsWith(enroll(r), 'RATE_LIMITED')
    expect(again.details?.retryAfter).toBe(60)
    expect(r.server.requests.length).toBe(calls)
    r.clock.t += 61_000
    expect((await enroll(r)).account.status).toBe('active')
    expectAgreement(r)
  })

  it('429 with an HTTP-date Retry-After gives the seconds until that date', async () => {
    r = await rig('ucloud')
    r.server.addFault({
      kind: 'status',
      route: 'ucloud.status',
      status: 429,
      headers: { 'Retry-After': new Date(T0 + 10_000 + 90_000).toUTCString() }
    })
    const err = await rejectsWith(enroll(r), 'RATE_LIMITED')
    expect(err.details?.retryAfter).toBe(90)
  })

  it('503 on the answer without commit: SERVER_ERROR, status re-read, pending discarded', async () => {
    r = await rig('ucloud')
    r.server.addFault({ kind: 'status', route: 'ucloud.answer', status: 503 })
    const err = await rejectsWith(enroll(r), 'SERVER_ERROR')
    expect(err.details?.status).toBe(503)
    expect(steps(r.events)).toContain('confirming')
    expectAgreement(r, { definiteFailure: true })
  })

  it('503 on the answer after the server committed: recovered through the status, account active', async () => {
    r = await rig('ucloud')
    r.server.addFault({ kind: 'status', route: 'ucloud.answer', status: 503, after: true })
    const res = await enroll(r)
    expect(res.outcome).toBe('recovered')
    expect(res.warnings).toContain('SERVER_ERROR')
    expect(res.account.status).toBe('active')
    expectAgreement(r)
  })

  it('a redirect after the server committed the answer: not followed, recovered through the status', async () => {
    // "303 See Other" after a POST is how many servers say "done". Taking the redirect as a
    // definite refusal discarded the only copy of a secret the server had just turned on.
    r = await rig('ucloud')
    r.server.addFault({
      kind: 'status',
      route: 'ucloud.answer',
      status: 303,
      after: true,
      headers: { location: '/elsewhere' }
    })
    const res = await enroll(r)
    expect(res.outcome).toBe('recovered')
    expect(res.account.status).toBe('active')
    expectAgreement(r)
  })

  it('a redirect instead of an answer, with 2FA still off: SERVER_REJECTED, pending discarded', async () => {
    r = await rig('ucloud')
    r.server.addFault({
      kind: 'status',
      route: 'ucloud.answer',
      status: 302,
      headers: { location: 'https://elsewhere.example/' }
    })
    const err = await rejectsWith(enroll(r), 'SERVER_REJECTED')
    expect(err.details?.reason).toBe('redirect')
    expectAgreement(r, { definiteFailure: true })
  })

  it('503 on status: SERVER_ERROR, nothing saved', async () => {
    r = await rig('ucloud')
    r.server.addFault({ kind: 'status', route: 'ucloud.status', status: 503 })
    await rejectsWith(enroll(r), 'SERVER_ERROR')
    expect(r.accounts.list()).toEqual([])
  })

  it('malformed JSON from status or create: MALFORMED_RESPONSE, nothing saved', async () => {
    r = await rig('ucloud')
    r.server.addFault({ kind: 'malformed', route: 'ucloud.status' })
    await rejectsWith(enroll(r), 'MALFORMED_RESPONSE')
    r.server.addFault({ kind: 'malformed', route: 'ucloud.create' })
    await rejectsWith(enroll(r), 'MALFORMED_RESPONSE')
    expect(r.accounts.list()).toEqual([])
    expectAgreement(r, { definiteFailure: true })
  })

  it('malformed reply to a committed answer: recovered through the status', async () => {
    r = await rig('ucloud')
    r.server.addFault({ kind: 'malformed', route: 'ucloud.answer', after: true })
    const res = await enroll(r)
    expect(res.outcome).toBe('recovered')
    expectAgreement(r)
  })

  it('connection dropped after the server committed: AMBIGUOUS is resolved by the status, account active', async () => {
    r = await rig('ucloud')
    r.server.addFault({ kind: 'drop', route: 'ucloud.answer', after: true })
    const res = await enroll(r)
    expect(res.outcome).toBe('recovered')
    expect(res.warnings).toContain('NETWORK')
    expect(res.account.status).toBe('active')
    expect(r.server.requests.filter((q) => q.path === '/auth/2fa/challenge')).toHaveLength(1)
    expectAgreement(r)
  })

  it('connection dropped before processing: AMBIGUOUS keeps the pending secret, no resend; Finish answers with a later code', async () => {
    r = await rig('ucloud')
    r.server.addFault({ kind: 'drop', route: 'ucloud.answer' })
    const err = await rejectsWith(enroll(r), 'AMBIGUOUS')
    expect(err.details?.pendingKept).toBe(true)
    expect(err.message).toMatch(/Finish/)
    const answers = () => r!.server.requests.filter((q) => q.path === '/auth/2fa/challenge')
    expect(answers()).toHaveLength(1)
    const pending = r.service.pending(r.profile.id)
    expect(pending).toHaveLength(1)
    expectAgreement(r)
    const firstCode = (JSON.parse(answers()[0]?.rawBody ?? '{}') as { verificationCode: number })
      .verificationCode

    const events: string[] = []
    const res = await r.service.finishPending(pending[0]!.id, {
      onStep: (e) => events.push(e.step)
    })
    expect(events).toEqual(['status', 'waiting-next-code', 'answering', 'confirming', 'done'])
    expect(answers()).toHaveLength(2)
    const second = (JSON.parse(answers()[1]?.rawBody ?? '{}') as { verificationCode: number })
      .verificationCode
    expect(second).not.toBe(firstCode)
    expect(r.server.user().ucloud.lastStep).toBe(T0 / 30_000 + 1)
    expect(res.account.status).toBe('active')
    expect(r.service.pending()).toEqual([])
    expectAgreement(r)
  })

  it('discard refuses while the server shows 2FA on, and removes the pending account when it is off', async () => {
    r = await rig('ucloud')
    r.server.addFault({ kind: 'drop', route: 'ucloud.answer' })
    await rejectsWith(enroll(r), 'AMBIGUOUS')
    const [p] = r.service.pending()
    r.server.user().ucloud.connected = true
    await rejectsWith(r.service.discardPending(p!.id), 'ALREADY_ENROLLED')
    expect(r.accounts.get(p!.id)).toBeDefined()
    r.server.user().ucloud.connected = false
    await r.service.discardPending(p!.id)
    expect(r.accounts.get(p!.id)).toBeUndefined()
    expectAgreement(r, { definiteFailure: true })
  })

  it('a second enroll while one is unfinished is refused (DUPLICATE)', async () => {
    r = await rig('ucloud')
    r.server.addFault({ kind: 'drop', route: 'ucloud.answer' })
    await rejectsWith(enroll(r), 'AMBIGUOUS')
    await rejectsWith(enroll(r), 'DUPLICATE')
  })

  it('slow reply after commit: TIMEOUT resolved by the status, account active', async () => {
    r = await rig('ucloud', { deps: { timeoutMs: 1_500 } })
    r.server.addFault({ kind: 'slow', route: 'ucloud.answer', delayMs: 30_000, after: true })
    const res = await enroll(r)
    expect(res.outcome).toBe('recovered')
    expect(res.warnings).toContain('TIMEOUT')
    expectAgreement(r)
  })

  it('slow reply before commit: AMBIGUOUS; once the server has processed it, Finish activates without resending', async () => {
    r = await rig('ucloud', { deps: { timeoutMs: 1_500 } })
    r.server.addFault({ kind: 'slow', route: 'ucloud.answer', delayMs: 6_000 })
    const err = await rejectsWith(enroll(r), 'AMBIGUOUS')
    expect(err.details?.reason).toBe('TIMEOUT')
    expectAgreement(r)
    await expect
      .poll(() => r!.server.user().ucloud.connected, { timeout: 20_000, interval: 100 })
      .toBe(true)
    // Server active, local pending: the secret is in the store, so nothing is lost.
    expectAgreement(r)
    const [p] = r.service.pending()
    const res = await r.service.finishPending(p!.id)
    expect(res.outcome).toBe('recovered')
    expect(r.server.requests.filter((q) => q.path === '/auth/2fa/challenge')).toHaveLength(1)
    expectAgreement(r)
  })

  it('timeout on status: TIMEOUT, nothing saved', async () => {
    r = await rig('ucloud', { deps: { timeoutMs: 1_500 } })
    r.server.addFault({ kind: 'slow', route: 'ucloud.status', delayMs: 30_000 })
    const err = await rejectsWith(enroll(r), 'TIMEOUT')
    expect(err.message).toMatch(/did not answer in time/)
    expect(r.accounts.list()).toEqual([])
  })

  it('a skewed server Date header raises a CLOCK_SKEW warning before answering', async () => {
    r = await rig('ucloud')
    r.server.setDateSkew(120_000)
    const res = await enroll(r)
    const s = steps(r.events)
    expect(s.indexOf('warning:CLOCK_SKEW')).toBeGreaterThan(-1)
    expect(s.indexOf('warning:CLOCK_SKEW')).toBeLessThan(s.indexOf('answering'))
    const w = r.events.find((e) => e.code === 'CLOCK_SKEW')
    expect(w?.details?.clockSkewSeconds).toBe(120)
    expect(res.warnings).toEqual(['CLOCK_SKEW'])
    expect(res.status.clockSkewSeconds).toBe(120)
  })

  it('no warning when the clocks agree within 30 s', async () => {
    r = await rig('ucloud')
    r.server.setDateSkew(20_000)
    const res = await enroll(r)
    expect(res.warnings).toEqual([])
    expect(steps(r.events)).not.toContain('warning:CLOCK_SKEW')
  })

  it('a wrong code with a skewed clock says to fix the clock', async () => {
    r = await rig('ucloud', { deps: { generateCode: (p, at) => generateCode(p, at - 120_000) } })
    r.server.setDateSkew(120_000)
    const err = await rejectsWith(enroll(r), 'WRONG_CODE')
    expect(err.message).toMatch(/clock differs .* 120 seconds/)
    expectAgreement(r, { definiteFailure: true })
  })

  it('a secret that does not match the otpauth URI is refused before anything is saved or answered', async () => {
    const tamper: FetchLike = async (input, init) => {
      const res = await fetch(input, init)
      if (!input.endsWith('/auth/2fa') || init.method !== 'POST') return res
      const body = (await res.json()) as Record<string, unknown>
      body.secret = generateSecret()
      return new Response(JSON.stringify(body), { status: 200, headers: res.headers })
    }
    r = await rig('ucloud', { deps: { fetch: tamper } })
    const err = await rejectsWith(enroll(r), 'SECRET_MISMATCH')
    expect(err.message).toMatch(/does not match/)
    expect(r.accounts.list()).toEqual([])
    expect(r.server.requests.some((q) => q.path === '/auth/2fa/challenge')).toBe(false)
  })

  it('an unreachable server: NETWORK, nothing sent, nothing saved', async () => {
    r = await rig('ucloud')
    const url = r.server.url
    await r.server.close()
    await r.servers.update(r.profile.id, { baseUrl: url })
    const err = await rejectsWith(enroll(r), 'NETWORK')
    expect(err.details?.delivery).toBe('not-sent')
    expect(err.message).toMatch(/could not be reached/)
    expect(r.accounts.list()).toEqual([])
    r = undefined
  })

  it('the code sent is the RFC 6238 code of the secret the server handed out', async () => {
    // Guards the test rig itself: the reference server accepts exactly the RFC 6238 code.
    const secret = generateSecret()
    r = await rig('ucloud', { server: { secretFactory: () => secret } })
    await enroll(r)
    const answer = r.server.requests.find((q) => q.path === '/auth/2fa/challenge')
    const sent = (JSON.parse(answer?.rawBody ?? '{}') as { verificationCode: number })
      .verificationCode
    expect(String(sent).padStart(6, '0')).toBe(
      generateSync({ secret, epoch: (T0 + 10_000) / 1000 })
    )
  })
})
