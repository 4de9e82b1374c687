import { afterEach, describe, expect, it } from 'vitest'
import { AppError } from '../../../src/shared/errors'
import { EnrollService } from '../../../src/main/core/enroll/service'
import { generateCode } from '../../../src/main/core/otp'
import { parseOtpauthUri } from '../../../src/main/core/otpauth'
import { expectAgreement, rejectsWith, rig, steps, T0, type Rig } from './helpers'

let r: Rig | undefined
afterEach(async () => {
  await r?.server.close()
  r = undefined
})

const answers = (x: Rig) => x.server.requests.filter((q) => q.path === '/auth/2fa/challenge')

describe('enrollment recovery paths', () => {
  it('cancelled while waiting for the next code: nothing sent, the pending secret is discarded', async () => {
    const c = new AbortController()
    r = await rig('ucloud', {
      start: T0 + 28_000,
      deps: {
        sleep: async () => {
          c.abort()
          throw new AppError('CANCELLED', 'Cancelled.')
        }
      }
    })
    await rejectsWith(r.service.enroll(r.profile.id, { signal: c.signal }), 'CANCELLED')
    expect(answers(r)).toEqual([])
    expectAgreement(r, { definiteFailure: true })
  })

  it('Finish after a restart never resends the submitted code: it waits for a later step', async () => {
    // Saved in step S, waited, sent in step S+1: Finish must not send a step S+1 code again.
    r = await rig('ucloud', { start: T0 + 27_000 })
    r.server.addFault({ kind: 'drop', route: 'ucloud.answer' })
    await rejectsWith(r.service.enroll(r.profile.id), 'AMBIGUOUS')
    // a fresh service over the same stores, as after an app restart
    const fresh = new EnrollService({
      servers: r.servers,
      accounts: r.accounts,
      generateCode,
      parseUri: parseOtpauthUri,
      now: r.clock.now,
      sleep: r.clock.sleep
    })
    const [p] = fresh.pending()
    const events: string[] = []
    const res = await fresh.finishPending(p!.id, { onStep: (e) => events.push(e.step) })
    expect(events).toContain('waiting-next-code')
    const codes = answers(r).map(
      (q) => (JSON.parse(q.rawBody) as { verificationCode: number }).verificationCode
    )
    expect(codes).toHaveLength(2)
    expect(codes[1]).not.toBe(codes[0])
    expect(r.server.user().ucloud.lastStep).toBe(T0 / 30_000 + 2)
    expect(res.account.status).toBe('active')
    expectAgreement(r)
  })

  it('accepted, but the status cannot be re-read: active, with a warning', async () => {
    r = await rig('ucloud')
    const x = r
    const res = await x.service.enroll(x.profile.id, {
      onStep: (e) => {
        x.events.push(e)
        if (e.step === 'answering')
          x.server.addFault({ kind: 'status', route: 'ucloud.status', status: 503 })
      }
    })
    expect(res.outcome).toBe('enrolled')
    expect(res.warnings).toEqual(['SERVER_ERROR'])
    expect(steps(x.events)).toContain('warning:SERVER_ERROR')
    expectAgreement(x)
  })

  it('accepted, but the status says off: AMBIGUOUS, kept pending; Finish activates once the status agrees', async () => {
    r = await rig('ucloud')
    const x = r
    const err = await rejectsWith(
      x.service.enroll(x.profile.id, {
        onStep: (e) => {
          if (e.step === 'answering')
            x.server.addFault({
              kind: 'status',
              route: 'ucloud.status',
              status: 200,
              body: { connected: false }
            })
        }
      }),
      'AMBIGUOUS'
    )
    expect(err.details?.pendingKept).toBe(true)
    expect(x.server.user().ucloud.connected).toBe(true)
    expectAgreement(x) // the server's secret is in the store, still pending
    const [p] = x.service.pending()
    const res = await x.service.finishPending(p!.id)
    expect(res.outcome).toBe('recovered')
    expect(answers(x)).toHaveLength(1)
    expectAgreement(x)
  })

  it('reply lost and the status unreachable: AMBIGUOUS keeps the pending secret', async () => {
    r = await rig('ucloud')
    const x = r
    x.server.addFault({ kind: 'drop', route: 'ucloud.answer', after: true })
    const err = await rejectsWith(
      x.service.enroll(x.profile.id, {
        onStep: (e) => {
          if (e.step === 'answering') x.server.addFault({ kind: 'drop', route: 'ucloud.status' })
        }
      }),
      'AMBIGUOUS'
    )
    expect(err.details?.reason).toBe('NETWORK')
    expect(x.service.pending()).toHaveLength(1)
    expectAgreement(x)
    // Discard refuses: the server now shows 2FA on with this secret
    await rejectsWith(x.service.discardPending(x.service.pending()[0]!.id), 'ALREADY_ENROLLED')
    expect((await x.service.finishPending(x.service.pending()[0]!.id)).account.status).toBe(
      'active'
    )
    expectAgreement(x)
  })

  it('Finish after the challenge expired: CHALLENGE_EXPIRED and the pending secret is discarded', async () => {
    r = await rig('ucloud', { server: { challengeTtlMs: 20_000 } })
    r.server.addFault({ kind: 'drop', route: 'ucloud.answer' })
    await rejectsWith(r.service.enroll(r.profile.id), 'AMBIGUOUS')
    const [p] = r.service.pending()
    r.clock.t += 60_000
    await rejectsWith(r.service.finishPending(p!.id), 'CHALLENGE_EXPIRED')
    expectAgreement(r, { definiteFailure: true })
  })

  it('lists unfinished enrollments with their server for the UI, without secrets', async () => {
    r = await rig('ucloud')
    r.server.addFault({ kind: 'drop', route: 'ucloud.answer' })
    await rejectsWith(r.service.enroll(r.profile.id), 'AMBIGUOUS')
    const list = r.service.pendingEnrollments()
    expect(list).toHaveLength(1)
    expect(list[0]).toMatchObject({
      server: 'ref-ucloud',
      type: 'ucloud',
      serverId: r.profile.id,
      startedAt: T0 + 10_000
    })
    expect(list[0]?.challengeId).toBeTruthy()
    expect(list[0]?.account.status).toBe('pending')
    const secret = r.accounts.get(list[0]!.account.id)!.otp.secret
    expect(JSON.stringify(list)).not.toContain(secret)
    await r.servers.remove(r.profile.id)
    expect(r.service.pendingEnrollments()[0]).toMatchObject({ server: null, type: null })
    await r.service.discardPending(list[0]!.account.id)
    expect(r.service.pendingEnrollments()).toEqual([])
  })

  it('discard with force works when the server cannot be reached', async () => {
    r = await rig('ucloud')
    r.server.addFault({ kind: 'drop', route: 'ucloud.answer' })
    await rejectsWith(r.service.enroll(r.profile.id), 'AMBIGUOUS')
    const [p] = r.service.pending()
    r.server.addFault({ kind: 'drop', route: 'ucloud.status' })
    await rejectsWith(r.service.discardPending(p!.id), 'NETWORK')
    await r.service.discardPending(p!.id, { force: true })
    expect(r.service.pending()).toEqual([])
  })

  it('a progress view that throws does not break the enrollment', async () => {
    r = await rig('vantage')
    const res = await r.service.enroll(r.profile.id, {
      onStep: () => {
        throw new Error('view crashed')
      }
    })
    expect(res.account.status).toBe('active')
  })
})
