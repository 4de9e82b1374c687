/**
 * Writing an export (or the audit log's export) to a path the user named, without ever landing
 * on Tessera's own files: `tessera export --out <data>/vault.json` used to replace the vault with
 * plain secrets, and it read as damaged afterwards.
 *
 * Refused: a path inside the data folder (however it is spelled: `..`, a link to the folder, a
 * link to a file in it), a path that is a link, a folder, and, unless the caller says the user
 * agreed to replace it (`--force`, or the system save dialog's own question), an existing file.
 * The file is written readable by the user only, through an open that does not follow links.
 */
import { constants as fsc } from 'node:fs'
import { lstat, open, realpath } from 'node:fs/promises'
import { basename, dirname, isAbsolute, relative, resolve } from 'node:path'
import { AppError } from '../../../shared/errors'

const NOFOLLOW = fsc.O_NOFOLLOW ?? 0

export interface ExportTargetOptions {
  /** Tessera's data folder: nothing is ever written inside it. */
  dataDir: string
  /** The user agreed to replace an existing file. Default false. */
  overwrite?: boolean
}

/** The real path of `p`, or of its nearest existing parent with the rest appended. */
async function realish(p: string): Promise<string> {
  const abs = resolve(p)
  try {
    return await realpath(abs)
  } catch {
    const parent = dirname(abs)
    if (parent === abs) return abs
    return resolve(await realish(parent), basename(abs))
  }
}

function inside(child: string, folder: string): boolean {
  const rel = relative(folder, child)
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))
}

function refused(message: string, path: string): AppError {
  return new AppError('INVALID_INPUT', message, { details: { path } })
}

/**
 * Checks where an export may go.
 *
 * @throws AppError INVALID_INPUT when `path` is inside the data folder, is a link or a folder,
 *   or exists and `overwrite` is not set; each message says what to do instead.
 */
export async function checkExportTarget(path: string, opts: ExportTargetOptions): Promise<void> {
  const target = await realish(path)
  const data = await realish(opts.dataDir)
  if (inside(target, data)) {
    throw refused(
      `${path} is inside Tessera's data folder (${opts.dataDir}), where the vault lives. Save the export somewhere else, for example your Documents folder.`,
      path
    )
  }
  let st: import('node:fs').Stats | undefined
  try {
    st = await lstat(resolve(path))
  } catch {
    st = undefined
  }
  if (!st) return
  if (st.isSymbolicLink()) {
    throw refused(
      `${path} is a symbolic link; Tessera does not write exports through links. Name the file itself.`,
      path
    )
  }
  if (st.isDirectory()) {
    throw refused(
      `${path} is a folder. Name a file inside it, like ${path}/tessera-export.json.`,
      path
    )
  }
  if (!st.isFile()) {
    throw refused(`${path} is not a regular file. Name a new file for the export.`, path)
  }
  if (!opts.overwrite) {
    throw refused(
      `${path} already exists. Choose another name, or add --force to replace it.`,
      path
    )
  }
}

/**
 * {@link checkExportTarget}, then writes `text` readable by the owner only (mode 0600 set on the
 * open file before the first byte, also over an existing file), flushed to disk. A new file is
 * created exclusively, so one that appears meanwhile is not replaced.
 *
 * @throws AppError INVALID_INPUT as checkExportTarget; the system's error when writing fails.
 */
export async function writeExportFile(
  path: string,
  text: string,
  opts: ExportTargetOptions
): Promise<void> {
  await checkExportTarget(path, opts)
  const flags = fsc.O_WRONLY | fsc.O_CREAT | NOFOLLOW | (opts.overwrite ? fsc.O_TRUNC : fsc.O_EXCL)
  let fh: import('node:fs/promises').FileHandle
  try {
    fh = await open(path, flags, 0o600)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
      throw refused(
        `${path} already exists. Choose another name, or add --force to replace it.`,
        path
      )
    }
    throw err
  }
  try {
    if (process.platform !== 'win32') await fh.chmod(0o600)
    await fh.writeFile(text, 'utf8')
    await fh.sync()
  } finally {
    await fh.close()
  }
}
