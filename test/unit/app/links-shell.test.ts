/** The shell's link wiring over a fake `app`: every way a link arrives reaches the router. */
import { describe, expect, it } from 'vitest'
import { listenForLinks, registerLinkSchemes } from '../../../src/main/app/links'

type Listener = (...args: unknown[]) => void

function fakeApp() {
  const listeners = new Map<string, Listener[]>()
  const registered: unknown[][] = []
  const app = {
    on(event: string, listener: Listener) {
      listeners.set(event, [...(listeners.get(event) ?? []), listener])
      return app
    },
    setAsDefaultProtocolClient: (...args: unknown[]) => {
      registered.push(args)
      return true
    },
    isDefaultProtocolClient: () => false
  }
  const fire = (event: string, ...args: unknown[]) =>
    listeners.get(event)?.forEach((l) => l(...args))
  return { app: app as never, fire, registered }
}

const LINK = 'otpauth://totp/Example:me?secret=JBSWY3DPEHPK3PXP'

describe('listenForLinks', () => {
  it('hands over the first launch’s links, a second launch’s argv and macOS open-url', () => {
    const { app, fire } = fakeApp()
    const received: { links: readonly string[]; dropped: number }[] = []
    let shown = 0
    const first = listenForLinks(
      app,
      {
        receive: async (links, dropped) => void received.push({ links, dropped }),
        showMain: () => void shown++
      },
      ['/opt/Tessera/tessera', '--hidden', `"${LINK}"`]
    )
    expect(first.hidden).toBe(true)
    expect(received).toEqual([{ links: [LINK], dropped: 0 }])

    fire('second-instance', {}, ['/opt/Tessera/tessera', '--original-process-start-time=1', LINK])
    expect(received.at(-1)).toEqual({ links: [LINK], dropped: 0 })
    expect(shown).toBe(1)

    // A second launch without a link only brings the window forward.
    fire('second-instance', {}, ['/opt/Tessera/tessera'])
    expect(received).toHaveLength(2)
    expect(shown).toBe(2)

    let prevented = false
    fire('open-url', { preventDefault: () => void (prevented = true) }, LINK)
    expect(prevented).toBe(true)
    expect(received.at(-1)).toEqual({ links: [LINK], dropped: 0 })
    expect(shown).toBe(3)
  })
})

describe('registerLinkSchemes', () => {
  it('registers both schemes; in development with the app folder as argument', () => {
    const packaged = fakeApp()
    expect(
      registerLinkSchemes(packaged.app, { defaultApp: false, execPath: '/x', argv: ['/x'] })
    ).toEqual(['otpauth', 'otpauth-migration'])
    expect(packaged.registered).toEqual([['otpauth'], ['otpauth-migration']])

    const dev = fakeApp()
    registerLinkSchemes(dev.app, {
      defaultApp: true,
      execPath: '/node_modules/electron/dist/electron',
      argv: ['/node_modules/electron/dist/electron', '/repo']
    })
    expect(dev.registered[0]).toEqual([
      'otpauth',
      '/node_modules/electron/dist/electron',
      ['/repo']
    ])
  })
})
