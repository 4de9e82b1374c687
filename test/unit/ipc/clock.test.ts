/** The clock channels over the real composition: consent, the address check, the correction. */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { CodeView } from '../../../src/shared/model'
import type { ClockCheckView } from '../../../src/shared/ipc/clock'
import { composeForTest } from '../../helpers/compose'
import { totp } from '../../e2e/harness/independent-otp'
import { FIXED_NOW, SECRET, TOTP_URI, ctx } from './fixtures'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

function setup(answer: (url: string) => string | null) {
  const dataDir = mkdtempSync(join(tmpdir(), 'tessera-clock-'))
  dirs.push(dataDir)
  const asked: string[] = []
  const main = composeForTest({
    clock: () => FIXED_NOW,
    dataDir,
    services: {
      clockFetch: async (url) => {
        asked.push(url)
        const date = answer(url)
        return new Response(null, { headers: date === null ? {} : { date } })
      }
    }
  })
  return { main, asked }
}

describe('clock:* channels', () => {
  it('asks nothing until Check, then measures, and corrects codes only when told to', async () => {
    const { main, asked } = setup(() => new Date(FIXED_NOW - 47_000).toUTCString())
    await main.dispatch('accounts:addFromUri', { uri: TOTP_URI }, ctx)
    const bad = await main.dispatch('clock:update', { timeUrl: 'http://time.example.org' }, ctx)
    expect(bad.ok || bad.error.code).toBe('INVALID_INPUT')
    const none = await main.dispatch('clock:check', undefined, ctx)
    expect(none.ok || none.error.message).toMatch(/nothing to ask/)
    await main.dispatch(
      'clock:update',
      { timeUrl: 'https://time.example.org', useTimeUrl: true },
      ctx
    )
    expect(asked).toEqual([])

    const check = await main.dispatch('clock:check', undefined, ctx)
    expect(check.ok && check.value).toMatchObject({
      ok: true,
      message: 'Your clock is 47 s fast.',
      status: { correct: false, correctionMs: 0 }
    })
    expect(asked).toEqual(['https://time.example.org/'])
    const plain = (await main.dispatch('codes:list', undefined, ctx)) as {
      ok: true
      value: CodeView[]
    }
    expect(plain.value[0]!.code).toBe(totp(SECRET, FIXED_NOW))

    await main.dispatch('clock:update', { correct: true }, ctx)
    const fixed = (await main.dispatch('codes:list', undefined, ctx)) as {
      ok: true
      value: CodeView[]
    }
    const offset = -46_500
    expect(fixed.value[0]!.code).toBe(totp(SECRET, FIXED_NOW + offset))
    // validUntil stays on this computer's clock: the true period end minus the offset.
    const trueEnd = (Math.floor((FIXED_NOW + offset) / 30_000) + 1) * 30_000
    expect(fixed.value[0]!.validUntil).toBe(trueEnd - offset)
  })

  it('a garbage Date is left out with its reason, and the last measurement stays', async () => {
    const { main } = setup(() => 'not a date')
    await main.dispatch('clock:update', { timeUrl: 'https://t.example', useTimeUrl: true }, ctx)
    const r = await main.dispatch('clock:check', undefined, ctx)
    expect(r.ok).toBe(true)
    const view = (r as { ok: true; value: ClockCheckView }).value
    expect(view.ok).toBe(false)
    expect(view.samples[0]!.reason).toMatch(/not a valid HTTP date/)
    expect(main.services.device.get().clock.last).toBeNull()
  })
})
