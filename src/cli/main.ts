import { runCli } from './run'

// The process entry of `tessera` (bin/tessera.mjs loads this file from a checkout; the installed
// command is this file bundled by scripts/build-cli.mjs). No top-level await: the bundle is
// CommonJS, as a Node single-executable application needs.
void runCli(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env
}).then((code) => {
  process.exitCode = code
})
