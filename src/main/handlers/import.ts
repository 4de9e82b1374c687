/**
 * The import domain's IPC handlers, over the core's ImportSessions: the file's bytes and the
 * decrypted accounts stay in main under an opaque token; the renderer gets secret-free reviews and
 * password prompts, and saves the rows it selected in one vault write.
 */
import { AppError } from '../../shared/errors'
import type { Channel, Emit } from '../../shared/ipc'
import {
  IMPORT_FORMAT_LABELS,
  MAX_IMPORT_FILE_BYTES,
  type ImportReviewView,
  type ImportStepView
} from '../../shared/ipc/import'
import type { AccountStore } from '../core/accounts/store'
import type { ImportSessions, ImportStep } from '../core/import'
import { detectFormat } from '../core/import/detect'
import { assertImportAllowed, type PolicyGetter } from '../core/policy'
import type { Handler } from '../handlers'
import type { FileDialogs } from '../ports'

/** What the import and export handlers need besides the account store. */
export interface TransferDeps {
  /** Held imports (shared with the composition, which wipes them on lock). */
  imports: ImportSessions
  /** The open dialog of `import:pickFile` and the save dialog of `export:saveFile`. */
  dialogs: FileDialogs
}

export interface TransferHandlerDeps {
  store: AccountStore
  emit: Emit
  transfer: TransferDeps
  /** The policies in force (AllowedImportSources here, ExportMode for export). */
  policy: PolicyGetter
}

type ImportChannel = Extract<Channel, `import:${string}`>
export type ImportHandlers = { readonly [K in ImportChannel]: Handler<K> }

/** Base64 from the renderer to bytes, refusing anything over the core's size cap. */
function decodeBase64(data: string): Uint8Array {
  // Each 4 characters carry 3 bytes; check before decoding so a huge string costs nothing.
  if (Math.floor((data.length * 3) / 4) > MAX_IMPORT_FILE_BYTES + 2) {
    throw new AppError(
      'IMPORT_FORMAT',
      'The file is over 16 MiB; authenticator backups are far smaller. Choose the backup file itself.'
    )
  }
  const bytes = Buffer.from(data, 'base64')
  if (bytes.length === 0)
    throw new AppError('IMPORT_FORMAT', 'The file is empty. Choose the backup file itself.')
  return bytes
}

/** Only the last path segment, trimmed, for the dialog title. */
function baseName(name: string | undefined): string | null {
  if (name === undefined) return null
  const last = name.split(/[\\/]/).pop()?.trim() ?? ''
  return last === '' ? null : last.slice(0, 255)
}

export function createImportHandlers(deps: TransferHandlerDeps): ImportHandlers {
  const { imports, dialogs } = deps.transfer
  const { emit } = deps
  // File names by token, for the dialog title; bounded like the sessions themselves.
  const names = new Map<string, string | null>()
  const remember = (token: string, name: string | null): void => {
    names.delete(token)
    names.set(token, name)
    while (names.size > 32) {
      const oldest = names.keys().next().value
      if (oldest === undefined) break
      names.delete(oldest)
    }
  }
  const view = (step: ImportStep): ImportStepView => {
    const fileName = names.get(step.token) ?? null
    return step.status === 'ready'
      ? {
          status: 'ready',
          token: step.token,
          review: step.review satisfies ImportReviewView,
          fileName
        }
      : {
          status: 'needs-password',
          token: step.token,
          formatName: step.formatName,
          wrongPassword: step.wrongPassword,
          message: step.message,
          fileName
        }
  }
  const open = async (
    bytes: Uint8Array,
    fileName: string | null,
    format: Parameters<ImportSessions['open']>[1]['format']
  ): Promise<ImportStepView> => {
    try {
      const snapshot = deps.policy()
      if (snapshot.values.AllowedImportSources !== null) {
        // Checked on the file's real format before anything is decrypted or kept.
        const id = format === undefined || format === 'auto' ? detectFormat(bytes) : format
        assertImportAllowed(snapshot, id, IMPORT_FORMAT_LABELS[id])
      }
      const step = await imports.open(bytes, { format }, deps.store.list())
      remember(step.token, fileName)
      return view(step)
    } finally {
      bytes.fill(0)
    }
  }

  return {
    'import:open': async ({ data, fileName, format }) =>
      open(decodeBase64(data), baseName(fileName), format),
    'import:pickFile': async ({ format }) => {
      const picked = await dialogs.openBackup()
      if (!picked) return null
      return open(picked.bytes, baseName(picked.name), format)
    },
    'import:unlock': async ({ token, password }) =>
      view(await imports.unlock(token, password, deps.store.list())),
    'import:review': async ({ token }) => imports.review(token, deps.store.list()),
    'import:commit': async ({ token, selected }) => {
      if (selected.length === 0) {
        throw new AppError(
          'INVALID_INPUT',
          'Select at least one account to import, or close the import.'
        )
      }
      const added = await imports.commit(token, deps.store, selected)
      names.delete(token)
      const ids = added.map((a) => a.id)
      if (ids.length > 0) emit('accounts:changed', { reason: 'added', ids })
      return { added: ids.length, ids }
    },
    'import:discard': async ({ token }) => {
      imports.discard(token)
      names.delete(token)
      return null
    }
  }
}
