#!/usr/bin/env node
// Adds what the release carries beside the installers, into the given folder (the release
// workflow's downloaded artifacts; locally, dist/):
//   tessera-<version>-sbom.cdx.json        CycloneDX SBOM of the production dependencies
//   tessera-<version>-policy-templates.tar.gz   the policy templates (npm run policy:templates)
//   SHA256SUMS                              sha256 of every file in the folder, sha256sum format
//
//   node scripts/release-assets.mjs [DIR]   (default dist)
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { basename, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(fileURLToPath(new URL('..', import.meta.url)))
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))

function run(cmd, args, opts = {}) {
  console.log(`> ${[cmd, ...args].join(' ')}`)
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts })
  if (r.status !== 0) throw new Error(`${cmd} exited with ${r.status}`)
}

/** sha256sum-compatible lines for every regular file in `dir` (sorted, SHA256SUMS excluded). */
export function checksums(dir) {
  return readdirSync(dir)
    .filter((f) => f !== 'SHA256SUMS' && statSync(join(dir, f)).isFile())
    .sort()
    .map(
      (f) =>
        `${createHash('sha256')
          .update(readFileSync(join(dir, f)))
          .digest('hex')}  ${f}`
    )
    .join('\n')
}

export function releaseAssets(dir) {
  const v = pkg.version
  const sbom = join(dir, `tessera-${v}-sbom.cdx.json`)
  const cyclonedx = join(
    root,
    'node_modules',
    '@cyclonedx',
    'cyclonedx-npm',
    'bin',
    'cyclonedx-npm-cli.js'
  )
  run(process.execPath, [
    cyclonedx,
    '--omit',
    'dev',
    '--output-format',
    'JSON',
    '--output-file',
    sbom
  ])

  if (pkg.scripts?.['policy:templates'])
    run('npm', ['run', 'policy:templates'], { shell: process.platform === 'win32' })
  const templates = join(root, 'resources', 'policy-templates')
  if (existsSync(templates)) {
    run('tar', [
      '-czf',
      join(dir, `tessera-${v}-policy-templates.tar.gz`),
      '-C',
      join(root, 'resources'),
      'policy-templates'
    ])
  } else {
    console.log('no resources/policy-templates yet (issue 11): the release carries no templates')
  }

  writeFileSync(join(dir, 'SHA256SUMS'), checksums(dir) + '\n')
  console.log(
    `wrote ${basename(sbom)} and SHA256SUMS for ${readdirSync(dir).length - 1} files in ${dir}`
  )
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  releaseAssets(resolve(process.argv[2] ?? join(root, 'dist')))
}
