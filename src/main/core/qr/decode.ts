/**
 * The QR decoding cascade over one image (a screen capture or a decoded file):
 *
 * 1. Large images (over ~2.6 MP, e.g. 4K screens) are first read at half resolution: the grey
 *    plane is built straight from the BGRA/RGBA pixels with a 2x2 box filter, which costs half of
 *    a full-size conversion and makes zxing's work four times smaller. If nothing decodes, the
 *    same plane is read again with a fixed-threshold binarizer (blur, JPEG). Anything zxing
 *    located but could not decode is re-read from a full-resolution crop.
 * 2. If nothing decoded, the full-resolution plane is read (small codes on big screens).
 * 3. If still nothing, a fixed-threshold binarizer pass at full resolution recovers blurred and
 *    JPEG-compressed codes that the local-average binarizer breaks up.
 *
 * Light-on-dark (inverted) codes are looked for in every pass of a small image and in the
 * half-size passes of a large one. Results are de-duplicated by text.
 */
import { AppError } from '../../../shared/errors'
import { cropGreyInto, type GreyImage, type PixelImage, toGreyInto } from './grey'
import type { QrPoint, RawQr, ZxingQrReader } from './zxing'

/** A decoded QR code, in the coordinates of the source image. */
export interface DecodedQr {
  text: string
  /** The raw bytes of the code (for binary payloads). */
  bytes: Uint8Array
  /** Corners: top-left, top-right, bottom-right, bottom-left. */
  corners: QrPoint[]
  /** Light modules on a dark background. */
  inverted: boolean
  /** Which pass found it (for diagnostics and the benchmark). */
  pass: 'half' | 'crop' | 'full' | 'fixed'
}

export interface DecodeOptions {
  /** Images with more pixels than this are read at half resolution first. Default 2_600_000. */
  halfResAbovePixels?: number
  /** Skip the fixed-threshold rescue pass. */
  noFixedThreshold?: boolean
}

function bbox(corners: QrPoint[]): { x0: number; y0: number; x1: number; y1: number } {
  let x0 = Infinity
  let y0 = Infinity
  let x1 = -Infinity
  let y1 = -Infinity
  for (const p of corners) {
    x0 = Math.min(x0, p.x)
    y0 = Math.min(y0, p.y)
    x1 = Math.max(x1, p.x)
    y1 = Math.max(y1, p.y)
  }
  return { x0, y0, x1, y1 }
}

function scaled(corners: QrPoint[], f: number, dx = 0, dy = 0): QrPoint[] {
  return corners.map((p) => ({ x: p.x * f + dx, y: p.y * f + dy }))
}

/**
 * Finds every QR code in `img`. Pure CPU work on the calling thread; run it in a worker for
 * screen captures (see `createWorkerQrDecoder`).
 *
 * @throws AppError IMAGE_INVALID when the pixel buffer is smaller than its size says.
 */
export function decodeQrInImage(
  reader: ZxingQrReader,
  img: PixelImage,
  options: DecodeOptions = {}
): DecodedQr[] {
  const { width, height } = img
  if (width < 1 || height < 1) return []
  const stride = img.stride ?? width * 4
  if (
    !Number.isInteger(width) ||
    !Number.isInteger(height) ||
    stride < width * 4 ||
    img.data.length < stride * (height - 1) + width * 4
  ) {
    throw new AppError(
      'IMAGE_INVALID',
      'The captured picture is incomplete, so it cannot be scanned. Try again.'
    )
  }
  const found = new Map<string, DecodedQr>()
  const add = (r: RawQr, pass: DecodedQr['pass'], f: number, dx = 0, dy = 0): void => {
    if (!r.valid || found.has(r.text)) return
    found.set(r.text, {
      text: r.text,
      bytes: r.bytes,
      corners: scaled(r.corners, f, dx, dy),
      inverted: r.inverted,
      pass
    })
  }

  // The full-resolution grey plane as a JS array, only built when crops need it.
  let full: GreyImage | undefined
  const fullGrey = (): GreyImage => {
    if (!full) {
      const data = new Uint8Array(width * height)
      toGreyInto(img, 1, data)
      full = { width, height, data }
    }
    return full
  }

  const big =
    width * height > (options.halfResAbovePixels ?? 2_600_000) && width >= 64 && height >= 64
  if (big) {
    const hw = width >> 1
    const hh = height >> 1
    toGreyInto(img, 2, reader.plane(hw * hh))
    const located = reader.read(hw, hh, { returnErrors: true })
    for (const r of located) add(r, 'half', 2)
    // zxing does not change its input, so a second binarizer can read the same plane.
    if (found.size === 0 && !options.noFixedThreshold) {
      for (const r of reader.read(hw, hh, { binarizer: 'FixedThreshold' })) add(r, 'fixed', 2)
    }
    // Located but not decoded at half size: read that region at full resolution.
    for (const r of located) {
      if (r.valid) continue
      const b = bbox(scaled(r.corners, 2))
      const side = Math.max(b.x1 - b.x0, b.y1 - b.y0)
      const m = Math.ceil(side * 0.35) + 8
      const x = Math.max(0, Math.floor(b.x0 - m))
      const y = Math.max(0, Math.floor(b.y0 - m))
      const w = Math.min(width, Math.ceil(b.x1 + m)) - x
      const h = Math.min(height, Math.ceil(b.y1 + m)) - y
      if (w < 21 || h < 21) continue
      cropGreyInto(fullGrey(), x, y, w, h, reader.plane(w * h))
      let rs = reader.read(w, h)
      if (!rs.some((q) => q.valid)) rs = reader.read(w, h, { binarizer: 'FixedThreshold' })
      for (const q of rs) add(q, 'crop', 1, x, y)
    }
    if (found.size > 0) return [...found.values()]
  }

  // Full resolution, written straight into the wasm heap (or copied if crops already built it).
  const plane = reader.plane(width * height)
  if (full) plane.set(full.data)
  else toGreyInto(img, 1, plane)
  // On a big screen the half-size pass already looked for light-on-dark codes; here we look for
  // small dark-on-light ones only, which keeps an empty 4K screen within budget.
  for (const r of reader.read(width, height, { tryInvert: !big })) add(r, 'full', 1)
  if (found.size > 0 || options.noFixedThreshold) return [...found.values()]
  // Blurred or JPEG-compressed codes: a fixed threshold keeps modules the local average splits.
  for (const r of reader.read(width, height, { binarizer: 'FixedThreshold', tryInvert: !big })) {
    add(r, 'fixed', 1)
  }
  return [...found.values()]
}
