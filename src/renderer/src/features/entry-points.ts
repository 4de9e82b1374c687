/**
 * The ways into the window's flows, shared by the header, the empty list and the Add screen so
 * each entry point opens the same thing the same way.
 */
import { useExportStore } from '../stores/export'
import { useImportStore } from '../stores/import'
import { useScanStore } from '../stores/scan'
import { useViewStore } from '../stores/view'

export function openScan(): void {
  useScanStore.getState().openDialog()
}

export function openAddScreen(): void {
  useViewStore.getState().setScreen('add')
}

export function openImport(): void {
  useImportStore.getState().openDialog()
}

export function openExport(): void {
  void useExportStore.getState().openDialog()
}
