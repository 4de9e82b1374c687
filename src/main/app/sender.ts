/**
 * Who may call IPC: only our own top-level frame, showing a page from our own origin. Pure, so it
 * is unit-tested with plain objects shaped like Electron's WebFrameMain.
 */

/** The parts of Electron's WebFrameMain the check reads. */
export interface FrameLike {
  readonly url: string
  readonly parent: FrameLike | null
}

/**
 * `scheme://host[:port]` of a URL, lower-cased, or null when it is not a hierarchical URL. Unlike
 * `URL.origin`, this also works for custom schemes such as app://, where Node reports "null".
 */
export function originOf(url: string): string | null {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return null
  }
  if (!parsed.host) return null
  return `${parsed.protocol}//${parsed.host}`.toLowerCase()
}

/** True when the frame is a top-level frame on one of the trusted origins. */
export function isTrustedSender(
  frame: FrameLike | null | undefined,
  trustedOrigins: readonly string[]
): boolean {
  if (!frame) return false
  if (frame.parent !== null) return false
  const origin = originOf(frame.url)
  if (origin === null) return false
  return trustedOrigins.some((t) => t.toLowerCase() === origin)
}
