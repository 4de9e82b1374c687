/**
 * The mithril:* and barycenter:* handlers over the REAL reference server on 127.0.0.1, through
 * the dispatcher the app registers (schemas, Result envelope). What a user of the Servers screen
 * would notice: attempts left after a wrong code, a malformed code and an unconfirmed last
 * attempt never reaching the server, the resend countdown, the phone change, and a Barycenter
 * rollout that enforces only users with a passkey, reports progress, stops, resumes without
 * enforcing anyone twice, and undoes per user and per run. Nothing crossing back holds a token
 * or the password.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { CallContext } from '../../../src/main/handlers'
import type { Result } from '../../../src/shared/errors'
import type { EventName, PayloadOf } from '../../../src/shared/ipc'
import type {
  Barycenter2faRow,
  RolloutProgressEvent,
  RolloutReportView,
  RolloutRunView
} from '../../../src/shared/ipc/barycenter'
import type { MithrilSessionView } from '../../../src/shared/ipc/mithril'
import type { AuditEntryView, ServerProfileView } from '../../../src/shared/ipc/servers'
import { MITHRIL_USER, startRefServer } from '../../../tools/ref-server/server'
import { composeForTest } from '../../helpers/compose'
import { VaultServerStore } from '../../../src/main/core/servers/store'
import { VaultAttemptLedger, VaultSignInStateStore } from '../../../src/main/core/mithril/ledger'
import { MithrilService } from '../../../src/main/core/mithril/service'
import { BarycenterAdmin } from '../../../src/main/core/barycenter/client'
import { runRollout } from '../../../src/main/core/barycenter/rollout'
import { ROLLOUT_DIR_NAME, saveRun } from '../../../src/main/core/barycenter/runs'

const T0 = 1_800_000_000_000 + 10_000
const ctx: CallContext = { transport: 'direct' }
type Emitted = { [E in EventName]: { event: E; payload: PayloadOf<E> } }[EventName]

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

async function rig(users: { name: string; bytes: Uint8Array }[] = []) {
  const clock = { t: T0 }
  const now = () => clock.t
  const server = await startRefServer({ now })
  cleanups.push(() => server.close())
  const dir = mkdtempSync(join(tmpdir(), 'tessera-mb-handlers-'))
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
  const emitted: Emitted[] = []
  const onEmit: ((e: Emitted) => void)[] = []
  const saved: { defaultName: string; content: string }[] = []
  const crossed: unknown[] = []
  const { dispatch, vault } = composeForTest({
    clock: now,
    dataDir: dir,
    ports: {
      emit: (event, payload) => {
        const e = { event, payload } as Emitted
        emitted.push(e)
        for (const f of onEmit) f(e)
      },
      fileDialogs: {
        openBackup: async () => null,
        openUsersList: async () => users.shift() ?? null,
        saveExport: async () => null
      },
      saveFile: {
        save: async (file) => {
          saved.push(file)
          return { path: join(dir, file.defaultName) }
        }
      }
    },
    services: { http: { timeoutMs: 5_000 } }
  })
  const call = async <T = unknown>(channel: string, input?: unknown): Promise<Result<T>> => {
    const r = (await dispatch(channel, input, ctx)) as Result<T>
    crossed.push(r)
    return r
  }
  const value = async <T = unknown>(channel: string, input?: unknown): Promise<T> => {
    const r = await call<T>(channel, input)
    if (!r.ok) throw new Error(`${channel} failed: ${r.error.code} ${r.error.message}`)
    return r.value
  }
  const error = async (channel: string, input?: unknown) => {
    const r = await call(channel, input)
    if (r.ok) throw new Error(`${channel} should have failed`)
    return r.error
  }
  return { server, clock, dir, vault, emitted, onEmit, saved, crossed, call, value, error }
}

type Rig = Awaited<ReturnType<typeof rig>>

const smsCode = (r: Rig, phone: string = MITHRIL_USER.phone): string =>
  String(r.server.mithril.lastCode(phone)).padStart(6, '0')
const wrongCode = (r: Rig, phone: string = MITHRIL_USER.phone): string =>
  String(r.server.mithril.wrongCode(phone)).padStart(6, '0')
const verifyRequests = (r: Rig) =>
  r.server.requests.filter((q) => q.rawBody.includes('authorize_2fa_access_token'))

async function addMithril(r: Rig): Promise<ServerProfileView> {
  return r.value<ServerProfileView>('servers:add', {
    name: 'Health ID',
    type: 'mithril',
    baseUrl: r.server.url,
    token: '',
    mithril: { email: MITHRIL_USER.email, clientId: MITHRIL_USER.clientId }
  })
}

function expectNoTokenCrossed(r: Rig): void {
  const text = JSON.stringify([r.crossed, r.emitted])
  for (const t of r.server.mithril.tokens.keys()) {
    expect(text.includes(t), 'a Mithril token crossed to the renderer').toBe(false)
  }
  expect(text.includes(`"${MITHRIL_USER.password}"`)).toBe(false)
}

describe('mithril handlers', () => {
  it('counts wrong codes, refuses a malformed code and an unconfirmed last attempt unsent', async () => {
    const r = await rig()
    const p = await addMithril(r)
    expect(await r.value('mithril:state', { id: p.id })).toBeNull()
    const started = await r.value<MithrilSessionView>('mithril:signIn', {
      id: p.id,
      password: MITHRIL_USER.password
    })
    expect(started).toMatchObject({ step: 'otp', purpose: 'sign-in', attemptsLeft: 3 })
    expect(started.attemptsMessage).toBeUndefined()

    const malformed = await r.error('mithril:submit', { id: p.id, code: '12345' })
    expect(malformed.code).toBe('INVALID_INPUT')
    expect(malformed.details?.reason).toBe('malformed-code')
    expect(verifyRequests(r)).toHaveLength(0)

    const wrong = await r.error('mithril:submit', { id: p.id, code: wrongCode(r) })
    expect(wrong.code).toBe('WRONG_CODE')
    expect(wrong.message).toContain('2 attempts left before your account is blocked.')
    expect(wrong.details?.attemptsLeft).toBe(2)
    const after = await r.value<MithrilSessionView>('mithril:state', { id: p.id })
    expect(after).toMatchObject({
      attemptsLeft: 2,
      attemptsMessage: '2 attempts left before your account is blocked.'
    })

    await r.error('mithril:submit', { id: p.id, code: wrongCode(r) })
    const state = await r.value<MithrilSessionView>('mithril:state', { id: p.id })
    expect(state).toMatchObject({ attemptsLeft: 1, confirmBeforeSubmit: true })
    const sentBefore = verifyRequests(r).length
    const unconfirmed = await r.error('mithril:submit', { id: p.id, code: smsCode(r) })
    expect(unconfirmed.details?.reason).toBe('confirm-last-attempt')
    expect(verifyRequests(r)).toHaveLength(sentBefore)

    const done = await r.value<MithrilSessionView>('mithril:submit', {
      id: p.id,
      code: smsCode(r),
      confirmLastAttempt: true
    })
    expect(done.step).toBe('done')
    // The code went as a JSON integer, never a string.
    const last = verifyRequests(r).at(-1)!
    expect(last.rawBody).toMatch(/"otp":\d+/)
    const [listed] = await r.value<ServerProfileView[]>('servers:list')
    expect(listed?.hasToken).toBe(true)
    // A good code resets the count: a new sign-in starts from 3 again.
    expect(await r.value('mithril:state', { id: p.id })).toBeNull()
    expectNoTokenCrossed(r)
  })

  it('a confirmed wrong last attempt says the account is blocked; nothing more is sent', async () => {
    const r = await rig()
    const p = await addMithril(r)
    await r.value('mithril:signIn', { id: p.id, password: MITHRIL_USER.password })
    await r.error('mithril:submit', { id: p.id, code: wrongCode(r) })
    await r.error('mithril:submit', { id: p.id, code: wrongCode(r) })
    const blocked = await r.error('mithril:submit', {
      id: p.id,
      code: wrongCode(r),
      confirmLastAttempt: true
    })
    expect(blocked.code).toBe('LOCKED_OUT')
    expect(blocked.message).toContain('blocked your account')
    const sent = verifyRequests(r).length
    expect(sent).toBe(3)
    const again = await r.error('mithril:submit', {
      id: p.id,
      code: smsCode(r),
      confirmLastAttempt: true
    })
    expect(again.code).toBe('LOCKED_OUT')
    expect(verifyRequests(r)).toHaveLength(sent)
    expect(await r.value('mithril:state', { id: p.id })).toMatchObject({ attemptsLeft: 0 })
  })

  it('throttles resend with the seconds left, then switches to the new code', async () => {
    const r = await rig()
    const p = await addMithril(r)
    await r.value('mithril:signIn', { id: p.id, password: MITHRIL_USER.password })
    const early = await r.error('mithril:resend', { id: p.id })
    expect(early.code).toBe('RATE_LIMITED')
    expect(early.details?.retryAfter).toBe(20)
    r.clock.t += 12_000
    const st = await r.value<MithrilSessionView>('mithril:state', { id: p.id })
    expect(st.resendInSeconds).toBe(8)
    r.clock.t += 8_000
    const first = smsCode(r)
    const again = await r.value<MithrilSessionView>('mithril:resend', { id: p.id })
    expect(again.resendInSeconds).toBe(20)
    expect(r.server.mithril.sms).toHaveLength(2)
    const second = smsCode(r)
    expect(second).not.toBe(first)
    const done = await r.value<MithrilSessionView>('mithril:submit', { id: p.id, code: second })
    expect(done.step).toBe('done')
    expectNoTokenCrossed(r)
  })

  it('changes the phone with a code sent to the new one; sign-out forgets the token', async () => {
    const r = await rig()
    const p = await addMithril(r)
    await r.value('mithril:signIn', { id: p.id, password: MITHRIL_USER.password })
    await r.value('mithril:submit', { id: p.id, code: smsCode(r) })
    r.clock.t += 30_000
    const bad = await r.error('mithril:setPhone', { id: p.id, phone: '0501234567' })
    expect(bad.code).toBe('INVALID_INPUT')
    const phone = '+380671112233'
    const changing = await r.value<MithrilSessionView>('mithril:setPhone', { id: p.id, phone })
    expect(changing).toMatchObject({ step: 'otp', purpose: 'phone' })
    const done = await r.value<MithrilSessionView>('mithril:submit', {
      id: p.id,
      code: smsCode(r, phone)
    })
    expect(done).toMatchObject({ step: 'done', purpose: 'phone' })
    expect(r.server.mithril.users.get(MITHRIL_USER.email)?.phone).toBe(phone)

    await r.value('mithril:signOut', { id: p.id })
    const [listed] = await r.value<ServerProfileView[]>('servers:list')
    expect(listed?.hasToken).toBe(false)
    expectNoTokenCrossed(r)
  })

  it('carries on a sign-in the CLI began, with the wrong codes the CLI counted', async () => {
    const r = await rig()
    const p = await addMithril(r)
    // What `tessera mithril sign-in` and a wrong `tessera mithril code` do, over the same vault.
    const cli = new MithrilService({
      servers: new VaultServerStore(r.vault, () => r.clock.t),
      ledger: new VaultAttemptLedger(r.vault, () => r.clock.t),
      sessions: new VaultSignInStateStore(r.vault),
      now: () => r.clock.t
    })
    await cli.signIn(p.id, MITHRIL_USER.password)
    await expect(cli.submit(p.id, wrongCode(r))).rejects.toMatchObject({ code: 'WRONG_CODE' })
    const st = await r.value<MithrilSessionView>('mithril:state', { id: p.id })
    expect(st).toMatchObject({ step: 'otp', attemptsLeft: 2 })
    const done = await r.value<MithrilSessionView>('mithril:submit', { id: p.id, code: smsCode(r) })
    expect(done.step).toBe('done')
    expectNoTokenCrossed(r)
  })

  it('cancel drops the sign-in; a code then says to sign in first', async () => {
    const r = await rig()
    const p = await addMithril(r)
    await r.value('mithril:signIn', { id: p.id, password: MITHRIL_USER.password })
    await r.value('mithril:cancel', { id: p.id })
    expect(await r.value('mithril:state', { id: p.id })).toBeNull()
    const e = await r.error('mithril:submit', { id: p.id, code: smsCode(r) })
    expect(e.message).toMatch(/Sign in to "Health ID" first/)
    expect(verifyRequests(r)).toHaveLength(0)
  })
})

const enc = (s: string) => new TextEncoder().encode(s)

async function addBarycenter(r: Rig): Promise<ServerProfileView> {
  return r.value<ServerProfileView>('servers:add', {
    name: 'Barycenter admin',
    type: 'barycenter',
    baseUrl: r.server.url,
    token: ''
  })
}

describe('barycenter handlers', () => {
  it('warns about an admin URL off this computer, notes plain http', async () => {
    const r = await rig()
    const far = await r.value<{ warnings: string[] }>('barycenter:check', {
      url: 'https://admin.example.org'
    })
    expect(far.warnings).toHaveLength(1)
    expect(far.warnings[0]).toContain('no authentication')
    const plain = await r.value<{ warnings: string[] }>('barycenter:check', {
      url: 'http://127.0.0.1:8081'
    })
    expect(plain.warnings).toEqual([expect.stringContaining('plain http')])
    // Plain http to another computer is refused when the profile is added, not warned about.
    const refused = await r.error('servers:add', {
      name: 'Far',
      type: 'barycenter',
      baseUrl: 'http://10.1.2.3:8081',
      token: ''
    })
    expect(refused.code).toBe('INSECURE_URL')
    const local = await r.value<{ warnings: string[] }>('barycenter:check', {
      url: 'https://127.0.0.1:8081'
    })
    expect(local.warnings).toEqual([])
    expect(
      (await r.value<{ warnings: string[] }>('barycenter:check', { url: 'nope' })).warnings
    ).toEqual([])
  })

  it('loads users, shows status, enforces only users with a passkey unless forced, undoes', async () => {
    const r = await rig([
      { name: 'staff.csv', bytes: enc('username,team\nann,a\nbob,b\ncarl,c\nghost,d\n') }
    ])
    r.server.barycenter.addUser({ username: 'ann', passkeyCount: 2 })
    r.server.barycenter.addUser({ username: 'bob', passkeyCount: 0 })
    r.server.barycenter.addUser({ username: 'carl', passkeyCount: 0 })
    const p = await addBarycenter(r)
    const file = await r.value<{ name: string; users: string[] }>('barycenter:pickUsers')
    expect(file).toEqual({ name: 'staff.csv', users: ['ann', 'bob', 'carl', 'ghost'] })
    expect(await r.value('barycenter:pickUsers')).toBeNull()

    const rows = await r.value<Barycenter2faRow[]>('barycenter:status', {
      id: p.id,
      users: file.users
    })
    expect(rows.slice(0, 3)).toMatchObject([
      { username: 'ann', requires2fa: false, passkeyCount: 2 },
      { username: 'bob', passkeyCount: 0 },
      { username: 'carl', passkeyCount: 0 }
    ])
    expect(rows[3]).toMatchObject({ username: 'ghost', error: 'NOT_FOUND' })

    const refused = await r.error('barycenter:enforce', {
      id: p.id,
      users: file.users,
      force: ['zed']
    })
    expect(refused.code).toBe('INVALID_INPUT')
    expect(r.server.barycenter.mutations).toHaveLength(0)

    const rep = await r.value<RolloutReportView>('barycenter:enforce', {
      id: p.id,
      users: file.users,
      force: ['carl']
    })
    expect(rep.results.map((x) => [x.username, x.outcome])).toEqual([
      ['ann', 'enforced'],
      ['bob', 'not-ready'],
      ['carl', 'forced'],
      ['ghost', 'unknown-user']
    ])
    expect(r.server.barycenter.mutations).toEqual([
      { username: 'ann', required: true },
      { username: 'carl', required: true }
    ])
    expect(r.server.barycenter.users.get('bob')?.requires2fa).toBe(false)
    const progress = r.emitted
      .filter((e) => e.event === 'barycenter:progress')
      .map((e) => e.payload as RolloutProgressEvent)
    expect(progress.flatMap((e) => e.results.map((x) => x.username))).toEqual(file.users)
    expect(progress.at(-1)).toMatchObject({ done: 4, total: 4, runId: rep.runId })

    const audit = await r.value<AuditEntryView[]>('audit:list')
    expect(audit.map((a) => [a.action, a.account])).toEqual([
      ['enforce-2fa', 'ann'],
      ['enforce-2fa', 'carl (forced)']
    ])
    const [run] = await r.value<RolloutRunView[]>('barycenter:runs', { id: p.id })
    expect(run).toMatchObject({ runId: rep.runId, total: 4, settled: 4, running: false })

    const one = await r.value<{ results: { username: string; outcome: string }[] }>(
      'barycenter:undo',
      { id: p.id, runId: rep.runId, only: ['carl'] }
    )
    expect(one.results).toEqual([{ username: 'carl', outcome: 'undone' }])
    expect(r.server.barycenter.users.get('carl')?.requires2fa).toBe(false)
    expect(r.server.barycenter.users.get('ann')?.requires2fa).toBe(true)
    const rest = await r.value<{ results: { username: string }[] }>('barycenter:undo', {
      id: p.id,
      runId: rep.runId
    })
    expect(rest.results.map((x) => x.username)).toEqual(['ann'])
    expect(r.server.barycenter.users.get('ann')?.requires2fa).toBe(false)

    const after = await r.value<RolloutReportView>('barycenter:report', {
      id: p.id,
      runId: rep.runId
    })
    expect(after.counts).toMatchObject({ undone: 2, 'not-ready': 1, 'unknown-user': 1 })
    const csv = await r.value<{ saved: boolean; count: number }>('barycenter:saveReport', {
      id: p.id,
      runId: rep.runId,
      format: 'csv'
    })
    expect(csv).toMatchObject({ saved: true, count: 4 })
    expect(r.saved.at(-1)?.defaultName).toBe(`barycenter-${rep.runId}.csv`)
    expect(r.saved.at(-1)?.content).toMatch(/^username,outcome,passkeyCount/)
    expect(r.saved.at(-1)?.content).toContain('bob,not-ready,0')
  })

  it('a stopped run resumes by its id: nobody enforced twice, nobody skipped', async () => {
    const r = await rig()
    const users = Array.from({ length: 300 }, (_, i) => `user${String(i).padStart(3, '0')}`)
    users.forEach((u, i) => r.server.barycenter.addUser({ username: u, passkeyCount: i % 3 }))
    const p = await addBarycenter(r)
    let stopped = false
    r.onEmit.push((e) => {
      if (e.event === 'barycenter:progress' && !stopped && e.payload.done >= 90) {
        stopped = true
        void r.call('barycenter:stop', { id: p.id })
      }
    })
    const halted = await r.error('barycenter:enforce', { id: p.id, users })
    expect(halted.code).toBe('CANCELLED')
    const [run] = await r.value<RolloutRunView[]>('barycenter:runs', { id: p.id })
    expect(run!.settled).toBeGreaterThanOrEqual(90)
    expect(run!.settled).toBeLessThan(300)
    const beforeResume = r.server.barycenter.mutations.length
    expect(beforeResume).toBeGreaterThan(0)

    // Resuming with another list of users is refused.
    const other = await r.error('barycenter:enforce', {
      id: p.id,
      runId: run!.runId,
      users: users.slice(1)
    })
    expect(other.code).toBe('INVALID_INPUT')

    const rep = await r.value<RolloutReportView>('barycenter:enforce', {
      id: p.id,
      runId: run!.runId
    })
    expect(rep.results.map((x) => x.username)).toEqual(users)
    const enforced = r.server.barycenter.mutations.map((m) => m.username)
    expect(new Set(enforced).size).toBe(enforced.length)
    expect(enforced.sort()).toEqual(users.filter((_, i) => i % 3 > 0).sort())
    expect(rep.counts).toMatchObject({ enforced: 200, 'not-ready': 100 })
  })

  it('resumes a run the CLI began and was stopped, from the same journal', async () => {
    const r = await rig()
    const users = Array.from({ length: 100 }, (_, i) => `cli${i}`)
    users.forEach((u) => r.server.barycenter.addUser({ username: u, passkeyCount: 1 }))
    const p = await addBarycenter(r)
    // What `tessera barycenter enforce` writes, stopped after 40 users.
    const dir = join(r.dir, ROLLOUT_DIR_NAME)
    const runId = '20261204-120000-abcd'
    await saveRun(dir, runId, { adminUrl: p.baseUrl, users, force: [] })
    const stop = new AbortController()
    await expect(
      runRollout({
        admin: new BarycenterAdmin(p.baseUrl),
        users,
        dir,
        runId,
        signal: stop.signal,
        onProgress: ({ done }) => {
          if (done === 40) stop.abort()
        }
      })
    ).rejects.toMatchObject({ code: 'CANCELLED' })
    const [run] = await r.value<RolloutRunView[]>('barycenter:runs', { id: p.id })
    expect(run).toMatchObject({ runId, total: 100, settled: 40, running: false })
    const rep = await r.value<RolloutReportView>('barycenter:enforce', { id: p.id, runId })
    expect(rep.counts.enforced).toBe(100)
    const names = r.server.barycenter.mutations.map((m) => m.username)
    expect(names).toHaveLength(100)
    expect(new Set(names).size).toBe(100)
  })

  it('refuses a second run against the same server while one is going', async () => {
    const r = await rig()
    const users = Array.from({ length: 50 }, (_, i) => `u${i}`)
    users.forEach((u) => r.server.barycenter.addUser({ username: u, passkeyCount: 1 }))
    const p = await addBarycenter(r)
    const first = r.call('barycenter:enforce', { id: p.id, users })
    const second = await r.error('barycenter:enforce', { id: p.id, users })
    expect(second.code).toBe('DUPLICATE')
    expect((await first).ok).toBe(true)
    expect(r.server.barycenter.mutations).toHaveLength(50)
  })

  it('says a Mithril profile is not a Barycenter server', async () => {
    const r = await rig()
    const m = await addMithril(r)
    const e = await r.error('barycenter:runs', { id: m.id })
    expect(e.code).toBe('UNSUPPORTED')
  })
})
