/**
 * otpauth:// and otpauth-migration:// links from the OS (Electron wiring only; the routing and
 * the checks are core/desktop/links.ts). Tessera asks to be the scheme's handler, and takes links
 * from each way they come: the first launch's own arguments, a second launch's (Windows, Linux:
 * `second-instance`), and macOS's `open-url`. Each brings the main window forward.
 */
import { resolve } from 'node:path'
import type { App } from 'electron'
import { LINK_SCHEMES, parseLaunchArgs, type LaunchRequest } from '../core/desktop/links'

export interface LinkShellDeps {
  /** Hands links over (core/desktop/links LinkRouter.receive). */
  receive(links: readonly string[], dropped: number): Promise<void>
  /** Brings the main window forward (a second launch without a link does only this). */
  showMain(): void
  /** Told about a second launch's other wishes (e.g. `--hidden` is ignored when running). */
  log?: (line: string) => void
}

type LinkApp = Pick<App, 'on' | 'setAsDefaultProtocolClient' | 'isDefaultProtocolClient'>

/**
 * Registers Tessera for both schemes. In development (`electron .`) the OS must run Electron
 * with the app's folder, so the command names both; an installed app registers itself.
 */
export function registerLinkSchemes(
  app: LinkApp,
  proc: Pick<NodeJS.Process, 'defaultApp' | 'execPath' | 'argv'> = process
): string[] {
  const registered: string[] = []
  for (const scheme of LINK_SCHEMES) {
    const ok =
      proc.defaultApp && proc.argv[1]
        ? app.setAsDefaultProtocolClient(scheme, proc.execPath, [resolve(proc.argv[1])])
        : app.setAsDefaultProtocolClient(scheme)
    if (ok) registered.push(scheme)
  }
  return registered
}

/**
 * Listens for links: `open-url` (macOS; may fire before `ready`, so call this at start) and
 * `second-instance` (the argv of the later launch). Returns what the first launch's own
 * arguments asked for (links are handed over here too).
 */
export function listenForLinks(
  app: LinkApp,
  deps: LinkShellDeps,
  argv: readonly string[] = process.argv
): LaunchRequest {
  app.on('open-url', (event, url) => {
    event.preventDefault()
    void deps.receive([url], 0)
    deps.showMain()
  })
  app.on('second-instance', (_event, secondArgv) => {
    const request = parseLaunchArgs(secondArgv)
    if (request.links.length > 0 || request.dropped > 0) {
      void deps.receive(request.links, request.dropped)
    }
    // A second launch (a click on the app icon or a link) always means "show me Tessera".
    deps.showMain()
  })
  const first = parseLaunchArgs(argv)
  if (first.links.length > 0 || first.dropped > 0) void deps.receive(first.links, first.dropped)
  return first
}
