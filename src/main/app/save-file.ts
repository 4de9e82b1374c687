/**
 * The Electron side of `SaveFilePort`: a native save dialog, then the file written readable by
 * the user only (an audit log names servers and accounts).
 */
import type { BrowserWindow, Dialog } from 'electron'
import { AppError } from '../../shared/errors'
import { writePrivateFile } from '../core/fs/private-file'
import type { SaveFilePort } from '../ports'

export function createDialogSaveFile(
  dialog: Pick<Dialog, 'showSaveDialog'>,
  window: () => BrowserWindow | null
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
        await writePrivateFile(picked.filePath, content)
      } catch (err) {
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
