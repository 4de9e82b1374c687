/**
 * QR decoding benchmark, three tables in one run:
 * 1. mixed-size screens: 4K and two-4K captures holding codes of 120-300 px side by side
 *    (found / expected, ms), with the screen budgets;
 * 2. the photo corpus (`../shared/corpora/qr-photos`, ZXing-C++'s test samples, read from where
 *    it lies): found / total and ms per image for Tessera, stock zxing-wasm with its default
 *    options and jsQR;
 * 3. synthetic page-like screenshots generated now (nothing binary is committed), decoded by
 *    Tessera's cascade (BGRA input, as captured), by stock zxing-wasm (`readBarcodes` on RGBA
 *    ImageData with default options) and by jsQR, in this process.
 *
 *   npx tsx bench/qr.bench.ts            # full run
 *   QR_BENCH_RUNS=3 QR_BENCH_JSQR=0 npx tsx bench/qr.bench.ts   # quicker
 *
 * Prints found/expected and the median decode time per shot, ratios to the others, and the
 * budgets with OK/OVER. Always exits 0 (budgets are reported, not enforced).
 */
import { readFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import jsQR from 'jsqr'
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader'
import type { NewAccount } from '../src/shared/model'
import { encodeMigrationBatches } from '../src/main/core/migration'
import { decodeQrInImage } from '../src/main/core/qr/decode'
import { ZxingQrReader, zxingWasmPath } from '../src/main/core/qr/zxing'
import { loadPhotoCorpus, normalizeQrText, PHOTO_CORPUS_DIR } from './qr-photos'
import { mixedSizeScenes, renderScene, type SceneCode, type SceneSpec } from './qr-scenes'

const RUNS = Number(process.env.QR_BENCH_RUNS ?? 7)
const JSQR = process.env.QR_BENCH_JSQR !== '0'
const JSQR_RUNS = Number(process.env.QR_BENCH_JSQR_RUNS ?? 2)

function otpUri(i: number): string {
  const secret = 'JBSWY3DPEHPK3PXP' + 'ABCDEFGHIJKLMNOP'.slice(0, (i * 3) % 16)
  return `otpauth://totp/Example%20${i}:user${i}@example.com?secret=${secret}&issuer=Example%20${i}&algorithm=SHA1&digits=6&period=30`
}

function exportUris(n: number, id: number): string[] {
  const accounts: NewAccount[] = []
  for (let i = 0; i < n; i++) {
    accounts.push({
      issuer: `Service ${i}`,
      label: `someone.long.name.${i}@example-company.com`,
      otp: {
        type: 'totp',
        secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PX' + 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'[i % 26]!,
        algorithm: 'SHA1',
        digits: 6,
        period: 30,
        counter: 0
      }
    })
  }
  return encodeMigrationBatches(accounts, { maxPerQr: Math.ceil(n / 2), batchId: id })
}

interface Shot {
  name: string
  spec: SceneSpec
  budgetMs?: number
}

const c = (text: string, x: number, y: number, size: number): SceneCode => ({ text, x, y, size })
const dense = exportUris(20, 42)

const shots: Shot[] = [
  {
    name: '1080p, 200px code',
    spec: { width: 1920, height: 1080, codes: [c(otpUri(1), 900, 400, 200)] }
  },
  {
    name: '1080p, 120px code',
    spec: { width: 1920, height: 1080, codes: [c(otpUri(2), 700, 500, 120)] }
  },
  {
    name: '1080p, 420px code',
    spec: { width: 1920, height: 1080, codes: [c(otpUri(3), 1100, 300, 420)] }
  },
  {
    name: '4K 150%, 1 code (300px)',
    spec: { width: 3840, height: 2160, codes: [c(otpUri(4), 1800, 800, 300)] },
    budgetMs: 50
  },
  {
    name: '4K 125%, 1 code (250px)',
    spec: { width: 3840, height: 2160, codes: [c(otpUri(5), 2400, 1200, 250)] },
    budgetMs: 50
  },
  {
    name: '4K 100%, 1 code (180px)',
    spec: { width: 3840, height: 2160, codes: [c(otpUri(6), 1000, 1500, 180)] },
    budgetMs: 50
  },
  {
    name: '4K 150%, blurred (r=2)',
    spec: { width: 3840, height: 2160, codes: [c(otpUri(7), 1800, 800, 300)], blur: 2 },
    budgetMs: 50
  },
  {
    name: '4K 150%, JPEG q60',
    spec: { width: 3840, height: 2160, codes: [c(otpUri(8), 1800, 800, 300)], jpegQuality: 60 },
    budgetMs: 50
  },
  {
    name: '4K dark page, inverted code',
    spec: { width: 3840, height: 2160, codes: [c(otpUri(9), 1800, 800, 300)], dark: true },
    budgetMs: 50
  },
  {
    name: '4K, 3 codes (180-420px)',
    spec: {
      width: 3840,
      height: 2160,
      codes: [
        c(otpUri(10), 700, 400, 180),
        c(otpUri(11), 1800, 900, 300),
        c(otpUri(12), 2900, 1400, 420)
      ]
    }
  },
  {
    // A code under ~150 px beside a larger one: too small for the half-size pass, found by the
    // full-size pass over the rest of the screen.
    name: '4K, 300px + 130px codes',
    spec: {
      width: 3840,
      height: 2160,
      codes: [c(otpUri(16), 600, 500, 130), c(otpUri(17), 2000, 900, 300)]
    }
  },
  {
    name: '4K, 2 dense GA export codes',
    spec: {
      width: 3840,
      height: 2160,
      codes: [c(dense[0]!, 900, 600, 420), c(dense[1]!, 2200, 600, 420)]
    }
  },
  {
    name: '2x4K (7680x2160), 3 codes',
    spec: {
      width: 7680,
      height: 2160,
      codes: [
        c(otpUri(13), 1200, 600, 300),
        c(otpUri(14), 4400, 900, 250),
        c(otpUri(15), 6500, 1300, 360)
      ]
    },
    budgetMs: 100
  },
  { name: '4K, no code', spec: { width: 3840, height: 2160, codes: [] }, budgetMs: 150 },
  { name: '2x4K, no code', spec: { width: 7680, height: 2160, codes: [] } }
]

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}

