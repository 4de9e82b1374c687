import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import omggif from 'omggif'
import { PNG } from 'pngjs'
import jpeg from 'jpeg-js'
import { describe, expect, it, vi } from 'vitest'
import {
  checkImageSize,
  decodeImage,
  DEFAULT_MAX_PIXELS,
  readImageHeader
} from '../../../src/main/core/image'
import { AppError } from '../../../src/shared/errors'
import { readCorpus } from '../../helpers/corpora'

function png(width: number, height: number, fill: (x: number, y: number) => number): Uint8Array {
  const p = new PNG({ width, height })
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const v = fill(x, y)
      p.data.set([v, v, v, 255], (y * width + x) * 4)
    }
  return new Uint8Array(PNG.sync.write(p))
}

async function rejection(p: Promise<unknown>): Promise<AppError> {
  try {
    await p
  } catch (e) {
    expect(e).toBeInstanceOf(AppError)
    return e as AppError
  }
  throw new Error('expected a rejection')
}

/** A WebP made with the same codec family (lossless, so pixels compare exactly). */
async function webp(width: number, height: number, v: number): Promise<Uint8Array> {
  const require = createRequire(import.meta.url)
  const wasm = (globalThis as unknown as { WebAssembly: { Module: new (b: Uint8Array) => object } })
    .WebAssembly
  const enc = await import('@jsquash/webp/encode.js')
  const simd = require.resolve('@jsquash/webp/codec/enc/webp_enc_simd.wasm')
  await (enc.init as (m: object) => Promise<unknown>)(new wasm.Module(readFileSync(simd)))
  const data = new Uint8ClampedArray(width * height * 4).fill(v)
  for (let i = 3; i < data.length; i += 4) data[i] = 255
  const encode = enc.default as (img: unknown, o: object) => Promise<ArrayBuffer>
  return new Uint8Array(await encode({ data, width, height }, { lossless: 1 }))
}

describe('readImageHeader', () => {
  it('reads PNG, JPEG and GIF sizes without decoding', () => {
    expect(readImageHeader(png(7, 3, () => 0))).toEqual({ format: 'png', width: 7, height: 3 })
    const j = jpeg.encode({ data: new Uint8Array(5 * 4 * 4), width: 5, height: 4 }, 80).data
    expect(readImageHeader(new Uint8Array(j))).toEqual({ format: 'jpeg', width: 5, height: 4 })
    const gifBuf = new Uint8Array(200)
    const w = new omggif.GifWriter(gifBuf, 6, 2, { palette: [0, 0xffffff] })
    w.addFrame(0, 0, 6, 2, new Array(12).fill(0))
    expect(readImageHeader(gifBuf.subarray(0, w.end()))).toEqual({
      format: 'gif',
      width: 6,
      height: 2
    })
  })

  it('rejects text dressed up as a JPEG (corpus text_masquerading_as_image.jpeg)', () => {
    const bytes = readCorpus(
      'google-auth-migration',
      'scito_extract_otp_secrets',
      'tests_data',
      'text_masquerading_as_image.jpeg'
    )
    expect(() => readImageHeader(bytes)).toThrow(
      expect.objectContaining({
        code: 'IMAGE_INVALID',
        message: expect.stringMatching(/not a PNG, JPEG, WebP or GIF/)
      })
    )
  })
})

