#!/usr/bin/env node
// The packaging check (`npm test` runs it after the electron-vite build): packages the built app
// with electron-builder exactly as the release does, but `--linux --dir` and with a stub
// Electron (test/helpers/stub-electron.mjs) since no Electron binary can be downloaded here,
// then checks what a user would get: the asar's contents, production dependencies only, the
// keyring addon unpacked, the fuses flipped, the built CLI running without Node, every
// platform's config accepted by electron-builder's schema. Then it builds a real .deb with
// dpkg-deb and, in CI (as root), installs it with dpkg -i, checks it and removes it again.
//
// Prints its numbers and writes test-results/packaging.json ({passed, failed, skipped}) for
// scripts/test.mjs.
//
//   node test/packaging/check.mjs [--keep]   (--keep leaves .tmp/packaging for inspection)
import { spawnSync } from 'node:child_process'
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync
} from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { FuseV1Options, FuseState, getCurrentFuseWire } from '@electron/fuses'
import { buildCli } from '../../scripts/build-cli.mjs'
import { buildDeb, desktopEntry, loadBuilderConfig } from '../../scripts/package-deb.mjs'
import { writeStubElectron } from '../helpers/stub-electron.mjs'

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)))
const require = createRequire(join(root, 'package.json'))
const asar = require('@electron/asar')
const work = join(root, '.tmp', 'packaging')
const results = join(root, 'test-results')
const keep = process.argv.includes('--keep')

const t0 = Date.now()
let passed = 0
let failed = 0
let skipped = 0
const failures = []

function check(name, ok, detail = '') {
  if (ok) passed++
  else {
    failed++
    failures.push(name)
  }
  console.log(`${ok ? '  ok  ' : '  FAIL'} ${name}${detail ? ` — ${detail}` : ''}`)
}
function skip(name, reason) {
  skipped++
  console.log(`  skip ${name} — ${reason}`)
}
async function attempt(name, fn) {
  try {
    await fn()
  } catch (e) {
    check(
      name,
      false,
      e instanceof Error ? e.message.split('\n').slice(0, 6).join(' | ') : String(e)
    )
  }
}

function finish() {
  mkdirSync(results, { recursive: true })
  writeFileSync(
    join(results, 'packaging.json'),
    JSON.stringify({ passed, failed, skipped, failures })
  )
  if (!keep && failed === 0) rmSync(work, { recursive: true, force: true })
  console.log(`  total ${((Date.now() - t0) / 1000).toFixed(1)} s`)
  console.log(`\npackaging: ${passed} passed, ${failed} failed, ${skipped} skipped`)
  process.exit(failed === 0 ? 0 : 1)
}

if (!existsSync(join(root, 'out/main/index.js'))) {
  check('the app is built (out/main/index.js)', false, 'run `npx electron-vite build` first')
  finish()
}

rmSync(work, { recursive: true, force: true })
mkdirSync(work, { recursive: true })
const { config, identity } = await loadBuilderConfig()

// ---- 1. Schema: electron-builder's own validator accepts every platform's configuration.
await attempt('electron-builder schema validation', async () => {
  const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js')
  const { DebugLogger } = require('builder-util')
  const { WINDOWS_PER_MACHINE } = await import('tsx/esm/api').then((m) =>
    m.tsImport(join(root, 'electron-builder.ts'), import.meta.url)
  )
  // A deep copy that keeps functions (afterPack): the validator may normalise what it is given.
  const copy = (v) =>
    Array.isArray(v)
      ? v.map(copy)
      : v && typeof v === 'object'
        ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, copy(x)]))
        : v
  const validate = (c) => validateConfiguration(copy(c), new DebugLogger(false))
  await validate(config)
  check('schema: the whole config (win, nsis, msi, mac, dmg, pkg, linux, deb, rpm, AppImage)', true)
  for (const platform of ['win', 'mac', 'linux']) {
    const only = { ...config }
    for (const p of ['win', 'mac', 'linux']) if (p !== platform) delete only[p]
    await validate(only)
    check(`schema: ${platform} alone`, true)
  }
  const perMachine = copy(config)
  perMachine.nsis = {
    ...perMachine.nsis,
    perMachine: true,
    artifactName: WINDOWS_PER_MACHINE['nsis.artifactName']
  }
  await validate(perMachine)
  check('schema: per-machine NSIS variant', true)
  let refused = false
  try {
    await validate({ ...config, nsis: { ...config.nsis, perMachine: 'yes' } })
  } catch {
    refused = true
  }
  check('schema: a wrong type (nsis.perMachine: "yes") is refused', refused)
})

