/**
 * Bounds the work a JPEG asks of the decoder, from its markers alone, before decoding.
 *
 * A progressive JPEG refines the picture in scans, and every scan makes the decoder visit every
 * block it covers again, however few bytes the scan takes: a 305 KB file of a 6000 x 6000
 * picture whose last scan is repeated thousands of times kept a decoder busy for minutes. Real
 * encoders write one scan (baseline) or about ten (libjpeg's progressive script; mozjpeg's are
 * similar), together visiting each coefficient about three times. So the scans are counted, and
 * the coefficient visits they ask for are summed and compared with the picture's size.
 */
import { AppError } from '../../../shared/errors'

/** Most scans accepted; encoders write 1 (baseline) to about 10-20 (progressive). */
export const MAX_JPEG_SCANS = 100
/** Most marker segments accepted (tables, metadata, scans): a photo has a few dozen. */
export const MAX_JPEG_SEGMENTS = 1000
/**
 * Most coefficient visits, as a multiple of one full pass over the picture (a baseline decode is
 * 1; libjpeg's progressive script about 3).
 */
export const MAX_JPEG_PASSES = 8

/** What the guard read from the markers. */
export interface JpegLayout {
  width: number
  height: number
  progressive: boolean
  scans: number
  segments: number
  /** Coefficient visits the scans ask for, in full passes over the picture. */
  passes: number
}

function invalid(what: string): AppError {
  return new AppError(
    'IMAGE_INVALID',
    `This file could not be read as an image: ${what}. Use a PNG, JPEG, WebP or GIF screenshot of the QR code.`
  )
}

const u16be = (b: Uint8Array, i: number): number => (b[i]! << 8) | b[i + 1]!

interface Component {
  id: number
  h: number
  v: number
  blocks: number
}

/** Markers without a length: SOI, EOI, RSTn, TEM. */
const standalone = (m: number): boolean =>
  m === 0xd8 || m === 0xd9 || m === 0x01 || (m >= 0xd0 && m <= 0xd7)

/** SOF0-SOF15 except DHT (C4), JPG (C8) and DAC (CC). */
const isSof = (m: number): boolean =>
  m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc

/**
 * Walks every marker segment and the entropy-coded data between them, counting scans and the
 * coefficient visits they ask for. Linear in the file's size; decodes nothing.
 *
 * @throws AppError IMAGE_INVALID when the structure is damaged (a scan before the frame header,
 *   a segment past the end), or when it asks for more than {@link MAX_JPEG_SCANS} scans,
 *   {@link MAX_JPEG_SEGMENTS} segments or {@link MAX_JPEG_PASSES} passes over the picture.
 */
export function checkJpegStructure(b: Uint8Array): JpegLayout {
  let width = 0
  let height = 0
  let progressive = false
  let components: Component[] = []
  let totalBlocks = 0
  let scans = 0
  let segments = 0
  let visits = 0
  let i = 2
  while (i < b.length) {
    if (b[i] !== 0xff) throw invalid('the JPEG structure is damaged')
    const m = b[i + 1]
    if (m === undefined) break
    if (m === 0xff) {
      i++ // fill byte
      continue
    }
    if (m === 0xd9) break
    if (standalone(m)) {
      i += 2
      continue
    }
    if (i + 4 > b.length) throw invalid('the JPEG data is cut short')
    const len = u16be(b, i + 2)
    const end = i + 2 + len
    if (len < 2 || end > b.length) throw invalid('the JPEG data is cut short')
    if (++segments > MAX_JPEG_SEGMENTS) {
      throw invalid(`the JPEG has more than ${MAX_JPEG_SEGMENTS} marker segments`)
    }
    if (isSof(m)) {
      if (components.length > 0) throw invalid('the JPEG has two frame headers')
      if (len < 8) throw invalid('the JPEG frame header is cut short')
      progressive = m === 0xc2 || m === 0xc6 || m === 0xca || m === 0xce
      height = u16be(b, i + 5)
      width = u16be(b, i + 7)
      const n = b[i + 9]!
      if (n < 1 || len < 8 + 3 * n) throw invalid('the JPEG frame header is damaged')
      const parsed = Array.from({ length: n }, (_, k) => {
        const at = i + 10 + 3 * k
        return { id: b[at]!, h: b[at + 1]! >> 4, v: b[at + 1]! & 15 }
      })
      if (parsed.some((c) => c.h < 1 || c.v < 1)) throw invalid('the JPEG frame header is damaged')
      const maxH = Math.max(...parsed.map((c) => c.h))
      const maxV = Math.max(...parsed.map((c) => c.v))
      components = parsed.map((c) => ({
        ...c,
        blocks:
          Math.ceil(Math.ceil((width * c.h) / maxH) / 8) *
          Math.ceil(Math.ceil((height * c.v) / maxV) / 8)
      }))
      totalBlocks = components.reduce((s, c) => s + c.blocks, 0)
    }
    if (m === 0xda) {
      if (components.length === 0) throw invalid('the JPEG has a scan before its frame header')
      if (++scans > MAX_JPEG_SCANS) {
        throw invalid(
          `the JPEG has more than ${MAX_JPEG_SCANS} scans, far more than any camera or editor writes`
        )
      }
      const ns = b[i + 4] ?? 0
      if (ns < 1 || len < 6 + 2 * ns) throw invalid('the JPEG scan header is damaged')
      let blocks = 0
      for (let k = 0; k < ns; k++) {
        const c = components.find((x) => x.id === b[i + 5 + 2 * k])
        if (!c) throw invalid('a JPEG scan names a component the frame does not have')
        blocks += c.blocks
      }
      const ss = b[i + 5 + 2 * ns] ?? 0
      const se = b[i + 6 + 2 * ns] ?? 63
      const coefficients = progressive ? Math.max(1, Math.min(63, se) - ss + 1) : 64
      visits += blocks * coefficients
      if (visits > MAX_JPEG_PASSES * 64 * totalBlocks) {
        throw invalid(
          `the JPEG refines its picture far more often than any camera or editor does (more than ${MAX_JPEG_PASSES} passes over its ${width} x ${height} pixels)`
        )
      }
      // Entropy-coded data runs to the next marker: 0xFF followed by neither a stuffed 0x00 nor
      // a restart marker.
      let j = end
      while (j < b.length) {
        if (b[j] === 0xff) {
          const n = b[j + 1]
          if (n !== 0x00 && !(n !== undefined && n >= 0xd0 && n <= 0xd7) && n !== 0xff) break
          j += n === 0xff ? 1 : 2
          continue
        }
        j++
      }
      i = j
      continue
    }
    i = end
  }
  if (components.length === 0) throw invalid('the file ends before the JPEG says how big it is')
  return {
    width,
    height,
    progressive,
    scans,
    segments,
    passes: totalBlocks === 0 ? 0 : visits / (64 * totalBlocks)
  }
}
