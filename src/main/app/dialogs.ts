/**
 * The file dialogs of the import and export screens on Electron's `dialog`: main reads the chosen
 * backup and writes the export itself, so neither passes through the page. Electron's dialog and
 * the file system are injected so unit tests run without Electron.
 */
import { basename } from 'node:path'
import type { BrowserWindow, Dialog } from 'electron'
import { AppError } from '../../shared/errors'
import { MAX_IMPORT_FILE_BYTES } from '../../shared/limits'
import type { FileDialogs, PickedFile } from '../ports'
import { writeExportFile } from '../core/fs/export-file'
import { readUserFile } from '../core/fs/read-capped'
import { backupTooLarge } from '../core/import/util'

/** The largest list of users a rollout reads. */
const USERS_LIST_MAX_BYTES = 32 * 1024 * 1024

type DialogPort = Pick<Dialog, 'showOpenDialog' | 'showSaveDialog'>

/** The open dialog, attached to the main window when there is one: the path chosen, or null. */
export async function pickOne(
  dialog: Pick<Dialog, 'showOpenDialog'>,
  window: () => BrowserWindow | null,
  options: Electron.OpenDialogOptions
): Promise<string | null> {
  const win = window()
  const result = win
    ? await dialog.showOpenDialog(win, options)
    : await dialog.showOpenDialog(options)
  const path = result.filePaths[0]
  return result.canceled || path === undefined ? null : path
}

/**
 * The save dialog, then `content` written where the user chose: readable by the user only, also
 * over an existing file (the dialog asked before replacing it), and never into Tessera's data
 * folder (core/fs/export-file). The path written, or null when the dialog was cancelled.
 */
export async function saveAs(
  dialog: Pick<Dialog, 'showSaveDialog'>,
  window: () => BrowserWindow | null,
  where: { dataDir: string },
  options: Electron.SaveDialogOptions,
  content: string
): Promise<string | null> {
  const win = window()
  const result = win
    ? await dialog.showSaveDialog(win, options)
    : await dialog.showSaveDialog(options)
  if (result.canceled || !result.filePath) return null
  try {
    await writeExportFile(result.filePath, content, { dataDir: where.dataDir, overwrite: true })
  } catch (err) {
    if (err instanceof AppError) throw err
    throw new AppError(
      'IO',
      `Tessera could not write ${basename(result.filePath)}. Choose a folder you may write to.`,
      { cause: err, details: { path: result.filePath } }
    )
  }
  return result.filePath
}

/** Reads the backup the user picked, refusing it over `cap` by its size before reading. */
export function readCapped(path: string, cap = MAX_IMPORT_FILE_BYTES): Promise<Uint8Array> {
  return readUserFile(path, {
    cap,
    choose: 'the backup file itself',
    label: basename(path),
    tooLarge: backupTooLarge
  })
}

/**
 * Electron's open and save dialogs, attached to the main window when there is one. `dataDir` is
 * Tessera's data folder: an export chosen inside it (over vault.json, say) is refused.
 */
export function createElectronDialogs(
  dialog: DialogPort,
  window: () => BrowserWindow | null,
  where: { dataDir: string }
): FileDialogs {
  return {
    async openBackup(): Promise<PickedFile | null> {
      const path = await pickOne(dialog, window, {
        title: 'Choose a backup to import',
        properties: ['openFile'],
        filters: [
          { name: 'Authenticator backups', extensions: ['json', '2fas', 'txt', 'csv', 'bin'] },
          { name: 'All files', extensions: ['*'] }
        ]
      })
      return path === null ? null : { name: basename(path), bytes: await readCapped(path) }
    },
    async openUsersList(): Promise<PickedFile | null> {
      const path = await pickOne(dialog, window, {
        title: 'Choose the list of users',
        properties: ['openFile'],
        filters: [
          { name: 'User lists', extensions: ['txt', 'csv'] },
          { name: 'All files', extensions: ['*'] }
        ]
      })
      if (path === null) return null
      const bytes = await readUserFile(path, {
        cap: USERS_LIST_MAX_BYTES,
        choose: 'the list of users itself (one user name per line, or CSV)',
        label: basename(path),
        tooLarge: (size) =>
          new AppError(
            'INVALID_INPUT',
            `${basename(path)} is ${size} bytes; a list of users may be 32 MB at most.`
          )
      })
      return { name: basename(path), bytes }
    },
    saveExport({ title, suggestedName, content }): Promise<string | null> {
      const options: Electron.SaveDialogOptions = {
        title,
        defaultPath: suggestedName,
        properties: ['createDirectory', 'showOverwriteConfirmation']
      }
      return saveAs(dialog, window, where, options, content)
    }
  }
}
