import { AppError } from '../../../shared/errors'

/*
 * The errors every importer raises, so the UI and the CLI can tell them apart by code:
 * PASSWORD_REQUIRED (ask for one), WRONG_PASSWORD (ask again), IMPORT_FORMAT (not this kind of
 * file), IMPORT_CORRUPT (the right kind, but damaged), UNSUPPORTED (a format Tessera knows of
 * but cannot read yet, or a parameter outside the safe range).
 */

export function passwordRequired(formatName: string): AppError {
  return new AppError(
    'PASSWORD_REQUIRED',
    `This ${formatName} backup is encrypted. Enter the password you chose when you exported it.`,
    { details: { format: formatName } }
  )
}

/** The password did not open the backup: ask again. */
export function wrongPassword(formatName: string): AppError {
  return new AppError(
    'WRONG_PASSWORD',
    `The password does not open this ${formatName} backup. Check it (it is the backup's password, not Tessera's) and try again.`,
    { details: { format: formatName } }
  )
}

/** The right kind of file, but damaged: export it again. */
export function corrupt(formatName: string, problem: string, cause?: unknown): AppError {
  // Detection, before the app is known, says 'backup' ("This backup backup ... from backup").
  const message =
    formatName === 'backup'
      ? `This backup is damaged or incomplete (${problem}). Export it again from the app that made it and import the new file.`
      : `This ${formatName} backup is damaged or incomplete (${problem}). Export it again from ${formatName} and import the new file.`
  return new AppError('IMPORT_CORRUPT', message, { cause, details: { format: formatName } })
}

/** Not this app's file at all (or not with this --format). */
export function notThisFormat(formatName: string, problem: string): AppError {
  return new AppError(
    'IMPORT_FORMAT',
    `This file is not a ${formatName} backup (${problem}). Choose the file ${formatName} exported, or let Tessera detect the format.`,
    { details: { format: formatName } }
  )
}

/** A key-derivation cost far beyond the app's own: refused before it runs. */
export function tooCostly(formatName: string, what: string): AppError {
  return new AppError(
    'UNSUPPORTED',
    `This ${formatName} backup asks for ${what}, far beyond what ${formatName} itself uses, so Tessera refused to run it. Export the backup again from ${formatName}.`,
    { details: { format: formatName } }
  )
}

/** A problem with one entry: the importer catches it and records it in `failed`. */
export class EntryError extends Error {
  constructor(readonly reason: string) {
    super(reason)
    this.name = 'EntryError'
  }
}
