/**
 * Bounds a PNG's decompressed size by what its header allows, before the decoder sees it.
 *
 * A PNG's pixels are one zlib stream split over IDAT chunks, and deflate packs about 1000:1: a
 * 3 MB file can inflate to 3 GiB. The header's width, height, colour type, bit depth and
 * interlacing fix the exact size of the decompressed data, so anything beyond it is not a
 * picture and is refused while inflating, in small chunks, never holding more than one.
 */
import { createInflate } from 'node:zlib'
import { AppError } from '../../../shared/errors'

/** Channels per colour type, and the bit depths each one allows (PNG spec, table 11.1). */
const COLOUR_TYPES: Record<number, { channels: number; depths: readonly number[] }> = {
  0: { channels: 1, depths: [1, 2, 4, 8, 16] },
  2: { channels: 3, depths: [8, 16] },
  3: { channels: 1, depths: [1, 2, 4, 8] },
  4: { channels: 2, depths: [8, 16] },
  6: { channels: 4, depths: [8, 16] }
}

/** Adam7 passes: first column, first row, column step, row step. */
const ADAM7: readonly (readonly [number, number, number, number])[] = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2]
]

/** What the guard read from the file. */
export interface PngLayout {
  width: number
  height: number
  interlaced: boolean
  /** Exact size of the decompressed image data (filter bytes included). */
  inflatedBytes: number
  /** The IDAT chunks' data, in order (views into the file, not copies). */
  idat: Uint8Array[]
}

function invalid(what: string): AppError {
  return new AppError(
    'IMAGE_INVALID',
    `This file could not be read as an image: ${what}. Use a PNG, JPEG, WebP or GIF screenshot of the QR code.`
  )
}

const u32be = (b: Uint8Array, i: number): number =>
  ((b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!) >>> 0

/**
 * The exact number of bytes a PNG's image data inflates to: per row one filter byte plus the
 * row's packed samples, for the whole picture or for each of the seven Adam7 passes.
 */
export function pngInflatedSize(
  width: number,
  height: number,
  bitsPerPixel: number,
  interlaced: boolean
): number {
  const rowBytes = (w: number): number => (w === 0 ? 0 : 1 + Math.ceil((w * bitsPerPixel) / 8))
  if (!interlaced) return height * rowBytes(width)
  let total = 0
  for (const [x0, y0, dx, dy] of ADAM7) {
    const w = width > x0 ? Math.ceil((width - x0) / dx) : 0
    const h = height > y0 ? Math.ceil((height - y0) / dy) : 0
    if (w > 0 && h > 0) total += h * rowBytes(w)
  }
  return total
}

/**
 * Walks the chunks and checks the header fields.
 *
 * @throws AppError IMAGE_INVALID for an unknown colour type or bit depth, a chunk running past
 *   the end of the file, or no image data.
 */
export function readPngLayout(bytes: Uint8Array): PngLayout {
  if (bytes.length < 33) throw invalid('the PNG header is cut short')
  const width = u32be(bytes, 16)
  const height = u32be(bytes, 20)
  const depth = bytes[24]!
  const colour = bytes[25]!
  const interlace = bytes[28]!
  const type = COLOUR_TYPES[colour]
  if (!type || !type.depths.includes(depth)) {
    throw invalid(`the PNG header names colour type ${colour} with ${depth}-bit samples`)
  }
  if (bytes[26] !== 0 || bytes[27] !== 0 || interlace > 1) {
    throw invalid('the PNG header names an unknown compression, filter or interlace method')
  }
  const idat: Uint8Array[] = []
  let i = 8
  for (;;) {
    if (i + 12 > bytes.length) throw invalid('the PNG data is cut short')
    const len = u32be(bytes, i)
    const kind = String.fromCharCode(bytes[i + 4]!, bytes[i + 5]!, bytes[i + 6]!, bytes[i + 7]!)
    if (len > bytes.length - i - 12) throw invalid('the PNG data is cut short')
    if (kind === 'IDAT') idat.push(bytes.subarray(i + 8, i + 8 + len))
    i += 12 + len
    if (kind === 'IEND') break
  }
  if (idat.length === 0) throw invalid('the PNG holds no picture data')
  return {
    width,
    height,
    interlaced: interlace === 1,
    inflatedBytes: pngInflatedSize(width, height, type.channels * depth, interlace === 1),
    idat
  }
}

/**
 * Inflates the image data in 64 KiB pieces, keeping only a count, and stops as soon as it holds
 * more than the header allows.
 *
 * @throws AppError IMAGE_INVALID when the data inflates past `layout.inflatedBytes` (an inflate
 *   bomb) or is not a valid zlib stream.
 */
export function checkPngInflatedSize(layout: PngLayout): Promise<void> {
  const cap = layout.inflatedBytes
  return new Promise<void>((resolve, reject) => {
    const inflate = createInflate({ chunkSize: 64 * 1024 })
    let seen = 0
    let done = false
    const finish = (err?: AppError): void => {
      if (done) return
      done = true
      if (err) {
        inflate.destroy()
        reject(err)
      } else resolve()
    }
    inflate.on('data', (piece: Buffer) => {
      seen += piece.length
      if (seen > cap) {
        finish(
          invalid(
            `the PNG holds more picture data than its ${layout.width} x ${layout.height} size allows`
          )
        )
      }
    })
    inflate.on('error', () => finish(invalid('the PNG data is damaged or cut short')))
    inflate.on('end', () => finish())
    const parts = layout.idat
    let next = 0
    // Feed one chunk at a time, waiting for the inflater to drain, so a bomb stops at the cap
    // instead of being queued whole.
    const feed = (): void => {
      while (!done && next < parts.length) {
        if (!inflate.write(parts[next++])) {
          inflate.once('drain', feed)
          return
        }
      }
      if (!done && next === parts.length) inflate.end()
    }
    feed()
  })
}
