/**
 * Mithril and Barycenter as server profiles, over a real vault on disk and the reference server:
 * the wrong-code ledger survives a new process (a new Vault and service over the same file), the
 * access token lands in the profile, the grant path is learned once and kept, the phone change
 * clears the token the server expired, and a hostile or broken server changes nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Vault } from '../../../src/main/core/vault'
import { VaultServerStore } from '../../../src/main/core/servers/store'
import { toServerView, type ServerProfile } from '../../../src/main/core/servers/model'
import {
  MITHRIL_ATTEMPTS_COLLECTION,
  VaultAttemptLedger
} from '../../../src/main/core/mithril/ledger'
import { MithrilService } from '../../../src/main/core/mithril/service'
import { enrollServiceForVault } from '../../../src/main/core/enroll/wire'
import { MemoryKeychain } from '../../helpers/memory-keychain'
import {
  MITHRIL_USER,
  startRefServer,
  type RefServer,
  type RefServerOptions
} from '../../../tools/ref-server/server'
import { FakeClock, rejectsWith, T0 } from '../enroll/helpers'

const FAST = { n: 2 ** 10, r: 8, p: 1 }

let dir: string
let server: RefServer | undefined
const open: Vault[] = []
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tessera-mithril-'))
  const v = new Vault({ dataDir: dir, keychain: new MemoryKeychain() })
  await v.create({ keychain: false, password: 'pw', scrypt: FAST })
  v.lock()
})
afterEach(async () => {
  for (const v of open.splice(0)) v.lock()
  await server?.close()
  server = undefined
  rmSync(dir, { recursive: true, force: true })
})

/** What a new process does: open the vault file and build the service over it. */
async function processOver(clock: FakeClock) {
  const vault = new Vault({ dataDir: dir, keychain: new MemoryKeychain() })
  await vault.unlockWithPassword('pw')
  open.push(vault)
  const servers = new VaultServerStore(vault, clock.now)
  const ledger = new VaultAttemptLedger(vault, clock.now)
  const service = new MithrilService({
    servers,
    ledger,
    now: clock.now,
    http: { timeoutMs: 5_000 }
  })
  return { vault, servers, ledger, service }
}

async function start(o: RefServerOptions = {}) {
  const clock = new FakeClock(T0 + 5_000)
  server = await startRefServer({ now: clock.now, ...o })
  const first = await processOver(clock)
  const profile = await first.servers.add({
    name: 'eHealth',
    type: 'mithril',
    baseUrl: server.url,
    token: '',
    mithril: { email: MITHRIL_USER.email, clientId: MITHRIL_USER.clientId }
  })
  return { clock, s: server, first, profile }
}

const code = (s: RefServer, phone: string = MITHRIL_USER.phone): string =>
  String(s.mithril.lastCode(phone)).padStart(6, '0')
const wrong = (s: RefServer, phone: string = MITHRIL_USER.phone): string =>
  String(s.mithril.wrongCode(phone)).padStart(6, '0')
const verifies = (s: RefServer) =>
  s.requests.filter((q) => q.rawBody.includes('authorize_2fa_access_token'))

