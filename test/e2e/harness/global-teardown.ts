import { rmSync } from 'node:fs'
import { BUILD_DIR_ENV } from './paths'

export default function globalTeardown(): void {
  const dir = process.env[BUILD_DIR_ENV]
  if (dir && process.env[`${BUILD_DIR_ENV}_OWNED`] === '1' && !process.env.TESSERA_E2E_KEEP_BUILD)
    rmSync(dir, { recursive: true, force: true })
}
