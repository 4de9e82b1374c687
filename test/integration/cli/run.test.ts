import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { promptHidden } from '../../../src/cli/prompt'
import { runCli } from '../../../src/cli/run'
import { MemoryKeychain } from '../../helpers/memory-keychain'
import { Vault } from '../../../src/main/core/vault'

// The runner in this process (no tsx start-up per call), on a password-only vault in a temp
// folder, so the OS keychain is never touched. cli.test.ts runs the real `tessera` process.

const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'
const TOTP = `otpauth://totp/RFC%20Bank:alice?secret=${RFC_SECRET}&digits=8`
// a Yandex account imported without its PIN: no code can be made for it
const YANDEX_NO_PIN = 'otpauth://yandex/Yandex:bob?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY'

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
  opts: { input?: string; tty?: boolean; env?: Record<string, string | undefined> } = {}
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
    env: { TESSERA_DATA_DIR: dir, TESSERA_PASSWORD: 'pw-long-enough', ...opts.env },
    now: () => 59_000
  })
  return { code, stdout, stderr }
}

/** 'resolved', the error's code, or 'still waiting' when the prompt hangs. */
function outcomeOf(p: Promise<unknown>): Promise<unknown> {
  return Promise.race([
    p.then(
      () => 'resolved',
      (e: { code?: string }) => e.code
    ),
    new Promise((r) => setTimeout(() => r('still waiting'), 2_000))
  ])
}

function jsonError(out: Out): { code: string; message: string } {
  const parsed = JSON.parse(out.stderr.trim()) as { error: { code: string; message: string } }
  expect(Object.keys(parsed)).toEqual(['error'])
  return parsed.error
}

