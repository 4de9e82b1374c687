#!/usr/bin/env node
// Renders every icon Tessera ships from resources/icon.svg: the app icon in each size and format
// the installers want (Linux PNG set, Windows .ico, macOS .icns) and the tray icons (macOS
// template images, light and dark PNG/ICO for Windows and Linux). The outputs are committed:
// packaging on a runner without these libraries' prebuilt binaries still works, a reviewer sees
// every icon in the diff, and test/unit/packaging/icons.test.ts re-renders them into a temporary
// folder and compares bytes, so an edited SVG without regenerated icons fails `npm test`.
//
//   node scripts/icons.mjs            writes resources/build/ and resources/tray/
//   node scripts/icons.mjs --out DIR  writes DIR/build and DIR/tray (the test uses this)
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Icns, IcnsImage } from '@fiahfy/icns'
import { Resvg } from '@resvg/resvg-js'
import { imagesToIco } from 'png-to-ico'
import { PNG } from 'pngjs'

const root = resolve(fileURLToPath(new URL('..', import.meta.url)))

/** Linux hicolor sizes (electron-builder reads resources/build/icons/NxN.png). */
export const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024]
/** Sizes inside icon.ico: Explorer, taskbar, Start, installer. */
export const ICO_SIZES = [16, 20, 24, 32, 40, 48, 64, 128, 256]
/** icns entries: PNG-coded types from 16 px to 1024 px (512@2x). */
export const ICNS_TYPES = [
  ['icp4', 16],
  ['icp5', 32],
  ['ic11', 32],
  ['icp6', 64],
  ['ic12', 64],
  ['ic07', 128],
  ['ic08', 256],
  ['ic13', 256],
  ['ic09', 512],
  ['ic14', 512],
  ['ic10', 1024]
]

/** Renders an SVG string to a PNG of `size` × `size` pixels. */
function render(svg, size) {
  const r = new Resvg(svg, {
    fitTo: { mode: 'width', value: size },
    background: 'rgba(0,0,0,0)',
    font: { loadSystemFonts: false }
  })
  return Buffer.from(r.render().asPng())
}

/** pngjs bitmap of a PNG buffer (png-to-ico writes bitmaps, not PNG files). */
function bitmap(png) {
  return PNG.sync.read(png)
}

/** Relative luminance of a #rrggbb colour, 0..1. */
function luminance(hex) {
  const c = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
  const lin = c.map((v) => (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4))
  return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
}

/**
 * The tray glyph: the app icon's tiles without its background plate, in one colour. Light tiles
 * stay solid and dark ones are drawn half-transparent, so the diagonal of the logo survives in
 * a single colour (macOS template images may only use black and alpha).
 */
export function trayGlyph(svg, colour) {
  const view = /viewBox="0 0 (\d+) (\d+)"/.exec(svg)
  if (!view) throw new Error('resources/icon.svg needs a viewBox="0 0 W H"')
  const [w, h] = [view[1], view[2]]
  const rects = [...svg.matchAll(/<rect\b[^>]*\/>/g)].map((m) => m[0])
  const plate = (r) => r.includes(`width="${w}"`) && r.includes(`height="${h}"`)
  const tiles = rects.filter((r) => !plate(r))
  if (tiles.length === 0) throw new Error('resources/icon.svg has no tiles to draw a tray glyph')
  const mono = tiles.map((r) => {
    const fill = /fill="(#[0-9a-fA-F]{6})"/.exec(r)?.[1] ?? '#000000'
    const opacity = luminance(fill) >= 0.3 ? '1' : '0.55'
    return r.replace(/fill="[^"]*"/, `fill="${colour}" fill-opacity="${opacity}"`)
  })
  // Cropped to the tiles (plus a 1/20 margin): a tray slot is small, the plate's padding is not
  // needed there.
  const box = tiles.map((r) => {
    const n = (k) => Number(new RegExp(`\\b${k}="([\\d.]+)"`).exec(r)?.[1] ?? 0)
    return [n('x'), n('y'), n('x') + n('width'), n('y') + n('height')]
  })
  const x0 = Math.min(...box.map((b) => b[0]))
  const y0 = Math.min(...box.map((b) => b[1]))
  const side = Math.max(...box.map((b) => b[2] - x0), ...box.map((b) => b[3] - y0))
  const m = side / 20
  const vb = `${x0 - m} ${y0 - m} ${side + 2 * m} ${side + 2 * m}`
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${vb}">${mono.join('')}</svg>`
}

/** Every output file: relative path -> bytes. */
export function renderAll(svg) {
  const files = new Map()
  const png = new Map(LINUX_SIZES.concat(ICO_SIZES, [20, 40]).map((s) => [s, render(svg, s)]))
  const at = (s) => png.get(s) ?? render(svg, s)

  files.set('build/icon.png', at(1024))
  for (const s of LINUX_SIZES) files.set(`build/icons/${s}x${s}.png`, at(s))
  files.set('build/icon.ico', imagesToIco(ICO_SIZES.map((s) => bitmap(at(s)))))
  const icns = new Icns()
  for (const [type, s] of ICNS_TYPES) icns.append(IcnsImage.fromPNG(at(s), type))
  files.set('build/icon.icns', icns.data)

  // Tray: macOS template images (black + alpha; the system tints them), and coloured glyphs
  // for light and dark taskbars/panels on Windows and Linux, at 1x and 2x.
  const glyphs = {
    template: trayGlyph(svg, '#000000'),
    // "light" is for a light panel (dark glyph), "dark" for a dark panel (light glyph).
    light: trayGlyph(svg, '#1f2933'),
    dark: trayGlyph(svg, '#f5f7fa')
  }
  files.set('tray/trayTemplate.png', render(glyphs.template, 16))
  files.set('tray/trayTemplate@2x.png', render(glyphs.template, 32))
  for (const theme of ['light', 'dark']) {
    files.set(`tray/tray-${theme}.png`, render(glyphs[theme], 16))
    files.set(`tray/tray-${theme}@2x.png`, render(glyphs[theme], 32))
    files.set(`tray/tray-${theme}-24.png`, render(glyphs[theme], 24))
    files.set(
      `tray/tray-${theme}.ico`,
      imagesToIco([16, 20, 24, 32, 48].map((s) => bitmap(render(glyphs[theme], s))))
    )
  }
  return files
}

/** Writes every output below `outDir` (resources/ by default). Returns the paths written. */
export function writeIcons(outDir = join(root, 'resources')) {
  const svg = readFileSync(join(root, 'resources', 'icon.svg'), 'utf8')
  const written = []
  for (const [rel, bytes] of renderAll(svg)) {
    const file = join(outDir, rel)
    mkdirSync(join(file, '..'), { recursive: true })
    writeFileSync(file, bytes)
    written.push(rel)
  }
  return written
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--out')
  const out = i > 0 ? resolve(process.argv[i + 1]) : join(root, 'resources')
  const written = writeIcons(out)
  console.log(`wrote ${written.length} icon files below ${out}`)
}
