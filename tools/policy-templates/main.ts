/**
 * `npm run policy:templates`: writes the administrator templates (see render.ts) to
 * resources/policy-templates/, the folder the installers ship. `--check` writes nothing and
 * exits 1 when a committed file differs from what the list gives (test/unit/policy/templates
 * runs the same comparison).
 */
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { renderAllTemplates } from './render'

/** The folder the installers ship (electron-builder's extraResources). */
export const TEMPLATES_DIR = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../resources/policy-templates'
)

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = []
  let entries
  try {
    entries = await readdir(dir, { withFileTypes: true, recursive: true })
  } catch {
    return out
  }
  for (const e of entries) if (e.isFile()) out.push(relative(dir, join(e.parentPath, e.name)))
  return out
}

const check = process.argv.includes('--check')
const files = renderAllTemplates()
const stale: string[] = []
for (const [name, content] of Object.entries(files)) {
  const path = join(TEMPLATES_DIR, name)
  const old = await readFile(path, 'utf8').catch(() => null)
  if (old === content) continue
  stale.push(name)
  if (!check) {
    await mkdir(dirname(path), { recursive: true })
    await writeFile(path, content)
  }
}
const extra = (await listFiles(TEMPLATES_DIR)).filter(
  (f) => !Object.prototype.hasOwnProperty.call(files, f.split('\\').join('/'))
)
if (!check) for (const f of extra) await rm(join(TEMPLATES_DIR, f))

if (check) {
  if (stale.length + extra.length > 0) {
    process.stderr.write(
      `Policy templates are out of date: ${[...stale, ...extra].join(', ')}. Run npm run policy:templates.\n`
    )
    process.exit(1)
  }
  process.stdout.write('Policy templates are up to date.\n')
} else {
  process.stdout.write(
    `Wrote ${Object.keys(files).length} policy templates to ${relative(process.cwd(), TEMPLATES_DIR)}` +
      (stale.length ? ` (changed: ${stale.join(', ')})` : ' (none changed)') +
      '.\n'
  )
}
