// A stand-in for an unpacked Electron distribution (electron-builder's `electronDist`), for the
// packaging check on machines where the Electron binary cannot be downloaded. The `electron`
// "executable" is a shell script that carries Electron's fuse sentinel and a fuse wire with
// Electron's defaults, so electron-builder's fuse step flips real bytes that @electron/fuses
// reads back. It cannot run the app; the release smoke test does that with real Electron.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** @electron/fuses' sentinel: the fuse wire follows it in every Electron ≥ 12 binary. */
export const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'

/**
 * Electron 45's shipped fuse states, in wire order ('1' on, '0' off): RunAsNode, cookie
 * encryption, NODE_OPTIONS, --inspect, embedded asar integrity, only-load-from-asar,
 * browser-process V8 snapshot, file:// extra privileges, wasm trap handlers.
 */
export const ELECTRON_DEFAULT_WIRE = '101100011'

/** Writes the stub distribution into `dir` and returns `dir`. */
export function writeStubElectron(dir) {
  mkdirSync(join(dir, 'resources'), { recursive: true })
  const header = String.fromCharCode(1) + String.fromCharCode(ELECTRON_DEFAULT_WIRE.length)
  const script =
    '#!/bin/sh\n' +
    '# Stub Electron for packaging checks: it cannot run an app.\n' +
    'echo "stub Electron: the packaging check cannot start the app" >&2\nexit 1\n' +
    `# ${FUSE_SENTINEL}${header}${ELECTRON_DEFAULT_WIRE}\n`
  writeFileSync(join(dir, 'electron'), script)
  chmodSync(join(dir, 'electron'), 0o755)
  writeFileSync(join(dir, 'chrome-sandbox'), '')
  chmodSync(join(dir, 'chrome-sandbox'), 0o755)
  writeFileSync(join(dir, 'LICENSE'), 'stub\n')
  writeFileSync(join(dir, 'version'), '45.4.1')
  return dir
}
