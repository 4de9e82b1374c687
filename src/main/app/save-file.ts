/**
 * The Electron side of `SaveFilePort`: a native save dialog, then the file written readable by
 * the user only (an audit log names servers and accounts).
 */
import type { BrowserWindow, Dialog } from 'electron'
import type { SaveFilePort } from '../ports'
import { saveAs } from './dialogs'

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
      const path = await saveAs(dialog, window, where, options, content)
      return path === null ? null : { path }
    }
  }
}
