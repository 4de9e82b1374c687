import { AppError } from '../../shared/errors'
import {
  FORMAT_NAMES,
  IMPORT_FORMATS,
  importFile,
  isImportFormat,
  reviewImport,
  selectForSave,
  type ImportFileResult,
  type ImportFormat
} from '../../main/core/import'
import { readUserFile } from '../../main/core/fs/read-capped'
import { backupTooLarge } from '../../main/core/import/util'
import { MAX_IMPORT_FILE_BYTES } from '../../shared/limits'
import { detectFormat } from '../../main/core/import/detect'
import { assertImportAllowed } from '../../main/core/policy/enforce'
import type { CliCommand, CliContext } from '../command'
import { EXIT } from '../exit-codes'

/** Reads the backup file; a missing or unreadable file is invalid input (exit 2), not a vault problem. */
function readBackup(path: string): Promise<Uint8Array> {
  return readUserFile(path, {
    cap: MAX_IMPORT_FILE_BYTES,
    choose: 'the backup file itself',
    tooLarge: backupTooLarge
  })
}

async function readBackupPassword(ctx: CliContext): Promise<string | undefined> {
  if (!ctx.flags['password-stdin']) return undefined
  const password = (await ctx.readStdin()).replace(/\r?\n$/, '')
  if (password === '')
    throw new AppError('INVALID_INPUT', "stdin was empty. Pipe the backup's password in.")
  return password
}

async function parse(
  ctx: CliContext,
  bytes: Uint8Array,
  format: ImportFormat | 'auto',
  password: string | undefined
): Promise<ImportFileResult> {
  try {
    return await importFile(bytes, password === undefined ? { format } : { format, password })
  } catch (err) {
    // No password given: ask on a terminal, once, and let a wrong one fail with exit 3.
    if (err instanceof AppError && err.code === 'PASSWORD_REQUIRED' && password === undefined) {
      if (!ctx.stdinIsTTY) {
        throw new AppError(
          'PASSWORD_REQUIRED',
          `${err.message} Pipe it in with --password-stdin.`,
          {
            details: err.details ?? {}
          }
        )
      }
      const asked = await ctx.promptSecret('Backup password: ')
      return importFile(bytes, { format, password: asked })
    }
    throw err
  }
}

export const importCommand: CliCommand = {
  name: 'import',
  summary: "Import accounts from another authenticator's backup (skips duplicates).",
  usage: '<file>',
  description:
    `Formats (detected from the content unless --format is given): ${IMPORT_FORMATS.join(', ')}.\n` +
    "--password-stdin reads the BACKUP's password; the vault opens as usual (keychain or\n" +
    'TESSERA_PASSWORD). Accounts already in the vault (same secret, or same issuer and name)\n' +
    'are not added again. JSON: {format, added, duplicates, failed:[{name, reason}], dryRun}.\n' +
    'Exit 0 when an account was added or all were duplicates; 2 for an unreadable file, an\n' +
    'unknown format or nothing importable; 3 for a wrong backup password.',
  flags: {
    format: {
      type: 'string',
      valueName: '<format>',
      description: `auto (default) or one of: ${IMPORT_FORMATS.join(', ')}.`
    },
    'password-stdin': {
      type: 'boolean',
      description: "Read the backup file's password from stdin."
    },
    'dry-run': { type: 'boolean', description: 'Show what would be imported; change nothing.' }
  },
  args: { min: 1, max: 1 },
  async run(ctx) {
    const formatFlag = ctx.flags.format
    const format = formatFlag === undefined || formatFlag === 'auto' ? 'auto' : formatFlag
    if (format !== 'auto' && !isImportFormat(format)) {
      throw new AppError(
        'INVALID_INPUT',
        `Unknown format "${String(format)}". Use auto or one of: ${IMPORT_FORMATS.join(', ')}.`
      )
    }
    const bytes = await readBackup(ctx.args[0]!)
    const snapshot = await ctx.policies()
    if (snapshot.values.AllowedImportSources !== null) {
      // Before any password is asked or anything decrypted.
      const id = format === 'auto' ? detectFormat(bytes) : format
      assertImportAllowed(snapshot, id, FORMAT_NAMES[id])
    }
    const password = await readBackupPassword(ctx)
    const result = await parse(ctx, bytes, format, password)
    const vault = await ctx.openVault()
    const existing = vault.list()
    const review = reviewImport(result, existing)
    const toAdd = selectForSave(result, existing)
    const dryRun = ctx.flags['dry-run'] === true
    if (!dryRun && toAdd.length > 0) await vault.addMany(toAdd)
    const out = {
      format: result.format,
      added: toAdd.length,
      duplicates: review.counts.duplicates,
      failed: result.failed,
      dryRun
    }
    const verb = dryRun ? 'Would add' : 'Added'
    const lines = [
      `${verb} ${toAdd.length} account${toAdd.length === 1 ? '' : 's'} from ${FORMAT_NAMES[result.format]}` +
        (review.counts.duplicates ? `; ${review.counts.duplicates} already in the vault` : '') +
        (result.failed.length ? `; ${result.failed.length} could not be read:` : '.'),
      ...result.failed.map((f) => `  ${f.name}: ${f.reason}`)
    ]
    ctx.print(out, lines.join('\n'))
    const allDuplicates =
      result.accounts.length > 0 && review.counts.duplicates === result.accounts.length
    return toAdd.length > 0 || allDuplicates ? EXIT.OK : EXIT.INVALID_INPUT
  }
}
