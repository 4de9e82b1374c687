import { parseArgs, type ParseArgsConfig } from 'node:util'
import { AppError, isAppError, type ErrorShape } from '../shared/errors'
import { resolveDataDir } from '../main/core/paths'
import type { Vault } from '../main/core/vault'
import type { PolicySnapshotView } from '../shared/policy'
import type { CliCommand, CliContext, FlagSpec } from './command'
import { EXIT, exitCodeFor } from './exit-codes'
import { promptHidden } from './prompt'
import { COMMANDS } from './registry'

/** What the runner needs from the process; tests and other front ends can pass their own. */
export interface CliIo {
  /** Read only by commands that use stdin (a getter is fine: it is not touched otherwise). */
  stdin: NodeJS.ReadStream | NodeJS.ReadableStream
  /** Whether stdin is a terminal; defaults to `stdin.isTTY`. */
  stdinIsTTY?: boolean
  stdout: { write(s: string): unknown }
  stderr: { write(s: string): unknown }
  env: Record<string, string | undefined>
  now?: () => number
}

const GLOBAL_FLAGS: Record<string, FlagSpec> = {
  'data-dir': {
    type: 'string',
    valueName: '<dir>',
    description: 'Use this data directory (or set TESSERA_DATA_DIR).'
  },
  json: {
    type: 'boolean',
    description: 'Machine-readable output; errors as {"error":{"code","message"}} on stderr.'
  },
  help: { type: 'boolean', description: 'Show help.' }
}

/*
 * Control characters (C0 but tab and newline, DEL, C1) print as '?' in text output: account
 * names come from QR codes, links and imports, and a terminal obeys escape sequences in them
 * (window title, clipboard, clearing the screen). --json output stays exact.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g
const forTerminal = (text: string): string => text.replace(CONTROL, '?')

function flagLines(flags: Record<string, FlagSpec>): string[] {
  return Object.entries(flags).map(([name, f]) => {
    const left = `  --${name}${f.type === 'string' ? ` ${f.valueName ?? '<value>'}` : ''}`
    return `${left.padEnd(28)} ${f.description}`
  })
}

export function mainHelp(): string {
  const lines = [
    'Usage: tessera [--data-dir DIR] [--json] <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${`${c.name} ${c.usage}`.padEnd(28)} ${c.summary}`),
    '',
    'Global options:',
    ...flagLines(GLOBAL_FLAGS),
    '',
    'The vault opens with the OS keychain when it has a keychain key, else with the password in',
    'TESSERA_PASSWORD, else by asking on the terminal.',
    'Exit codes: 0 ok, 1 usage, 2 invalid input, 3 vault or keychain problem, 4 network,',
    "5 rejected by a server, 6 not allowed by your organization's policy, 7 already there",
    '(nothing was written).',
    'Run "tessera <command> --help" for a command\'s options.'
  ]
  return lines.join('\n') + '\n'
}

export function commandHelp(c: CliCommand): string {
  const lines = [
    `Usage: tessera [--data-dir DIR] [--json] ${c.name} ${c.usage}`.trimEnd(),
    '',
    c.summary
  ]
  if (c.description) lines.push('', c.description)
  if (c.flags && Object.keys(c.flags).length > 0) lines.push('', 'Options:', ...flagLines(c.flags))
  lines.push('', 'Global options:', ...flagLines(GLOBAL_FLAGS))
  return lines.join('\n') + '\n'
}

/** Finds the command word: the first argument that is neither a flag nor a flag's value. */
function findCommand(argv: string[]): { index: number; name: string } | null {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!
    if (a === '--') return argv[i + 1] ? { index: i + 1, name: argv[i + 1]! } : null
    if (a === '--data-dir') {
      i++
      continue
    }
    if (a.startsWith('-')) continue
    return { index: i, name: a }
  }
  return null
}

function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = ''
    stream.setEncoding('utf8')
    stream.on('data', (c: string) => (data += c))
    stream.on('end', () => resolve(data))
    stream.on('error', reject)
  })
}

