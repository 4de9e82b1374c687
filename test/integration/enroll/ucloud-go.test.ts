/**
 * UCloud's current (Go) server, as the reference server answers in its `go` generation: the
 * secret only inside the QR image, a 6-digit string code, 204 on success, 403 for three
 * different refusals told apart by `why`, 404 for an expired challenge. And the code form
 * learned per profile, against both generations.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { generateSecret, generateSync } from 'otplib'
import { PNG } from 'pngjs'
import QRCode from 'qrcode'
import { generateCode } from '../../../src/main/core/otp'
import { EnrollService, UCLOUD_SIGN_IN_AGAIN } from '../../../src/main/core/enroll/service'
import { createQrImageReader } from '../../../src/main/core/enroll/qr-image'
import type { FetchLike } from '../../../src/main/core/enroll/http'
import { parseOtpauthUri } from '../../../src/main/core/otpauth'
import { enrollErrorMessage, nextStepFor } from '../../../src/shared/enroll-messages'
import {
  expectAgreement,
  rejectsWith,
  rig,
  secretWithLeadingZeroCode,
  steps,
  type Rig
} from './helpers'

let r: Rig | undefined
afterEach(async () => {
  await r?.server.close()
  r = undefined
})

const go = { ucloudGeneration: 'go' as const }
const enroll = (x: Rig) => x.service.enroll(x.profile.id, { onStep: (e) => x.events.push(e) })
const answers = (x: Rig) => x.server.requests.filter((q) => q.path === '/auth/2fa/challenge')
const creates = (x: Rig) => x.server.requests.filter((q) => q.path === '/auth/2fa')

/** Rewrites the JSON body of the reply to `POST /auth/2fa`. */
function tamperCreate(edit: (body: Record<string, unknown>) => Promise<void> | void): FetchLike {
  return async (input, init) => {
    const res = await fetch(input, init)
    if (!input.endsWith('/auth/2fa') || init.method !== 'POST' || res.status !== 200) return res
    const body = (await res.json()) as Record<string, unknown>
    await edit(body)
    return new Response(JSON.stringify(body), { status: 200, headers: res.headers })
  }
}

/** A PNG whose header claims `w` x `h` pixels (the rest is cut short). */
function pngHeader(w: number, h: number): Buffer {
  const png = PNG.sync.write(new PNG({ width: 1, height: 1 }))
  png.writeUInt32BE(w, 16)
  png.writeUInt32BE(h, 20)
  return png
}

