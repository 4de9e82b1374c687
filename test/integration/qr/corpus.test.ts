/**
 * Every QR image in the shared corpora decodes, through the real file pipeline, to exactly the
 * accounts their manifests list; the negative cases are rejected with a clear message.
 */
import { readdirSync } from 'node:fs'
import { gunzipSync } from 'node:zlib'
import { afterAll, describe, expect, it } from 'vitest'
import { decodeMigrationUri } from '../../../src/main/core/migration'
import { createInProcessQrDecoder, scanFiles, scanImages } from '../../../src/main/core/qr'
import type { NewAccount } from '../../../src/shared/model'
import { corpusPath, readCorpus, readCorpusJson } from '../../helpers/corpora'

const GA = 'google-auth-migration'
const decoder = createInProcessQrDecoder()
afterAll(() => decoder.close())

interface Files {
  files: Record<string, { uris?: { uri: string }[]; uri?: string; qr_text?: string }>
}
const expected = readCorpusJson<Files>(GA, 'EXPECTED.json').files

/** Source URI of each derived QR image, per the manifest's map. */
function sourceUri(png: string): string | undefined {
  const scito = /^scito_example_export_(\d)\.png$/.exec(png)
  if (scito)
    return expected['scito_extract_otp_secrets/example_export.txt']!.uris![Number(scito[1]) - 1]!
      .uri
  const dim = /^dim13_(\d)\.png$/.exec(png)
  if (dim) return expected['dim13_otpauth/migration_uris.txt']!.uris![Number(dim[1]) - 1]!.uri
  if (png === 'ente_google_auth_import_test_payload.png')
    return expected['derived/ente_google_auth_import_test_payload.txt']!.uri
  return undefined
}

const strip = (a: NewAccount): unknown => ({ issuer: a.issuer, label: a.label, otp: a.otp })

describe('google-auth-migration/derived/qr', () => {
  const dir = corpusPath(GA, 'derived', 'qr')
  const pngs = readdirSync(dir).filter((f) => f.endsWith('.png'))

  it('has the 9 images the manifest lists', () => {
    expect(pngs).toHaveLength(9)
  })

  it.each(pngs.filter((p) => sourceUri(p)))(
    '%s decodes to the accounts of its source URI',
    async (png) => {
      const out = await scanFiles([`${dir}/${png}`], { decoder })
      expect(out.files[0]).toEqual({ path: `${dir}/${png}`, codes: 1 })
      expect(out.view.codes.map((c) => c.kind)).toEqual(['migration'])
      const decoded = decodeMigrationUri(sourceUri(png)!)
      const want = decoded.accounts
      // Ente's synthetic payload holds only 8-byte secrets: both entries are skipped with the
      // reason (Tessera keeps secrets of 10 bytes or more), on the image as on the link.
      if (png.startsWith('ente_')) {
        expect(want).toEqual([])
        expect(decoded.skipped.map((s) => s.reason)).toEqual([
          'its secret is only 8 bytes long (at least 10 are needed)',
          'its secret is only 8 bytes long (at least 10 are needed)'
        ])
        expect(out.view.codes[0]?.skipped).toHaveLength(2)
      } else expect(want.length).toBeGreaterThan(0)
      expect(out.candidates.map((c) => strip(c.account))).toEqual(want.map(strip))
    }
  )

  it('stratum_googleauthenticator.png: a real export with 6 accounts, SHA256/SHA512 and an HOTP at counter 10', async () => {
    const out = await scanFiles([`${dir}/stratum_googleauthenticator.png`], { decoder })
    const accounts = out.candidates.map((c) => c.account)
    expect(accounts).toHaveLength(6)
    expect(new Set(accounts.map((a) => a.otp.algorithm))).toEqual(
      new Set(['SHA1', 'SHA256', 'SHA512'])
    )
    expect(accounts.filter((a) => a.otp.type === 'hotp').map((a) => a.otp.counter)).toEqual([10])
    expect(accounts.every((a) => a.otp.period === 30)).toBe(true)
  })
})

