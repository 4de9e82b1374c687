/**
 * Thin binding to zxing-wasm's reader that takes our own luminance plane. The stock
 * `readBarcodes(imageData)` copies RGBA, converts it to grey in JS and mallocs per call; here the
 * grey plane is written straight into a reusable buffer in the wasm heap and handed to
 * `readBarcodesFromPixmap`, restricted to QR codes.
 *
 * The `.wasm` is read from the installed zxing-wasm package (never fetched from a CDN).
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import {
  binarizers,
  characterSets,
  eanAddOnSymbols,
  encodeFormats,
  prepareZXingModule,
  textModes,
  type ZXingModuleOverrides
} from 'zxing-wasm/reader'
import { AppError } from '../../../shared/errors'

/** zxing's binarizers we use: local average (default) and a fixed threshold at 127. */
export type QrBinarizer = 'LocalAverage' | 'FixedThreshold' | 'GlobalHistogram'

export interface QrReadOptions {
  binarizer?: QrBinarizer
  /** Also look for light-on-dark codes (dark pages). Default true. */
  tryInvert?: boolean
  /** Report symbols that were located but failed to decode (used to pick crops). */
  returnErrors?: boolean
  /** Let zxing try its own downscaled pass. Default false: the cascade handles scale. */
  tryDownscale?: boolean
  /** Default true. */
  tryHarder?: boolean
  /** Also try the plane turned by 90 degrees (sideways photos). Default false. */
  tryRotate?: boolean
  /** Morphological closing before the binarizer (broken modules, photo noise). Default false. */
  tryDenoise?: boolean
}

export interface QrPoint {
  x: number
  y: number
}

/** One symbol zxing reported, in the coordinates of the plane it was given. */
export interface RawQr {
  valid: boolean
  error: string
  text: string
  bytes: Uint8Array
  /** Corners: top-left, top-right, bottom-right, bottom-left. */
  corners: [QrPoint, QrPoint, QrPoint, QrPoint]
  inverted: boolean
}

interface ZxPosition {
  topLeft: QrPoint
  topRight: QrPoint
  bottomRight: QrPoint
  bottomLeft: QrPoint
}
interface ZxResult {
  isValid: boolean
  error: string
  text: string
  bytes: Uint8Array
  position: ZxPosition
  isInverted: boolean
}
interface ZxVector {
  size(): number
  get(i: number): ZxResult | undefined
  delete?: () => void
}
/** The parts of the Emscripten module we call. */
interface ZxModule {
  HEAPU8: Uint8Array
  _malloc(n: number): number
  _free(p: number): void
  readBarcodesFromPixmap(ptr: number, w: number, h: number, opts: Record<string, unknown>): ZxVector
}

// Not named `require`: electron-vite's ESM shim declares a top-level `require` in the bundled
// chunk, and a second declaration is a SyntaxError that stops the main process and the worker.
const requireHere = createRequire(import.meta.url)

/** Absolute path of zxing-wasm's reader `.wasm` inside node_modules. */
export function zxingWasmPath(): string {
  return requireHere.resolve('zxing-wasm/reader/zxing_reader.wasm')
}

/** A compiled `WebAssembly.Module` (lib.dom is not in the main process's types). */
export type CompiledWasm = object

interface WasmApi {
  compile(bytes: Uint8Array): Promise<CompiledWasm>
  instantiate(mod: CompiledWasm, imports: unknown): Promise<{ exports: unknown }>
}
const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly

function readWasm(): Uint8Array {
  try {
    return readFileSync(zxingWasmPath())
  } catch (cause) {
    throw new AppError(
      'INTERNAL',
      'The QR decoder is missing from this installation. Reinstall Tessera.',
      { cause }
    )
  }
}

let compiled: Promise<CompiledWasm> | undefined

/**
 * Compiles zxing's wasm once per process. Worker threads are handed the compiled module instead
 * of compiling it again, and V8 shares its optimised code between them.
 */
export function compileZxingWasm(): Promise<CompiledWasm> {
  if (!compiled) {
    compiled = (async () => wasmApi.compile(readWasm()))()
    compiled.catch(() => {
      compiled = undefined
    })
  }
  return compiled
}

let modulePromise: Promise<ZxModule> | undefined
let providedModule: CompiledWasm | undefined

/** Use this already compiled module (from the parent thread) instead of compiling the file. */
export function useCompiledZxingWasm(mod: CompiledWasm): void {
  providedModule = mod
}

