/**
 * Limits several layers share (settings schemas, policy definitions, the CLI). Kept apart from
 * the IPC schema modules so core code that only needs a number does not load a schema library.
 */

/** A new vault password: long enough to resist guessing, short enough to be a password. */
export const MIN_PASSWORD_LENGTH = 8
export const MAX_PASSWORD_LENGTH = 1024
/** The longest auto-lock delay the settings accept (a day). */
export const MAX_AUTO_LOCK_MINUTES = 1440
/** Longest wait before Tessera clears a copied code from the clipboard (10 minutes). */
export const MAX_CLIPBOARD_CLEAR_SECONDS = 600

/** The largest backup Tessera reads (a file, or bytes over IPC); real ones are kilobytes. */
export const MAX_IMPORT_FILE_BYTES = 16 * 1024 * 1024
/** The largest image the scan reads from a file, the clipboard or a drop. */
export const MAX_SCAN_IMAGE_BYTES = 32 * 1024 * 1024
