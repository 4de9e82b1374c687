/**
 * The policy service over fake sources: one refresh at a time, listeners told only when
 * something changed, a source that fails while running keeps its last good values (and a
 * removed one lifts them), focus re-reads are throttled, and DataDirectory applies at start only.
 */
import { describe, expect, it } from 'vitest'
import type { PolicyReading } from '../../../src/main/core/policy/merge'
import { PolicyService, type PolicySourcePort } from '../../../src/main/core/policy/service'

const paths = { platform: 'linux' as const, home: '/home/ada', env: {} }

function scripted(): {
  port: PolicySourcePort
  next: (r: Partial<PolicyReading>) => void
  reads: () => number
} {
  let current: PolicyReading = {
    source: 'file',
    location: '/p',
    status: 'absent',
    values: [],
    warnings: []
  }
  let count = 0
  return {
    port: {
      id: 'file:/p',
      intervalMs: 1_000_000,
      read: async () => {
        count++
        return [current]
      }
    },
    next: (r) => {
      current = { ...current, ...r }
    },
    reads: () => count
  }
}

const values = (o: Record<string, unknown>) =>
  Object.entries(o).map(([key, value]) => ({ key, value }))

describe('PolicyService', () => {
  it('tells listeners only when the snapshot changed', async () => {
    const src = scripted()
    const service = new PolicyService({ sources: [src.port], paths })
    await service.load()
    const seen: string[] = []
    service.onChange((s) => seen.push(s.values.ExportMode))
    await service.refresh()
    expect(seen).toEqual([])
    src.next({ status: 'read', values: values({ ExportMode: 'disabled' }) })
    await service.refresh()
    await service.refresh()
    expect(seen).toEqual(['disabled'])
  })

  it('keeps the last good values when a source fails, lifts them when it is removed', async () => {
    const src = scripted()
    src.next({ status: 'read', values: values({ ExportMode: 'disabled' }) })
    const service = new PolicyService({ sources: [src.port], paths })
    await service.load()
    src.next({
      status: 'failed',
      values: [],
      warnings: [{ code: 'file-unusable', source: 'file', message: 'could not read it (EIO)' }]
    })
    await service.refresh()
    expect(service.values.ExportMode).toBe('disabled')
    expect(service.snapshot.entries[0]).toMatchObject({ name: 'ExportMode', source: 'file' })
    expect(service.snapshot.warnings.map((w) => w.message)).toEqual([
      'could not read it (EIO)',
      '/p: the policies read from it before stay in force until it can be used again.'
    ])
    src.next({ status: 'absent', values: [], warnings: [] })
    await service.refresh()
    expect(service.values.ExportMode).toBe('allowed')
    // Broken again with nothing good left to keep: nothing applies.
    src.next({
      status: 'failed',
      warnings: [{ code: 'file-unusable', source: 'file', message: 'x' }]
    })
    await service.refresh()
    expect(service.values.ExportMode).toBe('allowed')
  })

  it('throttles focus re-reads', async () => {
    const src = scripted()
    let now = 1_000_000
    const service = new PolicyService({
      sources: [src.port],
      paths,
      now: () => now,
      focusThrottleMs: 10_000
    })
    await service.load()
    service.noteFocus()
    service.noteFocus()
    await service.refresh([])
    expect(src.reads()).toBe(2)
    now += 10_001
    service.noteFocus()
    await service.refresh([])
    expect(src.reads()).toBe(3)
  })

  it('DataDirectory keeps its value from the start and says a restart is needed', async () => {
    const src = scripted()
    src.next({ status: 'read', values: values({ DataDirectory: '/srv/a' }) })
    const service = new PolicyService({ sources: [src.port], paths })
    await service.load()
    expect(service.values.DataDirectory).toBe('/srv/a')
    expect(service.snapshot.warnings).toEqual([])
    src.next({ values: values({ DataDirectory: '/srv/b' }) })
    await service.refresh()
    expect(service.values.DataDirectory).toBe('/srv/a')
    expect(service.snapshot.warnings[0]).toMatchObject({
      code: 'restart-needed',
      policy: 'DataDirectory'
    })
  })
})
