/**
 * Image files to pixels for QR scanning: PNG, JPEG, WebP and the first frame of a GIF. The size is
 * read from the file header and checked against a limit BEFORE any pixel is decoded, so a tiny
 * file claiming 20000 x 20000 pixels cannot make us allocate gigabytes.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import jpeg from 'jpeg-js'
import omggif from 'omggif'
import { PNG } from 'pngjs'
import { AppError } from '../../../shared/errors'
import type { PixelImage } from '../qr/grey'
import { checkJpegStructure } from './jpeg-guard'
import { checkPngInflatedSize, readPngLayout } from './png-guard'

export type ImageFormat = 'png' | 'jpeg' | 'gif' | 'webp'

export interface ImageHeader {
  format: ImageFormat
  width: number
  height: number
}

export interface ImageLimits {
  /** Largest width x height accepted. Default 40 megapixels (above 7680 x 4320 = 33.2 MP). */
  maxPixels?: number
  /** Largest width or height accepted. Default 16384. */
  maxSide?: number
}

export const DEFAULT_MAX_PIXELS = 40_000_000
export const DEFAULT_MAX_SIDE = 16_384

function notImage(what: string, cause?: unknown): AppError {
  return new AppError(
    'IMAGE_INVALID',
    `This file could not be read as an image: ${what}. Use a PNG, JPEG, WebP or GIF screenshot of the QR code.`,
    cause === undefined ? undefined : { cause }
  )
}

