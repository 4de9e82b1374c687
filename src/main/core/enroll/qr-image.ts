/**
 * The QR image a 2FA server sends with new credentials, read with Tessera's own decoder. UCloud's
 * current (Go) server sends the secret only inside that image, so the image is untrusted input
 * like any scanned file: it goes through the same header checks and size limits as a scan, and
 * only an `otpauth://` text found in it is used.
 */
import { AppError } from '../../../shared/errors'
import { decodeImage, type ImageLimits } from '../image'
import type { ImageDecode } from '../image/off-thread'
import { createInProcessQrDecoder, type QrDecoder } from '../qr/decoder'

/** Finds the texts of every QR code in an encoded image (PNG, JPEG, WebP or GIF). */
export type QrImageReader = (bytes: Uint8Array) => Promise<string[]>

export interface QrImageReaderOptions {
  /** Turns the image into pixels; the scans' in-process decoder by default (the app: off-thread). */
  decodeImage?: ImageDecode
  /** The scans' limits (40 MP, 16384 px a side) unless given. */
  limits?: ImageLimits
  /** A QR decoder; by default one made for each image and closed after it. */
  decoder?: () => QrDecoder
}

/**
 * Largest QR image accepted, in base64 characters (about 384 KB of PNG). A server's enrollment
 * QR is a few KB; the reply as a whole is capped at 1 MB by the transport already.
 */
export const MAX_QR_IMAGE_CHARS = 512 * 1024

/** A reader with the same decoders and limits as a scan. */
export function createQrImageReader(opts: QrImageReaderOptions = {}): QrImageReader {
  return async (bytes) => {
    const image = await (opts.decodeImage ?? decodeImage)(bytes, opts.limits)
    const decoder = (opts.decoder ?? (() => createInProcessQrDecoder()))()
    try {
      return (await decoder.decode(image)).map((q) => q.text)
    } finally {
      await decoder.close()
    }
  }
}

function unreadable(reason: string, message: string, cause?: unknown): AppError {
  return new AppError('MALFORMED_RESPONSE', message, {
    ...(cause !== undefined ? { cause } : {}),
    details: { field: 'qrCodeB64Data', reason }
  })
}

const DATA_URL = /^data:image\/(?:png|jpeg|jpg|gif|webp);base64,/i

/**
 * Reads the otpauth URI out of a server's `qrCodeB64Data` (a `data:image/…;base64,` URL, or
 * bare base64 as older servers send it).
 *
 * @throws AppError MALFORMED_RESPONSE (details.reason `qr-too-large`, `qr-not-image`,
 *   `qr-no-code`, `qr-no-otpauth` or `qr-several`) when the image cannot give exactly one
 *   otpauth URI. Nothing has been stored at that point.
 */
export async function readOtpauthFromQr(data: string, reader: QrImageReader): Promise<string> {
  if (data.length > MAX_QR_IMAGE_CHARS) {
    throw unreadable(
      'qr-too-large',
      `The server sent a QR image larger than Tessera accepts (${Math.round(data.length / 1024)} KB of text). Nothing was saved; tell the server administrator.`
    )
  }
  const b64 = data.replace(DATA_URL, '').replace(/\s+/g, '')
  if (b64.length === 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(b64) || b64.length % 4 === 1) {
    throw unreadable(
      'qr-not-image',
      'The server sent a QR image that is not valid base64. Nothing was saved; tell the server administrator.'
    )
  }
  let texts: string[]
  try {
    texts = await reader(new Uint8Array(Buffer.from(b64, 'base64')))
  } catch (err) {
    const code = err instanceof AppError ? err.code : 'INTERNAL'
    throw unreadable(
      code === 'IMAGE_TOO_LARGE' ? 'qr-too-large' : 'qr-not-image',
      code === 'IMAGE_TOO_LARGE'
        ? 'The server sent a QR image larger than Tessera scans (the same limits as any scanned image). Nothing was saved; tell the server administrator.'
        : 'The server sent a QR image Tessera could not read as a picture. Nothing was saved; tell the server administrator.',
      err
    )
  }
  if (texts.length === 0) {
    throw unreadable(
      'qr-no-code',
      'No QR code could be read in the image the server sent, and it sent the secret nowhere else. Nothing was saved; try again, or tell the server administrator.'
    )
  }
  const uris = [...new Set(texts.filter((t) => /^otpauth:\/\//i.test(t.trim())))]
  if (uris.length === 0) {
    throw unreadable(
      'qr-no-otpauth',
      'The QR code the server sent holds no otpauth:// setup link. Nothing was saved; tell the server administrator.'
    )
  }
  if (uris.length > 1) {
    throw unreadable(
      'qr-several',
      'The image the server sent holds more than one setup code, so Tessera cannot tell which is meant. Nothing was saved; tell the server administrator.'
    )
  }
  return uris[0]!.trim()
}