// ---- 2. The identity every OS sees.
check('appId comes from src/shared/app-identity.ts', config.appId === identity.APP_ID, config.appId)
check('MSI upgradeCode is the fixed one', config.msi.upgradeCode === identity.MSI_UPGRADE_CODE)
check(
  'MSI is per machine, NSIS per user by default',
  config.msi.perMachine === true && config.nsis.perMachine === false
)
check('pkg is not relocatable', config.pkg.isRelocatable === false)
check(
  'hardened runtime with entitlements',
  config.mac.hardenedRuntime === true && existsSync(join(root, config.mac.entitlements))
)
const pkgJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
check(
  'package.json desktopName is <appId>.desktop',
  pkgJson.desktopName === identity.DESKTOP_FILE_NAME,
  pkgJson.desktopName
)
// The macOS policy domain (issue 11) is the app id: a profile for another domain never applies.
const definitions = join(root, 'src/main/core/policy/definitions.ts')
if (existsSync(definitions)) {
  const { tsImport } = await import('tsx/esm/api')
  const defs = await tsImport(definitions, import.meta.url)
  if ('APP_POLICY_DOMAIN' in defs) {
    check(
      'macOS policy domain equals the app id',
      defs.APP_POLICY_DOMAIN === identity.APP_ID,
      String(defs.APP_POLICY_DOMAIN)
    )
  }
}
const schemes = config.protocols.flatMap((p) => p.schemes)
check(
  'URL schemes otpauth and otpauth-migration',
  ['otpauth', 'otpauth-migration'].every((s) => schemes.includes(s)),
  schemes.join(', ')
)

// ---- 3. Build the CLI (a Node single-executable application) and package with a stub Electron.
const cli = await buildCli({ sea: true })
check(
  'built CLI: one bundled file',
  existsSync(cli.bundle),
  `${(cli.bytes / 1024).toFixed(0)} KiB, ${cli.inputs} modules`
)
const stub = writeStubElectron(join(work, 'electron-dist'))
const out = join(work, 'dist')
const tBuild = Date.now()
const eb = spawnSync(
  process.execPath,
  [
    require.resolve('electron-builder/cli.js'),
    '--linux',
    'dir',
    '--publish',
    'never',
    `-c.electronDist=${stub}`,
    `-c.directories.output=${out}`
  ],
  { cwd: root, encoding: 'utf8', env: { ...process.env, CI: process.env.CI ?? '' } }
)
const appDir = join(out, 'linux-unpacked')
check(
  'electron-builder --linux --dir',
  eb.status === 0 && existsSync(appDir),
  `${((Date.now() - tBuild) / 1000).toFixed(1)} s`
)
if (eb.status !== 0) {
  console.log(eb.stdout.slice(-3000), eb.stderr.slice(-3000))
  finish()
}

// ---- 4. What is inside the asar.
const asarPath = join(appDir, 'resources', 'app.asar')
const entries = asar.listPackage(asarPath, { isPack: false }).map((e) => e.replaceAll('\\', '/'))
const files = entries.filter((e) => {
  try {
    return !asar.statFile(asarPath, e.slice(1), false).files
  } catch {
    return false
  }
})
const has = (p) => entries.includes(p)
const some = (re) => entries.some((e) => re.test(e))
for (const p of [
  '/out/main/index.js',
  '/out/main/worker.js',
  '/out/preload/index.cjs',
  '/out/renderer/index.html',
  '/package.json'
]) {
  check(`asar holds ${p}`, has(p))
}
check(
  'asar holds the import worker (out/main/chunks/off-thread-worker-*.js)',
  some(/^\/out\/main\/chunks\/off-thread-worker-[^/]+\.js$/)
)
check(
  'asar holds the renderer assets',
  some(/^\/out\/renderer\/assets\/index-[^/]+\.js$/) &&
    some(/^\/out\/renderer\/assets\/index-[^/]+\.css$/)
)
check(
  'zxing wasm reachable from the main bundle',
  has('/node_modules/zxing-wasm/dist/reader/zxing_reader.wasm')
)
check(
  'webp wasm reachable from the main bundle',
  has('/node_modules/@jsquash/webp/codec/dec/webp_dec.wasm')
)
check('no src/ or test/ folders', !some(/^\/(src|test|tests|bench|tools|scripts)(\/|$)/))
check(
  'no source maps',
  !some(/\.map$/),
  entries
    .filter((e) => e.endsWith('.map'))
    .slice(0, 3)
    .join(', ')
)
check('no TypeScript sources', !some(/\.(ts|tsx|mts|cts)$/))
// Dev-only packages, from the lockfile: none may be in the asar.
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'))
// electron-builder lays node_modules out anew (hoisting), so packages are matched by name@version:
// shipped is fine when some non-dev lockfile entry has that name and version.
const lockName = (k) => k.slice(k.lastIndexOf('node_modules/') + 'node_modules/'.length)
const prodVersions = new Set(
  Object.entries(lock.packages)
    .filter(([k, v]) => k.startsWith('node_modules/') && v.dev !== true)
    .map(([k, v]) => `${lockName(k)}@${v.version}`)
)
const shippedVersion = (dir) => {
  const meta = JSON.parse(asar.extractFile(asarPath, `${dir}/package.json`).toString('utf8'))
  return `${lockName(dir)}@${meta.version}`
}
// Every package folder in the asar, by its path (nested copies included), as the lockfile keys it.
const packageDirs = entries
  .filter((e) => /(^|\/)node_modules\/(@[^/]+\/)?[^/@]+$/.test(e) && has(`${e}/package.json`))
  .map((e) => e.slice(1))
