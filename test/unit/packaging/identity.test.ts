/**
 * Tessera's identity is written once (src/shared/app-identity.ts). Modules that need the same
 * values must agree with it: the installers register the URL schemes the desktop shell claims at
 * run time, and a macOS profile only applies to the app whose bundle id is its domain.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { APP_ID, DESKTOP_FILE_NAME, URL_SCHEMES } from '../../../src/shared/app-identity'
import { repoRoot } from '../../helpers/corpora'

/** A module of ours that may not have landed yet: its exports, or null. */
async function optional(rel: string): Promise<Record<string, unknown> | null> {
  if (!existsSync(join(repoRoot, rel))) return null
  return (await import(join(repoRoot, rel))) as Record<string, unknown>
}

describe('one app identity', () => {
  it('package.json desktopName is the app id (Electron uses it as the Wayland app_id)', () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
      desktopName: string
      productName: string
    }
    expect(pkg.desktopName).toBe(DESKTOP_FILE_NAME)
    expect(DESKTOP_FILE_NAME).toBe(`${APP_ID}.desktop`)
    expect(APP_ID).toMatch(/^[a-z][a-z0-9]*(\.[A-Za-z][A-Za-z0-9-]*){2,}$/)
  })

  it('the schemes the desktop shell claims are the ones the installers register', async () => {
    const links = await optional('src/main/core/desktop/links.ts')
    if (!links || !('LINK_SCHEMES' in links)) return
    expect([...(links['LINK_SCHEMES'] as string[])]).toEqual([...URL_SCHEMES])
  })

  it('the macOS policy domain is the app id', async () => {
    const defs = await optional('src/main/core/policy/definitions.ts')
    if (!defs || !('APP_POLICY_DOMAIN' in defs)) return
    expect(defs['APP_POLICY_DOMAIN']).toBe(APP_ID)
  })
})
