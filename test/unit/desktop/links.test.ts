import { describe, expect, it } from 'vitest'
import {
  checkLink,
  LinkRouter,
  MAX_LINKS_PER_LAUNCH,
  parseLaunchArgs,
  type LinkDelivery
} from '../../../src/main/core/desktop/links'
import { MAX_QR_TEXT } from '../../../src/main/core/qr/classify'
import { composeForTest } from '../../helpers/compose'
import type { ScanStepView } from '../../../src/shared/ipc/scan'
import { FIXED_NOW, HOTP_URI, SECRET, TOTP_URI, ctx } from '../ipc/fixtures'

const WIN_EXE = 'C:\\Program Files\\Tessera\\Tessera.exe'

describe('parseLaunchArgs: links in a launch’s arguments, per OS form', () => {
  it('Windows second-instance argv: Chromium switches around the link are ignored', () => {
    const argv = [
      WIN_EXE,
      '--allow-file-access-from-files',
      '--original-process-start-time=13345678901234567',
      '--',
      TOTP_URI
    ]
    expect(parseLaunchArgs(argv)).toEqual({ links: [TOTP_URI], hidden: false, dropped: 0 })
  })

  it('Windows may hand the link over still in quotes', () => {
    expect(parseLaunchArgs([WIN_EXE, `"${TOTP_URI}"`]).links).toEqual([TOTP_URI])
  })

  it('Linux (xdg-open runs `tessera %U`): one or several links, in order', () => {
    expect(parseLaunchArgs(['/opt/Tessera/tessera', TOTP_URI, HOTP_URI]).links).toEqual([
      TOTP_URI,
      HOTP_URI
    ])
  })

  it('Linux AppImage and development launches: the app path and --no-sandbox are not links', () => {
    expect(
      parseLaunchArgs([
        '/tmp/.mount_Tess/tessera',
        '--no-sandbox',
        'OTPAUTH://totp/A?secret=' + SECRET
      ]).links
    ).toEqual(['OTPAUTH://totp/A?secret=' + SECRET])
    expect(
      parseLaunchArgs(['/repo/node_modules/electron/dist/electron', '/repo/out/main/index.js'])
        .links
    ).toEqual([])
  })

  it('macOS open-url hands one URL: the same reader takes it', () => {
    const migration = 'otpauth-migration://offline?data=CgA%3D'
    expect(parseLaunchArgs([migration]).links).toEqual([migration])
  })

  it('other schemes and look-alikes are never links', () => {
    const argv = [
      WIN_EXE,
      'https://example.org/?otpauth://x',
      'javascript:alert(1)',
      'otpauthx://totp/A',
      'file:///etc/passwd'
    ]
    expect(parseLaunchArgs(argv).links).toEqual([])
  })

  it('the login item’s --hidden flag is read', () => {
    expect(parseLaunchArgs([WIN_EXE, '--hidden'])).toEqual({ links: [], hidden: true, dropped: 0 })
  })

  it(`more than ${MAX_LINKS_PER_LAUNCH} links: the rest are counted as dropped`, () => {
    const many = Array.from(
      { length: MAX_LINKS_PER_LAUNCH + 3 },
      (_, i) => `otpauth://totp/A${i}?secret=${SECRET}`
    )
    const r = parseLaunchArgs([WIN_EXE, ...many])
    expect(r.links).toHaveLength(MAX_LINKS_PER_LAUNCH)
    expect(r.dropped).toBe(3)
  })
})

describe('checkLink: the caps of a scanned QR code', () => {
  it('a link longer than any QR code is refused before parsing', () => {
    const r = checkLink(`otpauth://totp/A?secret=${SECRET}&x=${'a'.repeat(MAX_QR_TEXT)}`)
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.refused.message).toMatch(/characters long; a real setup link is far shorter/)
      expect(r.refused.preview).not.toContain(SECRET)
    }
  })

  it('spaces or control characters inside: refused', () => {
    expect(checkLink(`otpauth://totp/A\u0000B?secret=${SECRET}`).ok).toBe(false)
    expect(checkLink(`otpauth://totp/A B?secret=${SECRET}`).ok).toBe(false)
  })

  it('the preview never shows the secret, and bidi tricks are taken out of it', () => {
    const r = checkLink(`https://example.org/\u202Eevil?secret=${SECRET}`)
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.refused.preview).toBe('https://example.org/evil…')
      expect(r.refused.message).toBe(
        'Tessera opens only otpauth:// and otpauth-migration:// setup links.'
      )
    }
  })
})

/** The router over the REAL scan handlers (same parser, same review sessions as a scanned QR). */
function setup(unlocked = true) {
  const { vault: store, table: scan } = composeForTest({ clock: () => FIXED_NOW })
  const state = { unlocked, notified: [] as string[] }
  const router = new LinkRouter<ScanStepView>({
    review: (texts) => scan['scan:text']({ text: texts.join('\n') }, ctx),
    isUnlocked: () => state.unlocked,
    notify: (w) => state.notified.push(w),
    now: () => FIXED_NOW
  })
  return { store, scan, router, state }
}

