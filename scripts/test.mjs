#!/usr/bin/env node
// Runs every suite (type-check, lint, type-aware lint, formatting, unit + integration, build, e2e
// in Chromium, Electron smoke) and ends with one plain `N passed, N failed, N skipped` line that
// covers all of them. A suite that did not run (no Electron binary, a failed build) is counted as
// skipped, never as passed.
//
// System packages: the e2e suite needs Debian's Chromium, the keychain suite needs gnome-keyring
// and D-Bus. Missing ones are installed with apt-get when we run as root on a machine that has
// it; otherwise we say exactly what to install and stop.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  checkSuite,
  playwrightSuite as countPlaywright,
  summarize,
  vitestSuites
} from './test-summary.mjs'

const root = resolve(fileURLToPath(new URL('..', import.meta.url)))
const results = join(root, 'test-results')
const args = process.argv.slice(2)
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined

/** Debian package -> a file that proves it is installed. */
const SYSTEM_PACKAGES = [
  ['chromium', '/usr/bin/chromium'],
  ['gnome-keyring', '/usr/bin/gnome-keyring-daemon'],
  ['dbus-daemon', '/usr/bin/dbus-daemon'],
  ['dbus-daemon', '/usr/bin/dbus-run-session'],
  ['libsecret-tools', '/usr/bin/secret-tool'],
  ['libglib2.0-bin', '/usr/bin/gdbus'],
  ['xvfb', '/usr/bin/Xvfb'],
  ['openssl', '/usr/bin/openssl'],
  ['python3-cryptography', '/usr/lib/python3/dist-packages/cryptography/__init__.py'],
  // The packaging check validates the desktop entry and (in CI) installs the .deb.
  ['desktop-file-utils', '/usr/bin/desktop-file-validate'],
  ['dpkg', '/usr/bin/dpkg-deb']
]

function log(line = '') {
  process.stdout.write(line + '\n')
}

function run(cmd, cmdArgs, opts = {}) {
  const r = spawnSync(cmd, cmdArgs, { cwd: root, stdio: 'inherit', ...opts })
  return r.status ?? 1
}

function ensureSystemPackages() {
  const missing = SYSTEM_PACKAGES.filter(([, file]) => !existsSync(file)).map(([pkg]) => pkg)
  if (missing.length === 0) return true
  const unique = [...new Set(missing)]
  const canApt = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')
  if (!canApt) {
    log(`Missing system packages: ${unique.join(' ')}`)
    log(`Install them, then run npm test again:  sudo apt-get install -y ${unique.join(' ')}`)
    return false
  }
  log(`Installing missing system packages: ${unique.join(' ')}`)
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  if (run('apt-get', ['update', '-qq'], { env }) !== 0) return false
  if (
    run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...unique], { env }) !== 0
  ) {
    log(`apt-get could not install: ${unique.join(' ')}`)
    return false
  }
  return true
}

/** One line per suite, and totals for the closing line. */
const suites = []

function step(name, cmd, cmdArgs, opts) {
  log(`\n=== ${name}: ${cmd} ${cmdArgs.join(' ')}`)
  const code = run(cmd, cmdArgs, opts)
  suites.push({ ...checkSuite(name, code), kind: 'check' })
  return code === 0
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'))
  } catch {
    return undefined
  }
}

function vitestSuite() {
  const out = join(results, 'vitest.json')
  rmSync(out, { force: true })
  log('\n=== unit + integration: vitest run')
  const code = run('npx', [
    'vitest',
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${out}`
  ])
  suites.push(...vitestSuites(readJson(out), code))
}

function playwrightSuite(name, project) {
  const out = join(results, `playwright-${project}.json`)
  rmSync(out, { force: true })
  log(`\n=== ${name}: playwright test --project=${project}`)
  const code = run('npx', ['playwright', 'test', `--project=${project}`, '--reporter=list,json'], {
    env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: out }
  })
  suites.push(countPlaywright(name, readJson(out), code))
}

/** electron-builder --linux --dir with a stub Electron, then a .deb (test/packaging/check.mjs). */
function packagingSuite() {
  const out = join(results, 'packaging.json')
  rmSync(out, { force: true })
  log('\n=== packaging: node test/packaging/check.mjs')
  const code = run('node', ['test/packaging/check.mjs'])
  const report = readJson(out)
  if (!report) {
    suites.push({
      name: 'packaging',
      passed: 0,
      failed: 1,
      skipped: 0,
      note: `exited ${code} without a report`
    })
    return
  }
  suites.push({
    name: 'packaging (electron-builder, deb)',
    passed: report.passed,
    failed: report.failed + (code !== 0 && report.failed === 0 ? 1 : 0),
    skipped: report.skipped
  })
}

mkdirSync(results, { recursive: true })
if (!ensureSystemPackages()) process.exit(1)

const want = (s) => !only || only === s
if (want('static')) {
  step('type-check', 'npx', ['tsc', '-b', '--noEmit'])
  step('lint', 'npx', ['eslint', '.', '--max-warnings=0'])
  // Rules that need the TypeScript program (no-floating-promises, ...), on src/ only.
  step('type-aware lint', 'npx', [
    'eslint',
    '-c',
    'eslint.typed.config.js',
    'src',
    '--max-warnings=0'
  ])
  step('formatting', 'npx', ['prettier', '--check', '.'])
}
if (want('unit')) vitestSuite()
if (want('e2e') || want('electron') || want('packaging')) {
  const built = step('build (electron-vite)', 'npx', ['electron-vite', 'build'])
  const later = [
    ['e2e', 'e2e (Chromium)', () => playwrightSuite('e2e (Chromium)', 'e2e')],
    ['electron', 'electron smoke', () => playwrightSuite('electron smoke', 'electron')],
    ['packaging', 'packaging (electron-builder, deb)', packagingSuite]
  ]
  for (const [key, name, runSuite] of later) {
    if (!want(key)) continue
    if (built) runSuite()
    else suites.push({ name, passed: 0, failed: 0, skipped: 1, note: 'not run: the build failed' })
  }
}

const summary = summarize(suites)
log('\n=== summary')
for (const line of summary.lines) log(line)
log('')
log(summary.closing)
process.exit(summary.exitCode)
