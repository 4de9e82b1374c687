/**
 * Preset servers (EnrollmentServers) in the servers handlers: listed and marked managed, never
 * edited or removed, the token still the user's; AllowUserAddedServers=false refuses user servers.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { fixedPolicies } from '../../../src/main/core/policy'
import type { CallContext } from '../../../src/main/handlers'
import type { Result } from '../../../src/shared/errors'
import type { ServerProfileView } from '../../../src/shared/ipc/servers'
import { composeForTest } from '../../helpers/compose'
import { policySnapshot } from '../../helpers/policies'

const ctx: CallContext = { transport: 'direct' }
const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

function rig(policy: Record<string, unknown>) {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-managed-servers-'))
  dirs.push(dir)
  const { dispatch } = composeForTest({
    dataDir: dir,
    services: { policies: fixedPolicies(policySnapshot(policy)) }
  })
  return async <T = unknown>(channel: string, input?: unknown): Promise<Result<T>> =>
    (await dispatch(channel, input, ctx)) as Result<T>
}

const PRESET = { name: 'Campus', type: 'ucloud', url: 'https://2fa.example.edu' }

describe('managed servers', () => {
  it('lists a preset marked managed and refuses to edit or remove it', async () => {
    const call = rig({ EnrollmentServers: [PRESET], AllowUserAddedServers: false })
    const list = await call<ServerProfileView[]>('servers:list')
    expect(list.ok).toBe(true)
    if (!list.ok) return
    const campus = list.value.find((s) => s.name === 'Campus')
    expect(campus).toMatchObject({ managed: true, hasToken: false, baseUrl: PRESET.url })
    const id = campus?.id ?? ''
    const rename = await call('servers:update', { id, name: 'Mine' })
    expect(rename.ok ? null : rename.error.code).toBe('POLICY_FORBIDDEN')
    const removed = await call('servers:remove', { id })
    expect(removed.ok ? null : removed.error.code).toBe('POLICY_FORBIDDEN')
    if (!removed.ok) expect(removed.error.message).toContain('cannot be removed')
    const added = await call('servers:add', {
      name: 'Other',
      type: 'ucloud',
      baseUrl: 'https://other.example',
      token: 'tok'
    })
    expect(added.ok ? null : added.error.code).toBe('POLICY_FORBIDDEN')
    const after = await call<ServerProfileView[]>('servers:list')
    expect(after.ok && after.value.map((s) => s.name)).toEqual(['Campus'])
  })
})
