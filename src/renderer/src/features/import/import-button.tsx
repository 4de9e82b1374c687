import { useEffect } from 'react'
import { api } from '../../api'
import { useImportStore } from '../../stores/import'
import { ImportDialog } from './import-dialog'

/** The header's Import button and the dialog it opens. */
export function ImportButton() {
  const openDialog = useImportStore((s) => s.openDialog)
  // A locked vault forgets unfinished imports in main; the dialog closes with it.
  useEffect(() => api().on('vault:locked', () => useImportStore.getState().reset()), [])
  return (
    <>
      <button
        type="button"
        className="icon-button tx-header-button"
        aria-label="Import accounts"
        title="Import accounts from another app"
        onClick={openDialog}
      >
        <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
          <path d="M12 4v10m0 0l-4-4m4 4l4-4M5 15v3a2 2 0 002 2h10a2 2 0 002-2v-3" />
        </svg>
      </button>
      <ImportDialog />
    </>
  )
}
