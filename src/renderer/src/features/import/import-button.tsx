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
      <button type="button" className="ghost tx-header-button" onClick={openDialog}>
        Import…
      </button>
      <ImportDialog />
    </>
  )
}
