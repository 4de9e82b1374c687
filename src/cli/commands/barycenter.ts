import { join } from 'node:path'
import { AppError } from '../../shared/errors'
import { AuditLog } from '../../main/core/audit/log'
import { AUDIT_DIR_NAME } from '../../main/core/enroll/wire'
import { VaultServerStore } from '../../main/core/servers/store'
import { adminUrlWarnings, BarycenterAdmin } from '../../main/core/barycenter/client'
import {
  parseUsersFile,
  reportCsv,
  reportJson,
  runRollout,
  undoRollout,
  type RolloutReport,
  type RolloutUserResult
} from '../../main/core/barycenter/rollout'
import { loadRun, newRunId, ROLLOUT_DIR_NAME, saveRun } from '../../main/core/barycenter/runs'
import { readUserFile } from '../../main/core/fs/read-capped'
import { writeExportFile } from '../../main/core/fs/export-file'
import type { CliCommand, CliContext } from '../command'
import { profileByName } from './server'

const USERS_FILE_CAP = 32 * 1024 * 1024

async function usersFrom(ctx: CliContext, positional: readonly string[]): Promise<string[]> {
  const file = ctx.flags.users
  if (typeof file === 'string') {
    const bytes = await readUserFile(file, {
      cap: USERS_FILE_CAP,
      tooLarge: (size) =>
        new AppError(
          'INVALID_INPUT',
          `${file} is ${size} bytes; a users file may be 32 MB at most.`
        ),
      choose: 'the users file itself (one user name per line, or CSV)'
    })
    return parseUsersFile(new TextDecoder().decode(bytes))
  }
  if (positional.length > 0) return parseUsersFile(positional.join('\n'))
  return []
}

function splitList(v: string | boolean | undefined): string[] {
  return typeof v === 'string'
    ? v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : []
}

function rowText(r: RolloutUserResult): string {
  const what: Record<RolloutUserResult['outcome'], string> = {
    enforced: '2FA now required',
    forced: '2FA now required (forced, no passkey)',
    already: 'already required, left alone',
    'not-ready': 'not ready: no passkey, skipped',
    'unknown-user': 'no such user',
    failed: 'failed',
    undone: '2FA no longer required'
  }
  const pk = r.passkeyCount !== undefined ? ` (passkeys: ${r.passkeyCount})` : ''
  return `${r.username.padEnd(24)} ${what[r.outcome]}${pk}${r.message && r.outcome === 'failed' ? `: ${r.message}` : ''}`
}

function summary(rep: RolloutReport): string {
  const c = rep.counts
  return [
    `Run ${rep.runId}: ${rep.results.length} users.`,
    `  ${c.enforced} enforced, ${c.forced} forced, ${c.already} already required, ${c['not-ready']} not ready (no passkey), ${c['unknown-user']} unknown, ${c.failed} failed.`,
    c.failed > 0 ? `  Run again with --run ${rep.runId} to retry the failed ones.` : '',
    c.enforced + c.forced > 0 ? `  Undo: tessera barycenter undo <server> --run ${rep.runId}` : ''
  ]
    .filter(Boolean)
    .join('\n')
}

