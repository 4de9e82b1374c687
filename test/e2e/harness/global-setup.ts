/**
 * Builds the app once per run into a private folder (so parallel runs and the lead's `out/` do not
 * collide). The e2e harness serves its renderer and runs its real preload bundle in the page.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs'
import { join } from 'node:path'
import { repoRoot } from '../../helpers/corpora'
import { BUILD_DIR_ENV } from './paths'

export default async function globalSetup(): Promise<void> {
  if (
    process.env[BUILD_DIR_ENV] &&
    existsSync(join(process.env[BUILD_DIR_ENV], 'out', 'preload', 'index.cjs'))
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

  process.env[BUILD_DIR_ENV] = dir
  process.env[`${BUILD_DIR_ENV}_OWNED`] = '1'
}
