import { AccountsService } from '../../main/core/accounts/service'
import { AppError } from '../../shared/errors'
import { accountName } from '../../shared/code-format'
import { correctionMs, loadDeviceSettings } from '../../main/core/device/settings'
import type { CliCommand } from '../command'

/** Errors that belong to one account; anything else (the vault, the disk) stops the command. */
const ACCOUNT_ERRORS = new Set<string>(['INVALID_INPUT', 'INVALID_SECRET'])

export const codeCommand: CliCommand = {
  name: 'code',
  summary: 'Print current codes, optionally only accounts whose issuer or label matches <query>.',
  usage: '[<query>]',
  description:
    'JSON: [{id, issuer, label, code, remaining}] where remaining is the seconds the code stays\n' +
    'valid (null for HOTP). HOTP accounts advance their counter and save it, one code per call.\n' +
    'An account that cannot give a code (a Yandex or mOTP account without its PIN, damaged\n' +
    'settings) is named on stderr after the other codes are printed, and the exit code is 2.\n' +
    'When the app measured this computer\'s clock and "Correct codes" is on, codes are computed\n' +
    'at the corrected time (as the app shows them); --at is taken as it is.',
  flags: {
    at: {
      type: 'string',
      valueName: '<unix-seconds>',
      description: 'Codes for this time instead of now.'
    }
  },
  args: { min: 0, max: 1 },
  async run(ctx) {
    // The app's clock correction (device.json beside the vault), so both show the same codes.
    let atMs = ctx.now() + correctionMs(loadDeviceSettings(ctx.dataDir))
    const at = ctx.flags.at
    if (typeof at === 'string') {
      if (!/^\d{1,12}$/.test(at)) {
        throw new AppError(
          'INVALID_INPUT',
          `--at takes a Unix time in whole seconds (like 1700000000), not "${at}".`
        )
      }
      atMs = Number(at) * 1000
    }
    const query = ctx.args[0]?.toLowerCase()
    // The app's service at the --at time: its views, its code and its HOTP counter step.
    const accounts = new AccountsService(await ctx.openVault(), () => atMs)
    const matches = accounts
      .list()
      .filter((a) => a.status !== 'archived')
      .filter(
        (a) =>
          !query || a.issuer.toLowerCase().includes(query) || a.label.toLowerCase().includes(query)
      )
    if (query && matches.length === 0) {
      throw new AppError(
        'NOT_FOUND',
        `No account's issuer or label matches "${ctx.args[0]}". See "tessera list".`
      )
    }
    const rows = []
    // one account without a usable code (say, no PIN) must not hide every other code
    const failures: string[] = []
    for (const a of matches) {
      try {
        // HOTP: the code for the stored counter, which then moves on (saved before printing).
        const view = accounts.code(a.id)
        if (a.type === 'hotp') await accounts.advanceCounter(a.id)
        rows.push({
          id: a.id,
          issuer: a.issuer,
          label: a.label,
          code: view.code,
          remaining: view.validUntil === null ? null : Math.ceil((view.validUntil - atMs) / 1000)
        })
      } catch (err) {
        // This account's own problem (no PIN, settings a newer check refuses): name it and go on.
        if (!(err instanceof AppError) || !ACCOUNT_ERRORS.has(err.code)) throw err
        failures.push(`${accountName(a.issuer, a.label)} (${a.id}): ${err.message}`)
      }
    }
    const text = rows
      .map(
        (r) =>
          `${r.code}  ${r.remaining === null ? '   ' : `${String(r.remaining).padStart(2)}s`}  ${accountName(r.issuer, r.label)}`
      )
      .join('\n')
    const empty = failures.length
      ? ''
      : 'The vault has no accounts yet. Add one with "tessera add".'
    ctx.print(rows, rows.length ? text : empty)
    if (failures.length) {
      throw new AppError('INVALID_INPUT', `No code for ${failures.join('; ')}`)
    }
  }
}
