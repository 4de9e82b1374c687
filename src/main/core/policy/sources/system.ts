/**
 * The real ports behind the registry and profile readers: reg.exe and osascript, run by absolute
 * path (never looked up on PATH, which the user controls), with a timeout and a size cap.
 * node:child_process loads when a reader first runs: on Linux neither does, and every `tessera`
 * command would otherwise pay for loading it.
 */
import { win32 } from 'node:path'
import type { RegQuery } from './registry'
import type { OsaRun } from './macos'

const TIMEOUT_MS = 10_000
const MAX_OUTPUT = 1024 * 1024

/**
 * `reg.exe query <key> /s` from System32. Its output is decoded as UTF-8 when it is valid UTF-8
 * and as Latin-1 otherwise (reg.exe writes the console's code page when piped; policy names and
 * enum values are ASCII, so only contact names with accents could be affected).
 */
export function createRegExeQuery(
  env: Readonly<Record<string, string | undefined>> = process.env
): RegQuery {
  const systemRoot = env['SystemRoot'] || env['SYSTEMROOT'] || 'C:\\Windows'
  const regExe = win32.join(systemRoot, 'System32', 'reg.exe')
  return async (key) => {
    const { execFile } = await import('node:child_process')
    return new Promise((resolve) => {
      execFile(
        regExe,
        ['query', key, '/s'],
        { encoding: 'buffer', timeout: TIMEOUT_MS, maxBuffer: MAX_OUTPUT, windowsHide: true },
        (err, stdout) => {
          const code =
            err && typeof (err as { code?: unknown }).code === 'number'
              ? (err as { code: number }).code
              : err
                ? null
                : 0
          if (err && code === null) {
            resolve({
              exitCode: null,
              stdout: '',
              error: (err as NodeJS.ErrnoException).code ?? err.message
            })
            return
          }
          resolve({ exitCode: code, stdout: decode(stdout) })
        }
      )
    })
  }
}

function decode(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return bytes.toString('latin1')
  }
}

/** `/usr/bin/osascript -l JavaScript -e <script> <args...>`. */
export function createOsascriptRun(): OsaRun {
  return async (script, args) => {
    const { execFile } = await import('node:child_process')
    return new Promise((resolve) => {
      execFile(
        '/usr/bin/osascript',
        ['-l', 'JavaScript', '-e', script, ...args],
        { encoding: 'utf8', timeout: TIMEOUT_MS, maxBuffer: MAX_OUTPUT },
        (err, stdout) => {
          if (err) {
            const code = (err as { code?: unknown }).code
            resolve(
              typeof code === 'number'
                ? { exitCode: code, stdout }
                : {
                    exitCode: null,
                    stdout: '',
                    error: typeof code === 'string' ? code : err.message
                  }
            )
            return
          }
          resolve({ exitCode: 0, stdout })
        }
      )
    })
  }
}
