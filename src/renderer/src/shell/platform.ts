/**
 * Which OS the window runs on, for key labels (Ctrl+C or ⌘C). Read from the browser, since the
 * renderer only knows what the page can see; the preload adds nothing for it.
 */
import type { DesktopPlatform } from '../../../shared/accelerator'

export function currentPlatform(
  nav: Pick<Navigator, 'platform' | 'userAgent'> = navigator
): DesktopPlatform {
  const hint = `${nav.platform} ${nav.userAgent}`
  if (/Mac|iPhone|iPad/.test(nav.platform)) return 'darwin'
  if (/Win/.test(nav.platform)) return 'win32'
  if (!nav.platform && /Macintosh/.test(hint)) return 'darwin'
  if (!nav.platform && /Windows/.test(hint)) return 'win32'
  return 'linux'
}

/** True when the primary modifier of a key press is held: ⌘ on a Mac, Ctrl elsewhere. */
export function primaryModifier(
  event: Pick<KeyboardEvent, 'ctrlKey' | 'metaKey'>,
  platform: DesktopPlatform = currentPlatform()
): boolean {
  return platform === 'darwin' ? event.metaKey && !event.ctrlKey : event.ctrlKey && !event.metaKey
}
