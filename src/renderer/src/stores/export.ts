/**
 * The export dialog's state. File exports are written by main (the page never sees their
 * content); the migration QR codes are the one export the page shows, kept here only while the
 * viewer is open and dropped when it closes or the vault locks.
 */
import { create } from 'zustand'
import type { ErrorShape } from '../../../shared/errors'
import type {
  ExportFileFormat,
  ExportSaveView,
  ExportStatusView,
  MigrationQrView
} from '../../../shared/ipc/export'
import { api } from '../api'

export type ExportChoice = ExportFileFormat | 'qr'

interface ExportState {
  open: boolean
  status: ExportStatusView | null
  choice: ExportChoice
  busy: boolean
  error: ErrorShape | null
  /** The last file written (or a cancelled save dialog). */
  saved: ExportSaveView | null
  /** The QR viewer: codes and which one is shown. */
  qr: MigrationQrView | null
  qrIndex: number
  openDialog(): Promise<void>
  close(): void
  choose(choice: ExportChoice): void
  saveEncrypted(password: string, confirm: string): Promise<void>
  savePlain(format: 'aegis-plain' | 'uris'): Promise<void>
  showQr(): Promise<void>
  step(delta: 1 | -1): void
  /** Forgets the QR codes (leaving the viewer). */
  clearQr(): void
  reset(): void
}

const initial = {
  open: false,
  status: null,
  choice: 'aegis' as ExportChoice,
  busy: false,
  error: null,
  saved: null,
  qr: null,
  qrIndex: 0
}

export const useExportStore = create<ExportState>()((set, get) => ({
  ...initial,
  async openDialog() {
    set({ ...initial, open: true, busy: true })
    const result = await api().export.status()
    if (!get().open) return
    if (result.ok) set({ status: result.value, busy: false })
    else set({ error: result.error, busy: false })
  },
  close() {
    set({ ...initial })
  },
  choose(choice) {
    set({ choice, error: null, saved: null })
  },
  async saveEncrypted(password, confirm) {
    set({ busy: true, error: null, saved: null })
    const result = await api().export.saveFile({ format: 'aegis', password, confirm })
    if (!get().open) return
    if (result.ok) set({ busy: false, saved: result.value })
    else set({ busy: false, error: result.error })
  },
  async savePlain(format) {
    set({ busy: true, error: null, saved: null })
    const result = await api().export.saveFile({ format, acknowledgePlaintext: true })
    if (!get().open) return
    if (result.ok) set({ busy: false, saved: result.value })
    else set({ busy: false, error: result.error })
  },
  async showQr() {
    set({ busy: true, error: null })
    const result = await api().export.migrationQr({ acknowledgeSecretsOnScreen: true })
    // Closed meanwhile (or the vault locked): do not keep what arrived.
    if (!get().open) return
    if (result.ok) set({ busy: false, qr: result.value, qrIndex: 0 })
    else set({ busy: false, error: result.error })
  },
  step(delta) {
    const { qr, qrIndex } = get()
    if (!qr) return
    set({ qrIndex: Math.min(Math.max(qrIndex + delta, 0), qr.codes.length - 1) })
  },
  clearQr() {
    set({ qr: null, qrIndex: 0 })
  },
  reset() {
    set({ ...initial })
  }
}))