describe('hostile images', () => {
  it('a 20000 x 20000 PNG header is refused before decoding, with the limit stated', async () => {
    const head = png(1, 1, () => 0).slice(0, 33) // signature + IHDR only: no pixel data at all
    const view = new DataView(head.buffer)
    view.setUint32(16, 20000)
    view.setUint32(20, 20000)
    const e = await rejection(decodeImage(head))
    // Had it tried to decode, the missing data would have been IMAGE_INVALID.
    expect(e.code).toBe('IMAGE_TOO_LARGE')
    expect(e.message).toContain('20000 x 20000')
    expect(e.message).toContain('40 megapixels')
    expect(e.details).toMatchObject({ width: 20000, height: 20000, maxPixels: DEFAULT_MAX_PIXELS })
  })

  it('a huge JPEG frame header is refused the same way', async () => {
    const j = new Uint8Array(
      jpeg.encode({ data: new Uint8Array(16 * 16 * 4), width: 16, height: 16 }, 80).data
    )
    // patch the SOF0 dimensions
    for (let i = 2; i < j.length - 9; i++) {
      if (j[i] === 0xff && j[i + 1] === 0xc0) {
        new DataView(j.buffer).setUint16(i + 5, 30000)
        new DataView(j.buffer).setUint16(i + 7, 30000)
        break
      }
    }
    expect((await rejection(decodeImage(j))).code).toBe('IMAGE_TOO_LARGE')
  })

  it('limits can be tightened', () => {
    expect(() =>
      checkImageSize({ format: 'png', width: 100, height: 100 }, { maxPixels: 5000 })
    ).toThrow(expect.objectContaining({ code: 'IMAGE_TOO_LARGE' }))
    expect(() => checkImageSize({ format: 'png', width: 20000, height: 10 })).toThrow(
      /16384 pixels on a side/
    )
  })

  it('a 1x1 image decodes to one pixel', async () => {
    const img = await decodeImage(png(1, 1, () => 200))
    expect(img).toMatchObject({ width: 1, height: 1, order: 'rgba' })
    expect([...img.data]).toEqual([200, 200, 200, 255])
  })

  it.each([
    ['PNG', () => png(64, 64, (x, y) => (x ^ y) & 255)],
    [
      'JPEG',
      () =>
        new Uint8Array(
          jpeg.encode({ data: new Uint8Array(64 * 64 * 4).fill(128), width: 64, height: 64 }, 80)
            .data
        )
    ],
    [
      'GIF',
      () => {
        const buf = new Uint8Array(10000)
        const w = new omggif.GifWriter(buf, 64, 64, { palette: [0, 0xffffff] })
        w.addFrame(
          0,
          0,
          64,
          64,
          Array.from({ length: 4096 }, (_, i) => (i * 7) % 2)
        )
        return buf.slice(0, w.end())
      }
    ]
  ])('a truncated %s is IMAGE_INVALID', async (_name, make) => {
    const full = make()
    await expect(decodeImage(full)).resolves.toMatchObject({ width: 64, height: 64 })
    const cut = full.slice(0, Math.floor(full.length * 0.6))
    const e = await rejection(decodeImage(cut))
    expect(e.code).toBe('IMAGE_INVALID')
    expect(e.message).toMatch(/could not be read as an image/)
  })

  it('empty and tiny files are IMAGE_INVALID', async () => {
    expect((await rejection(decodeImage(new Uint8Array(0)))).code).toBe('IMAGE_INVALID')
    expect((await rejection(decodeImage(new Uint8Array([0x89, 0x50])))).code).toBe('IMAGE_INVALID')
  })
})

describe('formats', () => {
  it('GIF: the first frame is used', async () => {
    const buf = new Uint8Array(2000)
    const w = new omggif.GifWriter(buf, 4, 4, { palette: [0x000000, 0xffffff], loop: 0 })
    w.addFrame(0, 0, 4, 4, new Array(16).fill(0), { delay: 10 })
    w.addFrame(0, 0, 4, 4, new Array(16).fill(1), { delay: 10 })
    const img = await decodeImage(buf.subarray(0, w.end()))
    expect([...img.data.subarray(0, 4)]).toEqual([0, 0, 0, 255])
  })

  /** A GIF with a 10 x 10 screen whose first frame claims `fw` x `fh` pixels, data cut short. */
  function gifWithFrame(fw: number, fh: number): Uint8Array {
    const u16 = (n: number): number[] => [n & 255, (n >> 8) & 255]
    return new Uint8Array([
      ...Buffer.from('GIF89a'),
      ...u16(10),
      ...u16(10),
      0x00,
      0,
      0,
      0x2c,
      ...u16(0),
      ...u16(0),
      ...u16(fw),
      ...u16(fh),
      0x80,
      0,
      0,
      0,
      255,
      255,
      255,
      2,
      2,
      0x4c,
      0x01,
      0,
      0x3b
    ])
  }

  it('GIF: a first frame larger than the picture is IMAGE_INVALID before any pixel is walked', async () => {
    // Before, this 30-byte file decoded "fine" after walking 16 million frame pixels (65535 x
    // 65535 took minutes and gigabytes).
    const e = await rejection(decodeImage(gifWithFrame(4000, 4000)))
    expect(e.code).toBe('IMAGE_INVALID')
    expect(e.message).toMatch(/first frame is larger than the picture/)
  })

  it('GIF: a cut-short frame prints nothing on stdout (tessera scan --json stays JSON)', async () => {
    const spy = vi.spyOn(console, 'log')
    try {
      await decodeImage(gifWithFrame(10, 10)).catch(() => undefined)
      expect(spy).not.toHaveBeenCalled()
    } finally {
      spy.mockRestore()
    }
  })

  it('WebP decodes, and a truncated WebP is IMAGE_INVALID', async () => {
    const file = await webp(9, 5, 77)
    expect(readImageHeader(file)).toEqual({ format: 'webp', width: 9, height: 5 })
    const img = await decodeImage(file)
    expect(img).toMatchObject({ width: 9, height: 5, order: 'rgba' })
    expect([...img.data.subarray(0, 4)]).toEqual([77, 77, 77, 255])
    const e = await rejection(decodeImage(file.slice(0, Math.floor(file.length / 2))))
    expect(e.code).toBe('IMAGE_INVALID')
  })
})
