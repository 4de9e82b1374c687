import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { writePrivateFile } from '../../../src/main/core/fs/private-file'

const dirs: string[] = []
const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'tessera-private-'))
  dirs.push(d)
  return d
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

const windows = process.platform === 'win32'
if (windows) console.info('skipped: writePrivateFile mode checks need POSIX file modes')

describe.skipIf(windows)('writePrivateFile', () => {
  it('creates a new file readable by the owner only', async () => {
    const path = join(tempDir(), 'export.json')
    await writePrivateFile(path, '{"secret":"JBSWY3DPEHPK3PXP"}')
    expect(statSync(path).mode & 0o777).toBe(0o600)
    expect(readFileSync(path, 'utf8')).toBe('{"secret":"JBSWY3DPEHPK3PXP"}')
  })

  it('over an existing world-readable file, ends owner-only with only the new content', async () => {
    const path = join(tempDir(), 'export.txt')
    writeFileSync(path, 'an older and much longer file that must not survive', { mode: 0o644 })
    expect(statSync(path).mode & 0o777).toBe(0o644)
    await writePrivateFile(path, 'otpauth://totp/a?secret=AB')
    expect(statSync(path).mode & 0o777).toBe(0o600)
    expect(readFileSync(path, 'utf8')).toBe('otpauth://totp/a?secret=AB')
  })
})