const shipped = new Set(
  packageDirs
    .filter((d) => !d.slice('node_modules/'.length).includes('node_modules/'))
    .map((d) => d.slice('node_modules/'.length))
)
const leaked = packageDirs.map(shippedVersion).filter((nv) => !prodVersions.has(nv))
check(
  'production dependencies only (no devDependencies)',
  leaked.length === 0,
  leaked.slice(0, 8).join(', ') || `${shipped.size} packages`
)
for (const dev of [
  'electron',
  'electron-builder',
  'vite',
  'vitest',
  'typescript',
  'tsx',
  'esbuild',
  '@playwright/test'
]) {
  if (shipped.has(dev)) check(`devDependency ${dev} is not shipped`, false)
}
check(
  'declared dependencies are shipped',
  Object.keys(pkgJson.dependencies).every((d) => shipped.has(d)),
  Object.keys(pkgJson.dependencies)
    .filter((d) => !shipped.has(d))
    .join(', ')
)

// ---- 5. Native code unpacked.
const unpackedDir = join(appDir, 'resources', 'app.asar.unpacked')
const unpacked = []
const walk = (d) => {
  for (const e of readdirSync(d, { withFileTypes: true })) {
    const p = join(d, e.name)
    if (e.isDirectory()) walk(p)
    else unpacked.push(relative(unpackedDir, p).replaceAll('\\', '/'))
  }
}
if (existsSync(unpackedDir)) walk(unpackedDir)
const nodeFiles = unpacked.filter((f) => f.endsWith('.node'))
check(
  'keyring .node unpacked from the asar',
  nodeFiles.some((f) => /^node_modules\/@napi-rs\/keyring-[^/]+\/[^/]+\.node$/.test(f)),
  nodeFiles.join(', ')
)
check(
  'keyring loader unpacked beside it',
  unpacked.includes('node_modules/@napi-rs/keyring/index.js')
)
check(
  'no .node file left inside the asar',
  !entries.some((e) => e.endsWith('.node') && !unpacked.includes(e.slice(1)))
)

// ---- 6. Fuses, read back from the flipped binary.
const exe = join(appDir, config.linux.executableName)
const wire = await getCurrentFuseWire(exe)
const expected = {
  RunAsNode: FuseState.DISABLE,
  EnableCookieEncryption: FuseState.ENABLE,
  EnableNodeOptionsEnvironmentVariable: FuseState.DISABLE,
  EnableNodeCliInspectArguments: FuseState.DISABLE,
  EnableEmbeddedAsarIntegrityValidation: FuseState.ENABLE,
  OnlyLoadAppFromAsar: FuseState.ENABLE,
  GrantFileProtocolExtraPrivileges: FuseState.DISABLE
}
const stateName = (s) =>
  ({ [FuseState.ENABLE]: 'on', [FuseState.DISABLE]: 'off', [FuseState.REMOVED]: 'removed' })[s] ??
  `0x${Number(s).toString(16)}`
const fuseLine = Object.keys(expected)
  .map((k) => `${k}=${stateName(wire[FuseV1Options[k]])}`)
  .join(' ')
