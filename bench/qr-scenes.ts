/**
 * Synthetic "screenshots" for the QR benchmark and tests, generated at run time (nothing binary
 * is committed): a page-like background (header bar, text lines, image blocks, buttons) with QR
 * codes drawn at a given on-screen size, optionally scaled (125 % / 150 % display scaling is
 * simulated by rendering with a non-integer module size and smoothing), blurred, JPEG-compressed
 * or shown on a dark page with light-on-dark modules.
 */
import jpeg from 'jpeg-js'
import QRCode from 'qrcode'

export interface SceneCode {
  text: string
  /** Left/top of the code's quiet zone, in screen pixels. */
  x: number
  y: number
  /** On-screen size of the code including a 4-module quiet zone, in pixels. */
  size: number
  /** Error correction level (default M). */
  ecc?: 'L' | 'M' | 'Q' | 'H'
}

export interface SceneSpec {
  width: number
  height: number
  codes: SceneCode[]
  dark?: boolean
  /** Box-blur radius in pixels applied to the whole shot. */
  blur?: number
  /** Round-trip through JPEG at this quality. */
  jpegQuality?: number
  seed?: number
}

export interface SceneImage {
  width: number
  height: number
  /** BGRA, as Electron's `toBitmap()` gives it. */
  bgra: Uint8Array
  /** RGBA, as the stock decoders and image files use. */
  rgba: Uint8Array
}

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1
  return () => {
    s ^= s << 13
    s ^= s >>> 17
    s ^= s << 5
    return (s >>> 0) / 4294967296
  }
}

function fillRect(
  g: Uint8Array,
  w: number,
  h: number,
  x0: number,
  y0: number,
  rw: number,
  rh: number,
  v: number
): void {
  const x1 = Math.min(w, x0 + rw)
  const y1 = Math.min(h, y0 + rh)
  for (let y = Math.max(0, y0); y < y1; y++) g.fill(v, y * w + Math.max(0, x0), y * w + x1)
}

/** Draws a page-like background into a grey plane (light page; inverted later for dark). */
function drawPage(g: Uint8Array, w: number, h: number, seed: number): void {
  const r = rng(seed)
  g.fill(250)
  fillRect(g, w, h, 0, 0, w, Math.round(h * 0.06), 60) // header bar
  fillRect(g, w, h, 0, 0, Math.round(w * 0.15), h, 235) // side bar
  // text lines: short dark dashes of "words"
  const lineH = Math.max(8, Math.round(h / 90))
  for (let y = Math.round(h * 0.1); y < h - lineH; y += lineH * 2) {
    let x = Math.round(w * 0.18)
    const end = w - Math.round(w * 0.05) - Math.floor(r() * w * 0.3)
    while (x < end) {
      const ww = 10 + Math.floor(r() * 60 * (w / 1920))
      fillRect(g, w, h, x, y, ww, Math.round(lineH * 0.7), 40 + Math.floor(r() * 40))
      x += ww + Math.round(lineH * 0.6)
    }
  }
  // a few photo-like noisy blocks and buttons
  for (let k = 0; k < 4; k++) {
    const bw = Math.round(w * (0.08 + r() * 0.1))
    const bh = Math.round(h * (0.08 + r() * 0.1))
    const bx = Math.round(w * 0.2 + r() * (w * 0.7 - bw))
    const by = Math.round(h * 0.1 + r() * (h * 0.85 - bh))
    for (let y = by; y < by + bh && y < h; y++)
      for (let x = bx; x < bx + bw && x < w; x++) g[y * w + x] = 90 + Math.floor(r() * 120)
    fillRect(g, w, h, bx, by + bh + 10, Math.round(bw / 2), 30, 30)
  }
}

/** Draws a QR (with quiet zone) into the grey plane with area-averaged sampling. */
function drawCode(g: Uint8Array, w: number, h: number, code: SceneCode): void {
  const qr = QRCode.create(code.text, { errorCorrectionLevel: code.ecc ?? 'M' })
  const n = qr.modules.size
  const total = n + 8
  const px = code.size / total
  const dark = (mx: number, my: number): number => {
    const ix = mx - 4
    const iy = my - 4
    if (ix < 0 || iy < 0 || ix >= n || iy >= n) return 0
    return qr.modules.get(iy, ix) ? 1 : 0
  }
  // 3x3 supersampling per screen pixel gives the anti-aliased edges of a scaled page
  for (let sy = 0; sy < code.size; sy++) {
    const yy = code.y + sy
    if (yy < 0 || yy >= h) continue
    for (let sx = 0; sx < code.size; sx++) {
      const xx = code.x + sx
      if (xx < 0 || xx >= w) continue
      let acc = 0
      for (let a = 0; a < 3; a++)
        for (let b = 0; b < 3; b++)
          acc += dark(Math.floor((sx + (b + 0.5) / 3) / px), Math.floor((sy + (a + 0.5) / 3) / px))
      g[yy * w + xx] = Math.round(255 - (acc / 9) * 255)
    }
  }
}

