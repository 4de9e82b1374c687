/**
 * The runs of a Barycenter rollout on disk, beside their journals: the user list a run was
 * started with (so `--run ID` alone resumes it, the same users in the same order) and new ids.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import { AppError } from '../../../shared/errors'
import { writePrivateFile } from '../fs/private-file'
import { USERNAME_PATTERN } from './client'

/** The folder under the data directory the journals and run files are kept in. */
export const ROLLOUT_DIR_NAME = 'barycenter'

/** A new run id: the UTC time and 4 random hex digits, e.g. `20261204-031500-a1b2`. */
export function newRunId(now: number): string {
  const t = new Date(now).toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15)
  const rand = Array.from(globalThis.crypto.getRandomValues(new Uint8Array(2)))
    .map((b) => b.toString(16).padStart(2, '0'))
    .join('')
  return `${t}-${rand}`
}

function checkRunId(runId: string): void {
  if (!/^[A-Za-z0-9_-]{1,80}$/.test(runId)) {
    throw new AppError('INVALID_INPUT', 'A run id is letters, digits, dashes and underscores.')
  }
}

const runFileSchema = z.object({
  adminUrl: z.string(),
  users: z.array(z.string().regex(USERNAME_PATTERN)).max(1_000_000),
  force: z.array(z.string()).optional()
})
export type RunFile = z.infer<typeof runFileSchema>

/** Saves what a run was started with (owner-only, durable). */
export async function saveRun(dir: string, runId: string, run: RunFile): Promise<void> {
  checkRunId(runId)
  await mkdir(dir, { recursive: true, mode: 0o700 })
  await writePrivateFile(join(dir, `${runId}.run.json`), JSON.stringify(run))
}

/** What a run was started with, or undefined for a run id never started here. */
export function loadRun(dir: string, runId: string): RunFile | undefined {
  checkRunId(runId)
  let text: string
  try {
    text = readFileSync(join(dir, `${runId}.run.json`), 'utf8')
  } catch (e) {
    if ((e as { code?: string }).code === 'ENOENT') return undefined
    throw e
  }
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch {
    raw = undefined
  }
  const p = runFileSchema.safeParse(raw)
  if (!p.success) {
    throw new AppError(
      'INVALID_INPUT',
      `The saved user list of run ${runId} cannot be read. Start it again with --users and the same --run id: users already done are not asked again.`
    )
  }
  return p.data
}

/** The ids of the runs started under `dir`, newest first (ids start with their UTC time). */
export function listRuns(dir: string): string[] {
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch (e) {
    if ((e as { code?: string }).code === 'ENOENT') return []
    throw e
  }
  return names
    .filter((n) => n.endsWith('.run.json'))
    .map((n) => n.slice(0, -'.run.json'.length))
    .filter((id) => /^[A-Za-z0-9_-]{1,80}$/.test(id))
    .sort()
    .reverse()
}

/** When a run with an id from {@link newRunId} was started (Unix ms), or undefined. */
export function runStartedAt(runId: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})-/.exec(runId)
  if (!m) return undefined
  const [, y, mo, d, h, mi, s] = m
  return Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s))
}
