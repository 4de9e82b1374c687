import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { runCli } from '../../../src/cli/run'

// The runner in this process (no tsx start-up per call), on a password-only vault in a temp
// folder, so the OS keychain is never touched. cli.test.ts runs the real `tessera` process.

interface Out {
  code: number
  stdout: string
  stderr: string
}

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tessera-run-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

async function tessera(
  argv: string[],
  opts: { input?: string; tty?: boolean; env?: Record<string, string> } = {}
): Promise<Out> {
  const stdin = new PassThrough()
  if (opts.tty) Object.assign(stdin, { isTTY: true })
  stdin.end(opts.input ?? '')
  let stdout = ''
  let stderr = ''
  const code = await runCli(argv, {
    stdin,
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: { TESSERA_DATA_DIR: dir, TESSERA_PASSWORD: 'pw', ...opts.env },
    now: () => 59_000
  })
  return { code, stdout, stderr }
}

function jsonError(out: Out): { code: string; message: string } {
  const parsed = JSON.parse(out.stderr.trim()) as { error: { code: string; message: string } }
  expect(Object.keys(parsed)).toEqual(['error'])
  return parsed.error
}

describe('tessera runner', { timeout: 60_000 }, () => {
  it('--json without a command is a JSON usage error on stderr (exit 1)', async () => {
    const r = await tessera(['--json'])
    expect(r.code).toBe(1)
    expect(r.stdout).toBe('')
    const e = jsonError(r)
    expect(e.code).toBe('INVALID_INPUT')
    expect(e.message).toMatch(/no command/i)
    expect(e.message).toContain('tessera --help')
  })

  it('--password-stdin on a terminal refuses instead of echoing the password, and creates nothing', async () => {
    const r = await tessera(['--json', 'init', '--no-keychain', '--password-stdin'], {
      input: 'typed where everyone sees it\n',
      tty: true
    })
    expect(r.code).toBe(2)
    const e = jsonError(r)
    expect(e.code).toBe('INVALID_INPUT')
    expect(e.message).toMatch(/terminal/)
    expect(e.message).toMatch(/pipe/i)
    expect(existsSync(join(dir, 'vault.json'))).toBe(false)
  })

  it('--password-stdin drops one trailing CRLF; an empty line is refused', async () => {
    const empty = await tessera(['--json', 'init', '--no-keychain', '--password-stdin'], {
      input: '\r\n'
    })
    expect(empty.code).toBe(2)
    expect(existsSync(join(dir, 'vault.json'))).toBe(false)
    const r = await tessera(['init', '--no-keychain', '--password-stdin'], { input: 's3cret\r\n' })
    expect(r.code, r.stderr).toBe(0)
    expect((await tessera(['list'], { env: { TESSERA_PASSWORD: 's3cret' } })).code).toBe(0)
  })
})
