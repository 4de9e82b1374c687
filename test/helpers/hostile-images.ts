/**
 * Hostile images built in memory for the image-decoding tests: an inflate bomb PNG and a
 * progressive JPEG whose scans can be repeated at will. Generated here (not committed) so each
 * test states exactly what the file holds.
 */
import { deflateRawSync, constants as zc } from 'node:zlib'

const CRC_TABLE = (() => {
  const t = new Uint32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    t[n] = c >>> 0
  }
  return t
})()

function crc32(parts: Uint8Array[]): number {
  let c = 0xffffffff
  for (const p of parts) for (const b of p) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4)
  b.writeUInt32BE(n >>> 0)
  return b
}

function chunk(type: string, data: Uint8Array): Buffer {
  const t = Buffer.from(type, 'latin1')
  return Buffer.concat([u32(data.length), t, data, u32(crc32([t, data]))])
}

export interface PngBombOptions {
  width?: number
  height?: number
  /** Adam7 interlacing (pngjs inflated interlaced data without any bound). */
  interlaced?: boolean
  /** How many MiB of zeros the IDAT stream inflates to. */
  inflatedMiB: number
}

/**
 * A valid PNG header (8-bit greyscale) whose IDAT inflates to `inflatedMiB` MiB of zeros. The
 * zlib stream is one 1 MiB sync-flushed deflate block sequence repeated, so a 3 GiB bomb is about
 * 3 MB and costs milliseconds to build.
 */
export function pngInflateBomb(opts: PngBombOptions): Uint8Array {
  const { width = 1, height = 1, interlaced = false, inflatedMiB } = opts
  const mib = Buffer.alloc(1 << 20)
  // Raw deflate of 1 MiB of zeros, ending on a byte boundary without a final block.
  const block = deflateRawSync(mib, { level: 9, finishFlush: zc.Z_SYNC_FLUSH })
  // A final, empty stored block, then the zlib trailer (Adler-32 of n zero bytes: a = 1, b = n).
  const total = inflatedMiB * (1 << 20)
  const adler = (((total % 65521) << 16) | 1) >>> 0
  const zlibStream = Buffer.concat([
    Buffer.from([0x78, 0xda]),
    ...Array.from({ length: inflatedMiB }, () => block),
    Buffer.from([0x01, 0x00, 0x00, 0xff, 0xff]),
    u32(adler)
  ])
  const ihdr = Buffer.concat([
    u32(width),
    u32(height),
    Buffer.from([8, 0, 0, 0, interlaced ? 1 : 0])
  ])
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', ihdr),
      chunk('IDAT', zlibStream),
      chunk('IEND', new Uint8Array(0))
    ])
  )
}

/** MSB-first bit writer with JPEG byte stuffing (0xFF is followed by 0x00). */
class BitWriter {
  private bytes: number[] = []
  private acc = 0
  private n = 0
  put(value: number, length: number): void {
    for (let i = length - 1; i >= 0; i--) {
      this.acc = (this.acc << 1) | ((value >> i) & 1)
      if (++this.n === 8) this.flushByte()
    }
  }
  private flushByte(): void {
    this.bytes.push(this.acc)
    if (this.acc === 0xff) this.bytes.push(0)
    this.acc = 0
    this.n = 0
  }
  /** Pads the last byte with 1 bits, as the standard says. */
  end(): Buffer {
    if (this.n > 0) this.put(0xff, 8 - this.n)
    return Buffer.from(this.bytes)
  }
}

function segment(marker: number, body: Uint8Array): Buffer {
  const b = Buffer.alloc(4)
  b[0] = 0xff
  b[1] = marker
  b.writeUInt16BE(body.length + 2, 2)
  return Buffer.concat([b, body])
}

// AC table: the 15 end-of-band run symbols EOB0..EOB14 (0x00, 0x10, ... 0xE0), 4-bit codes.
const AC_SYMBOLS = Array.from({ length: 15 }, (_, r) => r << 4)

/** An EOB run of `blocks` blocks (at most 32767) with the 4-bit code of its symbol. */
function eobRun(w: BitWriter, blocks: number): void {
  const r = 31 - Math.clz32(blocks)
  w.put(r, 4)
  if (r > 0) w.put(blocks - (1 << r), r)
}

/** An AC scan over every block in which every coefficient stays zero. */
function acScanData(blocks: number): Buffer {
  const w = new BitWriter()
  let left = blocks
  while (left > 0) {
    const run = Math.min(left, 32767)
    eobRun(w, run)
    left -= run
  }
  return w.end()
}

export interface ProgressiveJpegOptions {
  width: number
  height: number
  /** Repeats of the last AC refinement scan (0: an ordinary three-scan progressive file). */
  repeatLastScan?: number
}

/**
 * A valid progressive (SOF2), greyscale JPEG of a flat mid-grey picture: a DC scan, an AC first
 * scan (Al=1) and an AC refinement scan (Ah=1, Al=0), the last one repeated `repeatLastScan`
 * times. Each repeat is a few dozen bytes yet makes a decoder walk every block's 63 coefficients
 * again: the shape of the CPU bomb in the review.
 */
export function progressiveJpeg(opts: ProgressiveJpegOptions): Uint8Array {
  const { width, height, repeatLastScan = 0 } = opts
  const blocks = Math.ceil(width / 8) * Math.ceil(height / 8)
  const dqt = segment(0xdb, Buffer.from([0x00, ...new Array<number>(64).fill(1)]))
  const sof = segment(
    0xc2,
    Buffer.from([8, height >> 8, height & 255, width >> 8, width & 255, 1, 1, 0x11, 0])
  )
  // DC table 0: one symbol (category 0) with the 1-bit code "0".
  const dhtDc = segment(0xc4, Buffer.from([0x00, 1, ...new Array<number>(15).fill(0), 0]))
  const counts = new Array<number>(16).fill(0)
  counts[3] = AC_SYMBOLS.length
  const dhtAc = segment(0xc4, Buffer.from([0x10, ...counts, ...AC_SYMBOLS]))
  const sos = (ss: number, se: number, ah: number, al: number): Buffer =>
    segment(0xda, Buffer.from([1, 1, 0x00, ss, se, (ah << 4) | al]))
  // DC first scan: one "0" bit per block (a difference of 0 from the mid-grey prediction).
  const dcData = new BitWriter()
  for (let i = 0; i < blocks; i++) dcData.put(0, 1)
  const ac = acScanData(blocks)
  const parts: Buffer[] = [
    Buffer.from([0xff, 0xd8]),
    dqt,
    sof,
    dhtDc,
    dhtAc,
    sos(0, 0, 0, 0),
    dcData.end(),
    sos(1, 63, 0, 1),
    ac,
    sos(1, 63, 1, 0),
    ac
  ]
  for (let i = 0; i < repeatLastScan; i++) parts.push(sos(1, 63, 1, 0), ac)
  parts.push(Buffer.from([0xff, 0xd9]))
  return new Uint8Array(Buffer.concat(parts))
}
