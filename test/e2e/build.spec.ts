/** What `electron-vite build` emits, as the app and the CSP need it (no browser needed). */
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { buildDir } from './harness/paths'

test('the build emits out/main, out/preload (one sandbox-safe file) and out/renderer', () => {
  const out = join(buildDir(), 'out')
  expect(existsSync(join(out, 'main', 'index.js'))).toBe(true)
  expect(readdirSync(join(out, 'preload'))).toEqual(['index.cjs'])
  expect(existsSync(join(out, 'renderer', 'index.html'))).toBe(true)
  // The Quick copy window: a second page of the same bundle.
  expect(existsSync(join(out, 'renderer', 'quick-copy.html'))).toBe(true)

  const preload = readFileSync(join(out, 'preload', 'index.cjs'), 'utf8')
  const required = [...preload.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1])
  expect(new Set(required)).toEqual(new Set(['electron']))
})

test.describe('every page of the renderer', () => {
  for (const page of ['index.html', 'quick-copy.html']) {
    test(`${page} has no inline script or style for the CSP to block`, () => {
      const html = readFileSync(join(buildDir(), 'out', 'renderer', page), 'utf8')
      const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)]
      expect(scripts.length).toBeGreaterThan(0)
      for (const [, attrs, body] of scripts) {
        expect(attrs).toMatch(/\bsrc="\.\/assets\//)
        expect(body?.trim()).toBe('')
      }
      expect(html).not.toMatch(/<style\b|\sstyle="|\son[a-z]+="/i)
    })
  }
})
