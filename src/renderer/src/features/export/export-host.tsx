import { useEffect } from 'react'
import { api } from '../../api'
import { useExportStore } from '../../stores/export'
import { ExportDialog } from './export-dialog'

/** The Export dialog, always mounted; the header's Menu opens it. */
export function ExportHost() {
  // The QR codes carry secrets: a locked vault closes the dialog and forgets them.
  useEffect(() => api().on('vault:locked', () => useExportStore.getState().reset()), [])
  return <ExportDialog />
}
