/**
 * The renderer's servers and enroll stores over the real contract API (`createTesseraApi`) and
 * the real handler table, against the reference 2FA server: what the Servers screen shows comes
 * from these stores, so a step lost or a wrong phase here is what a user would see.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { composeForTest } from '../../helpers/compose'
import type { ErrorShape } from '../../../src/shared/errors'
import { createTesseraApi } from '../../../src/shared/ipc'
import type {
  EnrollOutcome,
  EnrollStepEvent,
  PendingEnrollment
} from '../../../src/shared/ipc/enroll'
import type { AuditEntryView, ServerProfileView } from '../../../src/shared/ipc/servers'
import { startRefServer, type RefServer } from '../../../tools/ref-server/server'

const T0 = 1_800_000_000_000 + 10_000

/*
 * The stores are renderer code, which the node project that type-checks tests does not include;
 * they are loaded at run time and typed here by the parts the tests use.
 */
interface Store<S> {
  getState(): S
}
interface ServersState {
  servers: ServerProfileView[]
  statusById: Record<string, { kind: string; status?: { enrolled: boolean } }>
  pending: PendingEnrollment[]
  audit: AuditEntryView[]
  add(input: {
    name: string
    type: 'ucloud'
    baseUrl: string
    token: string
  }): Promise<ErrorShape | null>
  discard(accountId: string): Promise<ErrorShape | null>
  reset(): void
}
interface EnrollState {
  run: {
    phase: string
    steps: EnrollStepEvent[]
    result?: EnrollOutcome
    error?: ErrorShape
  } | null
  listen(): () => void
  start(serverId: string, serverName: string): Promise<void>
  reset(): void
}
const storesDir = new URL('../../../src/renderer/src/stores/', import.meta.url).href
const { useServersStore } = (await import(/* @vite-ignore */ `${storesDir}servers.ts`)) as {
  useServersStore: Store<ServersState>
}
const { useEnrollStore } = (await import(/* @vite-ignore */ `${storesDir}enroll.ts`)) as {
  useEnrollStore: Store<EnrollState>
}
let ref: RefServer
let dir: string

beforeEach(async () => {
  const now = () => T0
  ref = await startRefServer({ now })
  dir = mkdtempSync(join(tmpdir(), 'tessera-stores-'))
  const listeners = new Map<string, Set<(p: unknown) => void>>()
  const { dispatch } = composeForTest({
    clock: now,
    dataDir: dir,
    ports: { emit: (event, payload) => listeners.get(event)?.forEach((l) => l(payload)) },
    services: { enrollment: { now, sleep: async () => {} } }
  })
  const tessera = createTesseraApi({
    invoke: (channel, input) => dispatch(channel, input, { transport: 'direct' }),
    subscribe: (event, listener) => {
      const set = listeners.get(event) ?? new Set()
      listeners.set(event, set)
      set.add(listener)
      return () => set.delete(listener)
    }
  })
  ;(globalThis as unknown as { window: { tessera: typeof tessera } }).window = { tessera }
  useServersStore.getState().reset()
  useEnrollStore.getState().reset()
})

afterEach(async () => {
  await ref.close()
  rmSync(dir, { recursive: true, force: true })
  delete (globalThis as { window?: unknown }).window
})

const form = (over: Partial<{ name: string; baseUrl: string; token: string }> = {}) => ({
  name: 'Campus',
  type: 'ucloud' as const,
  baseUrl: ref.url,
  token: ref.token,
  ...over
})

describe('servers store', () => {
  it('adds a server, reads its status, and returns the core’s validation errors', async () => {
    const s = useServersStore.getState()
    expect(await s.add(form({ baseUrl: 'http://cloud.example.org' }))).toMatchObject({
      code: 'INSECURE_URL'
    })
    expect(await s.add(form())).toBeNull()
    expect(await s.add(form({ name: 'campus' }))).toMatchObject({ code: 'DUPLICATE' })
    const { servers, statusById } = useServersStore.getState()
    expect(servers.map((x) => x.name)).toEqual(['Campus'])
    expect(JSON.stringify(servers)).not.toContain(ref.token)
    expect(statusById[servers[0]?.id ?? '']).toMatchObject({
      kind: 'ok',
      status: { enrolled: false }
    })
  })
})

describe('enroll store', () => {
  it('collects the steps as they arrive and ends done with the account', async () => {
    await useServersStore.getState().add(form())
    const server = useServersStore.getState().servers[0]
    const stop = useEnrollStore.getState().listen()
    await useEnrollStore.getState().start(server?.id ?? '', 'Campus')
    stop()
    const run = useEnrollStore.getState().run
    expect(run?.phase).toBe('done')
    expect(run?.steps.map((e) => e.step)).toEqual([
      'status',
      'create',
      'saved-pending',
      'answering',
      'confirming',
      'done'
    ])
    expect(run?.result?.account.status).toBe('active')
    expect(useServersStore.getState().statusById[server?.id ?? '']).toMatchObject({
      status: { enrolled: true }
    })
    expect(useServersStore.getState().audit.map((e) => e.outcome)).toEqual(['ok'])
  })

  it('ends failed with the server’s error, and a pending account shows in the list', async () => {
    await useServersStore.getState().add(form())
    const id = useServersStore.getState().servers[0]?.id ?? ''
    ref.addFault({ kind: 'drop', route: 'ucloud.answer' })
    useEnrollStore.getState().listen()
    await useEnrollStore.getState().start(id, 'Campus')
    const run = useEnrollStore.getState().run
    expect(run?.phase).toBe('failed')
    expect(run?.error?.code).toBe('AMBIGUOUS')
    expect(run?.steps.at(-1)?.step).toBe('failed')
    const pending = useServersStore.getState().pending
    expect(pending).toHaveLength(1)
    expect(await useServersStore.getState().discard(pending[0]?.account.id ?? '')).toBeNull()
    expect(useServersStore.getState().pending).toEqual([])
  })
})
