import { useEffect } from 'react'
import { api } from '../../api'
import { useExportStore } from '../../stores/export'
import { ExportDialog } from './export-dialog'

/** The header's Export button and the dialog it opens. */
export function ExportButton() {
  const openDialog = useExportStore((s) => s.openDialog)
  // The QR codes carry secrets: a locked vault closes the dialog and forgets them.
  useEffect(() => api().on('vault:locked', () => useExportStore.getState().reset()), [])
  return (
    <>
      <button type="button" className="ghost tx-header-button" onClick={() => void openDialog()}>
        Export…
      </button>
      <ExportDialog />
    </>
  )
}
