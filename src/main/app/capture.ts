/**
 * The scan's Electron ports: every display captured in main with desktopCapturer at its native
 * resolution (the renderer holds no media permission), the clipboard's image, and the open dialog
 * for images. Electron is injected so unit tests run without it.
 */
import { basename } from 'node:path'
import type {
  BrowserWindow,
  Clipboard,
  DesktopCapturer,
  Dialog,
  NativeImage,
  Screen
} from 'electron'
import { AppError } from '../../shared/errors'
import { readUserFile } from '../core/fs/read-capped'
import { pickOne } from './dialogs'
import { MAX_SCAN_IMAGE_BYTES } from '../../shared/limits'
import { imageTooLarge } from '../core/qr/scan'
import type { ScanSource, ScreenCapturer } from '../core/qr'
import type { PickedImage } from '../ports'

type DisplayInfo = Pick<Electron.Display, 'id' | 'bounds' | 'scaleFactor' | 'label'>

/** Each display's size in device pixels (bounds are in DIPs). */
export function nativeSize(d: DisplayInfo): { width: number; height: number } {
  return {
    width: Math.round(d.bounds.width * d.scaleFactor),
    height: Math.round(d.bounds.height * d.scaleFactor)
  }
}

function captureFailed(cause?: unknown): AppError {
  return new AppError(
    'CAPTURE_FAILED',
    'The screen could not be captured. Allow Tessera to record the screen in your system settings, or drop a screenshot onto the window.',
    cause === undefined ? undefined : { cause }
  )
}

/**
 * Captures every display with one `desktopCapturer.getSources` call whose thumbnail size is the
 * largest display's native size, then brings each thumbnail to its own display's native size
 * (Electron fits every thumbnail into the one size asked for). Pixels are handed over as the
 * BGRA bitmap (`toBitmap()`), which the decoder reads without an RGBA copy.
 */
export function createScreenCapturer(
  capturer: Pick<DesktopCapturer, 'getSources'>,
  screen: Pick<Screen, 'getAllDisplays'>
): ScreenCapturer {
  return {
    async capture(): Promise<ScanSource[]> {
      const displays = screen.getAllDisplays()
      if (displays.length === 0) throw captureFailed()
      const sizes = displays.map(nativeSize)
      const thumbnailSize = {
        width: Math.max(...sizes.map((s) => s.width)),
        height: Math.max(...sizes.map((s) => s.height))
      }
      let sources: Electron.DesktopCapturerSource[]
      try {
        sources = await capturer.getSources({ types: ['screen'], thumbnailSize })
      } catch (err) {
        throw captureFailed(err)
      }
      const out: ScanSource[] = []
      sources.forEach((source, i) => {
        // display_id is empty on some Linux setups; fall back to the order of the displays.
        const index = displays.findIndex((d) => String(d.id) === source.display_id)
        const display = displays[index >= 0 ? index : i]
        const want = display ? nativeSize(display) : undefined
        let image: NativeImage = source.thumbnail
        if (image.isEmpty()) return
        const got = image.getSize()
        if (want && (got.width > want.width || got.height > want.height)) {
          image = image.resize({ width: want.width, height: want.height, quality: 'best' })
        }
        const { width, height } = image.getSize()
        const bitmap = image.toBitmap()
        if (bitmap.length < width * height * 4) return
        const n = (index >= 0 ? index : i) + 1
        out.push({
          name:
            display?.label && displays.length > 1
              ? display.label
              : displays.length > 1
                ? `Display ${n}`
                : 'Screen',
          image: {
            width,
            height,
            order: 'bgra',
            data: new Uint8Array(bitmap.buffer, bitmap.byteOffset, width * height * 4)
          }
        })
      })
      if (out.length === 0) throw captureFailed()
      return out
    }
  }
}

/** The part of a BrowserWindow {@link withoutWindow} moves out of the way. */
export interface HideableWindow {
  isVisible(): boolean
  isMinimized(): boolean
  isDestroyed(): boolean
  hide(): void
  show(): void
}

/**
 * `capturer` with Tessera's window hidden during the capture and shown again afterwards (also
 * when the capture fails). `settleMs` gives the compositor time to repaint what was behind it.
 */
export function withoutWindow(
  capturer: ScreenCapturer,
  window: () => HideableWindow | null,
  settleMs = 200,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms))
): ScreenCapturer {
  return {
    async capture() {
      const win = window()
      const hide = win !== null && !win.isDestroyed() && win.isVisible() && !win.isMinimized()
      if (!hide) return capturer.capture()
      win.hide()
      try {
        await sleep(settleMs)
        return await capturer.capture()
      } finally {
        if (!win.isDestroyed()) win.show()
      }
    }
  }
}

/**
 * The clipboard's image as encoded bytes (PNG as the system clipboard offers screenshots), or
 * null when it holds none. Electron 45's clipboard is the asynchronous W3C-style one.
 */
export function createClipboardImageReader(
  clipboard: Pick<Clipboard, 'read'>
): () => Promise<Uint8Array | null> {
  return async () => {
    let items: Electron.ClipboardItem[]
    try {
      items = await clipboard.read()
    } catch {
      return null
    }
    for (const item of items) {
      const types = item.types.filter((t) => t.startsWith('image/'))
      const type = types.includes('image/png') ? 'image/png' : types[0]
      if (!type) continue
      const blob = await item.getType(type)
      if (!(blob instanceof Blob)) continue
      if (blob.size > MAX_SCAN_IMAGE_BYTES) {
        throw imageTooLarge(
          'The clipboard image',
          blob.size,
          MAX_SCAN_IMAGE_BYTES,
          'Copy a smaller screenshot.'
        )
      }
      return new Uint8Array(await blob.arrayBuffer())
    }
    return null
  }
}

/** Reads the image the user picked, refusing it over `cap` by its size before reading. */
export function readImageCapped(path: string, cap = MAX_SCAN_IMAGE_BYTES): Promise<Uint8Array> {
  return readUserFile(path, {
    cap,
    choose: 'an image file (PNG, JPEG, WebP or GIF)',
    label: basename(path),
    tooLarge: (size) => imageTooLarge(basename(path), size, cap, undefined, { path })
  })
}

/** Electron's open dialog for an image with a QR code, attached to the main window. */
export function createImageOpenDialog(
  dialog: Pick<Dialog, 'showOpenDialog'>,
  window: () => BrowserWindow | null
): () => Promise<PickedImage | null> {
  return async () => {
    const path = await pickOne(dialog, window, {
      title: 'Open an image with a QR code',
      properties: ['openFile'],
      filters: [
        { name: 'Images', extensions: ['png', 'jpg', 'jpeg', 'webp', 'gif'] },
        { name: 'All files', extensions: ['*'] }
      ]
    })
    return path === null ? null : { name: basename(path), bytes: await readImageCapped(path) }
  }
}