function countFound(found: string[], expected: string[]): number {
  return expected.filter((e) => found.includes(e)).length
}

const wasm = readFileSync(zxingWasmPath())
await prepareZXingModule({
  overrides: {
    wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer
  },
  fireImmediately: true
})
const reader = await ZxingQrReader.create()

const load = (): string =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')
const stockImage = (rgba: Uint8Array, width: number, height: number) =>
  ({
    data: new Uint8ClampedArray(rgba.buffer, rgba.byteOffset, rgba.byteLength),
    width,
    height,
    colorSpace: 'srgb'
  }) as unknown as Parameters<typeof readBarcodes>[0]

// 1. Mixed-size screens ---------------------------------------------------------------------
{
  console.log(
    `\nMixed-size screens (median of ${RUNS} runs; load average ${load()} on ${cpus().length} CPUs)`
  )
  const head =
    'scene'.padEnd(36) +
    'ours'.padStart(6) +
    'ms'.padStart(8) +
    'cpu'.padStart(7) +
    '  ' +
    'pass'.padEnd(16) +
    'stkQR'.padStart(6) +
    '  budget'
  console.log(head)
  console.log('-'.repeat(head.length + 14))
  let found = 0
  let total = 0
  let over = 0
  for (const sc of mixedSizeScenes()) {
    const img = renderScene(sc.spec)
    const { width, height } = img
    const bgra = { width, height, order: 'bgra' as const, data: img.bgra }
    const expected = sc.spec.codes.map((x) => x.text)
    decodeQrInImage(reader, bgra)
    const ts: number[] = []
    const cs: number[] = []
    let got: string[] = []
    let passes = ''
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now()
      const c0 = process.cpuUsage()
      const r = decodeQrInImage(reader, bgra)
      const c1 = process.cpuUsage(c0)
      ts.push(performance.now() - t)
      cs.push((c1.user + c1.system) / 1000)
      got = r.map((q) => q.text)
      passes = [...new Set(r.map((q) => q.pass))].join('+') || '-'
    }
    const stock = await readBarcodes(stockImage(img.rgba, width, height), { formats: ['QRCode'] })
    const n = countFound(got, expected)
    found += n
    total += expected.length
    // The issue's budgets: a 4K screen with codes <= 50 ms, two 4K screens with 3 codes <= 100.
    const budget = width <= 3840 ? 50 : expected.length <= 3 ? 100 : undefined
    const ms = median(ts)
    const ok = n === expected.length && (budget === undefined || ms <= budget)
    if (!ok) over++
    console.log(
      sc.name.padEnd(36) +
        `${n}/${expected.length}`.padStart(6) +
        ms.toFixed(1).padStart(8) +
        median(cs).toFixed(1).padStart(7) +
        '  ' +
        passes.padEnd(16) +
        `${countFound(
          stock.filter((x) => x.isValid).map((x) => x.text),
          expected
        )}/${expected.length}`.padStart(6) +
        '  ' +
        (budget === undefined ? 'all found' : `<= ${budget} ms`) +
        (n === expected.length ? (ok ? ' OK' : ' OVER') : ' MISSED')
    )
  }
  console.log(
    `Mixed-size screens: ${found}/${total} codes found; ${over === 0 ? 'every scene OK' : `${over} scene(s) OVER or MISSED`}`
  )
}

