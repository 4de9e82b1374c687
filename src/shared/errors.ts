/**
 * Typed application errors. Every failure that crosses a boundary (IPC, CLI, HTTP to a 2FA
 * server) is an AppError with a code from this closed union and a message that tells the user
 * what to do next. Unknown failures become INTERNAL.
 */
export const ERROR_CODES = [
  // input
  'INVALID_URI',
  'INVALID_INPUT',
  'INVALID_SECRET',
  'DUPLICATE',
  'NOT_FOUND',
  // keychain
  'KEYCHAIN_UNAVAILABLE',
  'KEYCHAIN_LOCKED',
  'KEYCHAIN_ITEM_MISSING',
  'KEYCHAIN_ITEM_CORRUPT',
  // vault
  'VAULT_LOCKED',
  'VAULT_MISSING',
  'VAULT_EXISTS',
  'VAULT_CORRUPT',
  'VAULT_BUSY',
  'WRONG_PASSWORD',
  'IO',
  // images and QR
  'IMAGE_INVALID',
  'IMAGE_TOO_LARGE',
  'QR_NOT_FOUND',
  'QR_UNSUPPORTED',
  'MIGRATION_INVALID',
  'CAPTURE_FAILED',
  // import / export
  'IMPORT_FORMAT',
  'IMPORT_CORRUPT',
  'UNSUPPORTED',
  'PASSWORD_REQUIRED',
  // servers and enrollment
  'SERVER_REJECTED',
  'WRONG_CODE',
  'CHALLENGE_EXPIRED',
  'ALREADY_ENROLLED',
  'NOT_ENROLLED',
  'TOKEN_EXPIRED',
  'LOCKED_OUT',
  'RATE_LIMITED',
  'SERVER_ERROR',
  'MALFORMED_RESPONSE',
  'SECRET_MISMATCH',
  'TLS',
  'NETWORK',
  'TIMEOUT',
  'AMBIGUOUS',
  'CLOCK_SKEW',
  'INSECURE_URL',
  // policy and everything else
  'POLICY_FORBIDDEN',
  'CANCELLED',
  'INTERNAL'
] as const

export type ErrorCode = (typeof ERROR_CODES)[number]

/** Extra, non-secret facts an error may carry for the UI (never a secret or a stack). */
export interface ErrorDetails {
  /** Seconds to wait before retrying (RATE_LIMITED, from Retry-After). */
  retryAfter?: number
  /** Attempts the server says are left (WRONG_CODE). */
  attemptsLeft?: number
  /** A file the user should know about (e.g. where the vault backup is). */
  path?: string
  /** HTTP status a server answered with. */
  status?: number
  /** Anything else that is safe to show; strings and numbers only. */
  [key: string]: string | number | boolean | undefined
}

export interface ErrorShape {
  code: ErrorCode
  message: string
  details?: ErrorDetails
}

export class AppError extends Error {
  readonly code: ErrorCode
  readonly details?: ErrorDetails

  constructor(
    code: ErrorCode,
    message: string,
    options?: { cause?: unknown; details?: ErrorDetails }
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'AppError'
    this.code = code
    if (options?.details) this.details = options.details
  }

  toJSON(): ErrorShape {
    return this.details
      ? { code: this.code, message: this.message, details: this.details }
      : { code: this.code, message: this.message }
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value)
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError
}

/** The envelope every IPC handler resolves to. It never rejects. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorShape }

export const ok = <T>(value: T): Result<T> => ({ ok: true, value })
export const fail = (error: ErrorShape): Result<never> => ({ ok: false, error })

/**
 * Converts anything thrown into a safe ErrorShape. AppErrors keep their code and message;
 * anything else becomes INTERNAL with a generic message, so no stack or secret crosses.
 */
export function toErrorShape(err: unknown): ErrorShape {
  if (err instanceof AppError) return err.toJSON()
  return {
    code: 'INTERNAL',
    message:
      'Something went wrong inside Tessera. Try again; if it keeps happening, restart the app.'
  }
}