function only<K extends LinkDelivery<ScanStepView>['kind']>(
  list: LinkDelivery<ScanStepView>[],
  kind: K
): Extract<LinkDelivery<ScanStepView>, { kind: K }> {
  expect(list.map((d) => d.kind)).toEqual([kind])
  return list[0] as Extract<LinkDelivery<ScanStepView>, { kind: K }>
}

describe('LinkRouter: link → scan review, never a silent add', () => {
  it('a good link opens a review with the account ticked-to-be; nothing is saved until Add', async () => {
    const { store, scan, router, state } = setup()
    await router.receive([TOTP_URI])
    expect(state.notified).toEqual(['review'])
    const d = only(router.take(), 'review')
    expect(d.count).toBe(1)
    expect(d.step.result.candidates.map((c) => [c.issuer, c.label])).toEqual([
      ['Example Corp', 'alice@example.com']
    ])
    expect(JSON.stringify(d.step)).not.toContain(SECRET)
    expect(store.list()).toEqual([])
    const saved = await scan['scan:save'](
      { token: d.step.token, keys: [d.step.result.candidates[0]!.key] },
      ctx
    )
    expect(saved.added).toBe(1)
    expect(store.list().map((a) => a.issuer)).toEqual(['Example Corp'])
  })

  it('each delivery is taken once', async () => {
    const { router } = setup()
    await router.receive([TOTP_URI])
    expect(router.take()).toHaveLength(1)
    expect(router.take()).toEqual([])
  })

  it('a malformed otpauth link: the review explains it, has nothing to add, and nothing is saved', async () => {
    const { store, router } = setup()
    await router.receive(['otpauth://totp/Bad?secret=not*base32!'])
    const d = only(router.take(), 'review')
    expect(d.step.result.candidates).toEqual([])
    expect(d.step.result.codes[0]).toMatchObject({ kind: 'invalid' })
    expect(d.step.result.codes[0]?.explanation).toMatch(/secret/i)
    expect(store.list()).toEqual([])
  })

  it('a hostile link (too long, wrong scheme) is refused with a message before the parser, nothing held', async () => {
    const { store, router } = setup()
    await router.receive([
      `otpauth://totp/A?secret=${SECRET}&pad=${'x'.repeat(MAX_QR_TEXT)}`,
      'https://phish.example/'
    ])
    const d = only(router.take(), 'refused')
    expect(d.refused.map((r) => r.message)).toEqual([
      expect.stringMatching(/characters long/),
      'Tessera opens only otpauth:// and otpauth-migration:// setup links.'
    ])
    expect(store.list()).toEqual([])
  })

  it('a garbage Google export link: explained in the review, nothing added', async () => {
    const { store, router } = setup()
    await router.receive(['otpauth-migration://offline?data=%%%not-base64'])
    const d = only(router.take(), 'review')
    expect(d.step.result.candidates).toEqual([])
    expect(d.step.result.codes[0]?.kind).toBe('invalid')
    expect(store.list()).toEqual([])
  })

  it('two links clicked in a row land in one review', async () => {
    const { router } = setup()
    await Promise.all([router.receive([TOTP_URI]), router.receive([HOTP_URI])])
    const all = router.take()
    const reviews = all.filter((d) => d.kind === 'review')
    const names = reviews.flatMap((d) =>
      d.kind === 'review' ? d.step.result.candidates.map((c) => c.issuer) : []
    )
    expect(names).toEqual(['Example Corp', 'Counter Bank'])
  })

  it('locked: the link waits (the window is asked to unlock), then goes to review after the unlock', async () => {
    const { router, state } = setup(false)
    await router.receive([TOTP_URI])
    expect(state.notified).toEqual(['unlock'])
    expect(router.take()).toEqual([])
    expect(router.awaitingUnlock).toBe(true)
    state.unlocked = true
    await router.unlocked()
    expect(only(router.take(), 'review').step.result.candidates).toHaveLength(1)
    expect(router.awaitingUnlock).toBe(false)
  })

  it('a link left waiting for the unlock is forgotten after 10 minutes', async () => {
    let now = FIXED_NOW
    const { table: scan } = composeForTest({ clock: () => now })
    let unlocked = false
    const router = new LinkRouter<ScanStepView>({
      review: (texts) => scan['scan:text']({ text: texts.join('\n') }, ctx),
      isUnlocked: () => unlocked,
      notify: () => undefined,
      now: () => now
    })
    await router.receive([TOTP_URI])
    now += 10 * 60 * 1000
    unlocked = true
    await router.unlocked()
    expect(router.take()).toEqual([])
  })

  it('a lock drops reviews nobody took (their scans are forgotten by the lock too)', async () => {
    const { router } = setup()
    await router.receive([TOTP_URI, 'https://nope.example/'])
    router.locked()
    expect(router.take().map((d) => d.kind)).toEqual(['refused'])
  })
})
