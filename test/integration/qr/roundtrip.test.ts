/**
 * Round trips through real files: accounts -> Google Authenticator export URIs -> QR images
 * (PNG, JPEG, GIF, WebP) on disk -> the scan pipeline (worker threads, as the app runs it) ->
 * the same accounts. Plus hostile QR contents.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import jpeg from 'jpeg-js'
import omggif from 'omggif'
import { PNG } from 'pngjs'
import QRCode from 'qrcode'
import { afterAll, describe, expect, it } from 'vitest'
import { encodeMigrationBatches } from '../../../src/main/core/migration'
import { createWorkerQrDecoder, scanFiles, type QrDecoder } from '../../../src/main/core/qr'
import type { NewAccount } from '../../../src/shared/model'

const dir = mkdtempSync(join(tmpdir(), 'tessera-qr-'))
const workers: QrDecoder = createWorkerQrDecoder()
afterAll(async () => {
  await workers.close()
  rmSync(dir, { recursive: true, force: true })
})

const accounts: NewAccount[] = [
  ['GitHub', 'octo@example.com', 'totp', 'SHA1', 6, 0],
  ['AWS', 'root', 'totp', 'SHA256', 8, 0],
  ['Bank', 'me', 'hotp', 'SHA1', 6, 42],
  ['', 'no issuer', 'totp', 'SHA512', 6, 0],
  ['Ünïcode Café', 'ümlaut@example.de', 'hotp', 'SHA256', 8, 9007199254740991],
  ['Mail', 'a.very.long.address.for.testing@example-mail-provider.com', 'totp', 'SHA1', 6, 0],
  ['VPN', 'ops', 'totp', 'SHA1', 8, 0]
].map(([issuer, label, type, algorithm, digits, counter], i) => ({
  issuer: issuer as string,
  label: label as string,
  otp: {
    type: type as 'totp' | 'hotp',
    secret: [
      'JBSWY3DPEHPK3PXP',
      'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ',
      'MFRGGZDFMZTWQ2LK',
      'KRSXG5CTMVRXEZLUKN2XAZLSKNSWG4TF',
      'AEBAGBAFAYDQQCIK', // the 10 bytes 01..0a (Tessera keeps secrets of 10 bytes or more)
      '7KSQL2JTUDIS5EF65KLMRQIIGY',
      'CHGEE4VO72DVNFA76NJS7HL6EREGQ6HU'
    ][i]!,
    algorithm: algorithm as 'SHA1',
    digits: digits as number,
    period: 30,
    counter: counter as number
  }
}))

/** A QR as RGBA pixels on a white page of `pad` pixels around it. */
async function qrRgba(
  text: string,
  scale = 4,
  pad = 40
): Promise<{ width: number; height: number; data: Uint8Array }> {
  const code = QRCode.create(text, { errorCorrectionLevel: 'L' })
  const n = code.modules.size
  const size = (n + 8) * scale + 2 * pad
  const data = new Uint8Array(size * size * 4).fill(255)
  for (let y = 0; y < n; y++)
    for (let x = 0; x < n; x++) {
      if (!code.modules.get(y, x)) continue
      for (let dy = 0; dy < scale; dy++)
        for (let dx = 0; dx < scale; dx++) {
          const o = ((pad + (y + 4) * scale + dy) * size + pad + (x + 4) * scale + dx) * 4
          data[o] = data[o + 1] = data[o + 2] = 0
        }
    }
  return { width: size, height: size, data }
}

function writePng(name: string, img: { width: number; height: number; data: Uint8Array }): string {
  const p = new PNG({ width: img.width, height: img.height })
  p.data.set(img.data)
  const path = join(dir, name)
  writeFileSync(path, PNG.sync.write(p))
  return path
}

const strip = (a: NewAccount): unknown => ({ issuer: a.issuer, label: a.label, otp: a.otp })

