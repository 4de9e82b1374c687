/**
 * The Electron side of `SaveFilePort`: a native save dialog, then the file written readable by
 * the user only (an audit log names servers and accounts).
 */
import type { BrowserWindow, Dialog } from 'electron'
import { AppError } from '../../shared/errors'
import { writeExportFile } from '../core/fs/export-file'
import type { SaveFilePort } from '../ports'

export function createDialogSaveFile(
  dialog: Pick<Dialog, 'showSaveDialog'>,
  window: () => BrowserWindow | null,
  where: { dataDir: string }
): SaveFilePort {
  return {
    async save({ defaultName, content }) {
      const options = {
        defaultPath: defaultName,
        filters: [{ name: 'JSON', extensions: ['json'] }]
      }
      const parent = window()
      const picked = parent
        ? await dialog.showSaveDialog(parent, options)
        : await dialog.showSaveDialog(options)
      if (picked.canceled || !picked.filePath) return null
      try {
        // The dialog asked before replacing a file; the data folder is refused (core/fs/export-file).
        await writeExportFile(picked.filePath, content, {
          dataDir: where.dataDir,
          overwrite: true
        })
      } catch (err) {
        if (err instanceof AppError) throw err
        throw new AppError(
          'IO',
          `The file could not be saved at ${picked.filePath}. Pick a folder you can write to.`,
          { cause: err, details: { path: picked.filePath } }
        )
      }
      return { path: picked.filePath }
    }
  }
}
