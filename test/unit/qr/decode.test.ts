import { afterAll, describe, expect, it } from 'vitest'
import { mixedSizeScenes, renderScene } from '../../../bench/qr-scenes'
import { decodeQrInImage } from '../../../src/main/core/qr/decode'
import { ZxingQrReader } from '../../../src/main/core/qr/zxing'

const uri = (i: number): string =>
  `otpauth://totp/Site${i}:user${i}@example.com?secret=JBSWY3DPEHPK3PXP&issuer=Site${i}`

describe('decodeQrInImage', async () => {
  const reader = await ZxingQrReader.create()
  afterAll(() => reader.dispose())

  it('finds every code on a 1080p page, BGRA as captured', () => {
    const img = renderScene({
      width: 1920,
      height: 1080,
      codes: [
        { text: uri(1), x: 300, y: 200, size: 160 },
        { text: uri(2), x: 1200, y: 600, size: 260 }
      ]
    })
    const found = decodeQrInImage(reader, {
      width: 1920,
      height: 1080,
      order: 'bgra',
      data: img.bgra
    })
    expect(found.map((f) => f.text).sort()).toEqual([uri(1), uri(2)])
    const first = found.find((f) => f.text === uri(1))!
    const cx = first.corners.reduce((s, p) => s + p.x, 0) / 4
    expect(cx).toBeGreaterThan(300)
    expect(cx).toBeLessThan(460)
  })

  it('on a large screen reads at half size first and maps positions back to full size', () => {
    const img = renderScene({
      width: 2600,
      height: 1400,
      codes: [{ text: uri(3), x: 2000, y: 900, size: 300 }]
    })
    const [q] = decodeQrInImage(reader, {
      width: 2600,
      height: 1400,
      order: 'rgba',
      data: img.rgba
    })
    expect(q?.text).toBe(uri(3))
    expect(q?.pass).toBe('half')
    const cx = q!.corners.reduce((s, p) => s + p.x, 0) / 4
    expect(cx).toBeGreaterThan(2100)
    expect(cx).toBeLessThan(2200)
  })

  it('falls back to full resolution for a code too small for the half-size pass', () => {
    const img = renderScene({
      width: 2600,
      height: 1400,
      codes: [{ text: uri(4), x: 400, y: 300, size: 110 }]
    })
    const found = decodeQrInImage(reader, {
      width: 2600,
      height: 1400,
      order: 'bgra',
      data: img.bgra
    })
    expect(found.map((f) => f.text)).toEqual([uri(4)])
    expect(found[0]!.pass).not.toBe('half')
  })

  it.each(mixedSizeScenes().map((sc) => [sc.name, sc] as const))(
    'finds every code on the mixed-size screen %s',
    (_name, sc) => {
      const img = renderScene(sc.spec)
      const found = decodeQrInImage(reader, {
        width: img.width,
        height: img.height,
        order: 'bgra',
        data: img.bgra
      })
      expect(found.map((f) => f.text).sort()).toEqual(sc.spec.codes.map((c) => c.text).sort())
      // each code where it was drawn
      for (const c of sc.spec.codes) {
        const q = found.find((f) => f.text === c.text)!
        const cx = q.corners.reduce((s, p) => s + p.x, 0) / 4
        expect(Math.abs(cx - (c.x + c.size / 2))).toBeLessThan(c.size / 4)
      }
    }
  )

  it('the mixed-size scenes hold the case that used to be lost: a small code beside big ones', () => {
    for (const sc of mixedSizeScenes()) {
      const sizes = sc.spec.codes.map((c) => c.size)
      expect(Math.min(...sizes)).toBeLessThanOrEqual(160)
      expect(Math.max(...sizes)).toBeGreaterThan(Math.min(...sizes))
      expect(sizes.every((x) => x >= 120 && x <= 300)).toBe(true)
    }
    const wide = mixedSizeScenes().map((sc) => sc.spec.width)
    expect(wide).toContain(3840)
    expect(wide).toContain(7680)
  })

  it('reads a light-on-dark code on a dark page', () => {
    const img = renderScene({
      width: 1280,
      height: 720,
      dark: true,
      codes: [{ text: uri(5), x: 500, y: 200, size: 220 }]
    })
    const found = decodeQrInImage(reader, {
      width: 1280,
      height: 720,
      order: 'bgra',
      data: img.bgra
    })
    expect(found.map((f) => f.text)).toEqual([uri(5)])
    expect(found[0]!.inverted).toBe(true)
  })

  it('returns nothing for a page without a code, and for a 1x1 image', () => {
    const img = renderScene({ width: 1280, height: 720, codes: [] })
    expect(
      decodeQrInImage(reader, { width: 1280, height: 720, order: 'bgra', data: img.bgra })
    ).toEqual([])
    expect(
      decodeQrInImage(reader, { width: 1, height: 1, order: 'rgba', data: new Uint8Array(4) })
    ).toEqual([])
  })
})

describe('decodeQrInImage with a bad buffer', async () => {
  const reader = await ZxingQrReader.create()
  afterAll(() => reader.dispose())

  it('a buffer smaller than width x height x 4 is IMAGE_INVALID, not a crash', () => {
    expect(() =>
      decodeQrInImage(reader, { width: 100, height: 100, order: 'bgra', data: new Uint8Array(100) })
    ).toThrow(expect.objectContaining({ code: 'IMAGE_INVALID' }))
  })
})
