/**
 * The scan's Electron ports without Electron: desktopCapturer asked once at the largest display's
 * native size, each thumbnail brought to its own display's size and handed over as BGRA; capture
 * failures as CAPTURE_FAILED; the clipboard's image; the image dialog's size cap.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import {
  createClipboardImageReader,
  createImageOpenDialog,
  createScreenCapturer,
  nativeSize,
  readImageCapped,
  withoutWindow
} from '../../../src/main/app/capture'
import { AppError } from '../../../src/shared/errors'

interface FakeImage {
  size: { width: number; height: number }
  resized?: { width: number; height: number }
}

/** A NativeImage stand-in: a size, resize(), and a BGRA bitmap filled with its width. */
function nativeImage(width: number, height: number, log: FakeImage[] = []) {
  const me: FakeImage = { size: { width, height } }
  log.push(me)
  const img = {
    isEmpty: () => width === 0,
    getSize: () => ({ width, height }),
    resize: (to: { width: number; height: number }) => {
      me.resized = to
      return nativeImage(to.width, to.height, log)
    },
    toBitmap: () => Buffer.alloc(width * height * 4, width % 256)
  }
  return img
}

const display = (id: number, width: number, height: number, scaleFactor: number, label = '') => ({
  id,
  bounds: { x: 0, y: 0, width, height },
  scaleFactor,
  label
})

describe('createScreenCapturer', () => {
  it('asks once at the largest native size and returns each display at its own size (BGRA)', async () => {
    const displays = [display(1, 1920, 1080, 1.5, 'Built-in'), display(2, 2560, 1440, 1, 'Dell')]
    const calls: unknown[] = []
    const capturer = createScreenCapturer(
      {
        getSources: async (opts) => {
          calls.push(opts)
          // Electron fits every thumbnail into the one size asked for (aspect kept).
          return [
            { display_id: '2', thumbnail: nativeImage(2880, 1620) },
            { display_id: '1', thumbnail: nativeImage(2880, 1620) }
          ] as unknown as Electron.DesktopCapturerSource[]
        }
      },
      { getAllDisplays: () => displays as unknown as Electron.Display[] }
    )
    const shots = await capturer.capture()
    expect(calls).toEqual([{ types: ['screen'], thumbnailSize: { width: 2880, height: 1620 } }])
    expect(shots.map((s) => [s.name, s.image.width, s.image.height, s.image.order])).toEqual([
      ['Dell', 2560, 1440, 'bgra'],
      ['Built-in', 2880, 1620, 'bgra']
    ])
    expect(shots[0]!.image.data.length).toBe(2560 * 1440 * 4)
  })

  it('one display is called "Screen"; a capture error or no picture is CAPTURE_FAILED', async () => {
    const one = createScreenCapturer(
      {
        getSources: async () =>
          [
            { display_id: '', thumbnail: nativeImage(1280, 800) }
          ] as unknown as Electron.DesktopCapturerSource[]
      },
      { getAllDisplays: () => [display(7, 1280, 800, 1)] as unknown as Electron.Display[] }
    )
    expect((await one.capture()).map((s) => s.name)).toEqual(['Screen'])

    const denied = createScreenCapturer(
      {
        getSources: async () => {
          throw new Error('Failed to get sources.')
        }
      },
      { getAllDisplays: () => [display(7, 1280, 800, 1)] as unknown as Electron.Display[] }
    )
    await expect(denied.capture()).rejects.toMatchObject({ code: 'CAPTURE_FAILED' })

    const empty = createScreenCapturer(
      {
        getSources: async () =>
          [
            { display_id: '7', thumbnail: nativeImage(0, 0) }
          ] as unknown as Electron.DesktopCapturerSource[]
      },
      { getAllDisplays: () => [display(7, 1280, 800, 1)] as unknown as Electron.Display[] }
    )
    const err = await empty.capture().catch((e: unknown) => e)
    expect(err).toBeInstanceOf(AppError)
    expect((err as AppError).message).toMatch(/drop a screenshot/)
  })

  it('native size is bounds times the scale factor', () => {
    expect(nativeSize(display(1, 1280, 720, 1.25))).toEqual({ width: 1600, height: 900 })
  })
})

describe('createClipboardImageReader', () => {
  const item = (types: Record<string, Blob>) => ({
    types: Object.keys(types),
    getType: async (t: string) => types[t]!
  })
  it('returns the PNG of the clipboard, or null when it holds no image', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47])
    const withImage = createClipboardImageReader({
      read: async () =>
        [
          item({ 'text/plain': new Blob(['hi']) }),
          item({ 'image/png': new Blob([png], { type: 'image/png' }) })
        ] as unknown as Electron.ClipboardItem[]
    })
    expect(await withImage()).toEqual(png)
    const textOnly = createClipboardImageReader({
      read: async () =>
        [item({ 'text/plain': new Blob(['hi']) })] as unknown as Electron.ClipboardItem[]
    })
    expect(await textOnly()).toBeNull()
    const failing = createClipboardImageReader({
      read: async () => {
        throw new Error('no clipboard')
      }
    })
    expect(await failing()).toBeNull()
  })
})

describe('image open dialog', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-scan-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('reads the chosen file; cancel is null; a file over the cap is refused unread', async () => {
    const path = join(dir, 'shot.png')
    writeFileSync(path, Buffer.from('png bytes'))
    let answer: Electron.OpenDialogReturnValue = { canceled: false, filePaths: [path] }
    const open = createImageOpenDialog(
      { showOpenDialog: (async () => answer) as never },
      () => null
    )
    expect(await open()).toEqual({ name: 'shot.png', bytes: Buffer.from('png bytes') })
    answer = { canceled: true, filePaths: [] }
    expect(await open()).toBeNull()
    await expect(readImageCapped(path, 4)).rejects.toMatchObject({ code: 'IMAGE_TOO_LARGE' })
    await expect(readImageCapped(join(dir, 'missing.png'))).rejects.toMatchObject({
      code: 'NOT_FOUND'
    })
  })
})

describe('withoutWindow', () => {
  const win = (state: { visible: boolean; minimized?: boolean }, log: string[]) => ({
    isVisible: () => state.visible,
    isMinimized: () => state.minimized ?? false,
    isDestroyed: () => false,
    hide: () => void log.push('hide'),
    show: () => void log.push('show')
  })
  it('hides the window, waits for the repaint, captures, and shows it again (also on failure)', async () => {
    const log: string[] = []
    const ok = withoutWindow(
      { capture: async () => (log.push('capture'), []) },
      () => win({ visible: true }, log),
      150,
      async (ms) => void log.push(`wait ${ms}`)
    )
    await ok.capture()
    expect(log).toEqual(['hide', 'wait 150', 'capture', 'show'])
    log.length = 0
    const failing = withoutWindow(
      {
        capture: async () => {
          throw new AppError('CAPTURE_FAILED', 'no')
        }
      },
      () => win({ visible: true }, log),
      0,
      async () => undefined
    )
    await expect(failing.capture()).rejects.toMatchObject({ code: 'CAPTURE_FAILED' })
    expect(log).toEqual(['hide', 'show'])
  })
  it('leaves a hidden or minimised window alone', async () => {
    const log: string[] = []
    const c = { capture: async () => (log.push('capture'), []) }
    await withoutWindow(c, () => win({ visible: false }, log)).capture()
    await withoutWindow(c, () => win({ visible: true, minimized: true }, log)).capture()
    await withoutWindow(c, () => null).capture()
    expect(log).toEqual(['capture', 'capture', 'capture'])
  })
})
