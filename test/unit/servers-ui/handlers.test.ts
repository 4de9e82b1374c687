/**
 * The servers, enroll and audit handlers over the REAL reference 2FA server on 127.0.0.1, with
 * one fake clock shared by client and server (sleeping moves it on). Everything that would cross
 * to the renderer (results and events) is scanned for the token, the secret and the password.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { CallContext } from '../../../src/main/handlers'
import { composeForTest } from '../../helpers/compose'
import { AppError, type Result } from '../../../src/shared/errors'
import type { EventName, PayloadOf } from '../../../src/shared/ipc'
import type { EnrollOutcome, EnrollStepEvent } from '../../../src/shared/ipc/enroll'
import type { ServerProfileView } from '../../../src/shared/ipc/servers'
import { startRefServer } from '../../../tools/ref-server/server'
import { secretEncodings } from '../ipc/fixtures'

/** 10 s into a 30 s step: no wait for the next code. */
const T0 = 1_800_000_000_000 + 10_000
const PASSWORD = 'correct-horse-battery'
const ctx: CallContext = { transport: 'direct' }

type Emitted = { [E in EventName]: { event: E; payload: PayloadOf<E> } }[EventName]

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

async function rig(opts: { blockingSleep?: boolean } = {}) {
  const clock = { t: T0 }
  const now = () => clock.t
  const server = await startRefServer({ now, password: PASSWORD })
  cleanups.push(() => server.close())
  const dir = mkdtempSync(join(tmpdir(), 'tessera-servers-ui-'))
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
  const emitted: Emitted[] = []
  const onEmit: ((e: Emitted) => void)[] = []
  const saved: { defaultName: string; content: string }[] = []
  const crossed: unknown[] = []
  const { dispatch, vault: store } = composeForTest({
    clock: now,
    dataDir: dir,
    ports: {
      emit: (event, payload) => {
        const e = { event, payload } as Emitted
        emitted.push(e)
        for (const f of onEmit) f(e)
      },
      saveFile: {
        save: async (file: { defaultName: string; content: string }) => {
          saved.push(file)
          return { path: join(dir, file.defaultName) }
        }
      }
    },
    services: {
      enrollment: {
        now,
        timeoutMs: 5_000,
        sleep: opts.blockingSleep
          ? (_ms, signal) =>
              new Promise<void>((_resolve, reject) =>
                signal?.addEventListener('abort', () =>
                  reject(new AppError('CANCELLED', 'Cancelled.'))
                )
              )
          : async (ms) => {
              clock.t += ms
            }
      }
    }
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
  const addServer = (type: 'ucloud' | 'vantage', name = `Ref ${type}`) =>
    value<ServerProfileView>('servers:add', {
      name,
      type,
      baseUrl: server.url,
      token: server.token
    })
  const steps = (serverId?: string): EnrollStepEvent[] =>
    emitted
      .filter((e): e is Extract<Emitted, { event: 'enroll:step' }> => e.event === 'enroll:step')
      .map((e) => e.payload)
      .filter((p) => serverId === undefined || p.serverId === serverId)
  /** Fails when the token, any encoding of a secret, or the password crossed. */
  const assertNothingSecretCrossed = (secrets: string[]) => {
    const text = JSON.stringify([crossed, emitted, saved])
    expect(text.includes(server.token), 'the access token crossed').toBe(false)
    expect(text.includes(PASSWORD), 'the password crossed').toBe(false)
    for (const s of secrets) {
      for (const enc of secretEncodings(s)) expect(text.includes(enc), `found ${enc}`).toBe(false)
    }
  }
  return {
    clock,
    server,
    store,
    emitted,
    onEmit,
    saved,
    call,
    value,
    addServer,
    steps,
    assertNothingSecretCrossed
  }
}

describe('servers handlers', () => {
  it('adds, lists, edits and removes profiles without ever sending the token back', async () => {
    const r = await rig()
    const view = await r.addServer('ucloud', 'Campus')
    expect(view).toMatchObject({ name: 'Campus', type: 'ucloud', hasToken: true })
    expect(Object.keys(view)).not.toContain('token')
    const dup = await r.call('servers:add', {
      name: 'campus',
      type: 'vantage',
      baseUrl: r.server.url,
      token: 'abc'
    })
    expect(dup.ok ? null : dup.error.code).toBe('DUPLICATE')
    const insecure = await r.call('servers:add', {
      name: 'Other',
      type: 'ucloud',
      baseUrl: 'http://cloud.example.org',
      token: 'abc'
    })
    expect(insecure.ok ? null : insecure.error.code).toBe('INSECURE_URL')
    // An empty token keeps the stored one: status still authenticates.
    const edited = await r.value<ServerProfileView>('servers:update', {
      id: view.id,
      name: 'Campus cloud',
      token: ''
    })
    expect(edited.name).toBe('Campus cloud')
    const status = await r.value<{ enrolled: boolean }>('servers:status', { id: view.id })
    expect(status.enrolled).toBe(false)
    expect(await r.value<ServerProfileView[]>('servers:list')).toHaveLength(1)
    await r.value('servers:remove', { id: view.id })
    expect(await r.value<ServerProfileView[]>('servers:list')).toEqual([])
    r.assertNothingSecretCrossed([])
  })
})

describe('enroll handlers', () => {
  it('streams every step with its server id and returns the active account (UCloud)', async () => {
    const r = await rig()
    const s = await r.addServer('ucloud')
    const out = await r.value<EnrollOutcome>('enroll:start', { serverId: s.id })
    expect(out.outcome).toBe('enrolled')
    expect(out.account.status).toBe('active')
    expect(out.status.enrolled).toBe(true)
    expect(r.steps(s.id).map((e) => e.step)).toEqual([
      'status',
      'create',
      'saved-pending',
      'answering',
      'confirming',
      'done'
    ])
    expect(r.steps().every((e) => e.serverId === s.id && e.at === T0)).toBe(true)
    expect(r.emitted.some((e) => e.event === 'accounts:changed')).toBe(true)
    const secret = r.server.user().ucloud.secret
    expect(secret).toBeTruthy()
    r.assertNothingSecretCrossed([secret ?? ''])
  })

  it('enrolls with Vantage, switches to email codes and disables with the password', async () => {
    const r = await rig()
    const s = await r.addServer('vantage')
    const out = await r.value<EnrollOutcome>('enroll:start', { serverId: s.id, label: 'Work' })
    expect(out.account.label).toBe('Work')
    const secret = r.server.user().vantage.secret ?? ''
    const wrong = await r.call('servers:disable', { id: s.id, password: 'nope' })
    expect(wrong.ok ? null : wrong.error.code).toBe('SERVER_REJECTED')
    const off = await r.value<{ archived: { id: string }[]; status: { enrolled: boolean } }>(
      'servers:disable',
      { id: s.id, password: PASSWORD }
    )
    expect(off.status.enrolled).toBe(false)
    expect(off.archived.map((a) => a.id)).toEqual([out.account.id])
    const email = await r.value<{ status: { method: string | null } }>('servers:enableEmail', {
      id: s.id
    })
    expect(email.status.method).toBe('email')
    r.assertNothingSecretCrossed([secret])
  })

  it('shows a wrong-code failure as a failed step and keeps no pending account', async () => {
    const r = await rig()
    const s = await r.addServer('ucloud')
    r.server.addFault({
      kind: 'status',
      route: 'ucloud.answer',
      status: 401,
      body: { why: 'Invalid verification code' }
    })
    const res = await r.call('enroll:start', { serverId: s.id })
    expect(res.ok ? null : res.error.code).toBe('WRONG_CODE')
    const failed = r.steps(s.id).at(-1)
    expect(failed).toMatchObject({ step: 'failed', code: 'WRONG_CODE' })
    expect(await r.value<unknown[]>('enroll:pending')).toEqual([])
  })

  it('cancels while waiting for the next code, before anything is sent', async () => {
    const r = await rig({ blockingSleep: true })
    r.clock.t = 1_800_000_000_000 + 27_000 // 3 s left: must wait for the next code
    const s = await r.addServer('ucloud')
    const running = r.call('enroll:start', { serverId: s.id })
    await new Promise<void>((resolve) => {
      r.onEmit.push((e) => {
        if (e.event === 'enroll:step' && e.payload.step === 'waiting-next-code') resolve()
      })
    })
    expect(await r.value('enroll:cancel', { serverId: s.id })).toEqual({ cancelled: true })
    const res = await running
    expect(res.ok ? null : res.error.code).toBe('CANCELLED')
    expect(r.steps(s.id).map((e) => e.step)).not.toContain('answering')
    expect(await r.value<unknown[]>('enroll:pending')).toEqual([])
    expect(r.store.list()).toEqual([])
    expect(await r.value('enroll:cancel', { serverId: s.id })).toEqual({ cancelled: false })
  })

  it('keeps a pending account after a lost answer, refuses to remove its server, and finishes it', async () => {
    const r = await rig()
    const s = await r.addServer('ucloud')
    // The answer is dropped before the server processes it, and the status re-read fails too.
    r.onEmit.push((e) => {
      if (e.event === 'enroll:step' && e.payload.step === 'saved-pending') {
        r.server.addFault({ kind: 'drop', route: 'ucloud.answer' })
        r.server.addFault({ kind: 'status', route: 'ucloud.status', status: 503 })
      }
    })
    const res = await r.call('enroll:start', { serverId: s.id })
    expect(res.ok ? null : res.error.code).toBe('AMBIGUOUS')
    r.onEmit.length = 0
    const pending = await r.value<{ account: { id: string }; server: string }[]>('enroll:pending')
    expect(pending).toHaveLength(1)
    expect(pending[0]?.server).toBe('Ref ucloud')
    const removal = await r.call('servers:remove', { id: s.id })
    expect(removal.ok ? null : removal.error.message).toMatch(/Finish or discard/)
    const id = pending[0]?.account.id ?? ''
    const done = await r.value<EnrollOutcome>('enroll:finish', { accountId: id })
    expect(done.account).toMatchObject({ id, status: 'active' })
    expect(await r.value<unknown[]>('enroll:pending')).toEqual([])
    r.assertNothingSecretCrossed([r.server.user().ucloud.secret ?? ''])
  })

  it('discards a pending account the server never turned on', async () => {
    const r = await rig()
    const s = await r.addServer('ucloud')
    r.onEmit.push((e) => {
      if (e.event === 'enroll:step' && e.payload.step === 'saved-pending') {
        r.server.addFault({ kind: 'drop', route: 'ucloud.answer' })
        r.server.addFault({ kind: 'status', route: 'ucloud.status', status: 503 })
      }
    })
    await r.call('enroll:start', { serverId: s.id })
    const [p] = await r.value<{ account: { id: string } }[]>('enroll:pending')
    await r.value('enroll:discard', { accountId: p?.account.id })
    expect(r.store.list()).toEqual([])
    expect(r.emitted.at(-1)).toEqual({
      event: 'accounts:changed',
      payload: { reason: 'removed', ids: [p?.account.id] }
    })
    await r.value('servers:remove', { id: s.id })
  })
})

describe('audit handlers', () => {
  it('lists what happened and exports it as JSON through the save port', async () => {
    const r = await rig()
    const s = await r.addServer('ucloud')
    await r.value('enroll:start', { serverId: s.id })
    const again = await r.call('enroll:start', { serverId: s.id })
    expect(again.ok ? null : again.error.code).toBe('ALREADY_ENROLLED')
    const entries = await r.value<{ action: string; outcome: string }[]>('audit:list')
    expect(entries.map((e) => [e.action, e.outcome])).toEqual([
      ['enroll', 'ok'],
      ['enroll', 'ALREADY_ENROLLED']
    ])
    const exported = await r.value<{ saved: boolean; count: number }>('audit:export')
    expect(exported).toMatchObject({ saved: true, count: 2 })
    expect(JSON.parse(r.saved[0]?.content ?? 'null')).toEqual(entries)
    r.assertNothingSecretCrossed([r.server.user().ucloud.secret ?? ''])
  })
})
