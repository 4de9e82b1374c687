/**
 * The scan channels as the renderer calls them (through the dispatcher, so schemas and the Result
 * envelope apply), with real pixels and the real decoder: what the review shows (never a secret),
 * one vault write for the ticked accounts, tokens that are replaced and expire, export progress
 * across scans, and hostile images that end in typed errors with nothing saved.
 */
import { PNG } from 'pngjs'
import QRCode from 'qrcode'
import { describe, expect, it } from 'vitest'
import { encodeMigrationBatches } from '../../../src/main/core/migration'
import {
  createInProcessQrDecoder,
  type QrDecoder,
  type ScanSource
} from '../../../src/main/core/qr'
import type { CallContext } from '../../../src/main/handlers'
import type { ScanDeps } from '../../../src/main/handlers/scan'
import type { ScanPorts } from '../../../src/main/ports'
import { composeForTest } from '../../helpers/compose'
import type { Result } from '../../../src/shared/errors'
import type { OutputOf } from '../../../src/shared/ipc'
import { SCAN_TTL_MS } from '../../../src/shared/ipc/scan'
import type { NewAccount } from '../../../src/shared/model'
import { createOffThreadImageDecoder } from '../../../src/main/core/image/off-thread'
import { pngInflateBomb, progressiveJpeg } from '../../helpers/hostile-images'
import { secretEncodings } from '../ipc/fixtures'

const ctx: CallContext = { transport: 'direct' }
const NOW = 1_700_000_000_000
const A = { issuer: 'GitHub', label: 'ada', secret: 'JBSWY3DPEHPK3PXPJBSWY3DP' }
const B = { issuer: 'Dropbox', label: 'ada', secret: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ' }
const C = { issuer: 'GitLab', label: 'ada', secret: 'MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U' }
const SECRETS = [A, B, C].map((a) => a.secret)

const uri = (a: typeof A): string =>
  `otpauth://totp/${a.issuer}:${a.label}?secret=${a.secret}&issuer=${a.issuer}`
const account = (a: typeof A): NewAccount => ({
  issuer: a.issuer,
  label: a.label,
  otp: { type: 'totp', secret: a.secret, algorithm: 'SHA1', digits: 6, period: 30, counter: 0 }
})

/** A white page with QR codes at the given places (RGBA). */
function page(
  width: number,
  height: number,
  codes: { text: string; x: number; y: number; scale: number; ec?: 'L' | 'M' }[]
): PNG {
  const png = new PNG({ width, height })
  png.data.fill(255)
  for (const c of codes) {
    const qr = QRCode.create(c.text, { errorCorrectionLevel: c.ec ?? 'M' })
    const n = qr.modules.size
    for (let my = 0; my < n; my++)
      for (let mx = 0; mx < n; mx++) {
        if (qr.modules.get(mx, my) !== 1) continue
        for (let dy = 0; dy < c.scale; dy++)
          for (let dx = 0; dx < c.scale; dx++) {
            const i = ((c.y + my * c.scale + dy) * width + c.x + mx * c.scale + dx) * 4
            png.data[i] = png.data[i + 1] = png.data[i + 2] = 0
          }
      }
  }
  return png
}
const pngBytes = (png: PNG): Buffer => PNG.sync.write(png)
const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64')

/** A PNG signature and an IHDR claiming 20000 x 20000 pixels, and nothing else. */
function hugeHeader(): Buffer {
  const ihdr = Buffer.alloc(25)
  ihdr.writeUInt32BE(13, 0)
  ihdr.write('IHDR', 4, 'latin1')
  ihdr.writeUInt32BE(20000, 8)
  ihdr.writeUInt32BE(20000, 12)
  ihdr[16] = 8
  ihdr[17] = 6
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), ihdr])
}

