import { AppError } from '../../shared/errors'
import type { AccountView } from '../../shared/model'
import { enrollServiceForVault } from '../../main/core/enroll/wire'
import type { EnrollEvent, EnrollResult } from '../../main/core/enroll/service'
import type { CliCommand } from '../command'
import { profileByName } from './server'

/** Outcomes after which the server could not be asked at all. */
const UNREACHABLE: ReadonlySet<string> = new Set(['NETWORK', 'TIMEOUT', 'TLS', 'SERVER_ERROR'])

function accountJson(a: AccountView): Record<string, unknown> {
  return {
    id: a.id,
    issuer: a.issuer,
    label: a.label,
    type: a.type,
    algorithm: a.algorithm,
    digits: a.digits,
    period: a.period,
    status: a.status
  }
}

/** The account, and what the user should know now (UCloud: sign in again to see 2FA on). */
function resultJson(res: EnrollResult): Record<string, unknown> {
  return { ...accountJson(res.account), ...(res.notice ? { notice: res.notice } : {}) }
}

export const enrollCommand: CliCommand = {
  name: 'enroll',
  summary: 'Turn on two-factor for a server account with Tessera as its authenticator.',
  usage: '<server-name>',
  description: [
    'JSON: the account added {id, issuer, label, type, algorithm, digits, period, status}, and',
    '"notice" when there is something to do (UCloud: sign in again in the browser to see 2FA on).',
    'Exit 5 when the server rejects (wrong code, expired, already enrolled, locked out, ...).',
    'If the answer got lost on the way, the account is kept unfinished: run again with --finish',
    '(checks the server, answers with a new code if needed) or --discard (--force when the',
    'server cannot be reached any more).'
  ].join('\n'),
  flags: {
    label: { type: 'string', valueName: '<label>', description: 'Label for the new account.' },
    finish: { type: 'boolean', description: 'Finish an unfinished enrollment with this server.' },
    discard: { type: 'boolean', description: 'Discard an unfinished enrollment with this server.' },
    force: {
      type: 'boolean',
      description: 'With --discard: discard without asking the server (when it is gone for good).'
    }
  },
  args: { min: 1, max: 1 },
  async run(ctx) {
    const vault = await ctx.openVault()
    const { service, servers } = enrollServiceForVault(vault, ctx.dataDir)
    const profile = profileByName(servers, ctx.args[0]!)
    const onStep = (e: EnrollEvent): void => {
      if (!ctx.json) ctx.stderr(`${e.step === 'warning' ? 'warning: ' : ''}${e.message}\n`)
    }
    if (ctx.flags.finish || ctx.flags.discard) {
      const [pending] = service.pending(profile.id)
      if (!pending) {
        throw new AppError('NOT_FOUND', `There is no unfinished enrollment with "${profile.name}".`)
      }
      if (ctx.flags.discard) {
        const force = ctx.flags.force === true
        try {
          await service.discardPending(pending.id, { force })
        } catch (err) {
          // Discard first asks the server whether 2FA is on; a server that is gone for good
          // would otherwise keep the account (and the profile, which remove refuses) forever.
          if (err instanceof AppError && UNREACHABLE.has(err.code)) {
            throw new AppError(
              err.code,
              `${err.message} If the server is gone for good, run "tessera enroll ${profile.name} --discard --force" to discard the unfinished account without asking it.`,
              { cause: err, ...(err.details ? { details: err.details } : {}) }
            )
          }
          throw err
        }
        ctx.print({ discarded: pending.id }, `Discarded the unfinished account ${pending.id}.`)
        return
      }
      const res: EnrollResult = await service.finishPending(pending.id, { onStep })
      ctx.print(resultJson(res), res.account.id)
      return
    }
    const label = typeof ctx.flags.label === 'string' ? ctx.flags.label : undefined
    const res = await service.enroll(profile.id, { onStep, ...(label ? { label } : {}) })
    ctx.print(resultJson(res), res.account.id)
  }
}
