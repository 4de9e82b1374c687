/**
 * The release workflow cannot run here, so it is checked by construction: action-validator (the
 * GitHub Actions workflow schema, compiled to wasm, installed from npm) accepts it, and every
 * command it runs is one this checkout can run too: npm scripts that exist, node scripts that
 * exist, test files that exist, and OS tools named on purpose.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { validateWorkflow } from '@action-validator/core'
import { parse } from 'yaml'
import { describe, expect, it } from 'vitest'
import { repoRoot } from '../../helpers/corpora'

const file = join(repoRoot, '.github/workflows/release.yml')
const text = readFileSync(file, 'utf8')

interface Step {
  name?: string
  run?: string
  uses?: string
  if?: string
}
interface Job {
  'runs-on': string
  steps: Step[]
  needs?: string[]
}
const workflow = parse(text) as { on: Record<string, unknown>; jobs: Record<string, Job> }
const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>
}

describe('.github/workflows/release.yml', () => {
  it('passes action-validator', () => {
    const state = validateWorkflow(text)
    expect(state.errors).toEqual([])
  })

  it('action-validator does reject a broken workflow (the check is live)', () => {
    const broken = text.replace('runs-on: windows-2022', 'runs_on: windows-2022')
    expect(validateWorkflow(broken).errors.length).toBeGreaterThan(0)
  })

  it('builds on a tag, one job per OS, and publishes only after all three', () => {
    expect(workflow.on).toHaveProperty('push')
    expect(JSON.stringify(workflow.on)).toContain('v*')
    expect(workflow.jobs['linux']!['runs-on']).toMatch(/ubuntu/)
    expect(workflow.jobs['windows']!['runs-on']).toMatch(/windows/)
    expect(workflow.jobs['macos']!['runs-on']).toMatch(/macos/)
    expect(workflow.jobs['release']!.needs).toEqual(['linux', 'windows', 'macos'])
  })

  it('smoke-tests the packaged app on every OS and attaches checksums, templates and an SBOM', () => {
    for (const os of ['linux', 'windows', 'macos']) {
      const runs = workflow.jobs[os]!.steps.map((s) => s.run ?? '').join('\n')
      expect(runs, os).toContain('TESSERA_PACKAGED_APP')
      expect(runs, os).toContain('test/electron/packaged.spec.ts')
    }
    const release = workflow.jobs['release']!.steps.map((s) => s.run ?? '').join('\n')
    expect(release).toContain('node scripts/release-assets.mjs')
    expect(release).toContain('gh release create')
  })

  it('every command it runs exists in this checkout', () => {
    const runs = Object.values(workflow.jobs).flatMap((j) => j.steps.map((s) => s.run ?? ''))
    const all = runs.join('\n')
    for (const [, script] of all.matchAll(/\bnode (scripts\/[\w.-]+\.mjs)/g)) {
      expect(existsSync(join(repoRoot, script!)), script).toBe(true)
    }
    for (const [, name] of all.matchAll(/\bnpm (?:run )?(test|start|[\w:-]+)(?=\s|$)/g)) {
      if (name === 'ci' || name === 'install') continue
      expect(pkg.scripts, `npm ${name}`).toHaveProperty(name!)
    }
    for (const [, spec] of all.matchAll(/\b(test\/[\w/.-]+\.spec\.ts)/g)) {
      expect(existsSync(join(repoRoot, spec!)), spec).toBe(true)
    }
    for (const [, bin] of all.matchAll(/\bnpx (\S+)/g)) {
      expect(existsSync(join(repoRoot, 'node_modules/.bin', bin!)), `npx ${bin}`).toBe(true)
    }
  })
})