describe('google-auth-migration upstream images', () => {
  it('scito example_export.png: a screenshot-sized image with the 3 Test accounts', async () => {
    const out = await scanFiles(
      [corpusPath(GA, 'scito_extract_otp_secrets', 'example_export.png')],
      { decoder }
    )
    expect(
      out.candidates.map((c) => [
        c.account.issuer,
        c.account.label,
        c.account.otp.secret,
        c.account.otp.type
      ])
    ).toEqual([
      ['Test1', 'test1@example1.com', 'JBSWY3DPEHPK3PXP', 'totp'],
      ['Test2', 'test2@example2.com', 'JBSWY3DPEHPK3PXQ', 'totp'],
      ['Test3', 'test3@example3.com', 'JBSWY3DPEHPK3PXR', 'totp']
    ])
  })

  it('dim13 example.png: a plain otpauth code', async () => {
    const out = await scanFiles([corpusPath(GA, 'dim13_otpauth', 'example.png')], { decoder })
    expect(out.view.codes.map((c) => c.kind)).toEqual(['otpauth'])
    expect(out.candidates.map((c) => strip(c.account))).toEqual([
      {
        issuer: 'Example',
        label: 'alice@google.com',
        otp: {
          type: 'totp',
          secret: 'JBSWY3DPEHPK3PXP',
          algorithm: 'SHA1',
          digits: 6,
          period: 30,
          counter: 0
        }
      }
    ])
  })

  it('qr_but_without_otp.png: the code is read but explained, no account', async () => {
    const out = await scanFiles(
      [corpusPath(GA, 'scito_extract_otp_secrets', 'tests_data', 'qr_but_without_otp.png')],
      { decoder }
    )
    expect(out.candidates).toEqual([])
    expect(out.view.codes).toEqual([
      expect.objectContaining({
        kind: 'text',
        explanation: 'This QR code holds text, not an authenticator setup code.',
        accountKeys: []
      })
    ])
  })

  it('text_masquerading_as_image.jpeg: rejected as not an image', async () => {
    const path = corpusPath(
      GA,
      'scito_extract_otp_secrets',
      'tests_data',
      'text_masquerading_as_image.jpeg'
    )
    const out = await scanFiles([path], { decoder })
    expect(out.files[0]!.error).toMatchObject({ code: 'IMAGE_INVALID' })
    expect(out.candidates).toEqual([])
    expect(out.view.summary).toBe('Nothing could be scanned.')
  })
})

describe('aegis/helpers raw luma buffers', () => {
  const text =
    'otpauth://totp/neo4j:Charlotte?secret=B33WS2ALPT34K4BNY24AYROE4M&issuer=neo4j&algorithm=SHA1&digits=6&period=30'

  /** Wraps a grey plane read with `stride` as an RGBA image. */
  function lumaImage(file: string, width: number, height: number, stride: number) {
    const y = gunzipSync(readCorpus('aegis', 'helpers', file))
    const data = new Uint8Array(width * height * 4)
    for (let r = 0; r < height; r++)
      for (let c = 0; c < width; c++) {
        const v = y[r * stride + c] ?? 0
        data.set([v, v, v, 255], (r * width + c) * 4)
      }
    return { width, height, order: 'rgba' as const, data }
  }

  it('qr.y.gz (1600x1200) decodes to the neo4j account', async () => {
    const out = await scanImages(
      [{ name: 'qr.y', image: lumaImage('qr.y.gz', 1600, 1200, 1600) }],
      decoder
    )
    expect(out.view.codes.map((c) => c.kind)).toEqual(['otpauth'])
    expect(
      out.candidates.map((c) => [c.account.issuer, c.account.label, c.account.otp.secret])
    ).toEqual([['neo4j', 'Charlotte', 'B33WS2ALPT34K4BNY24AYROE4M']])
  })

  it('qr.strided.y.gz decodes with row stride 1856 and not with the wrong stride 1840', async () => {
    const right = await decoder.decode(lumaImage('qr.strided.y.gz', 1840, 1380, 1856))
    expect(right.map((q) => q.text)).toEqual([text])
    const wrong = await decoder.decode(lumaImage('qr.strided.y.gz', 1840, 1380, 1840))
    expect(wrong).toEqual([])
  })
})
