// The installed `tessera` against the one a checkout runs, side by side in one run: `--help`,
// and `code` on a keychain vault with 100 accounts (a real gnome-keyring on a private D-Bus
// session). Budget: median wall time ≤ 150 ms for the installed command, the single-executable
// application (/usr/bin/tessera and resources/cli/tessera run it). The bundle under a separate
// node (no code cache: it compiles the whole file each start) and tsx are comparisons.
// Run: npx tsx bench/cli.bench.ts   (builds the CLI into a temp folder first)
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { createHash } from 'node:crypto'
import { bytesToBase32 } from '../src/main/core/otp/base32'
import { repoRoot } from '../test/helpers/corpora'
import { assertKeyringTools, startPrivateKeyring } from '../test/helpers/keyring'
// @ts-expect-error plain JavaScript build script without type declarations
import { buildCli } from '../scripts/build-cli.mjs'

const RUNS = 15
const BUDGET_MS = 150
const N_ACCOUNTS = 100

assertKeyringTools()
const work = mkdtempSync(join(tmpdir(), 'tessera-cli-bench-'))
const keyring = await startPrivateKeyring()
try {
  const built = (await buildCli({ sea: true, out: join(work, 'cli') })) as {
    bundle: string
    executable: string
  }
  const dataDir = join(work, 'data')
  // NODE_EXTRA_CA_CERTS makes every Node process (the floor too, and the single executable)
  // parse that certificate file before running any JavaScript: ≈25 ms on this machine, whose
  // environment sets it for a proxy; a desktop rarely does, and `tessera code` opens no TLS
  // connection. The budgeted rows run without it; one row shows what it costs.
  const { NODE_EXTRA_CA_CERTS: extraCaCerts, ...inherited } = process.env
  const env = { ...inherited, ...keyring.env, TESSERA_DATA_DIR: dataDir, NO_COLOR: '1' }

  const variants: Array<{
    name: string
    cmd: string
    pre: string[]
    budget: boolean
    env?: NodeJS.ProcessEnv
  }> = [
    // The floor: Node starting and exiting. On a loaded machine every row grows with it.
    { name: 'node, empty script', cmd: process.execPath, pre: ['-e', ''], budget: false },
    {
      name: 'tsx (npm run tessera)',
      cmd: process.execPath,
      pre: [join(repoRoot, 'bin/tessera.mjs')],
      budget: false
    },
    { name: 'built: node tessera.cjs', cmd: process.execPath, pre: [built.bundle], budget: false },
    { name: 'built: tessera (no Node)', cmd: built.executable, pre: [], budget: true }
  ]
  if (extraCaCerts) {
    variants.push({
      name: 'built: tessera, with NODE_EXTRA_CA_CERTS',
      cmd: built.executable,
      pre: [],
      budget: false,
      env: { ...env, NODE_EXTRA_CA_CERTS: extraCaCerts }
    })
  }
  // CPU time (user + system) as well, when GNU time is there: on a machine shared with other
  // work the wall time mostly measures the run queue, the CPU time much less so.
  const gnuTime = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined
  const cpuFile = join(work, 'cpu.txt')
  let lastCpuMs = NaN
  const run = (v: (typeof variants)[number], args: string[]): number => {
    const argv = [...v.pre, ...args]
    const t = performance.now()
    const r = gnuTime
      ? spawnSync(gnuTime, ['-f', '%U %S', '-o', cpuFile, v.cmd, ...argv], {
          env: v.env ?? env,
          encoding: 'utf8'
        })
      : spawnSync(v.cmd, argv, { env: v.env ?? env, encoding: 'utf8' })
    const ms = performance.now() - t
    if (r.status !== 0)
      throw new Error(`${v.name} ${args.join(' ')} exited ${r.status}: ${r.stderr}`)
    if (gnuTime) {
      const [u, sys] = readFileSync(cpuFile, 'utf8').trim().split(/\s+/).slice(-2).map(Number)
      lastCpuMs = ((u ?? NaN) + (sys ?? NaN)) * 1000
    }
    return ms
  }

  // A keychain vault with 100 accounts, made with the built CLI itself.
  const built0 = variants.find((v) => v.cmd === built.executable)!
  run(built0, ['init'])
  const uris = Array.from({ length: N_ACCOUNTS }, (_, i) => {
    // A different secret each: import skips accounts whose secret it already has.
    const secret = bytesToBase32(createHash('sha1').update(`bench-${i}`).digest())
    return `otpauth://totp/Issuer%20${i}:user${i}@example.com?secret=${secret}&issuer=Issuer%20${i}`
  })
  writeFileSync(join(work, 'uris.txt'), uris.join('\n') + '\n')
  run(built0, ['import', join(work, 'uris.txt')])
  const codes = spawnSync(built.executable, ['--json', 'code'], { env, encoding: 'utf8' })
  const count = (JSON.parse(codes.stdout) as unknown[]).length
  if (count !== N_ACCOUNTS) throw new Error(`expected ${N_ACCOUNTS} codes, got ${count}`)

  const stats = (xs: number[]): { median: number; p90: number } => {
    const s = [...xs].sort((a, b) => a - b)
    return { median: s[Math.floor(s.length / 2)]!, p90: s[Math.floor(s.length * 0.9)]! }
  }
  const rows: string[][] = []
  let failed = 0
  for (const [label, args] of [
    ['--help', ['--help']],
    [`code (${N_ACCOUNTS} accounts, keychain)`, ['code']]
  ] as const) {
    for (const v of variants) run(v, [...args]) // warm the page cache
    // Interleaved, so load changes hit every variant alike.
    const times = variants.map(() => [] as number[])
    const cpu = variants.map(() => [] as number[])
    for (let i = 0; i < RUNS; i++) {
      variants.forEach((v, j) => {
        times[j]!.push(run(v, [...args]))
        cpu[j]!.push(lastCpuMs)
      })
    }
    variants.forEach((v, j) => {
      const { median, p90 } = stats(times[j]!)
      const cpuMedian = stats(cpu[j]!).median
      const ok = !v.budget || median <= BUDGET_MS
      if (!ok) failed++
      rows.push([
        `tessera ${label}`,
        v.name,
        `${median.toFixed(0)} ms`,
        `${p90.toFixed(0)} ms`,
        Number.isNaN(cpuMedian) ? '-' : `${cpuMedian.toFixed(0)} ms`,
        v.budget
          ? `≤ ${BUDGET_MS} ms ${ok ? 'ok' : 'OVER'}`
          : v.pre[0] === '-e'
            ? '(floor)'
            : v.env
              ? '(this environment)'
              : '(comparison)'
      ])
    })
  }
  const [l1, l5, l15] = loadavg().map((x) => x.toFixed(2))
  console.log(`CLI start-up, ${RUNS} runs each, interleaved; load average ${l1} ${l5} ${l15}`)
  const widths = [0, 1, 2, 3, 4, 5].map((c) => Math.max(...rows.map((r) => r[c]!.length), 10))
  const line = (r: string[]): string => r.map((c, i) => c.padEnd(widths[i]!)).join('  ')
  console.log(line(['command', 'variant', 'median', 'p90', 'cpu median', 'budget']))
  for (const r of rows) console.log(line(r))
  process.exitCode = failed === 0 ? 0 : 1
} finally {
  await keyring.stop()
  rmSync(work, { recursive: true, force: true })
}
