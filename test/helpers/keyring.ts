import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

/**
 * A real gnome-keyring on a private D-Bus session bus, for integration tests that must never
 * touch the developer's own keyring. HOME and the XDG folders point into a temp directory; the
 * keychain-touching code must run in a child process started with `env` (D-Bus clients read
 * DBUS_SESSION_BUS_ADDRESS from their own environment).
 */
export interface PrivateKeyring {
  /** Environment for child processes: temp HOME/XDG_* and the private bus address. */
  env: Record<string, string>
  busAddress: string
  /** The temp directory holding HOME, XDG_DATA_HOME (the keyring files) and XDG_RUNTIME_DIR. */
  root: string
  /** Locks the login collection through the Secret Service API (org.freedesktop.Secret.Service.Lock). */
  lock(): Promise<void>
  /** Stops gnome-keyring and the bus, and deletes the temp directory. */
  stop(): Promise<void>
}

/** Program -> Debian package that provides it. */
export const KEYRING_TOOLS: ReadonlyArray<readonly [string, string]> = [
  ['/usr/bin/dbus-daemon', 'dbus-daemon'],
  ['/usr/bin/gnome-keyring-daemon', 'gnome-keyring'],
  ['/usr/bin/gdbus', 'libglib2.0-bin'],
  ['/usr/bin/secret-tool', 'libsecret-tools']
]

/**
 * Throws (failing the suite, never skipping it) when a tool is missing, with the command that
 * installs it.
 */
export function assertKeyringTools(): void {
  const missing = KEYRING_TOOLS.filter(([file]) => !existsSync(file)).map(([, pkg]) => pkg)
  if (missing.length > 0) {
    throw new Error(
      `The keychain integration tests need a real gnome-keyring and D-Bus. Missing: ${missing.join(', ')}. ` +
        `Install them with: sudo apt-get install -y ${[...new Set(missing)].join(' ')}`
    )
  }
}

function waitForLine(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let buf = ''
    const timer = setTimeout(
      () => reject(new Error('dbus-daemon did not print its address')),
      timeoutMs
    )
    child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString()
      const nl = buf.indexOf('\n')
      if (nl >= 0) {
        clearTimeout(timer)
        resolve(buf.slice(0, nl).trim())
      }
    })
    child.once('exit', (code) => reject(new Error(`dbus-daemon exited early (${code})`)))
  })
}

async function gdbus(env: Record<string, string>, args: string[]): Promise<string> {
  const { stdout } = await run('gdbus', ['call', '--session', ...args], { env, timeout: 10_000 })
  return stdout.trim()
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve()
    const t = setTimeout(() => child.kill('SIGKILL'), 3_000)
    child.once('exit', () => {
      clearTimeout(t)
      resolve()
    })
    child.kill('SIGTERM')
  })
}

/**
 * Starts `dbus-daemon --session` and `gnome-keyring-daemon --foreground --unlock
 * --components=secrets` (fed `password` on stdin, which creates and unlocks the login keyring),
 * and waits until the default collection answers.
 */
export async function startPrivateKeyring(
  password = 'test-login-password'
): Promise<PrivateKeyring> {
  assertKeyringTools()
  const root = mkdtempSync(join(tmpdir(), 'tessera-keyring-'))
  const home = join(root, 'home')
  const runtime = join(root, 'run')
  for (const d of [home, join(root, 'data'), join(root, 'config'), runtime])
    mkdirSync(d, { recursive: true, mode: 0o700 })
  const baseEnv: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    XDG_DATA_HOME: join(root, 'data'),
    XDG_CONFIG_HOME: join(root, 'config'),
    XDG_RUNTIME_DIR: runtime,
    LANG: 'C.UTF-8'
  }
  const bus = spawn('dbus-daemon', ['--session', '--nofork', '--nopidfile', '--print-address=1'], {
    env: baseEnv,
    stdio: ['ignore', 'pipe', 'inherit']
  })
  let keyring: ChildProcess | undefined
  const stop = async () => {
    if (keyring) await stopChild(keyring)
    await stopChild(bus)
    rmSync(root, { recursive: true, force: true })
  }
  try {
    const busAddress = await waitForLine(bus, 10_000)
    const env = { ...baseEnv, DBUS_SESSION_BUS_ADDRESS: busAddress }
    keyring = spawn('gnome-keyring-daemon', ['--foreground', '--unlock', '--components=secrets'], {
      env,
      stdio: ['pipe', 'ignore', 'ignore']
    })
    keyring.stdin!.end(password)
    const deadline = Date.now() + 15_000
    // Ask the bus (NameHasOwner never auto-activates) so no second daemon is started by D-Bus.
    for (;;) {
      try {
        const owned = await gdbus(env, [
          '--dest',
          'org.freedesktop.DBus',
          '--object-path',
          '/org/freedesktop/DBus',
          '--method',
          'org.freedesktop.DBus.NameHasOwner',
          'org.freedesktop.secrets'
        ])
        if (owned.includes('true')) {
          const alias = await gdbus(env, [
            '--dest',
            'org.freedesktop.secrets',
            '--object-path',
            '/org/freedesktop/secrets',
            '--method',
            'org.freedesktop.Secret.Service.ReadAlias',
            'default'
          ])
          if (alias.includes('/collection/')) break
        }
      } catch {
        // not up yet
      }
      if (keyring.exitCode !== null) throw new Error('gnome-keyring-daemon exited during start-up')
      if (Date.now() > deadline) {
        throw new Error('gnome-keyring-daemon did not come up on the private bus')
      }
      await new Promise((r) => setTimeout(r, 100))
    }
    return {
      env,
      busAddress,
      root,
      lock: async () => {
        await gdbus(env, [
          '--dest',
          'org.freedesktop.secrets',
          '--object-path',
          '/org/freedesktop/secrets',
          '--method',
          'org.freedesktop.Secret.Service.Lock',
          "['/org/freedesktop/secrets/collection/login']"
        ])
      },
      stop
    }
  } catch (err) {
    await stop()
    throw err
  }
}