for (const [k, v] of Object.entries(expected)) {
  check(
    `fuse ${k} ${stateName(v)}`,
    wire[FuseV1Options[k]] === v,
    `reads ${stateName(wire[FuseV1Options[k]])}`
  )
}
// Bad input: the three ways to run other code inside the app's identity are closed in the binary
// itself: ELECTRON_RUN_AS_NODE=1, NODE_OPTIONS=--require=./evil.js, --inspect=9229. (The release
// smoke test launches the real packaged app with all three and sees them ignored.)
check(
  'bad input: NODE_OPTIONS=--require=…, --inspect and ELECTRON_RUN_AS_NODE are ignored (fuse bytes off)',
  [
    FuseV1Options.EnableNodeOptionsEnvironmentVariable,
    FuseV1Options.EnableNodeCliInspectArguments,
    FuseV1Options.RunAsNode
  ].every((i) => wire[i] === FuseState.DISABLE)
)

// ---- 7. Updates and the CLI in the package.
const updateYml = join(appDir, 'resources', 'app-update.yml')
check(
  'app-update.yml (electron-updater feed) in resources',
  existsSync(updateYml) && /provider: github/.test(readFileSync(updateYml, 'utf8'))
)
const cliDir = join(appDir, 'resources', 'cli')
check(
  'built CLI in resources/cli',
  existsSync(join(cliDir, 'tessera')) &&
    existsSync(join(cliDir, 'node_modules/@napi-rs/keyring/index.js'))
)
// Run from a copy outside the checkout: Node looks for node_modules in every parent folder, and
// the checkout's own would hide a package that forgot the addon. The keyring addon loads when
// the bundle starts, so --help proves it loads. No Node on PATH.
const isolated = mkdtempSync(join(tmpdir(), 'tessera-cli-'))
cpSync(cliDir, isolated, { recursive: true })
const cliExe = join(isolated, 'tessera')
const help = spawnSync(cliExe, ['--help'], {
  encoding: 'utf8',
  env: { PATH: '/nonexistent', HOME: work }
})
// zod and libsodium sit in resources/cli/lib (scripts/build-cli.mjs): an encrypted Proton
// backup needs both (the parser's schema, libsodium's Argon2id), from the copy alone.
const corpora = join(root, '..', 'shared', 'corpora')
const protonBackup = join(
  corpora,
  'ente/proton_fixtures/proton_authenticator_backup_encrypted_1231246.json'
)
const cliEnv = {
  PATH: '/nonexistent',
  HOME: work,
  TESSERA_DATA_DIR: join(isolated, 'data'),
  TESSERA_PASSWORD: 'packaging-check-password'
}
const cliInit = spawnSync(cliExe, ['init', '--no-keychain'], { encoding: 'utf8', env: cliEnv })
const cliImport = spawnSync(cliExe, ['--json', 'import', '--password-stdin', protonBackup], {
  encoding: 'utf8',
  env: cliEnv,
  input: '1231246'
})
rmSync(isolated, { recursive: true, force: true })
check(
  'packaged CLI runs without Node on PATH and loads the keyring addon',
  help.status === 0 && /Usage: tessera/.test(help.stdout),
  help.stderr.trim().split('\n')[0] ?? ''
)
check(
  'packaged CLI loads zod and libsodium from resources/cli/lib (encrypted Proton import)',
  cliInit.status === 0 &&
    cliImport.status === 0 &&
    JSON.parse(cliImport.stdout || '{}').added === 4,
  (cliInit.stderr + cliImport.stderr).trim().split('\n')[0] ?? cliImport.stdout.trim()
)

const trayDir = join(appDir, 'resources', 'tray')
const trayFiles = existsSync(trayDir) ? readdirSync(trayDir) : []
check(
  'tray images in resources/tray (template, light, dark)',
  [
    'trayTemplate.png',
    'trayTemplate@2x.png',
    'tray-light.png',
    'tray-dark.png',
    'tray-light.ico'
  ].every((f) => trayFiles.includes(f)),
  `${trayFiles.length} files`
)

// ---- 8. Numbers.
const asarBytes = statSync(asarPath).size
const unpackedBytes = unpacked.reduce((n, f) => n + statSync(join(unpackedDir, f)).size, 0)
console.log('\npackaging numbers')
console.log(
  `  asar: ${(asarBytes / 1048576).toFixed(1)} MiB, ${files.length} files (${entries.length} entries), ${shipped.size} packages`
)
console.log(
  `  unpacked: ${unpacked.length} files, ${(unpackedBytes / 1024).toFixed(0)} KiB (${nodeFiles.join(', ')})`
)
console.log(`  fuses: ${fuseLine}`)
console.log(
  `  CLI: bundle ${(cli.bytes / 1024).toFixed(0)} KiB, executable ${(statSync(join(cliDir, 'tessera')).size / 1048576).toFixed(1)} MiB`
)