describe('export -> QR PNG -> scan', () => {
  it('three export codes made by qrcode decode back to the same accounts, and the export is complete', async () => {
    const uris = encodeMigrationBatches(accounts, { maxPerQr: 3, batchId: 1234 })
    expect(uris).toHaveLength(3)
    const paths: string[] = []
    for (const [i, uri] of uris.entries()) {
      const path = join(dir, `export-${i + 1}.png`)
      await QRCode.toFile(path, uri, { type: 'png', errorCorrectionLevel: 'M', scale: 4 })
      paths.push(path)
    }
    const out = await scanFiles(paths, { decoder: workers })
    expect(out.files.map((f) => f.codes)).toEqual([1, 1, 1])
    expect(out.candidates.map((c) => strip(c.account))).toEqual(accounts.map(strip))
    expect(out.view.batches).toEqual([
      expect.objectContaining({
        id: 1234,
        size: 3,
        scanned: [0, 1, 2],
        missing: [],
        complete: true
      })
    ])
    expect(out.view.summary).toBe('Found 3 QR codes: 7 new accounts to add.')
  })

  it('scanning only part of an export says which codes are missing', async () => {
    const uris = encodeMigrationBatches(accounts, { maxPerQr: 2, batchId: 99 })
    const path = join(dir, 'part-2.png')
    await QRCode.toFile(path, uris[1]!, { type: 'png', scale: 4 })
    const out = await scanFiles([path], { decoder: workers })
    expect(out.view.batches[0]).toMatchObject({ size: 4, scanned: [1], missing: [0, 2, 3] })
    expect(out.view.summary).toMatch(/codes 1, 3, 4 are still missing/)
  })

  it('one image holding two codes lists both', async () => {
    const a = await qrRgba('otpauth://totp/One:a@example.com?secret=JBSWY3DPEHPK3PXP&issuer=One')
    const b = await qrRgba(
      'otpauth://hotp/Two:b@example.com?secret=MFRGGZDFMZTWQ2LK&issuer=Two&counter=3'
    )
    const width = a.width + b.width
    const height = Math.max(a.height, b.height)
    const data = new Uint8Array(width * height * 4).fill(255)
    for (let y = 0; y < a.height; y++)
      data.set(a.data.subarray(y * a.width * 4, (y + 1) * a.width * 4), y * width * 4)
    for (let y = 0; y < b.height; y++)
      data.set(b.data.subarray(y * b.width * 4, (y + 1) * b.width * 4), (y * width + a.width) * 4)
    const out = await scanFiles([writePng('two.png', { width, height, data })], {
      decoder: workers
    })
    expect(out.files[0]!.codes).toBe(2)
    expect(out.candidates.map((c) => [c.account.issuer, c.account.otp.type]).sort()).toEqual([
      ['One', 'totp'],
      ['Two', 'hotp']
    ])
  })
})

describe('other image formats carry a code too', () => {
  const uri = 'otpauth://totp/Fmt:x@example.com?secret=JBSWY3DPEHPK3PXP&issuer=Fmt'

  it('JPEG (quality 60)', async () => {
    const img = await qrRgba(uri)
    const path = join(dir, 'code.jpg')
    writeFileSync(path, jpeg.encode(img, 60).data)
    const out = await scanFiles([path], { decoder: workers })
    expect(out.candidates.map((c) => c.account.issuer)).toEqual(['Fmt'])
  })

  it('GIF (first frame holds the code, the second is blank)', async () => {
    const img = await qrRgba(uri)
    const idx = Array.from({ length: img.width * img.height }, (_, i) =>
      img.data[i * 4]! > 127 ? 1 : 0
    )
    const buf = new Uint8Array(img.width * img.height * 2 + 4096)
    const w = new omggif.GifWriter(buf, img.width, img.height, {
      palette: [0x000000, 0xffffff],
      loop: 0
    })
    w.addFrame(0, 0, img.width, img.height, idx, { delay: 50 })
    w.addFrame(
      0,
      0,
      img.width,
      img.height,
      idx.map(() => 1),
      { delay: 50 }
    )
    const path = join(dir, 'code.gif')
    writeFileSync(path, buf.subarray(0, w.end()))
    const out = await scanFiles([path], { decoder: workers })
    expect(out.candidates.map((c) => c.account.issuer)).toEqual(['Fmt'])
  })

  it('WebP', async () => {
    const img = await qrRgba(uri)
    const require = createRequire(import.meta.url)
    const wasm = (
      globalThis as unknown as { WebAssembly: { Module: new (b: Uint8Array) => object } }
    ).WebAssembly
    const enc = await import('@jsquash/webp/encode.js')
    await (enc.init as (m: object) => Promise<unknown>)(
      new wasm.Module(readFileSync(require.resolve('@jsquash/webp/codec/enc/webp_enc_simd.wasm')))
    )
    const encode = enc.default as (img: unknown, o: object) => Promise<ArrayBuffer>
    const file = await encode(
      { ...img, data: new Uint8ClampedArray(img.data.buffer) },
      { quality: 80 }
    )
    const path = join(dir, 'code.webp')
    writeFileSync(path, new Uint8Array(file))
    const out = await scanFiles([path], { decoder: workers })
    expect(out.candidates.map((c) => c.account.issuer)).toEqual(['Fmt'])
  })
})

