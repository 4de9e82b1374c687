/**
 * A Barycenter rollout from the Servers screen, on the same core the CLI's `tessera barycenter`
 * uses: the same journal and run files under `<dataDir>/barycenter` (a run started in one can be
 * resumed or undone in the other), the same audit log. Only users with a passkey are enforced;
 * "not ready" ones only when forced by name.
 */
import { AppError } from '../../shared/errors'
import type { Channel, Emit } from '../../shared/ipc'
import {
  MAX_ROLLOUT_USERS,
  type Barycenter2faRow,
  type RolloutUserView
} from '../../shared/ipc/barycenter'
import type { AuditLog } from '../core/audit/log'
import { adminUrlWarnings, BarycenterAdmin } from '../core/barycenter/client'
import {
  journalReport,
  parseUsersFile,
  reportCsv,
  reportJson,
  runRollout,
  undoRollout
} from '../core/barycenter/rollout'
import { listRuns, loadRun, newRunId, runStartedAt, saveRun } from '../core/barycenter/runs'
import type { HttpOptions } from '../core/enroll/http'
import type { ServerProfile } from '../core/servers/model'
import type { ServerStore } from '../core/servers/store'
import type { Handler } from '../handlers'
import type { FileDialogs, SaveFilePort } from '../ports'

export interface BarycenterDeps {
  /** Profiles and the audit log over the unlocked vault (getters: built once it is open). */
  servers: () => ServerStore
  audit: () => AuditLog
  /** Where the journals and run files are (`<dataDir>/barycenter`, as the CLI's). */
  dir: string
  dialogs: Pick<FileDialogs, 'openUsersList'>
  saveFile: SaveFilePort
  now: () => number
  /** Tests: their fetch or timeout. */
  http?: Pick<HttpOptions, 'fetch' | 'timeoutMs'>
}

type BarycenterChannel = Extract<Channel, `barycenter:${string}`>
export type BarycenterHandlers = { readonly [K in BarycenterChannel]: Handler<K> }

/** Progress events per run: about one per percent, and always the last. */
const progressEvery = (total: number): number => Math.max(1, Math.floor(total / 100))

