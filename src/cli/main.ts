import { runCli } from './run'

// The process entry of `tessera` (bin/tessera.mjs loads this file).
const code = await runCli(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env
})
process.exitCode = code
