import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { rejectsWith, rig, type Rig } from './helpers'

let r: Rig | undefined
let dir: string | undefined
afterEach(async () => {
  await r?.server.close()
  r = undefined
  if (dir) rmSync(dir, { recursive: true, force: true })
  dir = undefined
})

describe('audit log of enrollment actions', () => {
  it('records time, server, account, challenge id and outcome, and never a token, secret, code or password', async () => {
    dir = mkdtempSync(join(tmpdir(), 'tessera-audit-'))
    const password = 'Pa55word-for-the-server'
    r = await rig('vantage', { auditDir: dir, server: { password } })
    const u = await rig('ucloud', { auditDir: dir })
    try {
      const v1 = await r.service.enroll(r.profile.id)
      await rejectsWith(r.service.disable(r.profile.id, 'wrong-password-value'), 'SERVER_REJECTED')
      await r.service.disable(r.profile.id, password)
      await r.service.enableEmail(r.profile.id)
      const u1 = await u.service.enroll(u.profile.id)
      u.server.user().ucloud.connected = false
      u.server.addFault({ kind: 'drop', route: 'ucloud.answer' })
      await rejectsWith(u.service.enroll(u.profile.id), 'AMBIGUOUS')

      const text = readFileSync(join(dir, 'audit.jsonl'), 'utf8')
      const secrets = [
        r.server.token,
        u.server.token,
        password,
        'wrong-password-value',
        r.accounts.get(v1.account.id)!.otp.secret,
        u.accounts.get(u1.account.id)!.otp.secret
      ]
      const codes = [...r.server.requests, ...u.server.requests].flatMap((q) => {
        const m = /"(?:code|verificationCode)":"?(\d+)/.exec(q.rawBody)
        return m?.[1] ? [m[1].padStart(6, '0'), m[1]] : []
      })
      expect(codes.length).toBeGreaterThanOrEqual(2)
      for (const s of [...secrets, ...codes]) expect(text).not.toContain(s)

      const entries = await r.audit!.list()
      expect(entries.map((e) => [e.serverName, e.action, e.outcome])).toEqual(
        expect.arrayContaining([
          ['ref-vantage', 'enroll', 'ok'],
          ['ref-vantage', 'disable', 'SERVER_REJECTED'],
          ['ref-vantage', 'disable', 'ok'],
          ['ref-vantage', 'enable-email', 'ok'],
          ['ref-ucloud', 'enroll', 'ok'],
          ['ref-ucloud', 'enroll', 'AMBIGUOUS']
        ])
      )
      const ucloudEnroll = entries.find(
        (e) => e.serverName === 'ref-ucloud' && e.action === 'enroll'
      )
      expect(ucloudEnroll?.challengeId).toBe(u.accounts.get(u1.account.id)?.enrollment?.challengeId)
      expect(ucloudEnroll?.account).toBe(`Tessera Ref: ${u1.account.label}`)
      expect(ucloudEnroll?.at).toBe(new Date(u.clock.now()).toISOString())

      const exported = JSON.parse(
        await r.audit!.exportJson({ serverId: r.profile.id })
      ) as unknown[]
      expect(exported).toHaveLength(4)
    } finally {
      await u.server.close()
    }
  })

  it('records a failed enrollment with its error code and the discarded account', async () => {
    dir = mkdtempSync(join(tmpdir(), 'tessera-audit-'))
    r = await rig('ucloud', { auditDir: dir, deps: { generateCode: () => '000000' } })
    await rejectsWith(r.service.enroll(r.profile.id), 'WRONG_CODE')
    const [e] = await r.audit!.list()
    expect(e).toMatchObject({ action: 'enroll', outcome: 'WRONG_CODE', httpStatus: 401 })
    expect(e?.challengeId).toBeTruthy()
  })
})