function boxBlur(g: Uint8Array, w: number, h: number, r: number): Uint8Array {
  const tmp = new Uint8Array(g.length)
  const out = new Uint8Array(g.length)
  const d = 2 * r + 1
  for (let y = 0; y < h; y++) {
    let s = 0
    const row = y * w
    for (let x = -r; x <= r; x++) s += g[row + Math.min(w - 1, Math.max(0, x))]!
    for (let x = 0; x < w; x++) {
      tmp[row + x] = Math.round(s / d)
      s += g[row + Math.min(w - 1, x + r + 1)]! - g[row + Math.max(0, x - r)]!
    }
  }
  for (let x = 0; x < w; x++) {
    let s = 0
    for (let y = -r; y <= r; y++) s += tmp[Math.min(h - 1, Math.max(0, y)) * w + x]!
    for (let y = 0; y < h; y++) {
      out[y * w + x] = Math.round(s / d)
      s += tmp[Math.min(h - 1, y + r + 1) * w + x]! - tmp[Math.max(0, y - r) * w + x]!
    }
  }
  return out
}

/** Renders a scene to BGRA and RGBA pixel buffers. */
export function renderScene(spec: SceneSpec): SceneImage {
  const { width: w, height: h } = spec
  let g: Uint8Array = new Uint8Array(w * h)
  drawPage(g, w, h, spec.seed ?? 7)
  for (const c of spec.codes) drawCode(g, w, h, c)
  if (spec.dark) for (let i = 0; i < g.length; i++) g[i] = 255 - g[i]! // dark mode: light modules
  if (spec.blur) g = boxBlur(g, w, h, spec.blur)
  const rgba = new Uint8Array(w * h * 4)
  // a slight colour tint so R, G and B differ (the grey conversion has to get the weights right)
  for (let i = 0, j = 0; i < g.length; i++, j += 4) {
    const v = g[i]!
    rgba[j] = Math.min(255, v + 3)
    rgba[j + 1] = v
    rgba[j + 2] = Math.max(0, v - 4)
    rgba[j + 3] = 255
  }
  let finalRgba = rgba
  if (spec.jpegQuality) {
    const enc = jpeg.encode({ data: rgba, width: w, height: h }, spec.jpegQuality)
    finalRgba = new Uint8Array(jpeg.decode(enc.data, { useTArray: true, formatAsRGBA: true }).data)
  }
  const bgra = new Uint8Array(finalRgba.length)
  for (let j = 0; j < finalRgba.length; j += 4) {
    bgra[j] = finalRgba[j + 2]!
    bgra[j + 1] = finalRgba[j + 1]!
    bgra[j + 2] = finalRgba[j]!
    bgra[j + 3] = 255
  }
  return { width: w, height: h, bgra, rgba: finalRgba }
}

/** A mixed-size screen: codes of different sizes on one capture, each with the text it holds. */
export interface MixedScene {
  name: string
  spec: SceneSpec
}

function mixedText(scene: number, i: number): string {
  const secret = 'JBSWY3DPEHPK3PXP' + 'QRSTUVWXYZ234567'.slice(0, (scene * 5 + i * 3) % 16)
  // As long as a typical setup link (label, issuer): a version 5-6 code, whose modules are about
  // 1.5 px at half size when the code is 160 px on screen, and 2.6-3 px at full size when it is
  // 120 px (zxing cannot read a code much under 2.5 px per module even on its own).
  return `otpauth://totp/Mixed%20Service%20${scene}-${i}:first.last${i}@example.org?secret=${secret}&issuer=Mixed%20Service%20${scene}-${i}`
}

/**
 * Screens holding several codes of different sizes (120-300 px, the range of setup codes on
 * 4K and 8K-wide desktops at 100-200 % scaling), on one 4K display (3840x2160) or two side by
 * side (7680x2160). Deterministic: the same scenes on every run, placed without overlap in a
 * grid of cells with a seeded jitter, always including one code of 160 px or less beside larger
 * ones (the case the half-size pass used to lose).
 */
export function mixedSizeScenes(): MixedScene[] {
  const r = rng(1515)
  const out: MixedScene[] = []
  const layouts: { width: number; codes: number; count: number }[] = [
    { width: 3840, codes: 3, count: 6 },
    { width: 3840, codes: 4, count: 2 },
    { width: 7680, codes: 3, count: 4 },
    { width: 7680, codes: 5, count: 2 }
  ]
  let scene = 0
  for (const l of layouts) {
    for (let k = 0; k < l.count; k++, scene++) {
      const height = 2160
      const cols = l.width === 3840 ? 4 : 8
      const cellW = Math.floor((l.width * 0.82) / cols)
      const cellH = Math.floor((height * 0.86) / 2)
      const cells = [...Array(cols * 2).keys()].sort(() => r() - 0.5).slice(0, l.codes)
      const codes: SceneCode[] = cells.map((cell, i) => {
        // the first code is the small one, the rest anywhere in 120-300 px
        const size = i === 0 ? 120 + Math.floor(r() * 41) : 120 + Math.floor(r() * 181)
        const cx = l.width * 0.16 + (cell % cols) * cellW
        const cy = height * 0.1 + Math.floor(cell / cols) * cellH
        return {
          text: mixedText(scene, i),
          x: Math.round(cx + r() * Math.max(0, cellW - size - 10)),
          y: Math.round(cy + r() * Math.max(0, cellH - size - 10)),
          size
        }
      })
      const sizes = codes.map((c) => c.size).join('/')
      const wide = l.width === 3840 ? '4K' : '2x4K'
      out.push({
        name: `${wide} mixed ${sizes}`,
        spec: { width: l.width, height, codes, seed: 100 + scene }
      })
    }
  }
  return out
}