/**
 * Runs one `tessera` invocation and returns its exit code. Never throws: every failure becomes
 * an error message (JSON with --json) and the exit code from EXIT_CODE_FOR.
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const json = argv.includes('--json')
  const fail = (err: ErrorShape, exit: number): number => {
    if (json)
      io.stderr.write(JSON.stringify({ error: { code: err.code, message: err.message } }) + '\n')
    else io.stderr.write(`tessera: ${forTerminal(err.message)}\n`)
    return exit
  }
  const usage = (message: string): number =>
    fail(
      { code: 'INVALID_INPUT', message: `${message} Run "tessera --help" for usage.` },
      EXIT.USAGE
    )

  const found = findCommand(argv)
  if (!found) {
    if (argv.includes('--help') || argv.includes('-h')) {
      io.stdout.write(mainHelp())
      return EXIT.OK
    }
    if (json) return usage('No command given.')
    io.stderr.write(mainHelp())
    return EXIT.USAGE
  }
  const entry = COMMANDS.find((c) => c.name === found.name)
  if (!entry) return usage(`Unknown command "${found.name}".`)
  // Loaded only now, and only this command: what it needs and nothing the others do.
  const command = await entry.load()

  const rest = [...argv.slice(0, found.index), ...argv.slice(found.index + 1)]
  const specs = { ...GLOBAL_FLAGS, ...(command.flags ?? {}) }
  const options: ParseArgsConfig['options'] = {}
  for (const [name, f] of Object.entries(specs)) options[name] = { type: f.type }
  options.help = { type: 'boolean', short: 'h' }
  let parsed: { values: Record<string, string | boolean | undefined>; positionals: string[] }
  try {
    parsed = parseArgs({
      args: rest,
      options,
      allowPositionals: true,
      strict: true
    }) as typeof parsed
  } catch (err) {
    return usage(err instanceof Error ? err.message : 'Bad arguments.')
  }
  if (parsed.values.help) {
    io.stdout.write(commandHelp(command))
    return EXIT.OK
  }
  const { positionals } = parsed
  if (positionals.length < command.args.min || positionals.length > command.args.max) {
    return usage(`"${command.name}" takes ${command.usage || 'no arguments'}.`)
  }

  const env = io.env
  const dirFlag = parsed.values['data-dir'] as string | undefined
  // resolveDataDir reads '' as "not given": a script's empty variable would open another vault
  if (dirFlag !== undefined && dirFlag.trim() === '') return usage('--data-dir needs a folder.')
  const dataDir = resolveDataDir({ flag: dirFlag, env })
  // The vault and the policy readers load once a command runs, never for --help or usage.
  const [{ Vault }, { unlockForCli }] = await Promise.all([
    import('../main/core/vault'),
    import('./open-vault')
  ])
  const stdinIsTTY = io.stdinIsTTY ?? Boolean((io.stdin as NodeJS.ReadStream).isTTY)
  const stdoutIsTTY = Boolean((io.stdout as { isTTY?: boolean }).isTTY)
  let opened: Vault | null = null
  let policies: Promise<PolicySnapshotView> | undefined
  const ctx: CliContext = {
    args: positionals,
    flags: parsed.values,
    json,
    dataDir,
    env,
    stdinIsTTY,
    stdoutIsTTY,
    readStdin: () => {
      if (stdinIsTTY) {
        // reading a terminal to its end would show the secret as it is typed
        return Promise.reject(
          new AppError(
            'INVALID_INPUT',
            'stdin is a terminal, so what you type would be shown. Pipe it in instead, for ' +
              `example: printf '%s' "$SECRET" | tessera ${command.name} ...`
          )
        )
      }
      return readAll(io.stdin)
    },
    promptSecret: (prompt) => {
      const stdin = io.stdin as NodeJS.ReadStream
      if (!stdinIsTTY || typeof stdin.setRawMode !== 'function') {
        return Promise.reject(
          new AppError(
            'PASSWORD_REQUIRED',
            'No terminal to ask for the password on. Set TESSERA_PASSWORD or use --password-stdin.'
          )
        )
      }
      return promptHidden(prompt, stdin, process.stderr)
    },
    print: (value, text) => {
      if (json) io.stdout.write(JSON.stringify(value) + '\n')
      else if (text) io.stdout.write(forTerminal(text.endsWith('\n') ? text : text + '\n'))
    },
    stdout: (t) => void io.stdout.write(t),
    stderr: (t) => void io.stderr.write(t),
    vault: () => (opened ??= new Vault({ dataDir })),
    openVault: async () => unlockForCli(ctx.vault(), ctx, await ctx.policies()),
    now: io.now ?? Date.now,
    policies: () =>
      (policies ??= import('../main/core/policy/platform').then((m) =>
        m.createPolicyService({ env }).load()
      ))
  }
  try {
    const code = await command.run(ctx)
    return code ?? EXIT.OK
  } catch (err) {
    if (isAppError(err)) return fail(err.toJSON(), exitCodeFor(err.code))
    if (env.TESSERA_DEBUG) io.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`)
    return fail(
      {
        code: 'INTERNAL',
        message:
          'Something went wrong inside Tessera. Run again with TESSERA_DEBUG=1 to see details.'
      },
      exitCodeFor('INTERNAL')
    )
  } finally {
    ;(opened as Vault | null)?.lock()
  }
}
