/**
 * Luminance conversion for the QR decoder. Screen captures arrive as BGRA (Electron's
 * `NativeImage.toBitmap()`), decoded image files as RGBA. The decoder only needs one 8-bit grey
 * plane, optionally downscaled by 2 (box filter), so we produce it in one pass over 32-bit words
 * instead of letting zxing-wasm allocate and convert a full RGBA copy.
 */

/** Channel order of 4-byte pixels. */
export type PixelOrder = 'rgba' | 'bgra'

/** A 4-bytes-per-pixel image: RGBA from files, BGRA from screen capture. */
export interface PixelImage {
  width: number
  height: number
  /** Bytes per row; `width * 4` when rows are packed. */
  stride?: number
  order: PixelOrder
  data: Uint8Array
}

/** An 8-bit luminance plane, rows packed (stride = width). */
export interface GreyImage {
  width: number
  height: number
  data: Uint8Array
}

// Rec. 601 luma weights in 8.8 fixed point (77 + 150 + 29 = 256).
const WR = 77
const WG = 150
const WB = 29

const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1

/**
 * Writes the luminance of `img` into `out` (length >= outWidth * outHeight), downscaled by
 * `factor` (1 or 2; 2 averages each 2x2 block). Returns the output size.
 */
export function toGreyInto(
  img: PixelImage,
  factor: 1 | 2,
  out: Uint8Array
): { width: number; height: number } {
  const { width, height, data } = img
  const stride = img.stride ?? width * 4
  const ow = factor === 2 ? width >> 1 : width
  const oh = factor === 2 ? height >> 1 : height
  if (out.length < ow * oh) throw new RangeError('grey output buffer too small')
  if (data.length < stride * (height - 1) + width * 4) {
    throw new RangeError('pixel buffer is smaller than width x height x 4')
  }
  // Byte positions of R and B inside a pixel; G is always at 1.
  const rFirst = img.order === 'rgba'
  const aligned = data.byteOffset % 4 === 0 && stride % 4 === 0 && littleEndian
  if (aligned) {
    const words = new Uint32Array(data.buffer, data.byteOffset, (data.byteLength >> 2) | 0)
    const rowWords = stride >> 2
    // Shift amounts of R and B inside a little-endian 32-bit word.
    const rs = rFirst ? 0 : 16
    const bs = rFirst ? 16 : 0
    if (factor === 1 && ow % 4 === 0 && out.byteOffset % 4 === 0) {
      // Four grey bytes per 32-bit store: about twice as fast on a 4K capture, which now
      // always gets a full-resolution pass.
      const out32 = new Uint32Array(out.buffer, out.byteOffset, (ow * oh) >> 2)
      let o = 0
      for (let y = 0; y < oh; y++) {
        let i = y * rowWords
        const end = i + ow
        for (; i < end; i += 4) {
          const a = words[i]!
          const b = words[i + 1]!
          const c = words[i + 2]!
          const d = words[i + 3]!
          out32[o++] =
            ((((a >>> rs) & 255) * WR + ((a >>> 8) & 255) * WG + ((a >>> bs) & 255) * WB) >>> 8) |
            (((((b >>> rs) & 255) * WR + ((b >>> 8) & 255) * WG + ((b >>> bs) & 255) * WB) >>> 8) <<
              8) |
            (((((c >>> rs) & 255) * WR + ((c >>> 8) & 255) * WG + ((c >>> bs) & 255) * WB) >>> 8) <<
              16) |
            (((((d >>> rs) & 255) * WR + ((d >>> 8) & 255) * WG + ((d >>> bs) & 255) * WB) >>> 8) <<
              24)
        }
      }
    } else if (factor === 1) {
      let o = 0
      for (let y = 0; y < oh; y++) {
        let i = y * rowWords
        const end = i + ow
        for (; i < end; i++) {
          const p = words[i]!
          out[o++] =
            (((p >>> rs) & 255) * WR + ((p >>> 8) & 255) * WG + ((p >>> bs) & 255) * WB) >>> 8
        }
      }
    } else {
      // R and B sit 16 bits apart, so both sums fit in one word (4 x 255 < 2^10)
      const wr = rFirst ? WR : WB
      const wb = rFirst ? WB : WR
      let o = 0
      for (let y = 0; y < oh; y++) {
        let i = 2 * y * rowWords
        let j = i + rowWords
        for (let x = 0; x < ow; x++, i += 2, j += 2) {
          const a = words[i]!
          const b = words[i + 1]!
          const c = words[j]!
          const d = words[j + 1]!
          const lo = (a & 0xff00ff) + (b & 0xff00ff) + (c & 0xff00ff) + (d & 0xff00ff)
          const g = ((a >>> 8) & 255) + ((b >>> 8) & 255) + ((c >>> 8) & 255) + ((d >>> 8) & 255)
          out[o++] = ((lo & 0x3ff) * wr + (lo >>> 16) * wb + g * WG) >>> 10
        }
      }
    }
    return { width: ow, height: oh }
  }
  const ri = rFirst ? 0 : 2
  const bi = rFirst ? 2 : 0
  let o = 0
  for (let y = 0; y < oh; y++) {
    if (factor === 1) {
      let i = y * stride
      for (let x = 0; x < ow; x++, i += 4) {
        out[o++] = (data[i + ri]! * WR + data[i + 1]! * WG + data[i + bi]! * WB) >>> 8
      }
    } else {
      let i = 2 * y * stride
      let j = i + stride
      for (let x = 0; x < ow; x++, i += 8, j += 8) {
        const r = data[i + ri]! + data[i + 4 + ri]! + data[j + ri]! + data[j + 4 + ri]!
        const g = data[i + 1]! + data[i + 5]! + data[j + 1]! + data[j + 5]!
        const b = data[i + bi]! + data[i + 4 + bi]! + data[j + bi]! + data[j + 4 + bi]!
        out[o++] = (r * WR + g * WG + b * WB) >>> 10
      }
    }
  }
  return { width: ow, height: oh }
}

/** Luminance of `img` as a new grey image (see {@link toGreyInto}). */
export function toGrey(img: PixelImage, factor: 1 | 2 = 1): GreyImage {
  const ow = factor === 2 ? img.width >> 1 : img.width
  const oh = factor === 2 ? img.height >> 1 : img.height
  const data = new Uint8Array(ow * oh)
  toGreyInto(img, factor, data)
  return { width: ow, height: oh, data }
}

/** Halves a grey image with a 2x2 box filter, into `out` (length >= (w>>1)*(h>>1)). */
export function halveGreyInto(src: GreyImage, out: Uint8Array): { width: number; height: number } {
  const ow = src.width >> 1
  const oh = src.height >> 1
  const s = src.data
  const w = src.width
  let o = 0
  for (let y = 0; y < oh; y++) {
    let i = 2 * y * w
    let j = i + w
    for (let x = 0; x < ow; x++, i += 2, j += 2) {
      out[o++] = (s[i]! + s[i + 1]! + s[j]! + s[j + 1]! + 2) >>> 2
    }
  }
  return { width: ow, height: oh }
}

/** Copies the rectangle (x, y, w, h) of a grey image into `out` (packed rows). */
export function cropGreyInto(
  src: GreyImage,
  x: number,
  y: number,
  w: number,
  h: number,
  out: Uint8Array
): void {
  for (let r = 0; r < h; r++) {
    const start = (y + r) * src.width + x
    out.set(src.data.subarray(start, start + w), r * w)
  }
}