describe('hostile QR contents and files', () => {
  it('a QR holding 3 KB of junk is read and explained, not an account', async () => {
    const junk = Array.from(
      { length: 3000 },
      (_, i) => 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 $%*+-./:'[(i * 7919) % 45]
    ).join('')
    const path = join(dir, 'junk.png')
    await QRCode.toFile(path, junk, { type: 'png', errorCorrectionLevel: 'L', scale: 4 })
    const out = await scanFiles([path], { decoder: workers })
    expect(out.files[0]!.codes).toBe(1)
    expect(out.candidates).toEqual([])
    expect(out.view.codes[0]).toMatchObject({ kind: 'text', accountKeys: [] })
  })

  it('an export QR with invalid protobuf is MIGRATION_INVALID, nothing to save', async () => {
    const path = join(dir, 'bad-export.png')
    await QRCode.toFile(path, 'otpauth-migration://offline?data=XXXX', { type: 'png', scale: 4 })
    const out = await scanFiles([path], { decoder: workers })
    expect(out.candidates).toEqual([])
    expect(out.view.codes[0]).toMatchObject({
      kind: 'invalid',
      error: { code: 'MIGRATION_INVALID' }
    })
  })

  it('a 1x1 image is QR_NOT_FOUND; a missing file is NOT_FOUND; the other files still scan', async () => {
    const one = writePng('one.png', {
      width: 1,
      height: 1,
      data: new Uint8Array([255, 255, 255, 255])
    })
    const good = join(dir, 'good.png')
    await QRCode.toFile(good, 'otpauth://totp/G:g?secret=JBSWY3DPEHPK3PXP&issuer=G', {
      type: 'png'
    })
    const out = await scanFiles([one, join(dir, 'nope.png'), good], { decoder: workers })
    expect(out.files.map((f) => f.error?.code ?? f.codes)).toEqual(['QR_NOT_FOUND', 'NOT_FOUND', 1])
    expect(out.candidates.map((c) => c.account.issuer)).toEqual(['G'])
  })
})

describe('worker decoder', () => {
  it('decodes several images in parallel threads and can be closed', async () => {
    const imgs = await Promise.all(
      [1, 2, 3].map((i) => qrRgba(`otpauth://totp/W${i}:u?secret=JBSWY3DPEHPK3PXP&issuer=W${i}`))
    )
    const dec = createWorkerQrDecoder({ transfer: true })
    const results = await Promise.all(imgs.map((img) => dec.decode({ ...img, order: 'rgba' })))
    expect(results.map((r) => r.map((q) => q.text.match(/issuer=(W\d)/)?.[1]))).toEqual([
      ['W1'],
      ['W2'],
      ['W3']
    ])
    // transferred: the caller's buffers are handed over, not copied
    expect(imgs[0]!.data.byteLength).toBe(0)
    await dec.close()
    await expect(
      dec.decode({ width: 1, height: 1, order: 'rgba', data: new Uint8Array(4) })
    ).rejects.toMatchObject({
      code: 'CANCELLED'
    })
  })

  it('terminates each worker after its image by default; keepAliveMs and warm() keep them for the next one', async () => {
    const img = await qrRgba('otpauth://totp/K:u?secret=JBSWY3DPEHPK3PXP&issuer=K')
    const once = createWorkerQrDecoder()
    const first = once.decode({ ...img, data: img.data.slice(), order: 'rgba' })
    expect((await first).length).toBe(1)
    expect(once.liveWorkers).toBe(0)
    await once.close()

    const kept = createWorkerQrDecoder({ keepAliveMs: 60_000 })
    await kept.warm(2)
    expect(kept.liveWorkers).toBe(2)
    const both = await Promise.all([
      kept.decode({ ...img, data: img.data.slice(), order: 'rgba' }),
      kept.decode({ ...img, data: img.data.slice(), order: 'rgba' })
    ])
    expect(both.map((r) => r.length)).toEqual([1, 1])
    expect(kept.liveWorkers).toBe(2) // reused, not started anew
    await kept.close()
    expect(kept.liveWorkers).toBe(0)
  })
})