describe('Mithril profiles over the vault', () => {
  it('a new profile has no token, the default scope, and no token in its view', async () => {
    const { profile } = await start()
    expect(profile).toMatchObject({
      type: 'mithril',
      token: '',
      mithril: {
        email: MITHRIL_USER.email,
        clientId: MITHRIL_USER.clientId,
        scope: 'app:authorize'
      }
    })
    const view = toServerView(profile)
    expect(view.hasToken).toBe(false)
    expect(view.mithril).toEqual({
      email: MITHRIL_USER.email,
      clientId: MITHRIL_USER.clientId,
      scope: 'app:authorize'
    })
  })

  it('wrong codes are counted in the vault: the next process starts from what is left, asks to confirm the last one, and a right code clears it and stores the token', async () => {
    const { clock, s, first, profile } = await start()
    await first.service.signIn(profile.id, MITHRIL_USER.password)
    const e1 = await rejectsWith(first.service.submit(profile.id, wrong(s)), 'WRONG_CODE')
    expect(e1.message).toContain('2 attempts left before your account is blocked')
    first.vault.lock()

    // A new process (a CLI run, or the app after a restart): the count is read from the vault.
    clock.t += 30_000
    const second = await processOver(clock)
    const v = await second.service.signIn(profile.id, MITHRIL_USER.password)
    expect(v).toMatchObject({ step: 'otp', attemptsLeft: 2, confirmBeforeSubmit: false })
    expect(v.attemptsMessage).toBe('2 attempts left before your account is blocked.')
    await rejectsWith(second.service.submit(profile.id, wrong(s)), 'WRONG_CODE')
    const before = verifies(s).length
    const refused = await rejectsWith(second.service.submit(profile.id, code(s)), 'INVALID_INPUT')
    expect(refused.details?.reason).toBe('confirm-last-attempt')
    expect(verifies(s)).toHaveLength(before) // nothing sent without the confirmation
    expect(second.service.state(profile.id)).toMatchObject({
      attemptsLeft: 1,
      confirmBeforeSubmit: true
    })

    const done = await second.service.submit(profile.id, code(s), { confirmLastAttempt: true })
    expect(done.step).toBe('done')
    expect(second.vault.readCollection(MITHRIL_ATTEMPTS_COLLECTION)).toEqual([])
    const stored = second.servers.get(profile.id)!
    expect(stored.token).not.toBe('')
    expect(s.mithril.tokens.get(stored.token)).toMatchObject({ kind: 'access', alive: true })
    expect(s.mithril.users.get(MITHRIL_USER.email)!.blocked).toBe(false)
    expect(JSON.stringify([v, done, second.service.state(profile.id)])).not.toContain(stored.token)
  })

  it('a malformed code is refused unsent and costs no attempt, in any process', async () => {
    const { clock, s, first, profile } = await start()
    await first.service.signIn(profile.id, MITHRIL_USER.password)
    for (const bad of ['12345', '1234567', '12a456', '']) {
      const e = await rejectsWith(first.service.submit(profile.id, bad), 'INVALID_INPUT')
      expect(e.details?.reason).toBe('malformed-code')
    }
    expect(verifies(s)).toHaveLength(0)
    first.vault.lock()
    const second = await processOver(clock)
    expect((await second.service.signIn(profile.id, MITHRIL_USER.password)).attemptsLeft).toBe(3)
  })

  it('an older server: the /oauth/tokens path is learned once and kept with the profile', async () => {
    const { clock, s, first, profile } = await start({ mithrilGeneration: 'old' })
    await first.service.signIn(profile.id, MITHRIL_USER.password)
    expect(first.servers.get(profile.id)!.mithril!.grantPath).toBe('/oauth/tokens')
    await first.service.submit(profile.id, code(s))
    first.vault.lock()
    const n = s.requests.length
    clock.t += 30_000
    const second = await processOver(clock)
    await second.service.signIn(profile.id, MITHRIL_USER.password)
    // No round trip to /auth/login first: the profile remembered.
    expect(s.requests.slice(n).map((q) => q.path)).toEqual(['/oauth/tokens'])
  })

  it('phone change with the stored token: the token the server expired is cleared, the code to the new phone brings a new one', async () => {
    const { clock, s, first, profile } = await start()
    await first.service.signIn(profile.id, MITHRIL_USER.password)
    await first.service.submit(profile.id, code(s))
    const oldToken = first.servers.get(profile.id)!.token
    clock.t += 30_000
    const newPhone = '+380671112233'
    const v = await first.service.setPhone(profile.id, newPhone)
    expect(v).toMatchObject({ step: 'otp', purpose: 'phone' })
    expect(first.servers.get(profile.id)!.token).toBe('')
    expect(s.mithril.tokens.get(oldToken)!.alive).toBe(false)
    const done = await first.service.submit(profile.id, code(s, newPhone))
    expect(done.step).toBe('done')
    const token = first.servers.get(profile.id)!.token
    expect(s.mithril.tokens.get(token)).toMatchObject({ alive: true })
    expect(s.mithril.users.get(MITHRIL_USER.email)!.phone).toBe(newPhone)
  })

  it('a phone number that is not +380 and 9 digits is refused unsent and the token is kept', async () => {
    const { clock, s, first, profile } = await start()
    await first.service.signIn(profile.id, MITHRIL_USER.password)
    await first.service.submit(profile.id, code(s))
    const token = first.servers.get(profile.id)!.token
    clock.t += 30_000
    const n = s.requests.length
    await rejectsWith(first.service.setPhone(profile.id, '+4915112345678'), 'INVALID_INPUT')
    expect(s.requests.length).toBe(n)
    expect(first.servers.get(profile.id)!.token).toBe(token)
  })

  it('a broken server (malformed reply, 503, dropped connection) to the password grant: a clear error, the profile and the ledger unchanged', async () => {
    const { s, first, profile } = await start()
    const before = first.servers.get(profile.id)
    const cases = [
      {
        fault: { kind: 'malformed' as const, route: 'mithril.login' as const },
        code: 'MALFORMED_RESPONSE'
      },
      {
        fault: { kind: 'status' as const, route: 'mithril.login' as const, status: 503 },
        code: 'SERVER_ERROR'
      },
      { fault: { kind: 'drop' as const, route: 'mithril.login' as const }, code: 'NETWORK' }
    ]
    for (const c of cases) {
      s.addFault(c.fault)
      const e = await rejectsWith(first.service.signIn(profile.id, MITHRIL_USER.password), c.code)
      expect(e.message.length).toBeGreaterThan(10)
      expect(first.service.state(profile.id)).toBeNull()
    }
    expect(first.servers.get(profile.id)).toEqual(before)
    expect(first.vault.readCollection(MITHRIL_ATTEMPTS_COLLECTION)).toEqual([])
  })

  it('an unreadable ledger stops the sign-in before anything is sent', async () => {
    const { s, first, profile } = await start()
    await first.vault.writeCollection(MITHRIL_ATTEMPTS_COLLECTION, [{ id: 'x', failures: 'two' }])
    await rejectsWith(first.service.signIn(profile.id, MITHRIL_USER.password), 'VAULT_CORRUPT')
    expect(s.requests).toHaveLength(0)
  })
})