async function init(): Promise<void> {
  const r = await tessera(['init', '--no-keychain', '--password-stdin'], {
    input: 'pw-long-enough\n'
  })
  expect(r.code, r.stderr).toBe(0)
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

  it('an empty --data-dir is a usage error, not a silent switch to the default folder', async () => {
    const r = await tessera(['--json', '--data-dir', '', 'list'])
    expect(r.code).toBe(1)
    expect(jsonError(r).message).toMatch(/--data-dir/)
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
    const r = await tessera(['init', '--no-keychain', '--password-stdin'], {
      input: 's3cret-long\r\n'
    })
    expect(r.code, r.stderr).toBe(0)
    expect((await tessera(['list'], { env: { TESSERA_PASSWORD: 's3cret-long' } })).code).toBe(0)
  })

  it('a vault password under 8 characters is refused with the rule, from stdin and TESSERA_PASSWORD; nothing is created', async () => {
    const viaStdin = await tessera(['--json', 'init', '--no-keychain', '--password-stdin'], {
      input: 'seven77\n'
    })
    expect(viaStdin.code).toBe(2)
    expect(JSON.parse(viaStdin.stderr).error).toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringMatching(/at least 8 characters/)
    })
    const viaEnv = await tessera(['--json', 'init', '--no-keychain'], {
      env: { TESSERA_PASSWORD: 'a' }
    })
    expect(viaEnv.code).toBe(2)
    expect(existsSync(join(dir, 'vault.json'))).toBe(false)
    // eight is enough
    const ok = await tessera(['init', '--no-keychain', '--password-stdin'], { input: 'eight888\n' })
    expect(ok.code, ok.stderr).toBe(0)
  })

  it('add - reads the URI from stdin, so the secret is not in the process list', async () => {
    await init()
    const r = await tessera(['--json', 'add', '-'], { input: `${TOTP}\n` })
    expect(r.code, r.stderr).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject({ issuer: 'RFC Bank', label: 'alice' })
    const codes = await tessera(['--json', 'code', 'alice'])
    expect(JSON.parse(codes.stdout)[0].code).toBe('94287082')
    const none = await tessera(['--json', 'add', '-'], { input: '' })
    expect(none.code).toBe(2)
    expect(jsonError(none).code).toBe('INVALID_URI')
  })

  it('code prints every code it can; an account without a code is named on stderr (exit 2)', async () => {
    await init()
    expect((await tessera(['add', TOTP])).code).toBe(0)
    const y = await tessera(['add', YANDEX_NO_PIN])
    expect(y.code, y.stderr).toBe(0)
    const r = await tessera(['--json', 'code'])
    expect(r.code).toBe(2)
    expect(JSON.parse(r.stdout)).toEqual([
      expect.objectContaining({ issuer: 'RFC Bank', code: '94287082', remaining: 1 })
    ])
    const e = jsonError(r)
    expect(e.code).toBe('INVALID_INPUT')
    expect(e.message).toContain('Yandex')
    expect(e.message).toMatch(/pin/i)
    const text = await tessera(['code'])
    expect(text.stdout).toContain('94287082')
    expect(text.stdout).not.toMatch(/no accounts yet/)
    expect(text.stderr).toMatch(/^tessera: .*Yandex/)
  })

  it('a keychain that fails, on a vault that also has a password, says how to use the password here', async () => {
    // the vault's key went into another keychain; this process's keychain is unreachable
    const v = new Vault({ dataDir: dir, keychain: new MemoryKeychain() })
    await v.create({
      keychain: true,
      password: 'pw-long-enough',
      scrypt: { n: 2 ** 10, r: 8, p: 1 }
    })
    v.lock()
    const saved = process.env.DBUS_SESSION_BUS_ADDRESS
    process.env.DBUS_SESSION_BUS_ADDRESS = 'unix:path=/nonexistent/tessera-run-test'
    try {
      const r = await tessera(['--json', 'list'], { env: { TESSERA_PASSWORD: undefined } })
      expect(r.code).toBe(3)
      const e = jsonError(r)
      expect(e.code).toMatch(/^KEYCHAIN_/)
      expect(e.message).toContain('TESSERA_PASSWORD')
      const ok = await tessera(['--json', 'list'])
      expect(ok.code, ok.stderr).toBe(0)
    } finally {
      if (saved === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS
      else process.env.DBUS_SESSION_BUS_ADDRESS = saved
    }
  })

  it('a password prompt whose terminal closes cancels instead of hanging', async () => {
    const tty = Object.assign(new PassThrough(), {
      isTTY: true,
      isRaw: false,
      setRawMode(this: { isRaw: boolean }, on: boolean) {
        this.isRaw = on
        return this
      }
    })
    const err = new PassThrough()
    const asked = promptHidden('Vault password: ', tty as unknown as NodeJS.ReadStream, err)
    tty.end('half-typed') // the terminal went away before Enter
    const outcome = await outcomeOf(asked)
    expect(outcome).toBe('CANCELLED')
    expect(tty.isRaw).toBe(false)
    // a second question on the closed terminal cancels at once too
    const again = promptHidden('Repeat: ', tty as unknown as NodeJS.ReadStream, err)
    const second = await outcomeOf(again)
    expect(second).toBe('CANCELLED')
  })

  it('the password prompt appears only once the terminal stops echoing', async () => {
    // whatever is typed as soon as the prompt shows must not be echoed
    const events: string[] = []
    const tty = Object.assign(new PassThrough(), {
      isTTY: true,
      isRaw: false,
      setRawMode: (on: boolean) => {
        events.push(`raw ${on}`)
        return tty
      }
    })
    const err = new PassThrough()
    err.on('data', (d: Buffer) => events.push(`shown ${JSON.stringify(d.toString())}`))
    const asked = promptHidden('Vault password: ', tty as unknown as NodeJS.ReadStream, err)
    tty.write('pw\r')
    expect(await asked).toBe('pw')
    expect(events.indexOf('raw true')).toBeGreaterThanOrEqual(0)
    expect(events.indexOf('raw true')).toBeLessThan(events.indexOf('shown "Vault password: "'))
  })

  it('init --no-keychain on a terminal refuses an empty password with a next step', async () => {
    const tty = Object.assign(new PassThrough(), {
      isTTY: true,
      isRaw: false,
      setRawMode: () => tty
    })
    tty.write('\r') // Enter at the first question
    let stdout = ''
    let stderr = ''
    const code = await runCli(['--json', 'init', '--no-keychain'], {
      stdin: tty,
      stdout: { write: (t: string) => (stdout += t) },
      stderr: { write: (t: string) => (stderr += t) },
      env: { TESSERA_DATA_DIR: dir }
    })
    expect(code).toBe(2)
    expect(stdout).toBe('')
    const e = jsonError({ code, stdout, stderr })
    expect(e.code).toBe('INVALID_INPUT')
    expect(e.message).toMatch(/cannot be empty/)
    expect(existsSync(join(dir, 'vault.json'))).toBe(false)
  })

  it('names from a link cannot send escape sequences to the terminal', async () => {
    await init()
    // ESC ] 0 ; ... BEL sets the window title; other sequences write the clipboard or the screen
    const evil = `otpauth://totp/Evil%1B%5D0%3Bpwned%07:x%9B2J?secret=${RFC_SECRET}`
    expect((await tessera(['add', evil])).code).toBe(0)
    for (const args of [['list'], ['code'], ['code', 'nothing-like-this\u001b[2J']]) {
      const r = await tessera(args)
      // eslint-disable-next-line no-control-regex
      expect(r.stdout + r.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/)
    }
    // The control characters never reach the vault (core/accounts/admit makes them spaces on the
    // way in), so the text and the JSON both hold the name without them. %9B alone is not UTF-8
    // and stays as typed.
    expect((await tessera(['list'])).stdout).toContain('Evil ]0;pwned (x%9B2J)')
    const json = await tessera(['--json', 'list'])
    expect(JSON.parse(json.stdout)[0]).toMatchObject({ issuer: 'Evil ]0;pwned', label: 'x%9B2J' })
  })

  it('remove of an unknown id names the id and says where ids are', async () => {
    await init()
    const r = await tessera(['--json', 'remove', 'no-such-id'])
    expect(r.code).toBe(2)
    const e = jsonError(r)
    expect(e.code).toBe('NOT_FOUND')
    expect(e.message).toContain('no-such-id')
    expect(e.message).toContain('tessera list')
  })
})
