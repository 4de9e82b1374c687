/**
 * The photo corpus (ZXing-C++'s test samples in ../shared/corpora/qr-photos: phone photos,
 * tilted, inverted, low resolution) through Tessera's cascade: it must read clearly more of them
 * than stock zxing-wasm with its default options (123 of 137 on this corpus) and jsQR (95).
 */
import { describe, expect, it } from 'vitest'
import { loadPhotoCorpus, normalizeQrText } from '../../../bench/qr-photos'
import { decodeQrInImage } from '../../../src/main/core/qr/decode'
import { ZxingQrReader } from '../../../src/main/core/qr/zxing'

describe('qr-photos corpus', async () => {
  const cases = await loadPhotoCorpus()
  const reader = await ZxingQrReader.create()

  it('is there: 137 images with their expected texts', () => {
    expect(cases.length).toBe(137)
  })

  it('Tessera reads at least 129 of the 137 photos (stock zxing-wasm 123, jsQR 95)', () => {
    const missed = cases.filter(
      (c) => !decodeQrInImage(reader, c.image).some((q) => normalizeQrText(q.text) === c.expected)
    )
    expect(
      cases.length - missed.length,
      missed.map((c) => c.name).join(', ')
    ).toBeGreaterThanOrEqual(129)
    reader.dispose()
  })
})