describe('server profile types', () => {
  async function store() {
    const clock = new FakeClock(T0)
    const p = await processOver(clock)
    return p
  }

  it.each([
    [{ type: 'barycenter', token: 'abc' }, 'INVALID_INPUT', 'takes no access token'],
    [{ type: 'mithril', token: '' }, 'INVALID_INPUT', '--email, --client-id'],
    [
      { type: 'mithril', token: '', mithril: { email: 'nope', clientId: 'c' } },
      'INVALID_INPUT',
      'email'
    ],
    [{ type: 'ucloud', token: '' }, 'INVALID_INPUT', 'token'],
    [
      { type: 'ucloud', token: 't', mithril: { email: 'a@b.co', clientId: 'c' } },
      'INVALID_INPUT',
      'only for Mithril'
    ],
    [{ type: 'radius', token: 't' }, 'INVALID_INPUT', 'mithril, barycenter']
  ])('add %j is refused (%s) and nothing is stored', async (fields, code, words) => {
    const { servers } = await store()
    const input = { name: 'x', baseUrl: 'https://id.example.org', ...fields } as Parameters<
      typeof servers.add
    >[0]
    const e = await rejectsWith(servers.add(input), code)
    expect(e.message).toContain(words)
    expect(servers.list()).toEqual([])
  })

  it('a Barycenter profile has no token; a Mithril one cannot become UCloud; nothing changes on refusal', async () => {
    const { servers } = await store()
    const b = await servers.add({
      name: 'IdP',
      type: 'barycenter',
      baseUrl: 'http://127.0.0.1:8081',
      token: ''
    })
    expect(toServerView(b).hasToken).toBe(false)
    const m = await servers.add({
      name: 'eHealth',
      type: 'mithril',
      baseUrl: 'https://auth.example.org',
      token: '',
      mithril: { email: 'a@example.org', clientId: 'c1', scope: '  app:authorize   user:read ' }
    })
    expect(m.mithril!.scope).toBe('app:authorize user:read')
    const before: ServerProfile[] = servers.list()
    await rejectsWith(servers.update(m.id, { type: 'ucloud' }), 'INVALID_INPUT')
    await rejectsWith(servers.update(b.id, { token: 'abc' }), 'INVALID_INPUT')
    await rejectsWith(servers.update(b.id, { mithril: { email: 'a@b.co' } }), 'INVALID_INPUT')
    expect(servers.list()).toEqual(before)
  })

  it('a Mithril profile whose email changes forgets the token of the other account', async () => {
    const { servers } = await store()
    const m = await servers.add({
      name: 'eHealth',
      type: 'mithril',
      baseUrl: 'https://auth.example.org',
      token: 'tok-of-alice',
      mithril: { email: 'alice@example.org', clientId: 'c1' }
    })
    const same = await servers.update(m.id, { mithril: { email: 'Alice@Example.org' } })
    expect(same.token).toBe('tok-of-alice')
    const other = await servers.update(m.id, { mithril: { email: 'bob@example.org' } })
    expect(other.token).toBe('')
    expect(other.mithril!.email).toBe('bob@example.org')
  })

  it('enrollment, status and disable refuse Mithril and Barycenter profiles with UNSUPPORTED and say where to go', async () => {
    const { vault } = await store()
    const { service, servers } = enrollServiceForVault(vault, dir)
    const m = await servers.add({
      name: 'eHealth',
      type: 'mithril',
      baseUrl: 'https://auth.example.org',
      token: '',
      mithril: { email: 'a@example.org', clientId: 'c1' }
    })
    const b = await servers.add({
      name: 'IdP',
      type: 'barycenter',
      baseUrl: 'http://127.0.0.1:1',
      token: ''
    })
    expect((await rejectsWith(service.status(m.id), 'UNSUPPORTED')).message).toContain('Sign in')
    expect((await rejectsWith(service.enroll(b.id), 'UNSUPPORTED')).message).toContain('passkeys')
    expect(vault.list()).toEqual([])
  })
})