// 2. Photo corpus ---------------------------------------------------------------------------
{
  const cases = await loadPhotoCorpus()
  if (cases.length === 0) {
    console.log(`\nPhoto corpus: not found at ${PHOTO_CORPUS_DIR} (skipped)`)
  } else {
    const tally: Record<'ours' | 'stock' | 'jsqr', [number, number]> = {
      ours: [0, 0],
      stock: [0, 0],
      jsqr: [0, 0]
    }
    const oursOnly: string[] = []
    const missedByOurs: string[] = []
    for (const pc of cases) {
      const { width, height } = pc.image
      decodeQrInImage(reader, pc.image) // warm-up, so the first image does not count the JIT
      let t = performance.now()
      const ours = decodeQrInImage(reader, pc.image).some(
        (q) => normalizeQrText(q.text) === pc.expected
      )
      tally.ours[1] += performance.now() - t
      const id = stockImage(pc.image.data, width, height)
      t = performance.now()
      const stock = (await readBarcodes(id)).some(
        (q) => q.isValid && normalizeQrText(q.text) === pc.expected
      )
      tally.stock[1] += performance.now() - t
      t = performance.now()
      const j = jsQR(id.data as Uint8ClampedArray, width, height)
      tally.jsqr[1] += performance.now() - t
      const js = j !== null && normalizeQrText(j.data) === pc.expected
      if (ours) tally.ours[0]++
      if (stock) tally.stock[0]++
      if (js) tally.jsqr[0]++
      if (ours && !stock) oursOnly.push(pc.name)
      if (!ours) missedByOurs.push(pc.name + (stock ? ' (stock found it)' : ''))
    }
    const n = cases.length
    console.log(
      `\nPhoto corpus: ${n} images from ${PHOTO_CORPUS_DIR} (one run each; load average ${load()})`
    )
    console.log('decoder'.padEnd(40) + 'found'.padStart(10) + 'ms/image'.padStart(10))
    console.log('-'.repeat(60))
    const line = (name: string, [f, ms]: [number, number]): void =>
      console.log(name.padEnd(40) + `${f}/${n}`.padStart(10) + (ms / n).toFixed(1).padStart(10))
    line('Tessera cascade', tally.ours)
    line('stock zxing-wasm (readBarcodes defaults)', tally.stock)
    line('jsQR (defaults)', tally.jsqr)
    console.log(`Found by Tessera, not by stock zxing-wasm: ${oursOnly.join(', ') || 'none'}`)
    console.log(`Missed by Tessera: ${missedByOurs.join(', ') || 'none'}`)
  }
}

// 3. Screen shots ---------------------------------------------------------------------------
interface Row {
  shot: string
  size: string
  expected: number
  ours: [number, number, string]
  oursCpu: number
  stock: [number, number]
  stockQr: [number, number]
  jsqr?: [number, number]
  budgetMs?: number
}
const rows: Row[] = []

