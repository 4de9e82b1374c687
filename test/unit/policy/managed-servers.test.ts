/**
 * The preset-server rules in core (managedServerProfiles), which the app's handlers and
 * `tessera server` both go through: presets listed and marked managed, their name, type and
 * address fixed, never removed, the token the user's; AllowUserAddedServers=false refuses the
 * user's own servers. Each refusal leaves the stored profiles as they were.
 */
import { describe, expect, it } from 'vitest'
import { AppError } from '../../../src/shared/errors'
import { managedServerProfiles } from '../../../src/main/core/servers/managed'
import { MemoryServerStore } from '../../helpers/memory-server-store'
import { policySnapshot } from '../../helpers/policies'

const CAMPUS = { name: 'Campus', type: 'ucloud', url: 'https://2fa.example.edu' }
const LAB = { name: 'Lab', type: 'vantage', url: 'https://lab.example.edu/api' }

function rig(raw: Record<string, unknown>) {
  const store = new MemoryServerStore(() => 1000)
  let snapshot = policySnapshot(raw)
  const profiles = managedServerProfiles(store, () => snapshot)
  return {
    store,
    profiles,
    setPolicy: (next: Record<string, unknown>) => (snapshot = policySnapshot(next))
  }
}

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p
    return 'ok'
  } catch (e) {
    return e instanceof AppError ? e.code : 'thrown'
  }
}

async function message(p: Promise<unknown>): Promise<string> {
  try {
    await p
    return ''
  } catch (e) {
    return e instanceof Error ? e.message : String(e)
  }
}

describe('managed server profiles', () => {
  it('lists every preset marked managed, with the stored ones, by name', async () => {
    const { store, profiles } = rig({ EnrollmentServers: [CAMPUS, LAB] })
    await store.add({ name: 'Mine', type: 'ucloud', baseUrl: 'https://mine.example', token: 't' })
    const rows = profiles.list()
    expect(rows.map((r) => [r.name, r.managed === true, r.hasToken])).toEqual([
      ['Campus', true, false],
      ['Lab', true, false],
      ['Mine', false, true]
    ])
    expect(rows[0]!.id).toBe('managed:0')
    expect(rows[1]!.id).toBe('managed:1')
  })

  it("a stored profile at a preset's type and address is the preset, whatever its name", async () => {
    const { store, profiles } = rig({ EnrollmentServers: [CAMPUS] })
    await store.add({ name: 'Old name', type: 'ucloud', baseUrl: `${CAMPUS.url}/`, token: 'tok' })
    const rows = profiles.list()
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ name: 'Old name', managed: true, hasToken: true })
  })

  it("storing the user's token for a preset creates its profile, still managed", async () => {
    const { store, profiles } = rig({ EnrollmentServers: [CAMPUS], AllowUserAddedServers: false })
    expect(await message(profiles.update('managed:0', {}))).toBe(
      'Enter your access token for "Campus".'
    )
    expect(store.list()).toEqual([])
    const saved = await profiles.update('managed:0', { name: 'Campus', token: 'user-token' })
    expect(saved).toMatchObject({ name: 'Campus', baseUrl: CAMPUS.url, managed: true })
    expect(store.list().map((p) => [p.name, p.token])).toEqual([['Campus', 'user-token']])
    // Replacing the token later works through the stored id and through the preset's id.
    await profiles.update(saved.id, { token: 'second' })
    await profiles.update('managed:0', { token: 'third' })
    expect(store.list().map((p) => p.token)).toEqual(['third'])
    expect(profiles.list().map((r) => r.id)).toEqual([saved.id])
  })

  it("refuses changing a preset's name, type or address, and removing it", async () => {
    const { store, profiles } = rig({
      EnrollmentServers: [CAMPUS],
      AdminContactName: 'IT Service Desk'
    })
    const saved = await profiles.update('managed:0', { token: 'tok' })
    const before = store.list()
    for (const id of ['managed:0', saved.id]) {
      expect(await code(profiles.update(id, { name: 'Mine' }))).toBe('POLICY_FORBIDDEN')
      expect(await code(profiles.update(id, { type: 'vantage' }))).toBe('POLICY_FORBIDDEN')
      expect(await code(profiles.update(id, { baseUrl: 'https://evil.example' }))).toBe(
        'POLICY_FORBIDDEN'
      )
      const removed = await message(profiles.remove(id))
      expect(removed).toContain('"Campus" was set up by your organization and cannot be removed')
      expect(removed).toContain('policy EnrollmentServers')
      expect(removed).toContain('Ask IT Service Desk')
    }
    expect(store.list()).toEqual(before)
    // Sending the preset's own values back (an edit form) is no change.
    await profiles.update(saved.id, { name: 'Campus', type: 'ucloud', baseUrl: `${CAMPUS.url}/` })
  })

  it('a preset row whose policy went away is not found', async () => {
    const { profiles, setPolicy } = rig({ EnrollmentServers: [CAMPUS] })
    setPolicy({})
    expect(await code(profiles.update('managed:0', { token: 'x' }))).toBe('NOT_FOUND')
    expect(await code(profiles.remove('managed:0'))).toBe('NOT_FOUND')
    expect(await code(profiles.update('managed:zz', { token: 'x' }))).toBe('NOT_FOUND')
  })

  it("AllowUserAddedServers=false refuses adding and editing the user's own servers", async () => {
    const { store, profiles, setPolicy } = rig({})
    const mine = await profiles.add({
      name: 'Mine',
      type: 'ucloud',
      baseUrl: 'https://mine.example',
      token: 't'
    })
    setPolicy({ AllowUserAddedServers: false, EnrollmentServers: [CAMPUS] })
    const add = profiles.add({
      name: 'Other',
      type: 'ucloud',
      baseUrl: 'https://other.example',
      token: 't'
    })
    expect(await message(add)).toContain('Your organization allows only the servers it set up')
    expect(await code(profiles.update(mine.id, { token: 'new' }))).toBe('POLICY_FORBIDDEN')
    expect(store.list().map((p) => [p.name, p.token])).toEqual([['Mine', 't']])
    // Removing one's own server is still allowed: it loosens nothing.
    await profiles.remove(mine.id)
    expect(profiles.list().map((r) => r.name)).toEqual(['Campus'])
  })

  it('remove runs the caller check first and keeps the profile when it refuses', async () => {
    const { store, profiles } = rig({})
    const mine = await profiles.add({
      name: 'Mine',
      type: 'ucloud',
      baseUrl: 'https://mine.example',
      token: 't'
    })
    const refused = profiles.remove(mine.id, () => {
      throw new AppError('INVALID_INPUT', 'pending')
    })
    expect(await code(refused)).toBe('INVALID_INPUT')
    expect(store.list()).toHaveLength(1)
    expect(await code(profiles.remove('nope'))).toBe('NOT_FOUND')
  })

  it('findByName prefers a stored profile over a preset of the same name', async () => {
    const { store, profiles } = rig({ EnrollmentServers: [CAMPUS] })
    expect(profiles.findByName('campus')?.id).toBe('managed:0')
    await store.add({ name: 'Campus', type: 'vantage', baseUrl: 'https://x.example', token: 't' })
    expect(profiles.findByName('CAMPUS')).toMatchObject({ type: 'vantage' })
    expect(profiles.findByName('nobody')).toBeUndefined()
  })
})
