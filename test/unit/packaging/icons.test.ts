/**
 * The committed icons are what scripts/icons.mjs renders from resources/icon.svg today: an edited
 * SVG without regenerated icons (or a hand-edited PNG) fails here, with the command that fixes it.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { PNG } from 'pngjs'
import { afterAll, describe, expect, it } from 'vitest'
import { repoRoot } from '../../helpers/corpora'
// @ts-expect-error plain JavaScript build script without type declarations
import { LINUX_SIZES, writeIcons } from '../../../scripts/icons.mjs'

const out = mkdtempSync(join(tmpdir(), 'tessera-icons-'))
afterAll(() => rmSync(out, { recursive: true, force: true }))

function list(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f)
    return statSync(p).isDirectory() ? list(p) : [p]
  })
}

describe('icons generated from resources/icon.svg', () => {
  const written = (writeIcons as (dir: string) => string[])(out)

  it('regenerating gives byte-identical committed files (run `npm run icons` after editing the SVG)', () => {
    const committed = [
      ...list(join(repoRoot, 'resources/build')),
      ...list(join(repoRoot, 'resources/tray'))
    ]
      .map((p) => relative(join(repoRoot, 'resources'), p))
      .filter((p) => /\.(png|ico|icns)$/.test(p))
      .sort()
    expect(committed).toEqual([...written].sort())
    const stale = written.filter(
      (rel: string) =>
        !readFileSync(join(out, rel)).equals(readFileSync(join(repoRoot, 'resources', rel)))
    )
    expect(stale).toEqual([])
  })

  it('every Linux size is a square PNG of that size', () => {
    for (const s of LINUX_SIZES as number[]) {
      const png = PNG.sync.read(readFileSync(join(out, `build/icons/${s}x${s}.png`)))
      expect([png.width, png.height]).toEqual([s, s])
    }
  })

  it('.ico holds 16 to 256 px, .icns starts with its magic and holds a 1024 px image', () => {
    const ico = readFileSync(join(out, 'build/icon.ico'))
    expect(ico.readUInt16LE(2)).toBe(1) // type: icon
    const count = ico.readUInt16LE(4)
    const sizes = Array.from({ length: count }, (_, i) => ico[6 + i * 16] || 256)
    expect(sizes).toEqual(expect.arrayContaining([16, 32, 48, 256]))
    const icns = readFileSync(join(out, 'build/icon.icns'))
    expect(icns.subarray(0, 4).toString('latin1')).toBe('icns')
    expect(icns.includes(Buffer.from('ic10', 'latin1'))).toBe(true)
  })

  it('macOS template tray images are black with alpha only, at 16 and 32 px', () => {
    for (const [f, s] of [
      ['tray/trayTemplate.png', 16],
      ['tray/trayTemplate@2x.png', 32]
    ] as const) {
      const png = PNG.sync.read(readFileSync(join(out, f)))
      expect([png.width, png.height]).toEqual([s, s])
      let opaque = 0
      for (let i = 0; i < png.data.length; i += 4) {
        expect([png.data[i], png.data[i + 1], png.data[i + 2]]).toEqual([0, 0, 0])
        if (png.data[i + 3]! > 0) opaque++
      }
      expect(opaque).toBeGreaterThan(s * s * 0.3) // a glyph, not an empty image
    }
  })

  it('light and dark tray glyphs contrast with their panels', () => {
    const mean = (f: string): number => {
      const png = PNG.sync.read(readFileSync(join(out, f)))
      let sum = 0
      let n = 0
      for (let i = 0; i < png.data.length; i += 4) {
        if (png.data[i + 3]! < 128) continue
        sum += (png.data[i]! + png.data[i + 1]! + png.data[i + 2]!) / 3
        n++
      }
      return sum / n
    }
    expect(mean('tray/tray-light@2x.png')).toBeLessThan(80) // dark glyph for a light panel
    expect(mean('tray/tray-dark@2x.png')).toBeGreaterThan(200) // light glyph for a dark panel
  })
})