export function createBarycenterHandlers(d: BarycenterDeps, emit: Emit): BarycenterHandlers {
  /** The one thing running against each server (a rollout or an undo), by profile id. */
  const running = new Map<string, { runId: string; controller: AbortController }>()

  const profile = (id: string): ServerProfile => {
    const p = d.servers().get(id)
    if (!p) {
      throw new AppError('NOT_FOUND', 'That server profile no longer exists. Refresh the list.')
    }
    if (p.type !== 'barycenter') {
      throw new AppError(
        'UNSUPPORTED',
        `"${p.name}" is a ${p.type} server, not Barycenter: rollouts are for Barycenter only.`
      )
    }
    return p
  }
  const admin = (p: ServerProfile): BarycenterAdmin =>
    new BarycenterAdmin(p.baseUrl, { now: d.now, ...(d.http ?? {}) })
  const idle = (p: ServerProfile): void => {
    const r = running.get(p.id)
    if (r) {
      throw new AppError(
        'DUPLICATE',
        `Run ${r.runId} is still going with "${p.name}". Wait for it, or stop it first.`
      )
    }
  }
  const savedRun = (p: ServerProfile, runId: string) => {
    const run = loadRun(d.dir, runId)
    if (!run || run.adminUrl !== p.baseUrl) {
      throw new AppError(
        'NOT_FOUND',
        `There is no run ${runId} with "${p.name}". Refresh the list of runs.`
      )
    }
    return run
  }
  const exclusive = async <T>(
    p: ServerProfile,
    runId: string,
    fn: (signal: AbortSignal) => Promise<T>
  ): Promise<T> => {
    idle(p)
    const controller = new AbortController()
    running.set(p.id, { runId, controller })
    try {
      return await fn(controller.signal)
    } finally {
      running.delete(p.id)
    }
  }

  return {
    'barycenter:check': async ({ url }) => {
      try {
        return { warnings: adminUrlWarnings(url) }
      } catch {
        return { warnings: [] }
      }
    },
    'barycenter:pickUsers': async () => {
      const file = await d.dialogs.openUsersList()
      if (!file) return null
      const users = parseUsersFile(new TextDecoder().decode(file.bytes))
      if (users.length === 0) {
        throw new AppError(
          'INVALID_INPUT',
          `${file.name} has no user names. Put one per line, or a CSV with a "username" column.`
        )
      }
      if (users.length > MAX_ROLLOUT_USERS) {
        throw new AppError(
          'INVALID_INPUT',
          `${file.name} has ${users.length} users; a run in the app takes at most ${MAX_ROLLOUT_USERS}. Split the file, or use tessera barycenter enforce.`
        )
      }
      return { name: file.name, users }
    },
    'barycenter:status': async ({ id, users }) => {
      const a = admin(profile(id))
      const rows: Barycenter2faRow[] = []
      for (const username of users) {
        try {
          const st = await a.status(username)
          rows.push({
            username,
            requires2fa: st.requires2fa,
            passkeyCount: st.passkeyCount,
            passkeyEnrolledAt: st.passkeyEnrolledAt
          })
        } catch (e) {
          // A user the server does not know is a row; a server that does not answer stops here.
          if (!(e instanceof AppError) || (e.code !== 'NOT_FOUND' && e.code !== 'INVALID_INPUT')) {
            throw e
          }
          rows.push({ username, error: e.code, message: e.message })
        }
      }
      return rows
    },
    'barycenter:enforce': async (input) => {
      const p = profile(input.id)
      idle(p)
      let users = input.users ?? []
      let force = input.force ?? []
      let runId = input.runId
      if (runId !== undefined) {
        const saved = savedRun(p, runId)
        if (users.length > 0 && users.join('\n') !== saved.users.join('\n')) {
          throw new AppError(
            'INVALID_INPUT',
            `Run ${runId} was started with another list of users. Resume it as it was, or start a new run.`
          )
        }
        users = saved.users
        if (force.length === 0) force = saved.force ?? []
      } else {
        if (users.length === 0) {
          throw new AppError('INVALID_INPUT', 'Load the list of users to enforce first.')
        }
        const unknown = force.find((u) => !users.includes(u))
        if (unknown !== undefined) {
          throw new AppError(
            'INVALID_INPUT',
            `"${unknown}" is forced but not in the list of users. Nothing was changed.`
          )
        }
        parseUsersFile(users.join('\n'))
        runId = newRunId(d.now())
      }
      const id = runId
      const fresh = input.runId === undefined
      const every = progressEvery(users.length)
      let batch: RolloutUserView[] = []
      let reached = 0
      return exclusive(p, id, async (signal) => {
        if (fresh) await saveRun(d.dir, id, { adminUrl: p.baseUrl, users, force })
        try {
          return await runRollout({
            admin: admin(p),
            users,
            force: new Set(force),
            dir: d.dir,
            runId: id,
            audit: d.audit(),
            now: d.now,
            signal,
            onProgress: ({ done, total, last }) => {
              reached = done
              batch.push(last)
              if (batch.length >= every || done === total) {
                emit('barycenter:progress', {
                  serverId: p.id,
                  runId: id,
                  done,
                  total,
                  results: batch
                })
                batch = []
              }
            }
          })
        } finally {
          // A stop or a failure mid-run: the users settled so far are shown too.
          if (batch.length > 0) {
            emit('barycenter:progress', {
              serverId: p.id,
              runId: id,
              done: reached,
              total: users.length,
              results: batch
            })
          }
        }
      })
    },
    'barycenter:stop': async ({ id }) => {
      const r = running.get(id)
      r?.controller.abort()
      return { stopped: r !== undefined }
    },
    'barycenter:runs': async ({ id }) => {
      const p = profile(id)
      const out = []
      for (const runId of listRuns(d.dir)) {
        let run
        try {
          run = loadRun(d.dir, runId)
        } catch {
          continue // unreadable: the CLI says how to restart it
        }
        if (!run || run.adminUrl !== p.baseUrl) continue
        const rep = journalReport(d.dir, runId, p.baseUrl, run.users)
        const startedAt = runStartedAt(runId)
        out.push({
          runId,
          total: run.users.length,
          settled: rep.results.length,
          counts: rep.counts,
          running: running.get(p.id)?.runId === runId,
          ...(startedAt !== undefined ? { startedAt } : {})
        })
      }
      return out
    },
    'barycenter:report': async ({ id, runId }) => {
      const p = profile(id)
      return journalReport(d.dir, runId, p.baseUrl, savedRun(p, runId).users)
    },
    'barycenter:undo': async ({ id, runId, only }) => {
      const p = profile(id)
      savedRun(p, runId)
      const results = await exclusive(p, runId, () =>
        undoRollout({
          admin: admin(p),
          dir: d.dir,
          runId,
          audit: d.audit(),
          now: d.now,
          ...(only ? { only: new Set(only) } : {})
        })
      )
      return { runId, results }
    },
    'barycenter:saveReport': async ({ id, runId, format }) => {
      const p = profile(id)
      const rep = journalReport(d.dir, runId, p.baseUrl, savedRun(p, runId).users)
      const saved = await d.saveFile.save({
        defaultName: `barycenter-${runId}.${format}`,
        content: format === 'csv' ? reportCsv(rep) : reportJson(rep)
      })
      const count = rep.results.length
      return saved ? { saved: true, path: saved.path, count } : { saved: false, count }
    }
  }
}