function setup(
  opts: { scan?: Partial<ScanPorts> & Partial<Pick<ScanDeps, 'decoder' | 'imageDecoder'>> } = {}
) {
  let now = NOW
  const emitted: { event: string; payload: unknown }[] = []
  let decoders = 0
  let closed = 0
  const counting = (): QrDecoder => {
    decoders++
    const inner = createInProcessQrDecoder()
    return {
      decode: (image) => inner.decode(image),
      close: async () => {
        closed++
        await inner.close()
      }
    }
  }
  const { decoder, imageDecoder, ...ports } = opts.scan ?? {}
  const main = composeForTest({
    clock: () => now,
    ports: { emit: (event, payload) => emitted.push({ event, payload }), scan: ports },
    services: { qrDecoder: decoder ?? counting, ...(imageDecoder ? { imageDecoder } : {}) }
  })
  const { dispatch, vault: store } = main
  const sessions = main.services.scans
  let writes = 0
  const addMany = store.addMany.bind(store)
  store.addMany = async (list, status) => {
    writes++
    return addMany(list, status)
  }
  const crossed: unknown[] = []
  const call = async <K extends Parameters<typeof dispatch>[0]>(
    channel: K,
    input?: unknown
  ): Promise<Result<unknown>> => {
    const r = await dispatch(channel, input, ctx)
    crossed.push(r)
    return r
  }
  return {
    store,
    sessions,
    emitted,
    call,
    crossed,
    writes: () => writes,
    decoders: () => decoders,
    closed: () => closed,
    advance: (ms: number) => void (now += ms)
  }
}

type Step = OutputOf<'scan:screens'>
function value<T>(r: Result<unknown>): T {
  if (!r.ok) throw new Error(`expected ok, got ${r.error.code}: ${r.error.message}`)
  return r.value as T
}
function errorOf(r: Result<unknown>): { code: string; message: string } {
  if (r.ok) throw new Error('expected an error')
  return r.error
}
function expectNoSecret(crossed: unknown[]): void {
  const text = JSON.stringify(crossed)
  for (const s of SECRETS)
    for (const e of secretEncodings(s)) expect(text.includes(e), e).toBe(false)
  expect(text).not.toMatch(/"secret"\s*:/)
  expect(text).not.toContain('otpauth://')
  expect(text).not.toContain('otpauth-migration://')
}

const twoCodes = (): Buffer =>
  pngBytes(
    page(900, 400, [
      { text: uri(A), x: 40, y: 60, scale: 5 },
      { text: uri(B), x: 480, y: 60, scale: 5 }
    ])
  )