for (const shot of shots) {
  const img = renderScene({ ...shot.spec, seed: rows.length + 3 })
  const expected = shot.spec.codes.map((x) => x.text)
  const { width, height } = img
  const bgra = { width, height, order: 'bgra' as const, data: img.bgra }
  // warm-up
  decodeQrInImage(reader, bgra)
  const oursT: number[] = []
  const oursCpu: number[] = []
  let oursFound: string[] = []
  let passes = ''
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now()
    const c0 = process.cpuUsage()
    const r = decodeQrInImage(reader, bgra)
    const c1 = process.cpuUsage(c0)
    oursT.push(performance.now() - t)
    oursCpu.push((c1.user + c1.system) / 1000)
    oursFound = r.map((q) => q.text)
    passes = [...new Set(r.map((q) => q.pass))].join('+') || '-'
  }
  const imageData = {
    data: new Uint8ClampedArray(img.rgba.buffer, img.rgba.byteOffset, img.rgba.byteLength),
    width,
    height,
    colorSpace: 'srgb'
  } as unknown as Parameters<typeof readBarcodes>[0]
  const stockT: number[] = []
  let stockFound: string[] = []
  for (let i = 0; i < Math.max(3, RUNS - 2); i++) {
    const t = performance.now()
    const r = await readBarcodes(imageData)
    stockT.push(performance.now() - t)
    stockFound = r.filter((x) => x.isValid).map((x) => x.text)
  }
  // Stock restricted to QR codes (tryHarder stays on, its default): the fairer comparison.
  const stockQrT: number[] = []
  let stockQrFound: string[] = []
  for (let i = 0; i < Math.max(3, RUNS - 2); i++) {
    const t = performance.now()
    const r = await readBarcodes(imageData, { formats: ['QRCode'] })
    stockQrT.push(performance.now() - t)
    stockQrFound = r.filter((x) => x.isValid).map((x) => x.text)
  }
  const row: Row = {
    shot: shot.name,
    size: `${width}x${height}`,
    expected: expected.length,
    ours: [countFound(oursFound, expected), median(oursT), passes],
    oursCpu: median(oursCpu),
    stock: [countFound(stockFound, expected), median(stockT)],
    stockQr: [countFound(stockQrFound, expected), median(stockQrT)]
  }
  if (shot.budgetMs !== undefined) row.budgetMs = shot.budgetMs
  if (JSQR) {
    const jsT: number[] = []
    let jsFound: string[] = []
    const clamped = new Uint8ClampedArray(img.rgba.buffer, img.rgba.byteOffset, img.rgba.byteLength)
    for (let i = 0; i < JSQR_RUNS; i++) {
      const t = performance.now()
      const r = jsQR(clamped, width, height, { inversionAttempts: 'attemptBoth' })
      jsT.push(performance.now() - t)
      jsFound = r ? [r.data] : []
    }
    row.jsqr = [countFound(jsFound, expected), median(jsT)]
  }
  rows.push(row)
  const r = row
  console.error(`  ${r.shot}: ours ${r.ours[0]}/${r.expected} ${r.ours[1].toFixed(1)} ms`)
}

const pad = (s: string, n: number): string => s.padEnd(n)
const lpad = (s: string, n: number): string => s.padStart(n)
const header =
  pad('shot', 30) +
  pad('pixels', 11) +
  lpad('ours', 6) +
  lpad('ms', 8) +
  lpad('cpu', 7) +
  '  ' +
  pad('pass', 10) +
  lpad('stock', 6) +
  lpad('ms', 8) +
  lpad('x', 6) +
  lpad('stkQR', 6) +
  lpad('ms', 8) +
  lpad('x', 6) +
  (JSQR ? lpad('jsQR', 6) + lpad('ms', 8) + lpad('x', 7) : '') +
  '  budget'
console.log(
  `\nQR decode benchmark (median of ${RUNS} runs; jsQR ${JSQR ? `${JSQR_RUNS} runs` : 'skipped'}; ` +
    `load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} on ${cpus().length} CPUs)`
)
console.log(header)
console.log('-'.repeat(header.length + 10))
let allFound = true
for (const r of rows) {
  const found = r.ours[0] === r.expected
  if (!found) allFound = false
  const budget =
    r.budgetMs === undefined
      ? found
        ? 'all found'
        : 'MISSED'
      : `<= ${r.budgetMs} ms ${r.ours[1] <= r.budgetMs && found ? 'OK' : 'OVER'}${found ? '' : ' (MISSED)'}`
  console.log(
    pad(r.shot, 30) +
      pad(r.size, 11) +
      lpad(`${r.ours[0]}/${r.expected}`, 6) +
      lpad(r.ours[1].toFixed(1), 8) +
      lpad(r.oursCpu.toFixed(1), 7) +
      '  ' +
      pad(r.ours[2], 10) +
      lpad(`${r.stock[0]}/${r.expected}`, 6) +
      lpad(r.stock[1].toFixed(1), 8) +
      lpad(`${(r.stock[1] / r.ours[1]).toFixed(1)}`, 6) +
      lpad(`${r.stockQr[0]}/${r.expected}`, 6) +
      lpad(r.stockQr[1].toFixed(1), 8) +
      lpad(`${(r.stockQr[1] / r.ours[1]).toFixed(1)}`, 6) +
      (r.jsqr
        ? lpad(`${r.jsqr[0]}/${r.expected}`, 6) +
          lpad(r.jsqr[1].toFixed(0), 8) +
          lpad(`${(r.jsqr[1] / r.ours[1]).toFixed(0)}`, 7)
        : '') +
      '  ' +
      budget
  )
}
console.log(
  `\n"ms" = median wall time, "cpu" = median CPU time of this process (less sensitive to other load).` +
    `\n"stock" = zxing-wasm readBarcodes(RGBA ImageData) with default options (all formats); ` +
    `"stkQR" = the same restricted to QR codes.` +
    `\n"x" = that decoder's median time / ours. Every code on every shot found by ours: ${allFound ? 'OK' : 'OVER (some missed)'}`
)
reader.dispose()
