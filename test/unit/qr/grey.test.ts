import { describe, expect, it } from 'vitest'
import { halveGreyInto, toGrey, type PixelImage } from '../../../src/main/core/qr/grey'

function image(
  order: 'rgba' | 'bgra',
  px: [number, number, number][],
  width: number,
  stride?: number
): PixelImage {
  const height = px.length / width
  const s = stride ?? width * 4
  const data = new Uint8Array(s * height)
  px.forEach(([r, g, b], i) => {
    const o = Math.floor(i / width) * s + (i % width) * 4
    data.set(order === 'rgba' ? [r, g, b, 255] : [b, g, r, 255], o)
  })
  return { width, height, order, data, stride: s }
}

const luma = ([r, g, b]: [number, number, number]): number => (r * 77 + g * 150 + b * 29) >> 8

describe('toGrey', () => {
  const px: [number, number, number][] = [
    [255, 0, 0],
    [0, 255, 0],
    [0, 0, 255],
    [255, 255, 255],
    [10, 20, 30],
    [200, 100, 50]
  ]

  it.each(['rgba', 'bgra'] as const)('%s gives Rec.601 luma per pixel', (order) => {
    const g = toGrey(image(order, px, 3))
    expect([...g.data]).toEqual(px.map(luma))
    expect(g.data[0]).toBe(76) // red is dark, green bright, blue darkest
    expect(g.data[1]).toBe(149)
    expect(g.data[2]).toBe(28)
  })

  it('RGBA and BGRA of the same picture give the same grey, also with padded rows', () => {
    const a = toGrey(image('rgba', px, 3))
    const b = toGrey(image('bgra', px, 3, 20))
    expect([...b.data]).toEqual([...a.data])
  })

  it('the unaligned fallback agrees with the word path', () => {
    const img = image('bgra', px, 3)
    const shifted = new Uint8Array(img.data.length + 1)
    shifted.set(img.data, 1)
    const g = toGrey({ ...img, data: shifted.subarray(1) })
    expect([...g.data]).toEqual(px.map(luma))
  })

  it.each(['rgba', 'bgra'] as const)(
    '%s: rows a multiple of 4 wide (four pixels per store) give the same luma',
    (order) => {
      const wide: [number, number, number][] = []
      for (let i = 0; i < 8 * 3; i++) wide.push([(i * 37) % 256, (i * 91) % 256, (i * 13) % 256])
      const g = toGrey(image(order, wide, 8, 40))
      expect([...g.data]).toEqual(wide.map(luma))
    }
  )

  it('halving averages each 2x2 block', () => {
    const four: [number, number, number][] = [
      [0, 0, 0],
      [255, 255, 255],
      [255, 255, 255],
      [255, 255, 255],
      [0, 0, 0],
      [0, 0, 0],
      [0, 0, 0],
      [0, 0, 0]
    ]
    for (const order of ['rgba', 'bgra'] as const) {
      const g = toGrey(image(order, four, 4), 2)
      expect(g.width).toBe(2)
      expect(g.height).toBe(1)
      expect([...g.data]).toEqual([63, 127]) // (0+255+0+0)/4, (255+255+0+0)/4
    }
    const out = new Uint8Array(1)
    halveGreyInto({ width: 2, height: 2, data: new Uint8Array([0, 255, 255, 255]) }, out)
    expect(out[0]).toBe(191)
  })
})
