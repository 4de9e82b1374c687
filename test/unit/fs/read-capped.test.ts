import { execFileSync } from 'node:child_process'
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { AppError } from '../../../src/shared/errors'
import { readUserFile, type UserFileRead } from '../../../src/main/core/fs/read-capped'

// The one reader of files the user names (import backups, images to scan): one error code per
// situation, whichever screen or command asks.

const dirs: string[] = []
const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'tessera-read-'))
  dirs.push(d)
  return d
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

const opts = (cap: number): UserFileRead & { asked: number[] } => {
  const asked: number[] = []
  return {
    cap,
    choose: 'the backup file itself',
    asked,
    tooLarge: (size) => {
      asked.push(size)
      return new AppError('IMPORT_FORMAT', `too large: ${size}`)
    }
  }
}

describe('readUserFile', () => {
  it('reads a file up to the cap exactly, byte for byte', async () => {
    const path = join(tempDir(), 'backup.json')
    writeFileSync(path, Buffer.from('0123456789'))
    expect(Buffer.from(await readUserFile(path, opts(10))).toString()).toBe('0123456789')
  })

  it('an empty file reads as no bytes', async () => {
    const path = join(tempDir(), 'empty.json')
    writeFileSync(path, '')
    expect((await readUserFile(path, opts(10))).length).toBe(0)
  })

  it("refuses a file one byte over the cap with the caller's error, saying its size", async () => {
    const path = join(tempDir(), 'big.bin')
    writeFileSync(path, Buffer.alloc(11))
    const o = opts(10)
    await expect(readUserFile(path, o)).rejects.toMatchObject({
      code: 'IMPORT_FORMAT',
      message: 'too large: 11'
    })
    expect(o.asked).toEqual([11])
  })

  it('a missing file is NOT_FOUND and names the path (or the label given)', async () => {
    const dir = tempDir()
    const path = join(dir, 'no-such.json')
    await expect(readUserFile(path, opts(10))).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining(path),
      details: { path }
    })
    await expect(
      readUserFile(join(dir, 'missing-dir', 'x.json'), { ...opts(10), label: 'x.json' })
    ).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('at x.json') })
  })

  it('a folder is INVALID_INPUT, "not a regular file", and says what to choose', async () => {
    const folder = join(tempDir(), 'a-folder')
    mkdirSync(folder)
    await expect(readUserFile(folder, opts(10))).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringMatching(/not a regular file.*Choose the backup file itself\./)
    })
  })

  it.skipIf(process.platform === 'win32')(
    'a FIFO and /dev/zero are refused at once instead of being read forever',
    async () => {
      const fifo = join(tempDir(), 'pipe.json')
      execFileSync('mkfifo', [fifo])
      for (const path of [fifo, '/dev/zero']) {
        const started = Date.now()
        await expect(readUserFile(path, opts(1024))).rejects.toMatchObject({
          code: 'INVALID_INPUT',
          message: expect.stringContaining('not a regular file')
        })
        expect(Date.now() - started).toBeLessThan(2000)
      }
    }
  )

  it.skipIf(process.platform === 'win32' || process.getuid?.() === 0)(
    'a file the user may not read is INVALID_INPUT, never IO (that is the vault’s own files)',
    async () => {
      const path = join(tempDir(), 'locked.json')
      writeFileSync(path, '{}')
      chmodSync(path, 0o000)
      await expect(readUserFile(path, opts(10))).rejects.toMatchObject({
        code: 'INVALID_INPUT',
        message: expect.stringContaining('EACCES')
      })
    }
  )
})
