/**
 * The export domain's IPC handlers. Every channel asks the export policy first. Files are built
 * and written in main through the save-dialog port, so their content never reaches the page; the
 * migration QR codes do (they are pictures of secrets by design), only after the user's explicit
 * acknowledgement, and as vector paths the page paints without any CSP exception.
 */
import QRCode from 'qrcode'
import { AppError } from '../../shared/errors'
import type { Channel } from '../../shared/ipc'
import type { MigrationQrCodeView } from '../../shared/ipc/export'
import type { Account } from '../../shared/model'
import { exportAegisVault, exportMigrationBatches, exportUriList } from '../core/export'
import { assertExportAllowed, exportRefusal } from '../core/policy'
import type { Handler } from '../handlers'
import type { TransferHandlerDeps } from './import'

type ExportChannel = Extract<Channel, `export:${string}`>
export type ExportHandlers = { readonly [K in ExportChannel]: Handler<K> }

/** Accounts per migration QR code: keeps each code easy for a phone camera to read. */
const ACCOUNTS_PER_QR = 10

/** Modules of white border around a QR code, as the QR standard asks. */
const QUIET_ZONE = 4

/**
 * Draws one QR code as SVG path data in module units: one rectangle per horizontal run of dark
 * modules, offset by the quiet zone.
 */
export function qrPath(text: string): { size: number; path: string } {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' })
  const n = modules.size
  const parts: string[] = []
  for (let y = 0; y < n; y++) {
    let x = 0
    while (x < n) {
      if (!modules.get(y, x)) {
        x++
        continue
      }
      const start = x
      while (x < n && modules.get(y, x)) x++
      parts.push(`M${start + QUIET_ZONE} ${y + QUIET_ZONE}h${x - start}v1h-${x - start}z`)
    }
  }
  return { size: n + 2 * QUIET_ZONE, path: parts.join('') }
}

function exportable(store: TransferHandlerDeps['store']): Account[] {
  return store.list().filter((a) => a.status === 'active')
}

function nothingToExport(): AppError {
  return new AppError('INVALID_INPUT', 'There are no accounts to export yet.')
}

const SUGGESTED_NAMES = {
  aegis: 'tessera-aegis-encrypted.json',
  'aegis-plain': 'tessera-aegis-plain.json',
  uris: 'tessera-otpauth-uris.txt'
} as const

export function createExportHandlers(deps: TransferHandlerDeps): ExportHandlers {
  const { dialogs } = deps.transfer
  const { policy } = deps
  return {
    'export:status': async () => {
      const snapshot = policy()
      const refusal = exportRefusal(snapshot, 'encrypted')
      const plain = exportRefusal(snapshot, 'plain')
      return {
        allowed: refusal === null,
        message: refusal?.message ?? null,
        encryptedOnly: refusal === null && plain !== null,
        plainMessage: refusal === null ? (plain?.message ?? null) : null,
        accounts: exportable(deps.store).length
      }
    },
    'export:saveFile': async (input) => {
      assertExportAllowed(policy(), input.format === 'aegis' ? 'encrypted' : 'plain')
      const accounts = exportable(deps.store)
      if (accounts.length === 0) throw nothingToExport()
      let content: string
      if (input.format === 'aegis') {
        if (input.password !== input.confirm) {
          throw new AppError(
            'INVALID_INPUT',
            'The two passwords differ. Type the same password in both fields.'
          )
        }
        content = await exportAegisVault(accounts, { password: input.password })
      } else if (input.format === 'aegis-plain') {
        content = await exportAegisVault(accounts)
      } else {
        content = exportUriList(accounts)
      }
      const title =
        input.format === 'aegis' ? 'Save encrypted export' : 'Save export (secrets in the clear)'
      const path = await dialogs.saveExport({
        title,
        suggestedName: SUGGESTED_NAMES[input.format],
        content
      })
      return { saved: path !== null, path, count: path === null ? 0 : accounts.length }
    },
    'export:migrationQr': async () => {
      assertExportAllowed(policy(), 'qr')
      const accounts = exportable(deps.store)
      if (accounts.length === 0) throw nothingToExport()
      const { uris, skipped } = exportMigrationBatches(accounts, { maxPerQr: ACCOUNTS_PER_QR })
      let left = accounts.length - skipped.length
      const codes: MigrationQrCodeView[] = uris.map((uri) => {
        const count = Math.min(ACCOUNTS_PER_QR, left)
        left -= count
        return { ...qrPath(uri), accounts: count }
      })
      return { codes, skipped }
    }
  }
}