async function loadModule(): Promise<ZxModule> {
  if (!modulePromise) {
    modulePromise = (async () => {
      const mod = providedModule ?? (await compileZxingWasm())
      const instance = await prepareZXingModule({
        overrides: {
          instantiateWasm: (
            imports: unknown,
            done: (instance: { exports: unknown }, module: CompiledWasm) => void
          ) => {
            void wasmApi.instantiate(mod, imports).then((inst) => done(inst, mod))
            return {}
          }
        } as unknown as ZXingModuleOverrides,
        fireImmediately: true
      })
      return instance as unknown as ZxModule
    })()
    modulePromise.catch(() => {
      modulePromise = undefined
    })
  }
  return modulePromise
}

function zxOptions(o: QrReadOptions): Record<string, unknown> {
  return {
    formats: encodeFormats(['QRCode']),
    tryHarder: o.tryHarder ?? true,
    tryRotate: o.tryRotate ?? false,
    tryInvert: o.tryInvert ?? true,
    tryDownscale: o.tryDownscale ?? false,
    tryDenoise: o.tryDenoise ?? false,
    binarizer: binarizers.indexOf(o.binarizer ?? 'LocalAverage'),
    isPure: false,
    downscaleThreshold: 500,
    downscaleFactor: 3,
    minLineCount: 2,
    maxNumberOfSymbols: 255,
    validateOptionalChecksum: false,
    returnErrors: o.returnErrors ?? false,
    eanAddOnSymbol: eanAddOnSymbols.indexOf('Ignore'),
    textMode: textModes.indexOf('Plain'),
    characterSet: characterSets.indexOf('Unknown'),
    tryCode39ExtendedMode: false
  }
}

/**
 * A QR reader bound to one zxing-wasm instance. Not thread-safe; use one per worker.
 * `plane(size)` gives a view into the wasm heap to write a grey image into, then `read()`.
 */
export class ZxingQrReader {
  private ptr = 0
  private cap = 0
  private readonly optCache = new Map<string, Record<string, unknown>>()

  private constructor(private readonly mod: ZxModule) {}

  /** Loads the wasm (once per thread) and returns a reader. */
  static async create(): Promise<ZxingQrReader> {
    return new ZxingQrReader(await loadModule())
  }

  /** A writable view of `size` bytes inside the wasm heap; valid until the next call. */
  plane(size: number): Uint8Array {
    if (size > this.cap) {
      if (this.ptr) this.mod._free(this.ptr)
      this.ptr = this.mod._malloc(size)
      if (!this.ptr) {
        this.cap = 0
        throw new AppError(
          'IMAGE_TOO_LARGE',
          'This image is too large to scan. Crop it and try again.'
        )
      }
      this.cap = size
    }
    return this.mod.HEAPU8.subarray(this.ptr, this.ptr + size)
  }

  /** Decodes the grey plane previously written through `plane(width * height)`. */
  read(width: number, height: number, options: QrReadOptions = {}): RawQr[] {
    if (width * height > this.cap) throw new RangeError('write the plane before reading it')
    const key = JSON.stringify(options)
    let opts = this.optCache.get(key)
    if (!opts) {
      opts = zxOptions(options)
      this.optCache.set(key, opts)
    }
    const vec = this.mod.readBarcodesFromPixmap(this.ptr, width, height, opts)
    const out: RawQr[] = []
    try {
      for (let i = 0; i < vec.size(); i++) {
        const r = vec.get(i)
        if (!r) continue
        const p = r.position
        out.push({
          valid: r.isValid,
          error: r.error,
          text: r.text,
          bytes: new Uint8Array(r.bytes),
          corners: [p.topLeft, p.topRight, p.bottomRight, p.bottomLeft],
          inverted: r.isInverted
        })
      }
    } finally {
      vec.delete?.()
    }
    return out
  }

  /** Convenience: copies a packed grey plane in and reads it. */
  readGrey(data: Uint8Array, width: number, height: number, options?: QrReadOptions): RawQr[] {
    this.plane(width * height).set(data.subarray(0, width * height))
    return this.read(width, height, options)
  }

  /** Frees the heap buffer (the module itself lives until the thread exits). */
  dispose(): void {
    if (this.ptr) this.mod._free(this.ptr)
    this.ptr = 0
    this.cap = 0
  }
}
