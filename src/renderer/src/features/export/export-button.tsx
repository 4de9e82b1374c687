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
      <button
        type="button"
        className="icon-button tx-header-button"
        aria-label="Export accounts"
        title="Export accounts (file or QR codes)"
        onClick={() => void openDialog()}
      >
        <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
          <path d="M12 15V4m0 0L8 8m4-4l4 4M5 15v3a2 2 0 002 2h10a2 2 0 002-2v-3" />
        </svg>
      </button>
      <ExportDialog />
    </>
  )
}
