/** The PNG and JPEG guards that run before the decoders: what they count and where they stop. */
import { inflateSync } from 'node:zlib'
import jpeg from 'jpeg-js'
import { PNG } from 'pngjs'
import { describe, expect, it } from 'vitest'
import { decodeImage } from '../../../src/main/core/image'
import {
  checkJpegStructure,
  MAX_JPEG_PASSES,
  MAX_JPEG_SCANS,
  MAX_JPEG_SEGMENTS
} from '../../../src/main/core/image/jpeg-guard'
import {
  checkPngInflatedSize,
  pngInflatedSize,
  readPngLayout
} from '../../../src/main/core/image/png-guard'
import { AppError } from '../../../src/shared/errors'
import { readCorpus } from '../../helpers/corpora'
import { pngInflateBomb, progressiveJpeg } from '../../helpers/hostile-images'

function thrown(fn: () => unknown): AppError {
  try {
    fn()
  } catch (e) {
    expect(e).toBeInstanceOf(AppError)
    return e as AppError
  }
  throw new Error('expected a throw')
}

describe('PNG: decoded bytes are bounded by the header', () => {
  it('the computed size is exactly what a real encoder writes (non-interlaced, several formats)', () => {
    for (const [w, h, colorType, bitDepth] of [
      [7, 3, 6, 8],
      [13, 5, 2, 8],
      [9, 4, 0, 8],
      [10, 2, 4, 16]
    ] as const) {
      const p = new PNG({ width: w, height: h, colorType, bitDepth, inputHasAlpha: true })
      const file = new Uint8Array(PNG.sync.write(p, { colorType, bitDepth }))
      const layout = readPngLayout(file)
      const inflated = inflateSync(Buffer.concat(layout.idat))
      expect(layout.inflatedBytes, `${w}x${h} type ${colorType}/${bitDepth}`).toBe(inflated.length)
    }
  })

  it('Adam7: each of the seven passes counts its own rows and filter bytes', () => {
    // 8x8 greyscale 8-bit: passes of 1x1, 1x1, 2x1, 2x2, 4x2, 4x4, 8x4 pixels.
    expect(pngInflatedSize(8, 8, 8, true)).toBe(2 + 2 + 3 + 2 * 3 + 2 * 5 + 4 * 5 + 4 * 9)
    expect(pngInflatedSize(8, 8, 8, false)).toBe(8 * 9)
    // A 1x1 picture has only the first pass: one filter byte and one sample.
    expect(pngInflatedSize(1, 1, 8, true)).toBe(2)
    // 1-bit samples pack eight to a byte.
    expect(pngInflatedSize(17, 2, 1, false)).toBe(2 * (1 + 3))
  })

  it('inflating stops at the header size: a 64 MiB bomb in a 1x1 frame fails at once', async () => {
    const layout = readPngLayout(pngInflateBomb({ inflatedMiB: 64, interlaced: true }))
    expect(layout.inflatedBytes).toBe(2)
    const started = performance.now()
    const err = await checkPngInflatedSize(layout).then(
      () => null,
      (e: unknown) => e as AppError
    )
    expect(err?.code).toBe('IMAGE_INVALID')
    expect(performance.now() - started).toBeLessThan(1000)
  })

  it('data that fits the header passes the check', async () => {
    const layout = readPngLayout(pngInflateBomb({ width: 1024, height: 1024, inflatedMiB: 1 }))
    // 1024 rows of 1 filter byte + 1024 samples is a little more than the 1 MiB of zeros.
    expect(layout.inflatedBytes).toBe(1024 * 1025)
    await expect(checkPngInflatedSize(layout)).resolves.toBeUndefined()
  })

  it('an unknown colour type, a bad bit depth or a chunk past the end is IMAGE_INVALID', () => {
    const good = pngInflateBomb({ inflatedMiB: 1 })
    const badColour = Uint8Array.from(good)
    badColour[25] = 5
    expect(thrown(() => readPngLayout(badColour)).message).toMatch(/colour type 5/)
    const badDepth = Uint8Array.from(good)
    badDepth[24] = 3
    expect(thrown(() => readPngLayout(badDepth)).message).toMatch(/3-bit/)
    expect(thrown(() => readPngLayout(good.subarray(0, good.length - 40))).code).toBe(
      'IMAGE_INVALID'
    )
  })
})

