import { expect } from 'vitest'
import { generateSync } from 'otplib'
import { MemoryAccountStore } from '../../helpers/memory-account-store'
import { AuditLog } from '../../../src/main/core/audit/log'
import {
  EnrollService,
  type EnrollEvent,
  type EnrollServiceDeps
} from '../../../src/main/core/enroll/service'
import { generateCode } from '../../../src/main/core/otp'
import { parseOtpauthUri } from '../../../src/main/core/otpauth'
import { MemoryServerStore } from '../../helpers/memory-server-store'
import type { CodeFormat, ServerProfile, ServerType } from '../../../src/main/core/servers/model'
import {
  startRefServer,
  type RefServer,
  type RefServerOptions
} from '../../../tools/ref-server/server'

/** 2027-01-15T08:00:00Z, a step boundary for 30 s periods. */
export const T0 = 1_800_000_000_000

/** A clock shared by the client and the reference server; sleeping advances it. */
export class FakeClock {
  t: number
  sleeps: number[] = []
  constructor(start: number) {
    this.t = start
  }
  now = (): number => this.t
  sleep = async (ms: number): Promise<void> => {
    this.sleeps.push(ms)
    this.t += ms
  }
}

export interface Rig {
  server: RefServer
  clock: FakeClock
  accounts: MemoryAccountStore
  servers: MemoryServerStore
  profile: ServerProfile
  service: EnrollService
  events: EnrollEvent[]
  audit?: AuditLog
}

export async function rig(
  type: ServerType,
  o: {
    start?: number
    server?: RefServerOptions
    deps?: Partial<EnrollServiceDeps>
    auditDir?: string
    /**
     * The UCloud code form the profile has learned. Default: `number` against the older (Kotlin)
     * generation (a profile that has enrolled there before, so one-shot faults hit the one real
     * answer), none against the Go one; `null` for a fresh profile that has learned nothing.
     */
    codeFormat?: CodeFormat | null
  } = {}
): Promise<Rig> {
  const clock = new FakeClock(o.start ?? T0 + 10_000)
  const server = await startRefServer({ now: clock.now, ...o.server })
  const accounts = new MemoryAccountStore(clock.now)
  const servers = new MemoryServerStore(clock.now)
  let profile = await servers.add({
    name: `ref-${type}`,
    type,
    baseUrl: server.url,
    token: server.token
  })
  const codeFormat =
    o.codeFormat === undefined
      ? type === 'ucloud' && server.ucloudGeneration === 'kotlin'
        ? 'number'
        : undefined
      : (o.codeFormat ?? undefined)
  if (codeFormat) profile = await servers.update(profile.id, { codeFormat })
  const audit = o.auditDir ? new AuditLog(o.auditDir, clock.now) : undefined
  const service = new EnrollService({
    servers,
    accounts,
    generateCode,
    parseUri: parseOtpauthUri,
    now: clock.now,
    sleep: clock.sleep,
    timeoutMs: 5_000,
    ...(audit ? { audit } : {}),
    ...o.deps
  })
  return {
    server,
    clock,
    accounts,
    servers,
    profile,
    service,
    events: [],
    ...(audit ? { audit } : {})
  }
}

/** The server's active TOTP secret for the rig's user, or undefined when 2FA is off. */
export function serverActiveSecret(r: Rig): string | undefined {
  const u = r.server.user()
  if (r.profile.type === 'ucloud') return u.ucloud.connected ? u.ucloud.secret : undefined
  return u.vantage.enabled && u.vantage.method === 'totp' ? u.vantage.secret : undefined
}

/**
 * The invariant after every scenario: a factor active on the server has its secret in the store
 * (active or still pending); with `definiteFailure`, nothing pending is left behind.
 */
export function expectAgreement(r: Rig, opts: { definiteFailure?: boolean } = {}): void {
  const secret = serverActiveSecret(r)
  const linked = r.accounts.list().filter((a) => a.enrollment?.serverId === r.profile.id)
  if (secret !== undefined) {
    expect(
      linked.some((a) => a.otp.secret === secret && a.status !== 'archived'),
      'the server has an active factor whose secret is not in the store'
    ).toBe(true)
  }
  const active = linked.filter((a) => a.status === 'active')
  for (const a of active)
    expect(a.otp.secret, 'an active account the server does not know').toBe(secret)
  if (opts.definiteFailure) {
    expect(
      linked.filter((a) => a.status === 'pending'),
      'orphan pending secret'
    ).toEqual([])
    expect(secret).toBeUndefined()
  }
}

/** A secret and a time (mid-step) whose 6-digit code starts with 0. */
export function secretWithLeadingZeroCode(secret: string): { at: number; code: string } {
  for (let step = T0 / 30_000; ; step++) {
    const at = step * 30_000 + 10_000
    const code = generateSync({ secret, epoch: Math.floor(at / 1000) })
    if (code.startsWith('0')) return { at, code }
  }
}

export function steps(events: EnrollEvent[]): string[] {
  return events.map((e) => (e.code ? `${e.step}:${e.code}` : e.step))
}

/** Expects a promise to reject with an AppError of `code`; returns it. */
export async function rejectsWith(
  p: Promise<unknown>,
  code: string
): Promise<Error & { code: string; details?: Record<string, unknown> }> {
  try {
    await p
  } catch (err) {
    expect((err as { code?: unknown }).code, (err as Error).message).toBe(code)
    return err as Error & { code: string; details?: Record<string, unknown> }
  }
  throw new Error(`expected a rejection with ${code}, but it resolved`)
}
