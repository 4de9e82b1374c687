/**
 * Decoding off main's thread: the same pixels and errors as in-process, main's timers keep
 * firing while a slow image decodes (auto-lock and clipboard clearing depend on them), and a
 * decode that outlasts its limit is stopped.
 */
import { PNG } from 'pngjs'
import { describe, expect, it } from 'vitest'
import { decodeImage } from '../../../src/main/core/image'
import { createOffThreadImageDecoder } from '../../../src/main/core/image/off-thread'
import { AppError } from '../../../src/shared/errors'
import { pngInflateBomb, progressiveJpeg } from '../../helpers/hostile-images'

/** The longest gap between ticks of a 10 ms interval while `work` runs. */
async function longestTimerGap(work: () => Promise<unknown>): Promise<{ gap: number; ms: number }> {
  let last = performance.now()
  let gap = 0
  const timer = setInterval(() => {
    const now = performance.now()
    gap = Math.max(gap, now - last)
    last = now
  }, 10)
  const started = performance.now()
  try {
    await work()
  } finally {
    clearInterval(timer)
  }
  const end = performance.now()
  return { gap: Math.max(gap, end - last), ms: end - started }
}

// A legitimate but slow picture: 2400 x 2400 progressive, a few refinement scans.
const slow = progressiveJpeg({ width: 2400, height: 2400, repeatLastScan: 3 })

describe('createOffThreadImageDecoder', () => {
  const decode = createOffThreadImageDecoder()

  it('gives the same pixels as the in-process decoder', async () => {
    const p = new PNG({ width: 5, height: 3 })
    for (let i = 0; i < p.data.length; i++) p.data[i] = (i * 37) % 256
    const file = new Uint8Array(PNG.sync.write(p))
    const here = await decodeImage(file)
    const there = await decode(file)
    expect([there.width, there.height, there.order]).toEqual([5, 3, 'rgba'])
    expect(Buffer.from(there.data).equals(Buffer.from(here.data))).toBe(true)
    // The caller's bytes are untouched (the worker got a copy).
    expect(Buffer.from(file).equals(PNG.sync.write(p))).toBe(true)
  })

  it('passes the decoder errors through with their code and message', async () => {
    const err = await decode(pngInflateBomb({ inflatedMiB: 16, interlaced: true })).catch(
      (e: unknown) => e as AppError
    )
    expect(err).toBeInstanceOf(AppError)
    expect((err as AppError).code).toBe('IMAGE_INVALID')
    expect((err as AppError).message).toMatch(/more picture data/)
  })

  it('keeps main responsive while a slow image decodes (in-process blocks it)', async () => {
    const onMain = await longestTimerGap(() => decodeImage(slow))
    const offMain = await longestTimerGap(() => decode(slow))
    console.log(
      `2400x2400 progressive JPEG: on main ${Math.round(onMain.ms)} ms with timers held for ` +
        `${Math.round(onMain.gap)} ms; in a worker ${Math.round(offMain.ms)} ms, longest timer ` +
        `gap ${Math.round(offMain.gap)} ms`
    )
    // The control: decoding on main holds the timers for most of the decode.
    expect(onMain.gap).toBeGreaterThan(onMain.ms * 0.6)
    // In the worker the timers keep firing; a gap is a fraction of the decode time.
    expect(offMain.gap).toBeLessThan(Math.max(150, onMain.gap / 3))
  })

  it('stops a decode that outlasts its time limit, with a message saying what to do', async () => {
    const quick = createOffThreadImageDecoder({ timeoutMs: 50 })
    const started = performance.now()
    const err = await quick(slow).catch((e: unknown) => e as AppError)
    const ms = performance.now() - started
    expect(err).toBeInstanceOf(AppError)
    expect((err as AppError).code).toBe('IMAGE_INVALID')
    expect((err as AppError).details?.timedOut).toBe(true)
    expect((err as AppError).message).toMatch(/took longer than .* and was stopped/)
    expect(ms).toBeLessThan(2000)
  })
})