const u16be = (b: Uint8Array, i: number): number => (b[i]! << 8) | b[i + 1]!
const u16le = (b: Uint8Array, i: number): number => b[i]! | (b[i + 1]! << 8)
const u24le = (b: Uint8Array, i: number): number => b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16)
const u32be = (b: Uint8Array, i: number): number =>
  ((b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!) >>> 0
const ascii = (b: Uint8Array, i: number, n: number): string =>
  String.fromCharCode(...b.subarray(i, i + n))

function jpegSize(b: Uint8Array): { width: number; height: number } {
  let i = 2
  while (i + 4 <= b.length) {
    if (b[i] !== 0xff) throw notImage('the JPEG structure is damaged')
    const marker = b[i + 1]!
    if (marker === 0xff) {
      i++
      continue
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      i += 2
      continue
    }
    const len = u16be(b, i + 2)
    const isSof =
      marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc
    if (isSof) {
      if (i + 9 > b.length) break
      return { height: u16be(b, i + 5), width: u16be(b, i + 7) }
    }
    if (marker === 0xd9 || marker === 0xda) break
    i += 2 + len
  }
  throw notImage('the file ends before the JPEG says how big it is')
}

/**
 * Identifies the format and reads the pixel size from the header only.
 *
 * @throws AppError IMAGE_INVALID when the bytes are not a PNG, JPEG, WebP or GIF, or the header
 *   is cut short.
 */
export function readImageHeader(bytes: Uint8Array): ImageHeader {
  const b = bytes
  if (b.length >= 8 && b[0] === 0x89 && ascii(b, 1, 3) === 'PNG') {
    if (b.length < 24 || ascii(b, 12, 4) !== 'IHDR') throw notImage('the PNG header is cut short')
    return { format: 'png', width: u32be(b, 16), height: u32be(b, 20) }
  }
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) {
    return { format: 'jpeg', ...jpegSize(b) }
  }
  if (b.length >= 6 && (ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a')) {
    if (b.length < 10) throw notImage('the GIF header is cut short')
    return { format: 'gif', width: u16le(b, 6), height: u16le(b, 8) }
  }
  if (b.length >= 12 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP') {
    if (b.length < 30) throw notImage('the WebP header is cut short')
    const chunk = ascii(b, 12, 4)
    if (chunk === 'VP8X')
      return { format: 'webp', width: u24le(b, 24) + 1, height: u24le(b, 27) + 1 }
    if (chunk === 'VP8L') {
      const bits = (b[21]! | (b[22]! << 8) | (b[23]! << 16) | (b[24]! << 24)) >>> 0
      return { format: 'webp', width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 }
    }
    if (chunk === 'VP8 ') {
      return { format: 'webp', width: u16le(b, 26) & 0x3fff, height: u16le(b, 28) & 0x3fff }
    }
    throw notImage('the WebP file uses an unknown layout')
  }
  throw notImage('it is not a PNG, JPEG, WebP or GIF file')
}

/**
 * Refuses images larger than the limits, stating them.
 *
 * @throws AppError IMAGE_TOO_LARGE or IMAGE_INVALID (zero size).
 */
export function checkImageSize(h: ImageHeader, limits: ImageLimits = {}): void {
  const maxPixels = limits.maxPixels ?? DEFAULT_MAX_PIXELS
  const maxSide = limits.maxSide ?? DEFAULT_MAX_SIDE
  if (h.width < 1 || h.height < 1) throw notImage('it says it has no pixels')
  if (h.width > maxSide || h.height > maxSide || h.width * h.height > maxPixels) {
    throw new AppError(
      'IMAGE_TOO_LARGE',
      `This image is ${h.width} x ${h.height} pixels; Tessera scans images up to ` +
        `${(maxPixels / 1_000_000).toFixed(0)} megapixels and ${maxSide} pixels on a side. ` +
        'Crop the screenshot around the QR code and try again.',
      { details: { width: h.width, height: h.height, maxPixels, maxSide } }
    )
  }
}

let webpReady:
  | Promise<(buf: ArrayBuffer) => Promise<{ data: unknown; width: unknown; height: unknown }>>
  | undefined

async function webpDecoder(): Promise<
  (buf: ArrayBuffer) => Promise<{ data: unknown; width: unknown; height: unknown }>
> {
  if (!webpReady) {
    webpReady = (async () => {
      const mod = await import('@jsquash/webp/decode.js')
      const require = createRequire(import.meta.url)
      // The codec's wasm sits next to its JS inside the installed package (never fetched).
      const wasmPath = require.resolve('@jsquash/webp/codec/dec/webp_dec.wasm')
      // lib.dom is not in the main process's types, so reach the global through a narrow type.
      const wasm = (
        globalThis as unknown as { WebAssembly: { Module: new (b: Uint8Array) => object } }
      ).WebAssembly
      await (mod.init as (m: object) => Promise<void>)(new wasm.Module(readFileSync(wasmPath)))
      return mod.default as (
        buf: ArrayBuffer
      ) => Promise<{ data: unknown; width: unknown; height: unknown }>
    })()
    webpReady.catch(() => {
      webpReady = undefined
    })
  }
  return webpReady
}

/**
 * Runs a synchronous decoder with console.log silenced: omggif prints "Warning, gif stream
 * shorter than expected." on stdout for a cut-short file, which broke `tessera scan --json`.
 */
function quietly<T>(fn: () => T): T {
  const log = console.log
  console.log = () => undefined
  try {
    return fn()
  } finally {
    console.log = log
  }
}

function rgbaOf(width: number, height: number, data: Uint8Array): PixelImage {
  if (data.length < width * height * 4) throw notImage('the picture data is incomplete')
  return { width, height, order: 'rgba', data }
}

/**
 * Decodes an image file to RGBA pixels (GIF: the first frame). The header is checked against
 * `limits` before decoding.
 *
 * @throws AppError IMAGE_TOO_LARGE with the limit in the message; IMAGE_INVALID for anything
 *   that is not a complete PNG, JPEG, WebP or GIF (including truncated files).
 */
export async function decodeImage(
  bytes: Uint8Array,
  limits: ImageLimits = {}
): Promise<PixelImage> {
  const header = readImageHeader(bytes)
  checkImageSize(header, limits)
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  switch (header.format) {
    case 'png': {
      const layout = readPngLayout(bytes)
      // pngjs bounds a non-interlaced image's inflation by its header itself (and the bomb test
      // pins that), but inflates interlaced data without any limit: check that one first.
      if (layout.interlaced) await checkPngInflatedSize(layout)
      let png: { width: number; height: number; data: Buffer }
      try {
        png = PNG.sync.read(buf)
      } catch (cause) {
        throw notImage('the PNG data is damaged or cut short', cause)
      }
      return rgbaOf(
        png.width,
        png.height,
        new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.length)
      )
    }
    case 'jpeg': {
      // A complete JPEG ends with EOI; jpeg-js would otherwise return a half-grey picture.
      if (!(bytes[bytes.length - 2] === 0xff && bytes[bytes.length - 1] === 0xd9)) {
        throw notImage('the JPEG data is cut short')
      }
      // Scans and markers are counted before jpeg-js, which would decode any number of them.
      checkJpegStructure(bytes)
      try {
        const maxPixels = limits.maxPixels ?? DEFAULT_MAX_PIXELS
        const img = jpeg.decode(buf, {
          useTArray: true,
          formatAsRGBA: true,
          tolerantDecoding: true,
          maxResolutionInMP: maxPixels / 1_000_000,
          maxMemoryUsageInMB: Math.ceil((maxPixels * 6) / 1_000_000)
        })
        return rgbaOf(img.width, img.height, img.data)
      } catch (cause) {
        throw notImage('the JPEG data is damaged', cause)
      }
    }
    case 'gif': {
      try {
        const reader = new omggif.GifReader(buf)
        if (reader.numFrames() < 1) throw notImage('the GIF has no frames')
        // The size checked above is the GIF's screen; a frame has its own, and omggif allocates
        // and walks every pixel of it: a 40-byte file with a 10 x 10 screen and a 65535 x 65535
        // frame took minutes and gigabytes. A frame outside the screen is never shown anyway.
        const f = reader.frameInfo(0)
        if (f.x + f.width > reader.width || f.y + f.height > reader.height) {
          throw notImage('its first frame is larger than the picture')
        }
        const data = new Uint8Array(reader.width * reader.height * 4)
        // Transparent pixels stay white, as a viewer on a light page would show them.
        data.fill(255)
        quietly(() => reader.decodeAndBlitFrameRGBA(0, data))
        return rgbaOf(reader.width, reader.height, data)
      } catch (cause) {
        if (cause instanceof AppError) throw cause
        throw notImage('the GIF data is damaged or cut short', cause)
      }
    }
    case 'webp': {
      const decode = await webpDecoder()
      let out: { data: unknown; width: unknown; height: unknown }
      try {
        const ab = bytes.buffer.slice(
          bytes.byteOffset,
          bytes.byteOffset + bytes.byteLength
        ) as ArrayBuffer
        out = await decode(ab)
      } catch (cause) {
        throw notImage('the WebP data is damaged or cut short', cause)
      }
      const { data, width, height } = out
      if (
        !(data instanceof Uint8ClampedArray || data instanceof Uint8Array) ||
        typeof width !== 'number' ||
        typeof height !== 'number'
      ) {
        throw notImage('the WebP decoder returned no picture')
      }
      return rgbaOf(width, height, new Uint8Array(data.buffer, data.byteOffset, data.byteLength))
    }
  }
}
