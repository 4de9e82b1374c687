import { isatty } from 'node:tty'
import { runCli } from './run'

// The process entry of `tessera` (bin/tessera.mjs loads this file from a checkout; the installed
// command is this file bundled by scripts/build-cli.mjs). No top-level await: the bundle is
// CommonJS, as a Node single-executable application needs.
// process.stdin is a getter that builds a stream (≈7 ms of start-up): only commands that read it
// touch it, and whether it is a terminal comes from the file descriptor.
void runCli(process.argv.slice(2), {
  get stdin() {
    return process.stdin
  },
  stdinIsTTY: isatty(0),
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env
}).then((code) => {
  process.exitCode = code
})
