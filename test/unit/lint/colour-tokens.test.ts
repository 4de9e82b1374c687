/**
 * The renderer's colours are written once, in src/renderer/src/tokens.css. A feature sheet that
 * writes its own colour, or asks prefers-color-scheme itself, follows the OS instead of the theme
 * the user picked in Settings (that is how the Servers badges and the password meter went wrong
 * under a forced Dark); a var() nobody defines silently falls back to nothing.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { repoRoot } from '../../helpers/corpora'

const RENDERER = join(repoRoot, 'src', 'renderer', 'src')
const TOKENS = join(RENDERER, 'tokens.css')

function cssFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? cssFiles(join(dir, e.name))
      : e.name.endsWith('.css')
        ? [join(dir, e.name)]
        : []
  )
}

const withoutComments = (css: string): string => css.replace(/\/\*[\s\S]*?\*\//g, '')

/** Colour literals a sheet might write: hex, rgb()/hsl()/oklch(), named colours used as values. */
const COLOUR = /#[0-9a-f]{3,8}\b|\b(?:rgba?|hsla?|oklch|oklab|lab|lch)\(|:\s*(?:white|black)\b/gi

const files = cssFiles(RENDERER)
const tokens = withoutComments(readFileSync(TOKENS, 'utf8'))
const defined = new Set([...tokens.matchAll(/(--[\w-]+)\s*:/g)].map((m) => m[1]!))

describe('colour tokens', () => {
  it('finds the sheets', () => {
    expect(files.map((f) => relative(RENDERER, f))).toEqual(
      expect.arrayContaining(['tokens.css', 'styles.css', 'features/servers/servers.css'])
    )
  })

  it('no sheet but tokens.css writes a colour or reads prefers-color-scheme', () => {
    const found: string[] = []
    for (const file of files) {
      if (file === TOKENS) continue
      const css = withoutComments(readFileSync(file, 'utf8'))
      for (const m of css.matchAll(COLOUR)) found.push(`${relative(RENDERER, file)}: ${m[0]}`)
      if (/prefers-color-scheme/.test(css))
        found.push(`${relative(RENDERER, file)}: prefers-color-scheme`)
    }
    expect(found).toEqual([])
  })

  it('the dark palette is written once: tokens.css pins the scheme, light-dark() picks', () => {
    expect(tokens).not.toMatch(/prefers-color-scheme/)
    expect(tokens).toMatch(/:root\[data-theme='dark'\]\s*{\s*color-scheme:\s*dark;\s*}/)
    expect(tokens).toMatch(/:root\[data-theme='light'\]\s*{\s*color-scheme:\s*light;\s*}/)
  })

  it('every var(--…) a sheet uses is a token', () => {
    const missing: string[] = []
    for (const file of files) {
      const css = withoutComments(readFileSync(file, 'utf8'))
      for (const m of css.matchAll(/var\((--[\w-]+)/g))
        if (!defined.has(m[1]!)) missing.push(`${relative(RENDERER, file)}: ${m[1]}`)
    }
    expect(missing).toEqual([])
  })
})
