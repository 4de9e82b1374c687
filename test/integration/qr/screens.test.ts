/** Screen scanning through the capture interface: every display decoded in its own worker. */
import { PNG } from 'pngjs'
import QRCode from 'qrcode'
import { describe, expect, it } from 'vitest'
import { renderScene } from '../../../bench/qr-scenes'
import {
  createInProcessQrDecoder,
  createWorkerQrDecoder,
  pickCandidates,
  scanImageFiles,
  scanScreens,
  type QrDecoder,
  type ScanSource
} from '../../../src/main/core/qr'
import { AppError } from '../../../src/shared/errors'

const uri = (i: string): string =>
  `otpauth://totp/${i}:me@example.com?secret=JBSWY3DPEHPK3PXP&issuer=${i}`

function display(name: string, width: number, height: number, codes: string[]): ScanSource {
  const img = renderScene({
    width,
    height,
    codes: codes.map((text, i) => ({ text, x: 200 + i * 500, y: 200, size: 260 }))
  })
  return { name, image: { width, height, order: 'bgra', data: img.bgra } }
}

/** Wraps a decoder to see that the scan closes it. */
function tracked(inner: QrDecoder): QrDecoder & { closed: boolean } {
  const d = {
    closed: false,
    decode: (img: Parameters<QrDecoder['decode']>[0]) => inner.decode(img),
    close: async () => {
      d.closed = true
      await inner.close()
    }
  }
  return d
}

describe('scanScreens', () => {
  it('finds the codes on every display (workers in parallel), then closes the decoder', async () => {
    const decoder = tracked(createWorkerQrDecoder())
    const out = await scanScreens(
      {
        capture: async () => [
          display('Display 1', 1920, 1080, [uri('Left'), 'https://example.com']),
          display('Display 2', 2560, 1440, [uri('Right')]),
          display('Display 3', 1280, 720, [])
        ]
      },
      decoder
    )
    expect(decoder.closed).toBe(true)
    expect(out.view.sources.map((s) => [s.name, s.codes])).toEqual([
      ['Display 1', 2],
      ['Display 2', 1],
      ['Display 3', 0]
    ])
    expect(out.view.candidates.map((c) => [c.issuer, c.source])).toEqual([
      ['Left', 'Display 1'],
      ['Right', 'Display 2']
    ])
    expect(out.view.codes.find((c) => c.kind === 'web-link')?.center).toEqual({
      x: expect.closeTo(830, -2),
      y: expect.closeTo(330, -2)
    })
    const picked = pickCandidates(out, [out.view.candidates[1]!.key])
    expect(picked.map((a) => a.issuer)).toEqual(['Right'])
    expect(() => pickCandidates(out, ['acc-99'])).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND' })
    )
  })

  it('a failing capture is CAPTURE_FAILED with what to do, and the decoder is still closed', async () => {
    const decoder = tracked(createInProcessQrDecoder())
    const err = await scanScreens(
      { capture: () => Promise.reject(new Error('denied')) },
      decoder
    ).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(AppError)
    expect((err as AppError).code).toBe('CAPTURE_FAILED')
    expect((err as AppError).message).toMatch(/drop a screenshot/)
    expect(decoder.closed).toBe(true)
  })
})

describe('scanImageFiles', () => {
  it("scans an image from bytes (the clipboard's PNG) the same way as a file", async () => {
    const png = new Uint8Array(await QRCode.toBuffer(uri('Clip'), { type: 'png' }))
    const blank = new PNG({ width: 20, height: 20 })
    blank.data.fill(255)
    const out = await scanImageFiles([
      { name: 'Clipboard', bytes: png },
      { name: 'Blank', bytes: new Uint8Array(PNG.sync.write(blank)) }
    ])
    expect(out.files.map((f) => f.error?.code ?? f.codes)).toEqual([1, 'QR_NOT_FOUND'])
    expect(out.view.candidates.map((c) => [c.issuer, c.source])).toEqual([['Clip', 'Clipboard']])
  })
})
