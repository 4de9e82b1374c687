import { useEffect } from 'react'
import { api } from '../../api'
import { useImportStore } from '../../stores/import'
import { ImportDialog } from './import-dialog'

/** The Import dialog, always mounted; the header's Add and Menu, the empty list and the Add screen open it. */
export function ImportHost() {
  // A locked vault forgets unfinished imports in main; the dialog closes with it.
  useEffect(() => api().on('vault:locked', () => useImportStore.getState().reset()), [])
  return <ImportDialog />
}
