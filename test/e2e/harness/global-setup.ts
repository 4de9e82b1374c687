/**
 * Builds the app once per run into a private folder (so parallel runs and the lead's `out/` do not
 * collide) and bundles the page bridge that gives the page the same `window.tessera` the preload
 * gives it in Electron.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs'
import { join } from 'node:path'
import { build } from 'vite'
import { repoRoot } from '../../helpers/corpora'
import { BUILD_DIR_ENV } from './paths'

export default async function globalSetup(): Promise<void> {
  if (
    process.env[BUILD_DIR_ENV] &&
    existsSync(join(process.env[BUILD_DIR_ENV], 'page-bridge.js'))
  ) {
    return
  }
  mkdirSync(join(repoRoot, '.tmp'), { recursive: true })
  const dir = mkdtempSync(join(repoRoot, '.tmp', 'e2e-'))
  const cli = join(repoRoot, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js')
  const built = spawnSync(
    process.execPath,
    [cli, 'build', '--outDir', join(dir, 'out'), '--logLevel', 'warn'],
    { cwd: repoRoot, stdio: 'inherit' }
  )
  if (built.status !== 0) throw new Error(`electron-vite build failed (exit ${built.status})`)

  await build({
    configFile: false,
    root: repoRoot,
    logLevel: 'warn',
    build: {
      outDir: dir,
      emptyOutDir: false,
      minify: false,
      copyPublicDir: false,
      lib: {
        entry: join(repoRoot, 'test', 'e2e', 'harness', 'page-bridge.ts'),
        formats: ['iife'],
        name: 'TesseraPageBridge',
        fileName: () => 'page-bridge.js'
      }
    }
  })
  process.env[BUILD_DIR_ENV] = dir
  process.env[`${BUILD_DIR_ENV}_OWNED`] = '1'
}
