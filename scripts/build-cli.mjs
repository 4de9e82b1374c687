#!/usr/bin/env node
// Builds the installed `tessera` command into out/cli/:
//
//   out/cli/tessera.cjs     one bundled CommonJS file (esbuild): no tsx, no TypeScript at run time
//   out/cli/lib/*.cjs       the two big libraries few commands use (zod, libsodium), each bundled
//                           on its own and loaded from disk by the commands that need them
//   out/cli/node_modules/   only what cannot be bundled: the keyring's native addon (and its
//                           loader) and the two .wasm files, found the way the source finds them
//                           (require.resolve from beside the bundle)
//   out/cli/tessera[.exe]   with --sea: the same bundle inside a copy of this Node binary, a Node
//                           single-executable application (postject), so no Node is needed
//
// The packaged app ships out/cli as resources/cli (electron-builder.ts extraResources); the deb
// and rpm link /usr/bin/tessera to it. `npm run tessera` from a checkout still runs the sources.
//
//   node scripts/build-cli.mjs [--sea] [--out DIR]
import { execFileSync } from 'node:child_process'
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const root = resolve(fileURLToPath(new URL('..', import.meta.url)))
const require = createRequire(join(root, 'package.json'))
const args = process.argv.slice(2)
const outDir = args.includes('--out')
  ? resolve(args[args.indexOf('--out') + 1])
  : join(root, 'out', 'cli')
const wantSea = args.includes('--sea')

/** Packages loaded from disk next to the bundle instead of being bundled. */
const NATIVE = ['@napi-rs/keyring']
/** Files the bundle reads with require.resolve: package -> files kept (plus package.json). */
const ASSETS = {
  'zxing-wasm': ['dist/reader/zxing_reader.wasm'],
  '@jsquash/webp': ['codec/dec/webp_dec.wasm']
}

/** The folder of an installed package, looked up the way Node does (node_modules upwards). */
function packageDir(name, from = root) {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name)
    if (existsSync(join(candidate, 'package.json'))) return candidate
    if (dirname(dir) === dir)
      throw new Error(`${name} is not installed (looked upwards from ${from})`)
  }
}

/**
 * Libraries bundled into lib/<name>.cjs instead of the main bundle: together two thirds of it
 * (≈1.1 MB of 1.8), and `tessera code` or `--help` never run them. Every command pays for the size
 * of the main bundle (a single-executable application deserialises the code cache of the whole
 * script), ≈14 ms of CPU for these two here. Imports, exports and enrollment load them on use.
 */
const COLD = ['zod', 'libsodium-wrappers-sumo']

const coldFromDisk = {
  name: 'cold-from-disk',
  setup(b) {
    const filter = new RegExp(`^(${COLD.map((n) => n.replace(/[/.-]/g, '\\$&')).join('|')})$`)
    b.onResolve({ filter }, (a) => ({ path: a.path, namespace: 'cold-from-disk' }))
    b.onLoad({ filter: /.*/, namespace: 'cold-from-disk' }, (a) => ({
      contents: `module.exports = require('node:module').createRequire(__filename)(${JSON.stringify(`./lib/${coldFile(a.path)}`)})`,
      loader: 'js'
    }))
  }
}

/** lib/ file name of a cold library. */
const coldFile = (name) => `${name.replace(/[@/]/g, '_')}.cjs`

// Native packages resolve at run time from beside the bundle (or the executable: inside a SEA,
// __filename is process.execPath), through createRequire, since a SEA's own `require` only
// knows Node's built-in modules.
const nativeFromDisk = {
  name: 'native-from-disk',
  setup(b) {
    const filter = new RegExp(`^(${NATIVE.map((n) => n.replace(/[/.]/g, '\\$&')).join('|')})$`)
    b.onResolve({ filter }, (a) => ({ path: a.path, namespace: 'native-from-disk' }))
    b.onLoad({ filter: /.*/, namespace: 'native-from-disk' }, (a) => ({
      contents: `module.exports = require('node:module').createRequire(__filename)(${JSON.stringify(a.path)})`,
      loader: 'js'
    }))
  }
}

