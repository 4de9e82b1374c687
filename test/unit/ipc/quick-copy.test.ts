/** The Quick copy channels over the real composition: ranking, codes for shown rows, copy, hide. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { QuickCopyList } from '../../../src/shared/ipc/quick-copy'
import { QUICK_COPY_ROWS } from '../../../src/shared/quick-copy'
import { composeForTest } from '../../helpers/compose'
import { totp } from '../../e2e/harness/independent-otp'
import { FIXED_NOW, SECRET, ctx, secretEncodings } from './fixtures'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

function setup() {
  const dataDir = mkdtempSync(join(tmpdir(), 'tessera-qc-'))
  dirs.push(dataDir)
  const main = composeForTest({ clock: () => FIXED_NOW, dataDir })
  return { main, dataDir }
}

const totpAccount = (issuer: string, favorite = false) => ({
  issuer,
  label: 'me',
  favorite,
  otp: {
    type: 'totp' as const,
    secret: SECRET,
    algorithm: 'SHA1' as const,
    digits: 6,
    period: 30,
    counter: 0
  }
})

async function list(main: ReturnType<typeof setup>['main'], query: string): Promise<QuickCopyList> {
  const r = await main.dispatch('quickCopy:list', { query }, ctx)
  if (!r.ok) throw new Error(r.error.message)
  return r.value as QuickCopyList
}

describe('quickCopy:* channels', () => {
  it('ranks favourites, then recent copies, then the rest; codes only for the rows shown', async () => {
    const { main, dataDir } = setup()
    const added = await main.vault.addMany([
      ...Array.from({ length: 10 }, (_, i) => totpAccount(`Service ${i}`)),
      totpAccount('Zeta', true)
    ])
    const recentId = added[5]!.id
    const copied = await main.dispatch('codes:copy', { id: recentId }, ctx)
    expect(copied.ok).toBe(true)
    // The recent list is this computer's (device.json), never the vault's.
    await expect
      .poll(() => JSON.parse(readFileSync(join(dataDir, 'device.json'), 'utf8')).recent, {
        timeout: 10_000
      })
      .toEqual([recentId])

    const all = await list(main, '')
    expect(all.total).toBe(11)
    expect(all.rows).toHaveLength(QUICK_COPY_ROWS)
    expect(all.more).toBe(11 - QUICK_COPY_ROWS)
    expect(all.rows.map((r) => r.issuer).slice(0, 3)).toEqual(['Zeta', 'Service 5', 'Service 0'])
    expect(all.rows[0]).toMatchObject({ favorite: true, recent: false })
    expect(all.rows[1]).toMatchObject({ favorite: false, recent: true })
    for (const row of all.rows) expect(row.code.code).toBe(totp(SECRET, FIXED_NOW))
    const text = JSON.stringify(all)
    for (const s of secretEncodings(SECRET)) expect(text).not.toContain(s)

    const narrowed = await list(main, 'service 1')
    expect(narrowed.rows.map((r) => r.issuer)).toEqual(['Service 1'])
    expect(narrowed.more).toBe(0)
    expect((await list(main, 'nothing like it')).rows).toEqual([])
  })

  it('copies through the clipboard port, remembers the copy, and hides on request', async () => {
    const { main } = setup()
    const [a] = await main.vault.addMany([totpAccount('Alpha')])
    const r = await main.dispatch('quickCopy:copy', { id: a!.id }, ctx)
    expect(r).toEqual({ ok: true, value: { clearsInSeconds: 30 } })
    expect(main.recorded.copied).toEqual([totp(SECRET, FIXED_NOW)])
    expect(await main.dispatch('quickCopy:hide', undefined, ctx)).toEqual({ ok: true, value: null })
    expect(main.recorded.quickCopyWindow).toEqual(['hide'])
    await expect.poll(() => main.services.device.get().recent, { timeout: 10_000 }).toEqual([a!.id])
  })

  it('refuses bad input and answers VAULT_LOCKED while locked, but still hides', async () => {
    const { main } = setup()
    await main.vault.addMany([totpAccount('Alpha')])
    const long = await main.dispatch('quickCopy:list', { query: 'x'.repeat(201) }, ctx)
    expect(long.ok || long.error.code).toBe('INVALID_INPUT')
    const extra = await main.dispatch('quickCopy:list', { query: '', all: true }, ctx)
    expect(extra.ok || extra.error.code).toBe('INVALID_INPUT')

    main.vault.lock('idle')
    const locked = await main.dispatch('quickCopy:list', { query: '' }, ctx)
    expect(locked.ok || locked.error.code).toBe('VAULT_LOCKED')
    const copy = await main.dispatch('quickCopy:copy', { id: 'x' }, ctx)
    expect(copy.ok || copy.error.code).toBe('VAULT_LOCKED')
    expect(main.recorded.copied).toEqual([])
    expect((await main.dispatch('quickCopy:hide', undefined, ctx)).ok).toBe(true)
    expect((await main.dispatch('quickCopy:openMain', undefined, ctx)).ok).toBe(true)
    expect(main.recorded.quickCopyWindow).toEqual(['hide', 'openMain'])
  })
})
