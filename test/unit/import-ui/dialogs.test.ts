/**
 * The Electron file dialogs of import and export, with Electron's dialog faked: main reads the
 * chosen backup (refusing one over the size cap) and writes exports readable by the user only.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createElectronDialogs, readCapped } from '../../../src/main/app/dialogs'
import { createDialogSaveFile } from '../../../src/main/app/save-file'

type FakeDialog = Parameters<typeof createElectronDialogs>[0]

const dirs: string[] = []
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-dialogs-'))
  dirs.push(dir)
  return dir
}
/** A data folder of its own for each dialog (exports may never land in it). */
function dataDirFor(): string {
  return join(tempDir(), 'data')
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

function fakeDialog(answer: {
  open?: string[]
  save?: string
}): FakeDialog & { calls: unknown[][] } {
  const calls: unknown[][] = []
  return {
    calls,
    showOpenDialog: (async (...args: unknown[]) => {
      calls.push(args)
      return { canceled: !answer.open, filePaths: answer.open ?? [] }
    }) as FakeDialog['showOpenDialog'],
    showSaveDialog: (async (...args: unknown[]) => {
      calls.push(args)
      return answer.save
        ? { canceled: false, filePath: answer.save }
        : { canceled: true, filePath: '' }
    }) as FakeDialog['showSaveDialog']
  }
}

describe('file dialogs for import and export', () => {
  it('reads the chosen backup; a cancelled dialog gives null', async () => {
    const dir = tempDir()
    const path = join(dir, 'backup.json')
    writeFileSync(path, '{"hello":1}')
    const picked = await createElectronDialogs(fakeDialog({ open: [path] }), () => null, {
      dataDir: dataDirFor()
    }).openBackup()
    expect(picked?.name).toBe('backup.json')
    expect(Buffer.from(picked?.bytes ?? []).toString()).toBe('{"hello":1}')
    expect(
      await createElectronDialogs(fakeDialog({}), () => null, {
        dataDir: dataDirFor()
      }).openBackup()
    ).toBeNull()
  })

  it('reads the chosen list of users (text or CSV); cancelled gives null; a folder is refused', async () => {
    const dir = tempDir()
    const path = join(dir, 'staff.csv')
    writeFileSync(path, 'username\nann\n')
    const fake = fakeDialog({ open: [path] })
    const picked = await createElectronDialogs(fake, () => null, {
      dataDir: dataDirFor()
    }).openUsersList()
    expect(picked?.name).toBe('staff.csv')
    expect(Buffer.from(picked?.bytes ?? []).toString()).toBe('username\nann\n')
    expect(JSON.stringify(fake.calls[0])).toContain('"csv"')
    expect(
      await createElectronDialogs(fakeDialog({}), () => null, {
        dataDir: dataDirFor()
      }).openUsersList()
    ).toBeNull()
    await expect(
      createElectronDialogs(fakeDialog({ open: [dir] }), () => null, {
        dataDir: dataDirFor()
      }).openUsersList()
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' })
  })

  it('refuses a file over the cap before reading it, and names an unreadable one', async () => {
    const dir = tempDir()
    const path = join(dir, 'big.bin')
    writeFileSync(path, Buffer.alloc(2048))
    await expect(readCapped(path, 1024)).rejects.toMatchObject({ code: 'IMPORT_FORMAT' })
    expect((await readCapped(path, 4096)).length).toBe(2048)
    await expect(readCapped(join(dir, 'missing.json'))).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining('missing.json')
    })
  })

  it('writes the export readable by the user only, even over an existing file', async () => {
    const dir = tempDir()
    const path = join(dir, 'export.json')
    writeFileSync(path, 'old', { mode: 0o644 })
    const dialog = fakeDialog({ save: path })
    const saved = await createElectronDialogs(dialog, () => null, {
      dataDir: dataDirFor()
    }).saveExport({
      title: 'Save',
      suggestedName: 'tessera.json',
      content: 'new content'
    })
    expect(saved).toBe(path)
    expect(readFileSync(path, 'utf8')).toBe('new content')
    if (process.platform !== 'win32') expect(statSync(path).mode & 0o777).toBe(0o600)
    expect(dialog.calls[0]?.[0]).toMatchObject({ defaultPath: 'tessera.json' })
  })

  it('a cancelled save writes nothing; an unwritable folder is IO', async () => {
    expect(
      await createElectronDialogs(fakeDialog({}), () => null, { dataDir: dataDirFor() }).saveExport(
        {
          title: 'Save',
          suggestedName: 'x.json',
          content: 'secret'
        }
      )
    ).toBeNull()
    const nowhere = join(tempDir(), 'no', 'such', 'dir', 'x.json')
    await expect(
      createElectronDialogs(fakeDialog({ save: nowhere }), () => null, {
        dataDir: dataDirFor()
      }).saveExport({
        title: 'Save',
        suggestedName: 'x.json',
        content: 'secret'
      })
    ).rejects.toMatchObject({ code: 'IO' })
  })
})

describe('an export never lands in the data folder', () => {
  it('over vault.json, into the folder, or through a link to it: INVALID_INPUT, nothing written', async () => {
    const data = join(tempDir(), 'data')
    mkdirSync(data)
    const vault = join(data, 'vault.json')
    writeFileSync(vault, 'the vault')
    const link = join(tempDir(), 'looks-harmless.json')
    symlinkSync(vault, link)
    for (const target of [
      vault,
      join(data, 'export.json'),
      join(data, '..', 'data', 'x.json'),
      link
    ]) {
      const err = await createElectronDialogs(fakeDialog({ save: target }), () => null, {
        dataDir: data
      })
        .saveExport({ title: 'Save', suggestedName: 'x.json', content: 'otpauth://secrets' })
        .catch((e: unknown) => e as { code: string; message: string })
      expect(err, target).toMatchObject({
        code: 'INVALID_INPUT',
        message: expect.stringMatching(/inside Tessera's data folder|symbolic link/)
      })
    }
    expect(readFileSync(vault, 'utf8')).toBe('the vault')
    expect(existsSync(join(data, 'export.json'))).toBe(false)
  })
})

describe('the audit log’s save dialog writes by the same rules', () => {
  it('user-only file, data folder refused, cancel writes nothing', async () => {
    const data = join(tempDir(), 'data')
    mkdirSync(data)
    const out = join(tempDir(), 'audit.json')
    const saved = await createDialogSaveFile(fakeDialog({ save: out }), () => null, {
      dataDir: data
    }).save({ defaultName: 'audit.json', content: '[]' })
    expect(saved).toEqual({ path: out })
    expect(readFileSync(out, 'utf8')).toBe('[]')
    if (process.platform !== 'win32') expect(statSync(out).mode & 0o777).toBe(0o600)
    await expect(
      createDialogSaveFile(fakeDialog({ save: join(data, 'audit.json') }), () => null, {
        dataDir: data
      }).save({ defaultName: 'audit.json', content: '[]' })
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    expect(existsSync(join(data, 'audit.json'))).toBe(false)
    expect(
      await createDialogSaveFile(fakeDialog({}), () => null, { dataDir: data }).save({
        defaultName: 'audit.json',
        content: '[]'
      })
    ).toBeNull()
  })
})
