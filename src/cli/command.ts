import type { Vault } from '../main/core/vault'
import type { PolicySnapshotView } from '../shared/policy'

/**
 * The contract between the `tessera` runner and its commands. To add a command, write one
 * module under `src/cli/commands/` that exports a `CliCommand`, and add one line to the table in
 * `src/cli/registry.ts`. The runner parses flags (global ones included), prints `--help`, checks
 * the number of arguments, and turns any AppError the command throws into the documented exit
 * code (src/cli/exit-codes.ts) and error output (`{"error":{"code","message"}}` with --json).
 */
export interface CliCommand {
  /** The word after `tessera`. */
  name: string
  /** One line for the command list. */
  summary: string
  /** Positional part of the usage line, e.g. `<otpauth-uri>` or `[<query>]`. */
  usage: string
  /** More help, printed by `tessera <name> --help`. */
  description?: string
  /** Command flags (the global `--data-dir`, `--json`, `--help` are always there). */
  flags?: Record<string, FlagSpec>
  /** How many positional arguments the command takes. */
  args: { min: number; max: number }
  /**
   * Does the work. Return an exit code (default 0); throw AppError for failures (the runner
   * maps its code). Write results with `ctx.print` so `--json` works everywhere.
   */
  run(ctx: CliContext): Promise<number | void>
}

export interface FlagSpec {
  type: 'boolean' | 'string'
  description: string
  /** Shown in help for string flags, e.g. `<unix-seconds>`. */
  valueName?: string
}

export interface CliContext {
  /** Positional arguments after the command name. */
  readonly args: readonly string[]
  /** Parsed command flags (booleans are `true` when given, strings their value). */
  readonly flags: Readonly<Record<string, string | boolean | undefined>>
  /** `--json` was given: print machine-readable output. */
  readonly json: boolean
  /** The data directory (--data-dir, else TESSERA_DATA_DIR, else the per-OS default). */
  readonly dataDir: string
  readonly env: Readonly<Record<string, string | undefined>>
  /** Whether stdin is a terminal (then `promptSecret` can ask). */
  readonly stdinIsTTY: boolean
  /** Whether stdout is a terminal (secrets printed there land in its scrollback). */
  readonly stdoutIsTTY: boolean
  /**
   * All of stdin as text (for `--password-stdin` and piped input). INVALID_INPUT when stdin is
   * a terminal: the text would be echoed as it is typed (use `promptSecret` there).
   */
  readStdin(): Promise<string>
  /** Asks for a secret on the terminal without echo; CANCELLED on Ctrl-C. */
  promptSecret(prompt: string): Promise<string>
  /** Prints `value` as one JSON line with --json, else `text` (when not empty). */
  print(value: unknown, text: string): void
  /** Writes text to stdout / stderr as is. */
  stdout(text: string): void
  stderr(text: string): void
  /**
   * Opens and unlocks the vault: with the keychain slot when there is one, else the password
   * from TESSERA_PASSWORD, else a terminal prompt. The runner locks it when the command ends.
   */
  openVault(): Promise<Vault>
  /** A vault object for the data directory, not yet unlocked (for `init`). */
  vault(): Vault
  /** Current time in ms (injectable for tests). */
  now(): number
  /**
   * The managed policies in force (read once per run from the registry, the macOS profile or
   * the policy file). Commands check them before doing anything a policy governs.
   */
  policies(): Promise<PolicySnapshotView>
}
