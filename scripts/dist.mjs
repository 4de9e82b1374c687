#!/usr/bin/env node
// Builds installers, the way the release workflow does (.github/workflows/release.yml runs this
// on each OS): the app (electron-vite), the CLI as a Node single-executable application, then
// electron-builder for this OS's targets. Artifacts land in dist/.
//
//   node scripts/dist.mjs                    this OS's default targets (electron-builder.ts)
//   node scripts/dist.mjs --per-machine      Windows: the per-machine NSIS installer for IT
//   node scripts/dist.mjs --dir              an unpacked app only (fast; no installer tools)
//   node scripts/dist.mjs -- <args>          extra electron-builder arguments
import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { tsImport } from 'tsx/esm/api'

const root = resolve(fileURLToPath(new URL('..', import.meta.url)))
const require = createRequire(join(root, 'package.json'))
const argv = process.argv.slice(2)
const extra = argv.includes('--') ? argv.slice(argv.indexOf('--') + 1) : []

function run(cmd, args) {
  console.log(`\n> ${[cmd, ...args].join(' ')}`)
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', shell: false })
  if (r.status !== 0) process.exit(r.status ?? 1)
}

const node = process.execPath
run(node, [require.resolve('electron-vite/bin/electron-vite.js'), 'build'])
run(node, [join(root, 'scripts/build-cli.mjs'), '--sea'])

const builder = [require.resolve('electron-builder/cli.js'), '--publish', 'never']
if (argv.includes('--dir')) builder.push('--dir')
if (argv.includes('--per-machine')) {
  const { WINDOWS_PER_MACHINE } = await tsImport(join(root, 'electron-builder.ts'), import.meta.url)
  builder.push(
    '--win',
    'nsis',
    ...Object.entries(WINDOWS_PER_MACHINE).map(([k, v]) => `-c.${k}=${v}`)
  )
}
run(node, [...builder, ...extra])
