import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The repository root (two levels above this file). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')

/** `../shared` beside the repository, or TESSERA_SHARED when set. */
export const sharedRoot = process.env.TESSERA_SHARED ?? resolve(repoRoot, '..', 'shared')

/** Absolute path of a file in `../shared/corpora`, read in place (never copied into the repo). */
export function corpusPath(...parts: string[]): string {
  const p = join(sharedRoot, 'corpora', ...parts)
  if (!existsSync(p)) throw new Error(`corpus file missing: ${p} (is ../shared beside the repo?)`)
  return p
}

export function readCorpus(...parts: string[]): Buffer {
  return readFileSync(corpusPath(...parts))
}

export function readCorpusJson<T = unknown>(...parts: string[]): T {
  return JSON.parse(readCorpus(...parts).toString('utf8')) as T
}
