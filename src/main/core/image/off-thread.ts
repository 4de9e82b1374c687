/**
 * Decodes images in a short-lived worker thread with a time limit. jpeg-js, pngjs and omggif are
 * synchronous: on main's own thread a slow image would block everything else the process does,
 * including the auto-lock timer and the clipboard clearing. In a worker the picture is decoded
 * while main keeps running, and a decode that outlasts the limit is stopped by ending the thread.
 */
import { AppError, isErrorCode, type ErrorShape } from '../../../shared/errors'
import type { PixelImage } from '../qr/grey'
import { runOneShot } from '../worker/one-shot'
import type { ImageLimits } from './index'

/** Turns an encoded image into pixels; {@link decodeImage} in-process, or off the thread. */
export type ImageDecode = (bytes: Uint8Array, limits?: ImageLimits) => Promise<PixelImage>

/** What the worker is asked. */
export interface ImageWorkerRequest {
  bytes: Uint8Array
  limits?: ImageLimits
}

/** What the worker answers (the pixels' buffer is transferred, not copied). */
export type ImageWorkerReply =
  | {
      ok: true
      width: number
      height: number
      stride?: number
      order: PixelImage['order']
      data: Uint8Array
    }
  | { ok: false; error: ErrorShape }

export interface OffThreadImageOptions {
  /**
   * The worker script. Defaults to the one beside this module (through a tsx bootstrap when
   * running from TypeScript); the bundled app passes its separately built worker entry.
   */
  workerUrl?: URL | string
  /**
   * Stops a decode after this long. Default 20 s: the largest image the limits allow decodes in
   * a few seconds on a slow machine; the guards refuse the known bombs before decoding.
   */
  timeoutMs?: number
}

/** Default time limit of one decode. */
export const DEFAULT_DECODE_TIMEOUT_MS = 20_000

function defaultWorkerUrl(): URL {
  const here = import.meta.url
  return new URL(here.endsWith('.ts') ? './worker-dev.mjs' : './image-worker.js', here)
}

function seconds(ms: number): string {
  const s = Math.max(1, Math.round(ms / 1000))
  return s === 1 ? '1 second' : `${s} seconds`
}

function fromShape(error: ErrorShape): AppError {
  const code = isErrorCode(error.code) ? error.code : 'IMAGE_INVALID'
  return new AppError(code, error.message, error.details ? { details: error.details } : undefined)
}

/**
 * An {@link ImageDecode} that runs each call in its own worker thread, ended when it answers or
 * after `timeoutMs`. Same results and errors as the in-process `decodeImage`.
 *
 * @throws AppError as decodeImage does; IMAGE_INVALID (details.timedOut) when the decode took
 *   longer than `timeoutMs`; INTERNAL when the thread could not start or stopped (reinstall).
 */
export function createOffThreadImageDecoder(options: OffThreadImageOptions = {}): ImageDecode {
  const workerUrl = options.workerUrl ?? defaultWorkerUrl()
  const timeoutMs = options.timeoutMs ?? DEFAULT_DECODE_TIMEOUT_MS
  return async (bytes, limits) => {
    // A copy: the caller's bytes may share Node's Buffer pool, and the caller wipes them.
    const request: ImageWorkerRequest = limits
      ? { bytes: Uint8Array.from(bytes), limits }
      : { bytes: Uint8Array.from(bytes) }
    const reply = await runOneShot<ImageWorkerReply>(workerUrl, request, {
      timeoutMs,
      transfer: [request.bytes.buffer as ArrayBuffer],
      errors: {
        start: (cause) =>
          new AppError('INTERNAL', 'Tessera could not start reading the image. Restart the app.', {
            cause
          }),
        timeout: () =>
          new AppError(
            'IMAGE_INVALID',
            `Reading this image took longer than ${seconds(timeoutMs)} and was stopped. Use a plain screenshot of the QR code (PNG).`,
            { details: { timedOut: true } }
          ),
        crashed: (cause) =>
          new AppError(
            'IMAGE_INVALID',
            'This file could not be read as an image. Use a PNG, JPEG, WebP or GIF screenshot of the QR code.',
            { cause }
          ),
        exited: (code) =>
          new AppError(
            'INTERNAL',
            `Reading the image stopped unexpectedly (exit ${code}). Try again.`
          )
      }
    })
    if (!reply.ok) throw fromShape(reply.error)
    return {
      width: reply.width,
      height: reply.height,
      order: reply.order,
      data: reply.data,
      ...(reply.stride === undefined ? {} : { stride: reply.stride })
    }
  }
}
