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
/**
 * The largest image the scan reads, wherever it comes from: a file named to `tessera scan`, one
 * picked, dropped or pasted in the app, the clipboard. Checked before reading. Screenshots and
 * phone photos are a few MiB (an 8K PNG screenshot well below this); a bigger file is almost
 * always the wrong one, and over IPC it travels as base64 (a third larger).
 */
export const MAX_SCAN_IMAGE_BYTES = 32 * 1024 * 1024

/**
 * The one message for an image over {@link MAX_SCAN_IMAGE_BYTES} (CLI, app, clipboard): `what`
 * names it ("photo.png", "The clipboard image"); `size` in bytes when known.
 */
export function imageTooLargeMessage(
  what: string,
  size?: number,
  advice = 'Use a screenshot (PNG or JPEG) of the page with the QR code.',
  cap = MAX_SCAN_IMAGE_BYTES
): string {
  const mib = (n: number): string => `${Math.ceil(n / 1048576)} MiB`
  const is = size === undefined ? `over ${mib(cap)}` : mib(size)
  return `${what} is ${is}; Tessera reads images up to ${mib(cap)}. ${advice}`
}