describe('UCloud (Go server) enrollment against the reference server', () => {
  it('clean run: the secret comes from the QR only, the code goes as a 6-digit string (leading zero kept), 204, the form is remembered, and the user is told to sign in again', async () => {
    const secret = generateSecret()
    const { at, code } = secretWithLeadingZeroCode(secret)
    r = await rig('ucloud', { start: at, server: { ...go, secretFactory: () => secret } })
    const x = r
    const res = await enroll(x)
    // The reply really held no secret: only the QR image and the challenge id.
    const created = creates(x)
    expect(created).toHaveLength(1)
    const [answer] = answers(x)
    expect(answers(x)).toHaveLength(1)
    const sent = JSON.parse(answer?.rawBody ?? '{}') as Record<string, unknown>
    expect(sent.verificationCode).toBe(code)
    expect(code.startsWith('0')).toBe(true)
    expect(sent.challengeId).toMatch(/^[0-9a-f]{64}$/)
    expect(res.outcome).toBe('enrolled')
    expect(res.account.status).toBe('active')
    expect(res.account.issuer).toBe('UCloud')
    expect(x.accounts.get(res.account.id)?.otp.secret).toBe(secret)
    expect(x.server.user().ucloud.connected).toBe(true)
    expect(x.servers.get(x.profile.id)?.codeFormat).toBe('string')
    expect(res.notice).toBe(UCLOUD_SIGN_IN_AGAIN)
    expect(res.notice).toMatch(/sign in again in your browser to see 2FA on/i)
    expect(x.events.at(-1)?.message).toContain('Sign in again in your browser')
    expect(steps(x.events)).toEqual([
      'status',
      'create',
      'saved-pending',
      'answering',
      'confirming',
      'done'
    ])
    expect(JSON.stringify(x.events)).not.toContain(secret)
    expectAgreement(x)
  })

  it('the reply to create really has no secret field: the wire as the Go server sends it', async () => {
    r = await rig('ucloud', { server: go })
    const res = await fetch(`${r.server.url}/auth/2fa`, {
      method: 'POST',
      headers: { authorization: `Bearer ${r.server.token}` }
    })
    const body = (await res.json()) as Record<string, unknown>
    expect(Object.keys(body).sort()).toEqual(['challengeId', 'qrCodeB64Data'])
    expect(body.qrCodeB64Data).toMatch(/^data:image\/png;base64,/)
  })

  for (const generation of ['go', 'kotlin'] as const) {
    it(`${generation}: a fresh profile learns the code form once; the next enrollment (a new process) sends only that form`, async () => {
      r = await rig('ucloud', { server: { ucloudGeneration: generation }, codeFormat: null })
      const x = r
      await enroll(x)
      const want = generation === 'go' ? 'string' : 'number'
      expect(x.servers.get(x.profile.id)?.codeFormat).toBe(want)
      // The current form is tried first: one answer on Go, a 400 then the integer on Kotlin.
      expect(answers(x)).toHaveLength(generation === 'go' ? 1 : 2)
      // 2FA off again on the server, the local account archived; a new service on the same store.
      x.server.user().ucloud = { connected: false, failures: 0, locked: false }
      for (const a of x.accounts.list()) await x.accounts.update(a.id, { status: 'archived' })
      const before = answers(x).length
      const again = new EnrollService({
        servers: x.servers,
        accounts: x.accounts,
        generateCode,
        parseUri: parseOtpauthUri,
        now: x.clock.now,
        sleep: x.clock.sleep
      })
      x.clock.t += 60_000
      const res = await again.enroll(x.profile.id)
      expect(res.account.status).toBe('active')
      const later = answers(x).slice(before)
      expect(later).toHaveLength(1)
      const v = (JSON.parse(later[0]?.rawBody ?? '{}') as { verificationCode: unknown })
        .verificationCode
      expect(typeof v).toBe(want)
    })
  }

  it('a profile that learned "number" meets an upgraded (Go) server: 400, the same code as a string in the same step, and the new form is remembered', async () => {
    r = await rig('ucloud', { server: go, codeFormat: 'number' })
    const res = await enroll(r)
    expect(res.account.status).toBe('active')
    const [first, second] = answers(r)
    expect(answers(r)).toHaveLength(2)
    const a = JSON.parse(first?.rawBody ?? '{}') as { verificationCode: unknown }
    const b = JSON.parse(second?.rawBody ?? '{}') as { verificationCode: unknown }
    expect(typeof a.verificationCode).toBe('number')
    expect(b.verificationCode).toBe(String(a.verificationCode).padStart(6, '0'))
    expect(Math.floor((first?.at ?? 0) / 30_000)).toBe(Math.floor((second?.at ?? 0) / 30_000))
    expect(r.servers.get(r.profile.id)?.codeFormat).toBe('string')
  })

  it('400 to both forms: SERVER_REJECTED (invalid-request), pending discarded, nothing on the server', async () => {
    r = await rig('ucloud', { server: go })
    r.server.addFault({
      kind: 'status',
      route: 'ucloud.answer',
      status: 400,
      body: { statusCode: 400, why: 'Invalid request supplied', errorCode: '', detailedCode: 0 },
      times: 2
    })
    const err = await rejectsWith(enroll(r), 'SERVER_REJECTED')
    expect(err.details?.reason).toBe('invalid-request')
    expect(err.message).toMatch(/both as text and as a number/)
    expect(err.details?.pendingDiscarded).toBe(true)
    expect(answers(r)).toHaveLength(2)
    expect(r.accounts.list()).toEqual([])
    expect(r.servers.get(r.profile.id)?.codeFormat).toBeUndefined()
    expectAgreement(r, { definiteFailure: true })
  })

  it('the server refuses a number, and a string that is not 6 digits, with 400 "Invalid request supplied"', async () => {
    r = await rig('ucloud', { server: go })
    const create = await fetch(`${r.server.url}/auth/2fa`, {
      method: 'POST',
      headers: { authorization: `Bearer ${r.server.token}` }
    })
    const { challengeId } = (await create.json()) as { challengeId: string }
    for (const verificationCode of [123456, '12345', '1234567', '12a456', null]) {
      const res = await fetch(`${r.server.url}/auth/2fa/challenge`, {
        method: 'POST',
        body: JSON.stringify({ challengeId, verificationCode })
      })
      expect(res.status).toBe(400)
      expect(await res.json()).toEqual({
        statusCode: 400,
        why: 'Invalid request supplied',
        errorCode: '',
        detailedCode: 0
      })
    }
    // Nothing was consumed: the challenge still takes the right code.
    expect(r.server.challenges.has(challengeId)).toBe(true)
  })

  it('wrong code: 403 "Invalid 2FA code" is WRONG_CODE with its own next step; no lockout, a later enrollment works', async () => {
    r = await rig('ucloud', {
      server: go,
      deps: { generateCode: (p, at) => (generateCode(p, at) === '000000' ? '111111' : '000000') }
    })
    for (let i = 0; i < 6; i++) {
      const err = await rejectsWith(enroll(r), 'WRONG_CODE')
      expect(err.details?.status).toBe(403)
      expect(err.details?.reason).toBe('wrong-code')
      expect(err.details?.pendingDiscarded).toBe(true)
      expect(err.message).toMatch(/did not accept the code/)
      expect(nextStepFor({ code: 'WRONG_CODE', message: '' }).action).toBe('retry')
      expectAgreement(r, { definiteFailure: true })
    }
    expect(r.server.user().ucloud.locked).toBe(false)
    await r.server.close()
    r = await rig('ucloud', { server: go })
    expect((await enroll(r)).account.status).toBe('active')
  })

  it('challenge expired (over 10 minutes): 404 is CHALLENGE_EXPIRED, the pending secret is discarded, start over works', async () => {
    let late = true
    r = await rig('ucloud', {
      server: go,
      deps: {
        generateCode: (p, at) => {
          if (late) {
            late = false
            r!.clock.t += 10 * 60_000 + 1_000
            return generateCode(p, r!.clock.t)
          }
          return generateCode(p, at)
        }
      }
    })
    const err = await rejectsWith(enroll(r), 'CHALLENGE_EXPIRED')
    expect(err.details?.status).toBe(404)
    expect(err.details?.pendingDiscarded).toBe(true)
    expect(err.message).toBe(enrollErrorMessage('CHALLENGE_EXPIRED'))
    expect(nextStepFor(err as never).action).toBe('start-over')
    expect(r.accounts.list()).toEqual([])
    expect(r.server.challenges.size).toBe(0)
    expect((await enroll(r)).account.status).toBe('active')
  })

  it('a challenge is single-use, and a second POST /auth/2fa deletes the first unfinished one', async () => {
    r = await rig('ucloud', { server: go })
    const read = createQrImageReader()
    const auth = { authorization: `Bearer ${r.server.token}` }
    const start = async (): Promise<{ challengeId: string; secret: string }> => {
      const res = await fetch(`${r!.server.url}/auth/2fa`, { method: 'POST', headers: auth })
      const b = (await res.json()) as { challengeId: string; qrCodeB64Data: string }
      const png = Buffer.from(b.qrCodeB64Data.split(',')[1] ?? '', 'base64')
      const [uri] = await read(new Uint8Array(png))
      return { challengeId: b.challengeId, secret: parseOtpauthUri(uri ?? '').otp.secret }
    }
    const answer = (challengeId: string, secret: string): Promise<Response> =>
      fetch(`${r!.server.url}/auth/2fa/challenge`, {
        method: 'POST',
        body: JSON.stringify({
          challengeId,
          verificationCode: generateSync({ secret, epoch: Math.floor(r!.clock.t / 1000) })
        })
      })
    const first = await start()
    const second = await start()
    const gone = await answer(first.challengeId, first.secret)
    expect(gone.status).toBe(404)
    expect(((await gone.json()) as { why: string }).why).toBe(
      'Challenge expired. Try reloading the page.'
    )
    const ok = await answer(second.challengeId, second.secret)
    expect(ok.status).toBe(204)
    expect(await ok.text()).toBe('')
    r.server.user().ucloud = { connected: false, failures: 0, locked: false }
    r.clock.t += 30_000
    expect((await answer(second.challengeId, second.secret)).status).toBe(404)
  })

  it('already active: 403 "2FA is already activated" on create is ALREADY_ENROLLED, nothing saved', async () => {
    r = await rig('ucloud', { server: go })
    r.server.user().ucloud = {
      connected: true,
      secret: generateSecret(),
      failures: 0,
      locked: false
    }
    // A status read that raced an enrollment in the browser: it still said off.
    r.server.addFault({
      kind: 'status',
      route: 'ucloud.status',
      status: 200,
      body: { connected: false }
    })
    const err = await rejectsWith(enroll(r), 'ALREADY_ENROLLED')
    expect(err.details?.status).toBe(403)
    expect(err.details?.reason).toBe('already-active')
    expect(err.message).toBe(enrollErrorMessage('ALREADY_ENROLLED'))
    expect(r.accounts.list()).toEqual([])
    expect(answers(r)).toHaveLength(0)
  })

  it('missing or invalid token: 403 "Forbidden" is TOKEN_EXPIRED with its own words, nothing saved', async () => {
    r = await rig('ucloud', { server: go })
    await r.servers.update(r.profile.id, { token: 'not-the-token' })
    const err = await rejectsWith(enroll(r), 'TOKEN_EXPIRED')
    expect(err.details?.status).toBe(403)
    expect(err.details?.reason).toBe('forbidden')
    expect(err.message).toMatch(/403 Forbidden/)
    expect(nextStepFor(err as never).action).toBe('edit')
    expect(r.accounts.list()).toEqual([])
  })

  it('every 403 and 404 row gets its own ErrorCode and message', async () => {
    const rows: Array<[string, string, string]> = []
    // wrong code
    r = await rig('ucloud', { server: go, deps: { generateCode: () => '999999' } })
    let e = await rejectsWith(enroll(r), 'WRONG_CODE').catch((x: Error) => x)
    rows.push(['wrong', (e as { code: string }).code, e.message])
    await r.server.close()
    // forbidden
    r = await rig('ucloud', { server: go })
    await r.servers.update(r.profile.id, { token: 'wrong' })
    e = await rejectsWith(enroll(r), 'TOKEN_EXPIRED')
    rows.push(['forbidden', (e as { code: string }).code, e.message])
    await r.server.close()
    // already active
    r = await rig('ucloud', { server: go })
    r.server.user().ucloud.connected = true
    r.server.addFault({
      kind: 'status',
      route: 'ucloud.status',
      status: 200,
      body: { connected: false }
    })
    e = await rejectsWith(enroll(r), 'ALREADY_ENROLLED')
    rows.push(['active', (e as { code: string }).code, e.message])
    await r.server.close()
    // expired
    r = await rig('ucloud', {
      server: go,
      deps: {
        generateCode: (p) => {
          r!.server.challenges.clear()
          return generateCode(p, r!.clock.t)
        }
      }
    })
    e = await rejectsWith(enroll(r), 'CHALLENGE_EXPIRED')
    rows.push(['expired', (e as { code: string }).code, e.message])
    expect(new Set(rows.map((x) => x[1])).size).toBe(4)
    expect(new Set(rows.map((x) => x[2])).size).toBe(4)
    const next = rows.map((x) => nextStepFor({ code: x[1] as never, message: x[2] }).text)
    expect(new Set(next).size).toBe(4)
  })

  for (const generation of ['go', 'kotlin'] as const) {
    it(`${generation}: a QR that decodes to another secret than the secret field is SECRET_MISMATCH, nothing stored or answered`, async () => {
      r = await rig('ucloud', { server: { ucloudGeneration: generation } })
      r.server.addFault({ kind: 'mismatch', route: 'ucloud.create' })
      const err = await rejectsWith(enroll(r), 'SECRET_MISMATCH')
      expect(err.details?.reason).toBe('qr-mismatch')
      expect(err.message).toMatch(/QR code .* different secret/)
      expect(r.accounts.list()).toEqual([])
      expect(answers(r)).toHaveLength(0)
      expect(r.server.user().ucloud.connected).toBe(false)
    })
  }

  it('older server: a QR that agrees with the fields is checked and accepted', async () => {
    r = await rig('ucloud')
    const res = await enroll(r)
    expect(res.account.status).toBe('active')
    expect(steps(r.events)).not.toContain('warning:MALFORMED_RESPONSE')
  })

  it('older server: an unreadable QR beside the fields is a warning, not a failure', async () => {
    r = await rig('ucloud', {
      deps: {
        fetch: tamperCreate((b) => {
          b.qrCodeB64Data = Buffer.from('not an image').toString('base64')
        })
      }
    })
    const res = await enroll(r)
    expect(res.account.status).toBe('active')
    expect(steps(r.events)).toContain('warning:MALFORMED_RESPONSE')
  })

  const qrRows: Array<[string, (b: Record<string, unknown>) => Promise<void> | void, string]> = [
    [
      'an image header claiming 20000 x 20000 pixels (the scan limits)',
      (b) => {
        b.qrCodeB64Data = `data:image/png;base64,${pngHeader(20_000, 20_000).toString('base64')}`
      },
      'qr-too-large'
    ],
    [
      'more base64 than any QR image needs',
      (b) => {
        b.qrCodeB64Data = `data:image/png;base64,${'A'.repeat(600 * 1024)}`
      },
      'qr-too-large'
    ],
    [
      'text that is not base64',
      (b) => {
        b.qrCodeB64Data = 'data:image/png;base64,<svg onload=alert(1)>'
      },
      'qr-not-image'
    ],
    [
      'a picture without a QR code',
      (b) => {
        const png = new PNG({ width: 64, height: 64 })
        png.data.fill(255)
        b.qrCodeB64Data = `data:image/png;base64,${PNG.sync.write(png).toString('base64')}`
      },
      'qr-no-code'
    ],
    [
      'a QR code that is not an otpauth link',
      async (b) => {
        b.qrCodeB64Data = await QRCode.toDataURL('https://example.org/not-a-secret')
      },
      'qr-no-otpauth'
    ]
  ]
  for (const [what, edit, reason] of qrRows) {
    it(`QR-only secret with ${what}: MALFORMED_RESPONSE (${reason}), nothing stored or answered`, async () => {
      r = await rig('ucloud', { server: go, deps: { fetch: tamperCreate(edit) } })
      const err = await rejectsWith(enroll(r), 'MALFORMED_RESPONSE')
      expect(err.details?.reason).toBe(reason)
      expect(err.message).toMatch(/Nothing was saved/)
      expect(r.accounts.list()).toEqual([])
      expect(answers(r)).toHaveLength(0)
    })
  }

  it('neither a secret nor a QR image: MALFORMED_RESPONSE, nothing stored', async () => {
    r = await rig('ucloud', {
      server: go,
      deps: {
        fetch: tamperCreate((b) => {
          delete b.qrCodeB64Data
        })
      }
    })
    await rejectsWith(enroll(r), 'MALFORMED_RESPONSE')
    expect(r.accounts.list()).toEqual([])
  })

  // Faults: the two-phase rule holds, and ambiguity is settled by re-reading the status.
  it('drop after commit: settled by the status re-read, account active, no resend', async () => {
    r = await rig('ucloud', { server: go })
    r.server.addFault({ kind: 'drop', route: 'ucloud.answer', after: true })
    const res = await enroll(r)
    expect(res.outcome).toBe('recovered')
    expect(res.warnings).toContain('NETWORK')
    expect(answers(r)).toHaveLength(1)
    expectAgreement(r)
  })

  it('drop before processing: AMBIGUOUS keeps the pending secret; Finish answers the same (still live) challenge with a later code', async () => {
    r = await rig('ucloud', { server: go })
    r.server.addFault({ kind: 'drop', route: 'ucloud.answer' })
    const err = await rejectsWith(enroll(r), 'AMBIGUOUS')
    expect(err.details?.pendingKept).toBe(true)
    expectAgreement(r)
    const [pending] = r.service.pending(r.profile.id)
    const res = await r.service.finishPending(pending!.id)
    expect(res.account.status).toBe('active')
    const [a, b] = answers(r).map(
      (q) => (JSON.parse(q.rawBody) as { verificationCode: string }).verificationCode
    )
    expect(answers(r)).toHaveLength(2)
    expect(a).not.toBe(b)
    expect(typeof b).toBe('string')
    expectAgreement(r)
  })

  it('5xx on the answer before commit: SERVER_ERROR, status re-read shows off, pending discarded', async () => {
    r = await rig('ucloud', { server: go })
    r.server.addFault({ kind: 'status', route: 'ucloud.answer', status: 500 })
    const err = await rejectsWith(enroll(r), 'SERVER_ERROR')
    expect(err.details?.pendingDiscarded).toBe(true)
    expectAgreement(r, { definiteFailure: true })
  })

  it('5xx on the answer after commit: recovered through the status', async () => {
    r = await rig('ucloud', { server: go })
    r.server.addFault({ kind: 'status', route: 'ucloud.answer', status: 503, after: true })
    const res = await enroll(r)
    expect(res.outcome).toBe('recovered')
    expectAgreement(r)
  })

  it('slow reply after commit: TIMEOUT settled by the status, account active', async () => {
    r = await rig('ucloud', { server: go, deps: { timeoutMs: 300 } })
    r.server.addFault({ kind: 'slow', route: 'ucloud.answer', delayMs: 1_000, after: true })
    const res = await enroll(r)
    expect(res.outcome).toBe('recovered')
    expect(res.warnings).toContain('TIMEOUT')
    expectAgreement(r)
  })

  it('malformed create: MALFORMED_RESPONSE, nothing saved; malformed reply to a committed answer: recovered', async () => {
    r = await rig('ucloud', { server: go })
    r.server.addFault({ kind: 'malformed', route: 'ucloud.create' })
    await rejectsWith(enroll(r), 'MALFORMED_RESPONSE')
    expect(r.accounts.list()).toEqual([])
    r.server.addFault({ kind: 'malformed', route: 'ucloud.answer', after: true })
    const res = await enroll(r)
    expect(res.outcome).toBe('recovered')
    expectAgreement(r)
  })
})