// ---- 9. A real .deb from that folder, with dpkg-deb.
if (!existsSync('/usr/bin/dpkg-deb')) {
  skip('.deb', 'dpkg-deb is not installed (Debian package dpkg)')
  finish()
}
const debPath = join(work, `${identity.CLI_NAME}.deb`)
const deb = await buildDeb({ app: appDir, out: debPath, fast: true })
const listing = deb.listing.split('\n').map((l) =>
  l
    .split(/\s+/)
    .slice(5)
    .join(' ')
    .replace(/^\.\//, '/')
    .replace(/ -> .*$/, '')
)
const inDeb = (p) => listing.includes(p)
check(
  'deb: the app in /opt/Tessera',
  inDeb(`/opt/${identity.PRODUCT_NAME}/${config.linux.executableName}`) &&
    inDeb(`/opt/${identity.PRODUCT_NAME}/resources/app.asar`)
)
check('deb: desktop entry', inDeb(`/usr/share/applications/${identity.DESKTOP_FILE_NAME}`))
check(
  'deb: hicolor icons',
  inDeb(`/usr/share/icons/hicolor/256x256/apps/${config.linux.executableName}.png`)
)
check('deb: docs in /usr/share/doc/tessera', inDeb('/usr/share/doc/tessera/README'))
check('deb: nothing in /etc (no conffiles)', !listing.some((p) => p.startsWith('/etc')))
const policyTemplates = listing.filter((p) =>
  p.startsWith('/usr/share/doc/tessera/policy-templates/')
)
if (policyTemplates.length > 0) {
  check(
    'deb: policy templates in /usr/share/doc/tessera/policy-templates',
    ['windows/tessera.admx', 'linux/policy.example.json'].every((f) =>
      inDeb(`/usr/share/doc/tessera/policy-templates/${f}`)
    ),
    `${policyTemplates.length} entries`
  )
  check(
    'deb: example policy at /usr/share/doc/tessera/policy.example.json',
    inDeb('/usr/share/doc/tessera/policy.example.json')
  )
} else
  skip(
    'deb: policy templates',
    'resources/policy-templates does not exist yet (npm run policy:templates, issue 11)'
  )
const conffiles = spawnSync('dpkg-deb', ['--info', debPath, 'conffiles'], { encoding: 'utf8' })
check('deb: no conffiles', conffiles.status !== 0 || conffiles.stdout.trim() === '')
const entry = desktopEntry(config, identity)
check(
  'desktop entry handles otpauth:// and otpauth-migration://',
  /^MimeType=x-scheme-handler\/otpauth;x-scheme-handler\/otpauth-migration;$/m.test(entry)
)
if (existsSync('/usr/bin/desktop-file-validate')) {
  const f = join(work, identity.DESKTOP_FILE_NAME)
  writeFileSync(f, entry)
  const v = spawnSync('desktop-file-validate', [f], { encoding: 'utf8' })
  check(
    'desktop-file-validate accepts the entry',
    v.status === 0 && !/error/i.test(v.stdout),
    v.stdout.trim()
  )
} else skip('desktop-file-validate', 'desktop-file-utils is not installed')
console.log(
  `  deb: ${(statSync(debPath).size / 1048576).toFixed(1)} MiB (gzip -1 here; the release uses electron-builder's xz)`
)

// ---- 10. In CI as root: install it for real, check, remove.
const asRoot = process.getuid?.() === 0
const wantInstall = process.env.CI === 'true' || process.env.TESSERA_DPKG_INSTALL === '1'
if (!asRoot || !wantInstall) {
  skip(
    'dpkg -i',
    !asRoot
      ? 'needs root'
      : 'runs in CI (CI=true) or with TESSERA_DPKG_INSTALL=1: it installs into this machine’s /opt and /usr'
  )
  finish()
}
const installed = spawnSync('dpkg-query', ['-W', '-f=${Status}', identity.CLI_NAME], {
  encoding: 'utf8'
})
if (installed.stdout.includes('installed')) {
  skip(
    'dpkg -i',
    `a ${identity.CLI_NAME} package is already installed on this machine; not replacing it`
  )
  finish()
}
let vaultBefore
const dpkg = (...a) =>
  spawnSync('dpkg', a, {
    encoding: 'utf8',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  })
try {
  // dpkg -i does not fetch dependencies: install the missing ones first, the way apt would.
  const missing = config.deb.depends.filter(
    (d) =>
      !spawnSync('dpkg-query', ['-W', '-f=${Status}', d], { encoding: 'utf8' }).stdout.includes(
        'install ok installed'
      )
  )
  if (missing.length > 0) {
    console.log(`  installing the package's missing dependencies: ${missing.join(' ')}`)
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
    const apt = (...a) => spawnSync('apt-get', a, { encoding: 'utf8', env })
    let r = apt('install', '-y', '-qq', '--no-install-recommends', ...missing)
    if (r.status !== 0) {
      apt('update', '-qq')
      r = apt('install', '-y', '-qq', '--no-install-recommends', ...missing)
    }
    check(
      'apt-get installs the dependencies the package declares',
      r.status === 0,
      r.stderr.trim().split('\n').slice(-2).join(' | ')
    )
  }
  const i = dpkg('-i', debPath)
  check(
    'dpkg -i tessera.deb',
    i.status === 0,
    i.status === 0 ? '' : `${i.stdout}\n${i.stderr}`.trim().split('\n').slice(-12).join(' | ')
  )
  check(
    'installed: /opt/Tessera/tessera',
    existsSync(`/opt/${identity.PRODUCT_NAME}/${config.linux.executableName}`)
  )
  check(
    `installed: /usr/share/applications/${identity.DESKTOP_FILE_NAME}`,
    existsSync(`/usr/share/applications/${identity.DESKTOP_FILE_NAME}`)
  )
  const bin = spawnSync('/usr/bin/tessera', ['--help'], {
    encoding: 'utf8',
    env: { PATH: '/usr/bin:/bin', HOME: work }
  })
  check(
    '/usr/bin/tessera --help works (no Node needed)',
    bin.status === 0 && /Usage: tessera/.test(bin.stdout),
    bin.stderr.trim().split('\n')[0] ?? ''
  )
  if (existsSync('/usr/bin/xdg-mime')) {
    const q = spawnSync('xdg-mime', ['query', 'default', 'x-scheme-handler/otpauth'], {
      encoding: 'utf8',
      env: { ...process.env, HOME: work, XDG_DATA_DIRS: '/usr/local/share:/usr/share' }
    })
    check(
      'xdg-mime: otpauth:// opens Tessera',
      q.stdout.trim() === identity.DESKTOP_FILE_NAME,
      q.stdout.trim() || q.stderr.trim()
    )
  } else skip('xdg-mime query', 'xdg-utils is not installed')
  // The installed command on a real vault (password only: no keychain daemon needed), which
  // must survive the package's removal.
  const userEnv = {
    PATH: '/usr/bin:/bin',
    HOME: work,
    TESSERA_DATA_DIR: join(work, 'user-data'),
    TESSERA_PASSWORD: 'packaging check 1234'
  }
  const cliRun = (...a) => spawnSync('/usr/bin/tessera', a, { encoding: 'utf8', env: userEnv })
  const made = cliRun('init', '--no-keychain')
  const added = cliRun('add', 'otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP&issuer=Example')
  const code = cliRun('code')
  check(
    '/usr/bin/tessera creates a vault, adds an account and prints its code',
    made.status === 0 && added.status === 0 && /\d{3} ?\d{3}/.test(code.stdout),
    (made.stderr + added.stderr + code.stderr).trim().split('\n')[0] ?? ''
  )
  const vaultFile = join(userEnv.TESSERA_DATA_DIR, 'vault.json')
  vaultBefore = existsSync(vaultFile) ? readFileSync(vaultFile) : undefined
} finally {
  const r = dpkg('--purge', identity.CLI_NAME)
  check(
    'dpkg --purge tessera removes it',
    r.status === 0 &&
      !existsSync(`/opt/${identity.PRODUCT_NAME}`) &&
      !existsSync('/usr/bin/tessera'),
    (r.stderr || '').trim()
  )
  const vaultFile = join(work, 'user-data', 'vault.json')
  check(
    'uninstalling leaves the vault as it was',
    vaultBefore !== undefined &&
      existsSync(vaultFile) &&
      readFileSync(vaultFile).equals(vaultBefore)
  )
}
finish()
