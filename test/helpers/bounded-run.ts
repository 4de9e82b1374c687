/**
 * Runs a TypeScript script in a fresh Node process with a hard time limit and reports how long it
 * took and its peak memory: how the bomb tests bound and measure what they provoke (a runaway
 * decode is killed at the limit instead of taking the test process with it).
 */
import { spawn } from 'node:child_process'

export interface BoundedRun {
  /** Wall time until the process ended (or was killed). */
  ms: number
  /** True when it was killed at the time limit. */
  killed: boolean
  exitCode: number | null
  stdout: string
  stderr: string
  /** The script's last stdout line parsed as JSON, when it is JSON. */
  result?: unknown
}

/**
 * Starts `node --import tsx <script> ...args` and kills it after `timeoutMs`. Scripts print one
 * JSON line at the end, e.g. `{ "code": "IMAGE_INVALID", "ms": 3, "maxRssMiB": 90 }`
 * (see test/helpers/decode-child.ts).
 */
export function runBounded(script: string, args: string[], timeoutMs: number): Promise<BoundedRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let stdout = ''
    let stderr = ''
    let killed = false
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    const timer = setTimeout(() => {
      killed = true
      child.kill('SIGKILL')
    }, timeoutMs)
    child.on('error', (err) => {
      clearTimeout(timer)
      reject(err)
    })
    child.on('close', (exitCode) => {
      clearTimeout(timer)
      const last = stdout.trim().split('\n').pop() ?? ''
      let result: unknown
      try {
        result = JSON.parse(last)
      } catch {
        result = undefined
      }
      resolve({ ms: performance.now() - started, killed, exitCode, stdout, stderr, result })
    })
  })
}
