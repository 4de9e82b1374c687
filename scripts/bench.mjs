#!/usr/bin/env node
// Runs every bench/*.bench.ts in its own process, one after another (benchmarks on a 2-core
// machine must not compete with each other). Each prints its own table with budgets.
import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(fileURLToPath(new URL('..', import.meta.url)))
const filter = process.argv[2]
const files = readdirSync(join(root, 'bench'))
  .filter((f) => f.endsWith('.bench.ts') && (!filter || f.includes(filter)))
  .sort()
if (files.length === 0) {
  console.log('no benchmarks found')
  process.exit(1)
}
let failed = 0
for (const f of files) {
  console.log(`\n### ${f}`)
  const r = spawnSync('npx', ['tsx', join('bench', f)], { cwd: root, stdio: 'inherit' })
  if (r.status !== 0) {
    failed++
    console.log(`${f} exited with ${r.status}`)
  }
}
process.exit(failed === 0 ? 0 : 1)