export async function buildCli({ sea = wantSea, out = outDir } = {}) {
  rmSync(out, { recursive: true, force: true })
  mkdirSync(out, { recursive: true })
  const bundle = join(out, 'tessera.cjs')
  const result = await build({
    entryPoints: [join(root, 'src/cli/main.ts')],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    minifySyntax: true,
    minifyWhitespace: true,
    legalComments: 'none',
    logLevel: 'warning',
    metafile: true,
    // import.meta.url in the sources becomes this file's URL (the executable's inside a SEA).
    define: { 'import.meta.url': '__tesseraModuleUrl' },
    banner: {
      js: "'use strict';\nvar __tesseraModuleUrl = require('node:url').pathToFileURL(__filename).href;"
    },
    plugins: [nativeFromDisk, coldFromDisk]
  })
  // Each cold library as one CommonJS file, from its `require` entry.
  for (const name of COLD) {
    await build({
      stdin: { contents: `module.exports = require(${JSON.stringify(name)})`, resolveDir: root },
      outfile: join(out, 'lib', coldFile(name)),
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      minifySyntax: true,
      minifyWhitespace: true,
      legalComments: 'none',
      logLevel: 'warning'
    })
  }

  // node_modules beside the bundle: the native keyring and the wasm files, nothing else.
  const nm = join(out, 'node_modules')
  for (const name of NATIVE) {
    const dir = packageDir(name)
    cpSync(dir, join(nm, name), { recursive: true })
    // The platform package holding the .node, resolved the way the loader resolves it.
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
    for (const dep of Object.keys(pkg.optionalDependencies ?? {})) {
      let depDir
      try {
        depDir = packageDir(dep, dir)
      } catch {
        continue // another platform's build
      }
      cpSync(depDir, join(nm, dep), { recursive: true })
    }
  }
  for (const [name, files] of Object.entries(ASSETS)) {
    const dir = packageDir(name)
    mkdirSync(join(nm, name), { recursive: true })
    copyFileSync(join(dir, 'package.json'), join(nm, name, 'package.json'))
    for (const f of files) {
      mkdirSync(dirname(join(nm, name, f)), { recursive: true })
      copyFileSync(join(dir, f), join(nm, name, f))
    }
  }
  const bytes = readFileSync(bundle).length
  let executable
  if (sea) executable = buildSea(out, bundle)
  return { bundle, bytes, executable, inputs: Object.keys(result.metafile.inputs).length }
}

/**
 * A Node single-executable application: this Node binary with the bundle injected as a blob
 * (node --experimental-sea-config, then postject). Needs Node ≥ 20 built with SEA support.
 */
function buildSea(out, bundle) {
  const exe = join(out, process.platform === 'win32' ? 'tessera.exe' : 'tessera')
  const blob = join(out, 'sea-prep.blob')
  const seaConfig = join(out, 'sea-config.json')
  writeFileSync(
    seaConfig,
    JSON.stringify({
      main: bundle,
      output: blob,
      disableExperimentalSEAWarning: true,
      useCodeCache: true
    })
  )
  execFileSync(process.execPath, ['--experimental-sea-config', seaConfig], { stdio: 'inherit' })
  copyFileSync(process.execPath, exe)
  if (process.platform === 'darwin') {
    execFileSync('codesign', ['--remove-signature', exe], { stdio: 'inherit' })
  }
  const postject = join(dirname(require.resolve('postject/package.json')), 'dist', 'cli.js')
  const inject = [
    postject,
    exe,
    'NODE_SEA_BLOB',
    blob,
    '--sentinel-fuse',
    'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2'
  ]
  if (process.platform === 'darwin') inject.push('--macho-segment-name', 'NODE_SEA')
  execFileSync(process.execPath, inject, { stdio: 'inherit' })
  if (process.platform === 'darwin') {
    // Ad-hoc signature so the binary runs; the release signs it with the app's identity.
    execFileSync('codesign', ['--sign', '-', exe], { stdio: 'inherit' })
  }
  rmSync(blob)
  rmSync(seaConfig)
  return exe
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const r = await buildCli()
  console.log(
    `built ${r.bundle} (${(r.bytes / 1024).toFixed(0)} KiB from ${r.inputs} modules)` +
      (r.executable ? `\nbuilt ${r.executable} (Node single-executable application)` : '')
  )
}
