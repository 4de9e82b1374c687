import { join } from 'node:path'
import { repoRoot } from '../../helpers/corpora'

/** Set by global-setup: a private build of the app for this run (renderer, preload, main). */
export const BUILD_DIR_ENV = 'TESSERA_E2E_BUILD_DIR'

export function buildDir(): string {
  const dir = process.env[BUILD_DIR_ENV]
  if (!dir)
    throw new Error(`${BUILD_DIR_ENV} is not set: run the e2e suite through playwright.config.ts`)
  return dir
}

export const rendererDir = (): string => join(buildDir(), 'out', 'renderer')
export const preloadBundle = (): string => join(buildDir(), 'out', 'preload', 'index.cjs')
export const screensDir = join(repoRoot, 'test-results', 'screens')