export const barycenterCommand: CliCommand = {
  name: 'barycenter',
  summary: 'Barycenter admin 2FA: user status, enforce for users with a passkey, undo.',
  usage: 'status|enforce|undo <server> [<user>...]',
  description: [
    'tessera barycenter status <server> <user>... | --users FILE',
    'tessera barycenter enforce <server> --users FILE [--force-users a,b] [--run ID] [--report F]',
    'tessera barycenter enforce <server> --run ID          resume a run (same users, same order)',
    'tessera barycenter undo <server> --run ID [--only a,b]',
    '',
    "Barycenter's second factor is a passkey, which Tessera cannot register, and Barycenter has",
    'no self-service 2FA: users enroll a passkey in Barycenter first. "enforce" requires 2FA only',
    'for users with a passkey (passkeyCount > 0); the others are listed "not ready" and skipped',
    '(they would be stuck at /login/2fa) unless named in --force-users. A run is journaled under',
    'the data folder: killed or failed, run it again with --run ID; nobody is enforced twice or',
    'skipped. --report writes the results as JSON or CSV (by the file extension). Every change',
    'is in the audit log. The admin API has no authentication: keep it on 127.0.0.1 or https',
    'behind an authenticating proxy (Tessera warns otherwise).',
    'JSON: status [{username, requires2fa, passkeyCount, passkeyEnrolledAt} | {username, error}];',
    'enforce {runId, adminUrl, counts, results}; undo {runId, results}.'
  ].join('\n'),
  flags: {
    users: { type: 'string', valueName: '<file>', description: 'Users: one per line, or CSV.' },
    'force-users': {
      type: 'string',
      valueName: '<a,b>',
      description: 'Enforce these users even without a passkey.'
    },
    run: { type: 'string', valueName: '<id>', description: 'The run to resume or undo.' },
    only: { type: 'string', valueName: '<a,b>', description: 'undo: only these users.' },
    report: { type: 'string', valueName: '<file.json|file.csv>', description: 'Write a report.' },
    force: { type: 'boolean', description: 'Replace an existing report file.' }
  },
  args: { min: 2, max: 100_000 },
  async run(ctx) {
    const [sub, name, ...rest] = ctx.args as [string, string, ...string[]]
    if (!['status', 'enforce', 'undo'].includes(sub)) {
      throw new AppError(
        'INVALID_INPUT',
        'Use status, enforce or undo (see tessera barycenter --help).'
      )
    }
    const vault = await ctx.openVault()
    const servers = new VaultServerStore(vault, () => ctx.now())
    const profile = profileByName(servers, name)
    if (profile.type !== 'barycenter') {
      throw new AppError(
        'UNSUPPORTED',
        `"${profile.name}" is a ${profile.type} server, not Barycenter.`
      )
    }
    for (const w of adminUrlWarnings(profile.baseUrl)) ctx.stderr(`warning: ${w}\n`)
    const admin = new BarycenterAdmin(profile.baseUrl, { now: () => ctx.now() })
    const dir = join(ctx.dataDir, ROLLOUT_DIR_NAME)
    const audit = new AuditLog(join(ctx.dataDir, AUDIT_DIR_NAME), () => ctx.now())

    if (sub === 'status') {
      const users = await usersFrom(ctx, rest)
      if (users.length === 0) {
        throw new AppError('INVALID_INPUT', 'Name the users, or give --users FILE.')
      }
      const rows: Array<Record<string, unknown>> = []
      const text: string[] = []
      for (const u of users) {
        try {
          const st = await admin.status(u)
          rows.push({
            username: u,
            requires2fa: st.requires2fa,
            passkeyCount: st.passkeyCount,
            passkeyEnrolledAt: st.passkeyEnrolledAt
          })
          text.push(
            `${u.padEnd(24)} ${st.requires2fa ? '2FA required' : '2FA not required'}, passkeys: ${st.passkeyCount}${st.passkeyCount === 0 ? ' (not ready)' : ''}`
          )
        } catch (e) {
          if (!(e instanceof AppError) || e.code !== 'NOT_FOUND' || users.length === 1) throw e
          rows.push({ username: u, error: e.code, message: e.message })
          text.push(`${u.padEnd(24)} no such user`)
        }
      }
      ctx.print(rows, text.join('\n'))
      return
    }

    const runFlag = typeof ctx.flags.run === 'string' ? ctx.flags.run : undefined
    if (sub === 'undo') {
      if (!runFlag) throw new AppError('INVALID_INPUT', 'Name the run to undo: --run ID.')
      const only = splitList(ctx.flags.only)
      const results = await undoRollout({
        admin,
        dir,
        runId: runFlag,
        audit,
        now: () => ctx.now(),
        ...(only.length ? { only: new Set(only) } : {})
      })
      ctx.print(
        { runId: runFlag, results },
        results.length
          ? results.map(rowText).join('\n')
          : `Run ${runFlag} enforced nobody that is still enforced; nothing to undo.`
      )
      return
    }

    // enforce
    let users = await usersFrom(ctx, rest)
    let force = splitList(ctx.flags['force-users'])
    const runId = runFlag ?? newRunId(ctx.now())
    const saved = runFlag ? loadRun(dir, runFlag) : undefined
    if (saved) {
      if (saved.adminUrl !== profile.baseUrl) {
        throw new AppError(
          'INVALID_INPUT',
          `Run ${runId} was against ${saved.adminUrl}, not ${profile.baseUrl}.`
        )
      }
      if (users.length > 0 && users.join('\n') !== saved.users.join('\n')) {
        throw new AppError(
          'INVALID_INPUT',
          `Run ${runId} was started with another list of users. Resume it with --run ${runId} alone, or start a new run.`
        )
      }
      users = saved.users
      if (force.length === 0) force = saved.force ?? []
      ctx.stderr(`Resuming run ${runId} (${users.length} users).\n`)
    } else {
      if (users.length === 0) {
        throw new AppError(
          'INVALID_INPUT',
          'Give the users to enforce: --users FILE (one per line, or CSV).'
        )
      }
      await saveRun(dir, runId, { adminUrl: profile.baseUrl, users, force })
      ctx.stderr(`Run ${runId}: ${users.length} users. If it stops, resume with --run ${runId}.\n`)
    }
    const report = typeof ctx.flags.report === 'string' ? ctx.flags.report : undefined
    if (report && !/\.(json|csv)$/i.test(report)) {
      throw new AppError('INVALID_INPUT', 'The report file must end in .json or .csv.')
    }
    let last = 0
    const rep = await runRollout({
      admin,
      users,
      force: new Set(force),
      dir,
      runId,
      audit,
      now: () => ctx.now(),
      onProgress: (p) => {
        if (ctx.json) return
        const pct = Math.floor((p.done * 100) / p.total)
        if (pct !== last || p.done === p.total) {
          last = pct
          ctx.stderr(`\r[${'#'.repeat(Math.floor(pct / 5)).padEnd(20)}] ${p.done}/${p.total}`)
          if (p.done === p.total) ctx.stderr('\n')
        }
      }
    })
    if (report) {
      await writeExportFile(report, /\.csv$/i.test(report) ? reportCsv(rep) : reportJson(rep), {
        dataDir: ctx.dataDir,
        overwrite: ctx.flags.force === true
      })
    }
    const lines = rep.results.filter((r) => r.outcome !== 'already').map(rowText)
    ctx.print(
      rep,
      [...(lines.length <= 50 ? lines : []), summary(rep), report ? `Report: ${report}` : '']
        .filter(Boolean)
        .join('\n')
    )
    return rep.counts.failed > 0 ? 5 : 0
  }
}
