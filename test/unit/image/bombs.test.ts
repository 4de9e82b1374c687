/**
 * Image bombs from the adversarial review, each decoded in a fresh process with a hard time
 * limit, with its time and peak memory printed. Before the guards, the 3 GiB interlaced PNG took
 * 21-33 s and 6.3-6.4 GB; the progressive JPEG ran past 120 s.
 */
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { runBounded } from '../../helpers/bounded-run'

const child = fileURLToPath(new URL('../../helpers/decode-child.ts', import.meta.url))

/** Generous for a loaded 2-core machine: the guarded decodes take milliseconds. */
const KILL_AFTER_MS = 15_000
const MAX_DECODE_MS = 2_000
/** A fresh Node + tsx process peaks near 100 MiB; the bombs would take gigabytes. */
const MAX_RSS_MIB = 400

interface Outcome {
  code: string
  message?: string
  fileBytes: number
  ms: number
  maxRssMiB: number
}

async function decodeInChild(args: string[], label: string): Promise<Outcome> {
  const run = await runBounded(child, args, KILL_AFTER_MS)
  expect(run.killed, `${label} was still decoding after ${KILL_AFTER_MS} ms`).toBe(false)
  expect(run.exitCode, run.stderr).toBe(0)
  const out = run.result as Outcome
  console.log(
    `${label}: ${(out.fileBytes / 1e6).toFixed(2)} MB file -> ${out.code} in ${out.ms} ms ` +
      `(process ${Math.round(run.ms)} ms), peak RSS ${out.maxRssMiB} MiB`
  )
  return out
}

describe('image bombs are refused quickly and in little memory', () => {
  it('a 1x1 interlaced PNG inflating to 3 GiB: IMAGE_INVALID, bounded by its header', async () => {
    const out = await decodeInChild(['png', '3072', '1'], 'interlaced PNG bomb (3 GiB)')
    expect(out.code).toBe('IMAGE_INVALID')
    expect(out.message).toMatch(/more picture data than its 1 x 1 size allows/)
    expect(out.ms).toBeLessThan(MAX_DECODE_MS)
    expect(out.maxRssMiB).toBeLessThan(MAX_RSS_MIB)
  })

  it('the same bomb without interlacing: stopped at the header size (pngjs bounds it)', async () => {
    const out = await decodeInChild(['png', '3072', '0'], 'non-interlaced PNG bomb (3 GiB)')
    // pngjs stops inflating at the header's size and decodes the single pixel; what matters is
    // that it stops.
    expect(['OK', 'IMAGE_INVALID']).toContain(out.code)
    expect(out.ms).toBeLessThan(MAX_DECODE_MS)
    expect(out.maxRssMiB).toBeLessThan(MAX_RSS_MIB)
  })

  it('a 6000x6000 progressive JPEG repeating its last scan 3200 times: refused before decoding', async () => {
    const out = await decodeInChild(['jpeg', '6000', '3200'], 'progressive JPEG scan bomb')
    expect(out.fileBytes).toBeLessThan(320_000)
    expect(out.code).toBe('IMAGE_INVALID')
    expect(out.message).toMatch(/JPEG/)
    expect(out.ms).toBeLessThan(MAX_DECODE_MS)
    expect(out.maxRssMiB).toBeLessThan(MAX_RSS_MIB)
  })

  it('the interlaced bomb through the off-thread decoder: the same error, the thread ended', async () => {
    const out = await decodeInChild(['off-thread-png', '3072', '1'], 'interlaced PNG bomb, worker')
    expect(out.code).toBe('IMAGE_INVALID')
    expect(out.maxRssMiB).toBeLessThan(MAX_RSS_MIB)
  })
})