describe('JPEG: scans, segments and passes are counted before decoding', () => {
  it('real files pass: baseline is one pass, the corpus progressive photo under two', () => {
    const base = jpeg.encode({ data: new Uint8Array(64 * 48 * 4), width: 64, height: 48 }, 80)
    const b = checkJpegStructure(new Uint8Array(base.data))
    expect(b).toMatchObject({ progressive: false, scans: 1, passes: 1, width: 64, height: 48 })
    const photo = checkJpegStructure(readCorpus('qr-photos', 'qrcode-2', 'high-res-1.jpg'))
    expect(photo.progressive).toBe(true)
    expect(photo.scans).toBe(9)
    expect(photo.passes).toBeGreaterThan(1)
    expect(photo.passes).toBeLessThan(3)
  })

  it('a progressive file decodes as long as its passes stay within the cap', async () => {
    const ok = progressiveJpeg({ width: 256, height: 256, repeatLastScan: 5 })
    expect(checkJpegStructure(ok).passes).toBeLessThanOrEqual(MAX_JPEG_PASSES)
    const img = await decodeImage(ok)
    expect([img.width, img.height, img.data[0]]).toEqual([256, 256, 128])
  })

  it('one repeat too many is refused, whatever the file size', () => {
    const over = progressiveJpeg({ width: 256, height: 256, repeatLastScan: 7 })
    expect(
      checkJpegStructure.bind(null, progressiveJpeg({ width: 256, height: 256, repeatLastScan: 6 }))
    ).not.toThrow()
    const err = thrown(() => checkJpegStructure(over))
    expect(err.code).toBe('IMAGE_INVALID')
    expect(err.message).toMatch(/refines its picture/)
  })

  it(`more than ${MAX_JPEG_SCANS} scans is refused even for a tiny picture`, () => {
    // An 8x8 picture: DC-only scans cost one coefficient each, far under the pass cap.
    const parts = Buffer.from(progressiveJpeg({ width: 8, height: 8 }))
    const sosDc = Buffer.from([0xff, 0xda, 0, 8, 1, 1, 0x00, 0, 0, 0x10, 0x00])
    const many = Buffer.concat([
      parts.subarray(0, parts.length - 2),
      ...Array.from({ length: MAX_JPEG_SCANS }, () => sosDc),
      Buffer.from([0xff, 0xd9])
    ])
    expect(thrown(() => checkJpegStructure(many)).message).toMatch(/more than 100 scans/)
  })

  it(`more than ${MAX_JPEG_SEGMENTS} marker segments is refused`, () => {
    const file = Buffer.from(progressiveJpeg({ width: 8, height: 8 }))
    const comment = Buffer.from([0xff, 0xfe, 0, 3, 0x41])
    const padded = Buffer.concat([
      file.subarray(0, 2),
      ...Array.from({ length: MAX_JPEG_SEGMENTS }, () => comment),
      file.subarray(2)
    ])
    expect(thrown(() => checkJpegStructure(padded)).message).toMatch(/marker segments/)
  })

  it('a scan before the frame header, or a segment past the end, is IMAGE_INVALID', () => {
    const scanFirst = Buffer.from([0xff, 0xd8, 0xff, 0xda, 0, 8, 1, 1, 0, 0, 0, 0, 0xff, 0xd9])
    expect(thrown(() => checkJpegStructure(scanFirst)).message).toMatch(/before its frame/)
    const cut = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x10, 0x00, 1, 2])
    expect(thrown(() => checkJpegStructure(cut)).message).toMatch(/cut short/)
  })
})
