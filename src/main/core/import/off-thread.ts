/**
 * Runs {@link importFile} in a worker thread. Some backups derive their key with a synchronous
 * library call (Ente's Argon2id through libsodium: 256 MiB x 16 passes takes 5-15 s here); on
 * main's own thread that would freeze every window until it finished.
 */
import { AppError, isErrorCode, type ErrorShape } from '../../../shared/errors'
import type { ImportFileOptions, ImportFileResult } from './index'
import { runOneShot } from '../worker/one-shot'

/** What the worker answers. */
export type OffThreadReply =
  { ok: true; result: ImportFileResult } | { ok: false; error: ErrorShape }

/** What the worker is asked. */
export interface OffThreadRequest {
  bytes: Uint8Array
  options: ImportFileOptions
}

export interface OffThreadImportOptions {
  /**
   * The worker script. Defaults to the one beside this module (through a tsx bootstrap when
   * running from TypeScript); the bundled app passes its separately built worker entry.
   */
  workerUrl?: URL | string
  /** Gives up (and stops the thread) after this long. Default 2 minutes. */
  timeoutMs?: number
}

function defaultWorkerUrl(): URL {
  const here = import.meta.url
  return new URL(
    here.endsWith('.ts') ? './off-thread-worker-dev.mjs' : './off-thread-worker.js',
    here
  )
}

function cancelled(): AppError {
  return new AppError('CANCELLED', 'Reading the backup was stopped. Choose the file again.')
}

function fromShape(error: ErrorShape): AppError {
  const code = isErrorCode(error.code) ? error.code : 'IMPORT_CORRUPT'
  return new AppError(code, error.message, error.details ? { details: error.details } : undefined)
}

/**
 * An `importFile` that runs each call in its own short-lived worker thread. Same results and
 * errors as the in-process one; main's event loop stays free while a key is derived. Aborting
 * `signal` terminates the thread.
 *
 * @throws AppError as importFile does; TIMEOUT when the worker did not answer in time, CANCELLED
 *   when `signal` aborted, INTERNAL when it could not start (reinstall the app).
 */
export function createOffThreadImport(
  options: OffThreadImportOptions = {}
): (bytes: Uint8Array, opts: ImportFileOptions, signal?: AbortSignal) => Promise<ImportFileResult> {
  const workerUrl = options.workerUrl ?? defaultWorkerUrl()
  const timeoutMs = options.timeoutMs ?? 120_000
  return async (bytes, opts, signal) => {
    const request: OffThreadRequest = { bytes: Uint8Array.from(bytes), options: opts }
    const reply = await runOneShot<OffThreadReply>(workerUrl, request, {
      timeoutMs,
      // Closing the import stops the thread at once, freeing its memory (Argon2 may hold 1 GiB).
      ...(signal ? { signal } : {}),
      errors: {
        cancelled,
        start: (cause) =>
          new AppError('INTERNAL', 'Tessera could not start reading the file. Restart the app.', {
            cause
          }),
        timeout: () =>
          new AppError(
            'TIMEOUT',
            'Reading the backup took too long and was stopped. Try again; if it keeps happening, export the backup again.'
          ),
        crashed: (cause) =>
          new AppError(
            'IMPORT_CORRUPT',
            'Tessera could not read this backup: it seems damaged or unusual. Export it again from the app.',
            { cause, details: { unexpected: true } }
          ),
        exited: (code) =>
          new AppError(
            'INTERNAL',
            `Reading the backup stopped unexpectedly (exit ${code}). Try again.`
          )
      }
    })
    if (!reply.ok) throw fromShape(reply.error)
    return reply.result
  }
}
