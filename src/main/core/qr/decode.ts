/**
 * The QR decoding cascade over one image (a screen capture or a decoded file):
 *
 * Large images (over ~2.6 MP, e.g. 4K screens, phone photos):
 * 1. The image is read at half resolution: the grey plane is built straight from the BGRA/RGBA
 *    pixels with a 2x2 box filter, which costs half of a full-size conversion and makes zxing's
 *    work four times smaller. If nothing decodes, the same plane is read again with a
 *    fixed-threshold binarizer (blur, JPEG). Anything zxing located but could not decode is
 *    re-read from a full-resolution crop.
 * 2. The full-resolution plane is always read, with every code found so far painted over: a
 *    small code (120-160 px) beside larger ones is too small for the half-size pass, and used to
 *    be missed whenever a larger code on the same screen stopped the cascade there. When the
 *    half-size pass found codes, this pass uses the cheaper fixed-threshold binarizer.
 * 3. If still nothing, a fixed-threshold pass at full resolution (blurred, JPEG-compressed codes
 *    that the local-average binarizer breaks up), then a global-histogram pass at half size
 *    (photos with glare or a gradient across the code).
 *
 * Small images (files, photos, one display at 1080p): full resolution with local-average, then
 * fixed-threshold; if nothing decoded, a global-histogram pass at full and at half resolution
 * (unevenly lit or noisy photos, printed codes whose modules bleed into each other).
 *
 * Light-on-dark (inverted) codes are looked for in every pass of a small image and in the
 * half-size passes of a large one. Results are de-duplicated by text.
 */
import { AppError } from '../../../shared/errors'
import { cropGreyInto, type GreyImage, halveGreyInto, type PixelImage, toGreyInto } from './grey'
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
  pass: 'half' | 'crop' | 'full' | 'fixed' | 'histogram'
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
  }

  // Full resolution, written straight into the wasm heap (or copied if crops already built it).
  const plane = reader.plane(width * height)
  if (full) plane.set(full.data)
  else toGreyInto(img, 1, plane)
  // Codes already read are painted over, so the full-size pass spends nothing on them and
  // finds the small ones beside them.
  for (const q of found.values()) maskCode(plane, width, height, q)
  if (big && found.size > 0) {
    // The half-size pass found codes, so this is a screen (or a photo) with codes on it: look for
    // small dark-on-light ones beside them with a fixed threshold, which reads crisp screen
    // codes as well as the local average at half its cost (about 15 vs 30 ms on 4K).
    for (const r of reader.read(width, height, { binarizer: 'FixedThreshold', tryInvert: false }))
      add(r, 'full', 1)
    return [...found.values()]
  }
  // On a big screen the half-size pass already looked for light-on-dark codes; here we look for
  // small dark-on-light ones only, which keeps a 4K screen within budget.
  for (const r of reader.read(width, height, { tryInvert: !big })) add(r, 'full', 1)
  if (found.size > 0 || options.noFixedThreshold) return [...found.values()]
  // Blurred or JPEG-compressed codes: a fixed threshold keeps modules the local average splits.
  for (const r of reader.read(width, height, { binarizer: 'FixedThreshold', tryInvert: !big })) {
    add(r, 'fixed', 1)
  }
  if (found.size > 0) return [...found.values()]
  // Photos: glare, a gradient across the code or bleeding ink break the local-average binarizer
  // up; one histogram threshold over the plane keeps the code whole. At half size too, where
  // photo noise and printed dot patterns average out (measured on the photo corpus).
  if (!big) {
    for (const r of reader.read(width, height, { binarizer: 'GlobalHistogram' })) {
      add(r, 'histogram', 1)
    }
    if (found.size > 0) return [...found.values()]
  }
  if (width >= 84 && height >= 84) {
    const hw = width >> 1
    const hh = height >> 1
    const half = reader.plane(hw * hh)
    if (full) halveGreyInto(full, half)
    else toGreyInto(img, 2, half)
    for (const r of reader.read(hw, hh, { binarizer: 'GlobalHistogram' })) add(r, 'histogram', 2)
  }
  return [...found.values()]
}

/** Paints a found code (with a margin) over in its background colour. */
function maskCode(plane: Uint8Array, width: number, height: number, q: DecodedQr): void {
  const b = bbox(q.corners)
  const m = Math.ceil(Math.max(b.x1 - b.x0, b.y1 - b.y0) * 0.08) + 2
  const x0 = Math.max(0, Math.floor(b.x0 - m))
  const y0 = Math.max(0, Math.floor(b.y0 - m))
  const x1 = Math.min(width, Math.ceil(b.x1 + m))
  const y1 = Math.min(height, Math.ceil(b.y1 + m))
  const v = q.inverted ? 0 : 255
  for (let y = y0; y < y1; y++) plane.fill(v, y * width + x0, y * width + x1)
}