describe('scan channels', () => {
  it('an image with two codes: review without secrets, then one write for the ticked ones', async () => {
    const t = setup()
    const step = value<Step>(
      await t.call('scan:image', { data: b64(twoCodes()), fileName: '/tmp/shot.png' })
    )
    expect(step.source).toBe('image')
    expect(step.result.candidates.map((c) => c.issuer).sort()).toEqual(['Dropbox', 'GitHub'])
    expect(step.result.summary).toBe('Found 2 QR codes: 2 new accounts to add.')
    expect(step.expiresAt).toBe(NOW + SCAN_TTL_MS)
    expect(t.store.list()).toHaveLength(0)

    const saved = value<OutputOf<'scan:save'>>(
      await t.call('scan:save', {
        token: step.token,
        keys: step.result.candidates.map((c) => c.key)
      })
    )
    expect(saved.added).toBe(2)
    expect(t.writes()).toBe(1)
    expect(
      t.store
        .list()
        .map((a) => a.otp.secret)
        .sort()
    ).toEqual([B.secret, A.secret].sort())
    expect(t.emitted).toEqual([
      { event: 'accounts:changed', payload: { reason: 'added', ids: saved.ids } }
    ])
    // Saved once: the same token cannot save again.
    expect(
      errorOf(
        await t.call('scan:save', { token: step.token, keys: [step.result.candidates[0]!.key] })
      ).code
    ).toBe('NOT_FOUND')
    expect(t.writes()).toBe(1)
    // Each scan's decoder was closed.
    expect(t.closed()).toBe(t.decoders())
    expectNoSecret(t.crossed)
  })

  it('saves only the ticked keys; an unknown key saves nothing', async () => {
    const t = setup()
    const step = value<Step>(await t.call('scan:image', { data: b64(twoCodes()) }))
    expect(errorOf(await t.call('scan:save', { token: step.token, keys: ['acc-99'] })).code).toBe(
      'NOT_FOUND'
    )
    expect(t.writes()).toBe(0)
    const github = step.result.candidates.find((c) => c.issuer === 'GitHub')!
    value(await t.call('scan:save', { token: step.token, keys: [github.key] }))
    expect(t.store.list().map((a) => a.issuer)).toEqual(['GitHub'])
    expect(errorOf(await t.call('scan:save', { token: step.token, keys: [] })).code).toBe(
      'INVALID_INPUT'
    )
  })

  it('a scan expires after SCAN_TTL_MS and a newer scan replaces it', async () => {
    const t = setup()
    const first = value<Step>(await t.call('scan:text', { text: uri(A) }))
    const second = value<Step>(await t.call('scan:text', { text: uri(B) }))
    const replaced = errorOf(await t.call('scan:save', { token: first.token, keys: ['acc-1'] }))
    expect(replaced.code).toBe('NOT_FOUND')
    expect(replaced.message).toMatch(/Scan again/)
    t.advance(SCAN_TTL_MS)
    const expired = errorOf(await t.call('scan:save', { token: second.token, keys: ['acc-1'] }))
    expect(expired.code).toBe('NOT_FOUND')
    expect(expired.message).toMatch(/expired/)
    expect(t.sessions.holding).toBe(false)
    expect(t.writes()).toBe(0)
  })

  it('discard forgets the scan; lock (discardAll) forgets scans and export progress', async () => {
    const t = setup()
    const step = value<Step>(await t.call('scan:text', { text: uri(A) }))
    value(await t.call('scan:discard', { token: step.token }))
    expect(errorOf(await t.call('scan:save', { token: step.token, keys: ['acc-1'] })).code).toBe(
      'NOT_FOUND'
    )
    const [part1] = encodeMigrationBatches([account(A), account(B)], { maxPerQr: 1, batchId: 7 })
    value(await t.call('scan:text', { text: part1 }))
    expect(t.sessions.previousMigrations()).toHaveLength(1)
    // What main remembers between scans carries no accounts (no secrets).
    expect(t.sessions.previousMigrations()[0]!.accounts).toEqual([])
    t.sessions.discardAll()
    expect(t.sessions.previousMigrations()).toHaveLength(0)
    expect(t.sessions.holding).toBe(false)
  })

  it('duplicates and name conflicts are flagged against the saved accounts', async () => {
    const t = setup()
    await t.store.addMany([account(A), { ...account(C), issuer: 'Dropbox' }])
    const step = value<Step>(await t.call('scan:text', { text: `${uri(A)}\n${uri(B)}\n${uri(A)}` }))
    const [a, b] = step.result.candidates
    expect(a?.duplicateOf).toBeDefined()
    expect(b?.conflictWith).toBeDefined()
    expect(step.result.candidates).toHaveLength(2)
  })

  it('a multi-code export: part 1 says part 2 is missing; part 2 completes it across scans', async () => {
    const t = setup()
    const parts = encodeMigrationBatches([account(A), account(B), account(C)], {
      maxPerQr: 2,
      batchId: 99
    })
    const one = value<Step>(await t.call('scan:text', { text: parts[0] }))
    expect(one.result.batches).toEqual([
      expect.objectContaining({ id: 99, size: 2, scanned: [0], missing: [1], complete: false })
    ])
    expect(one.result.summary).toMatch(/code 2 is still missing/)
    const two = value<Step>(await t.call('scan:text', { text: parts[1] }))
    expect(two.result.batches).toEqual([expect.objectContaining({ id: 99, complete: true })])
    // An unrelated scan later does not repeat the finished export.
    const other = value<Step>(await t.call('scan:text', { text: uri(A) }))
    expect(other.result.batches).toEqual([])
    value(await t.call('scan:resetBatches'))
    const again = value<Step>(await t.call('scan:text', { text: parts[1] }))
    expect(again.result.batches[0]?.missing).toEqual([0])
    expectNoSecret(t.crossed)
  })

  it('scan:screens reads every display from the capturer (BGRA) and closes the decoder', async () => {
    const blank = page(640, 360, [])
    const withCode = page(800, 450, [{ text: uri(C), x: 300, y: 100, scale: 5 }])
    // Display captures arrive as BGRA; swap the channels as desktopCapturer hands them over.
    const bgra = Buffer.from(withCode.data)
    for (let i = 0; i < bgra.length; i += 4) [bgra[i], bgra[i + 2]] = [bgra[i + 2]!, bgra[i]!]
    const screens: ScanSource[] = [
      { name: 'Display 1', image: { width: 640, height: 360, order: 'rgba', data: blank.data } },
      { name: 'Display 2', image: { width: 800, height: 450, order: 'bgra', data: bgra } }
    ]
    const t = setup({ scan: { capturer: { capture: async () => screens } } })
    const step = value<Step>(await t.call('scan:screens'))
    expect(step.result.sources.map((s) => [s.name, s.codes])).toEqual([
      ['Display 1', 0],
      ['Display 2', 1]
    ])
    expect(step.result.candidates.map((c) => c.issuer)).toEqual(['GitLab'])
    expect(t.closed()).toBe(t.decoders())
  })

  it('nothing found: looks again with the window out of the way; found at once: no second look', async () => {
    const blank: ScanSource = {
      name: 'Screen',
      image: { width: 640, height: 360, order: 'rgba', data: page(640, 360, []).data }
    }
    const code: ScanSource = {
      name: 'Screen',
      image: {
        width: 640,
        height: 360,
        order: 'rgba',
        data: page(640, 360, [{ text: uri(A), x: 200, y: 40, scale: 5 }]).data
      }
    }
    let second = 0
    const behind = setup({
      scan: {
        capturer: { capture: async () => [blank] },
        capturerWithoutWindow: { capture: async () => (second++, [code]) }
      }
    })
    const found = value<Step>(await behind.call('scan:screens'))
    expect(found.result.candidates.map((c) => c.issuer)).toEqual(['GitHub'])
    expect(second).toBe(1)
    expect(behind.closed()).toBe(behind.decoders())

    const visible = setup({
      scan: {
        capturer: { capture: async () => [code] },
        capturerWithoutWindow: { capture: async () => (second++, [code]) }
      }
    })
    value(await visible.call('scan:screens'))
    expect(second).toBe(1)
  })

  it('scan:warm starts the decoder the next scan uses', async () => {
    let warmed = 0
    const made: string[] = []
    const t = setup({
      scan: {
        capturer: { capture: async () => [] },
        decoder: (purpose) => {
          made.push(purpose)
          const inner = createInProcessQrDecoder()
          return { ...inner, warm: async (n: number) => void (warmed += n) }
        },
        displayCount: () => 2
      }
    })
    value(await t.call('scan:warm'))
    expect(warmed).toBe(2)
    value(await t.call('scan:screens'))
    // The warmed decoder served the screen scan; an image gets its own (copying) decoder.
    expect(made).toEqual(['screens'])
    await t.call('scan:image', { data: b64(twoCodes()) })
    expect(made).toEqual(['screens', 'files'])
  })

  it('capture failures and an empty clipboard: typed errors', async () => {
    const failing = setup({
      scan: {
        capturer: {
          capture: async () => {
            throw new Error('portal said no')
          }
        },
        clipboardImage: async () => null
      }
    })
    const capture = errorOf(await failing.call('scan:screens'))
    expect(capture.code).toBe('CAPTURE_FAILED')
    expect(capture.message).toMatch(/drop a screenshot/)
    expect(errorOf(await failing.call('scan:clipboard')).code).toBe('QR_NOT_FOUND')
  })

  it('clipboard image and picked file go through the same pipeline; a cancelled pick is null', async () => {
    const t = setup({
      scan: {
        clipboardImage: async () => twoCodes(),
        openImage: async () => null
      }
    })
    const step = value<Step>(await t.call('scan:clipboard'))
    expect(step.source).toBe('clipboard')
    expect(step.result.candidates).toHaveLength(2)
    expect(value(await t.call('scan:pickFile'))).toBeNull()
  })

  describe('hostile input: a typed error, nothing saved, nothing held', () => {
    const junk =
      'x'.repeat(16) +
      [...Array(2800)].map((_, i) => String.fromCharCode(33 + ((i * 7919) % 90))).join('')
    const cases: { name: string; input: () => unknown; code: string; message?: RegExp }[] = [
      {
        name: '1x1 image',
        input: () => ({ data: b64(pngBytes(page(1, 1, []))), fileName: 'dot.png' }),
        code: 'QR_NOT_FOUND',
        message: /No QR code was found in dot\.png/
      },
      {
        name: '20000x20000 PNG header',
        input: () => ({ data: b64(hugeHeader()), fileName: 'bomb.png' }),
        code: 'IMAGE_TOO_LARGE'
      },
      {
        name: '1x1 interlaced PNG inflating to 3 GiB',
        input: () => ({
          data: b64(pngInflateBomb({ inflatedMiB: 3072, interlaced: true })),
          fileName: 'bomb.png'
        }),
        code: 'IMAGE_INVALID',
        message: /more picture data than its 1 x 1 size allows/
      },
      {
        name: '6000x6000 progressive JPEG repeating its last scan 3200 times',
        input: () => ({
          data: b64(progressiveJpeg({ width: 6000, height: 6000, repeatLastScan: 3200 })),
          fileName: 'bomb.jpg'
        }),
        code: 'IMAGE_INVALID',
        message: /refines its picture far more often/
      },
      {
        name: 'truncated PNG',
        input: () => ({ data: b64(twoCodes().subarray(0, 400)), fileName: 'cut.png' }),
        code: 'IMAGE_INVALID'
      },
      {
        name: 'not an image',
        input: () => ({ data: b64(Buffer.from('%PDF-1.7 hello')), fileName: 'doc.pdf' }),
        code: 'IMAGE_INVALID'
      },
      {
        name: 'not base64',
        input: () => ({ data: 'not*base64!', fileName: 'x.png' }),
        code: 'INVALID_INPUT'
      },
      {
        name: 'text with no link',
        input: () => ({ text: 'hello there' }),
        code: 'QR_NOT_FOUND'
      }
    ]
    for (const c of cases) {
      it(c.name, async () => {
        const t = setup()
        const channel = 'text' in (c.input() as object) ? 'scan:text' : 'scan:image'
        const e = errorOf(await t.call(channel, c.input()))
        expect(e.code).toBe(c.code)
        if (c.message) expect(e.message).toMatch(c.message)
        expect(t.sessions.holding).toBe(false)
        expect(t.writes()).toBe(0)
      })
    }

    it('a QR holding ~3 KB of junk is explained, not an account', async () => {
      const t = setup()
      const png = page(700, 700, [{ text: junk, x: 40, y: 40, scale: 3, ec: 'L' }])
      const step = value<Step>(await t.call('scan:image', { data: b64(pngBytes(png)) }))
      expect(step.result.candidates).toEqual([])
      expect(step.result.codes).toHaveLength(1)
      expect(step.result.codes[0]?.kind).toBe('text')
      expect(t.writes()).toBe(0)
    })

    it('a migration link with invalid protobuf is a MIGRATION_INVALID code, no account', async () => {
      const t = setup()
      const bad = `otpauth-migration://offline?data=${encodeURIComponent(Buffer.from([0x0a, 0xff, 0xff, 0xff]).toString('base64'))}`
      const step = value<Step>(await t.call('scan:text', { text: bad }))
      expect(step.result.candidates).toEqual([])
      expect(step.result.codes[0]?.kind).toBe('invalid')
      expect(step.result.codes[0]?.error?.code).toBe('MIGRATION_INVALID')
      expect(step.result.codes[0]?.explanation).toMatch(/Export the accounts again/)
    })

    it('with the off-thread decoder (as in the app) a decode past its time limit is a typed error', async () => {
      let decodes = 0
      const offThread = createOffThreadImageDecoder({ timeoutMs: 50 })
      const t = setup({
        scan: {
          imageDecoder: (bytes, limits) => {
            decodes++
            return offThread(bytes, limits)
          }
        }
      })
      const slow = progressiveJpeg({ width: 2400, height: 2400, repeatLastScan: 3 })
      const e = errorOf(await t.call('scan:image', { data: b64(slow), fileName: 'slow.jpg' }))
      expect(decodes).toBe(1)
      expect(e.code).toBe('IMAGE_INVALID')
      expect(e.message).toMatch(/took longer than 1 second and was stopped/)
      expect(t.sessions.holding).toBe(false)
      expect(t.writes()).toBe(0)
    })

    it('an image over the byte cap is refused before it is decoded', async () => {
      const t = setup()
      const e = errorOf(await t.call('scan:image', { data: 'A'.repeat(50 * 1024 * 1024) }))
      expect(['INVALID_INPUT', 'IMAGE_TOO_LARGE']).toContain(e.code)
      expect(e.message).toMatch(/32 MiB/)
    })
  })
})
