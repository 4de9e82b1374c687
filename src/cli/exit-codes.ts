import type { ErrorCode } from '../shared/errors'

/** The documented exit codes of `tessera`. */
export const EXIT = {
  OK: 0,
  /** Wrong command line (unknown command or flag, missing argument), or an unexpected failure. */
  USAGE: 1,
  /**
   * The input is invalid (bad URI, bad secret, unknown id, bad image...), including a file the
   * user named (import, export --out, scan) that is missing, a folder or unreadable: commands
   * raise NOT_FOUND / INVALID_INPUT for those, never IO.
   */
  INVALID_INPUT: 2,
  /**
   * The vault or the keychain cannot be used (locked, missing, damaged, wrong password), or
   * Tessera's own files cannot be (IO: the data folder, the vault, the audit log).
   */
  VAULT: 3,
  /** The network failed (no connection, timeout, TLS, a server's own failure). */
  NETWORK: 4,
  /** A server understood and said no (rejected, wrong code, rate limited...). */
  REJECTED: 5,
  /**
   * A managed policy forbids it (POLICY_FORBIDDEN): IT turned the action off on this computer.
   * The message names the policy and whom to ask; retrying will not help.
   */
  POLICY: 6,
  /**
   * It is already there, and nothing was written (DUPLICATE): `tessera add` of an exact copy of
   * an account (same secret and name; `--allow-duplicate` adds it anyway), `tessera server add`
   * of a name in use.
   */
  DUPLICATE: 7
} as const
export type ExitCode = (typeof EXIT)[keyof typeof EXIT]

/**
 * Every ErrorCode's exit code, in one table. It is a Record over the whole union, so adding a
 * code to src/shared/errors.ts without a line here fails the type-check.
 */
export const EXIT_CODE_FOR: Record<ErrorCode, ExitCode> = {
  INVALID_URI: EXIT.INVALID_INPUT,
  INVALID_INPUT: EXIT.INVALID_INPUT,
  INVALID_SECRET: EXIT.INVALID_INPUT,
  DUPLICATE: EXIT.DUPLICATE,
  NOT_FOUND: EXIT.INVALID_INPUT,
  KEYCHAIN_UNAVAILABLE: EXIT.VAULT,
  KEYCHAIN_LOCKED: EXIT.VAULT,
  KEYCHAIN_ITEM_MISSING: EXIT.VAULT,
  KEYCHAIN_ITEM_CORRUPT: EXIT.VAULT,
  VAULT_LOCKED: EXIT.VAULT,
  VAULT_MISSING: EXIT.VAULT,
  VAULT_EXISTS: EXIT.VAULT,
  VAULT_CORRUPT: EXIT.VAULT,
  VAULT_BUSY: EXIT.VAULT,
  WRONG_PASSWORD: EXIT.VAULT,
  PASSWORD_REQUIRED: EXIT.VAULT,
  IO: EXIT.VAULT,
  IMAGE_INVALID: EXIT.INVALID_INPUT,
  IMAGE_TOO_LARGE: EXIT.INVALID_INPUT,
  QR_NOT_FOUND: EXIT.INVALID_INPUT,
  QR_UNSUPPORTED: EXIT.INVALID_INPUT,
  MIGRATION_INVALID: EXIT.INVALID_INPUT,
  CAPTURE_FAILED: EXIT.INVALID_INPUT,
  IMPORT_FORMAT: EXIT.INVALID_INPUT,
  IMPORT_CORRUPT: EXIT.INVALID_INPUT,
  UNSUPPORTED: EXIT.INVALID_INPUT,
  SERVER_REJECTED: EXIT.REJECTED,
  WRONG_CODE: EXIT.REJECTED,
  CHALLENGE_EXPIRED: EXIT.REJECTED,
  ALREADY_ENROLLED: EXIT.REJECTED,
  NOT_ENROLLED: EXIT.REJECTED,
  TOKEN_EXPIRED: EXIT.REJECTED,
  LOCKED_OUT: EXIT.REJECTED,
  RATE_LIMITED: EXIT.REJECTED,
  SECRET_MISMATCH: EXIT.REJECTED,
  SERVER_ERROR: EXIT.NETWORK,
  MALFORMED_RESPONSE: EXIT.NETWORK,
  TLS: EXIT.NETWORK,
  NETWORK: EXIT.NETWORK,
  TIMEOUT: EXIT.NETWORK,
  // The answer went out but no reply came back: a network outcome, not bad input.
  AMBIGUOUS: EXIT.NETWORK,
  CLOCK_SKEW: EXIT.INVALID_INPUT,
  INSECURE_URL: EXIT.INVALID_INPUT,
  POLICY_FORBIDDEN: EXIT.POLICY,
  CANCELLED: EXIT.USAGE,
  INTERNAL: EXIT.USAGE
}

export function exitCodeFor(code: ErrorCode): ExitCode {
  return EXIT_CODE_FOR[code]
}
