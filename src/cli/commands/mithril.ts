import { AppError } from '../../shared/errors'
import { VaultServerStore } from '../../main/core/servers/store'
import { VaultAttemptLedger, VaultSignInStateStore } from '../../main/core/mithril/ledger'
import { MithrilService, type MithrilSessionView } from '../../main/core/mithril/service'
import type { CliCommand, CliContext } from '../command'
import { profileByName } from './server'

const SUBS = ['sign-in', 'code', 'resend', 'phone', 'status', 'cancel', 'sign-out'] as const

function clock(ms: number): string {
  return new Date(ms).toISOString().slice(11, 19) + ' UTC'
}

/** What the user reads after each step: where they are and the exact next command. */
function describe(v: MithrilSessionView, name: string): string {
  const q = /\s/.test(name) ? `"${name}"` : name
  if (v.step === 'done') {
    return v.purpose === 'phone'
      ? `The new phone is set for "${v.server}" and you are signed in; the access token is kept in the vault.`
      : `Signed in to "${v.server}". The access token is kept in the vault.`
  }
  if (v.step === 'factor') {
    return `"${v.server}" has no phone for this account yet. Set one: tessera mithril phone ${q} +380XXXXXXXXX`
  }
  if (v.step === 'restart') return `Sign in again: tessera mithril sign-in ${q}`
  const lines = [
    `A code was sent by SMS${v.purpose === 'phone' ? ' to the new phone' : ''}` +
      (v.codeExpiresAt ? `; it works until ${clock(v.codeExpiresAt)}.` : '.'),
    v.confirmBeforeSubmit
      ? `This is your LAST attempt: a wrong code blocks your account until an administrator unblocks it. Check the SMS, then: tessera mithril code ${q} <code> --confirm-last-attempt`
      : `Type it: tessera mithril code ${q} <6-digit code>`
  ]
  if (v.attemptsMessage) lines.push(v.attemptsMessage)
  if (v.purpose === 'sign-in') {
    lines.push(
      v.resendInSeconds > 0
        ? `A new code can be asked for in ${v.resendInSeconds} s (tessera mithril resend ${q}).`
        : `No SMS? tessera mithril resend ${q}`
    )
  }
  return lines.join('\n')
}

function json(v: MithrilSessionView): Record<string, unknown> {
  return {
    server: v.server,
    step: v.step,
    purpose: v.purpose,
    attemptsLeft: v.attemptsLeft,
    confirmBeforeSubmit: v.confirmBeforeSubmit,
    resendInSeconds: v.resendInSeconds,
    ...(v.codeExpiresAt ? { codeExpiresAt: new Date(v.codeExpiresAt).toISOString() } : {}),
    ...(v.attemptsMessage ? { attemptsMessage: v.attemptsMessage } : {})
  }
}

async function readPassword(ctx: CliContext): Promise<string> {
  if (ctx.flags['password-stdin']) {
    return (await ctx.readStdin()).replace(/\r?\n$/, '').split(/\r?\n/)[0] ?? ''
  }
  if (ctx.stdinIsTTY) return ctx.promptSecret('Password: ')
  throw new AppError(
    'INVALID_INPUT',
    'Give the password on stdin with --password-stdin (never as an argument: it would show in the process list).'
  )
}

export const mithrilCommand: CliCommand = {
  name: 'mithril',
  summary: 'Mithril SMS 2FA: sign in with the code, resend, change the phone.',
  usage: 'sign-in|code|resend|phone|status|cancel|sign-out <server> [<code>|<phone>]',
  description: [
    'tessera mithril sign-in <server> [--password-stdin]   sends the SMS (password never stored)',
    'tessera mithril code <server> <code> [--confirm-last-attempt]',
    'tessera mithril resend <server>                       a new SMS (at most one every 20 s)',
    'tessera mithril phone <server> +380XXXXXXXXX          set or change the phone, then "code"',
    'tessera mithril status <server>     the sign-in in progress, attempts left; sign-out, cancel',
    '',
    'Mithril blocks the account for good after 3 wrong codes. Tessera counts them in the vault',
    '(across runs), never sends a code that is not 6 digits, and sends the last allowed attempt',
    'only with --confirm-last-attempt. The sign-in in progress and the access token are kept in',
    'the vault, never printed. JSON: {server, step, purpose, attemptsLeft, confirmBeforeSubmit,',
    'resendInSeconds, codeExpiresAt?, attemptsMessage?}; step is otp|factor|done|restart.',
    'Exit 5 for a wrong code (details.attemptsLeft), a block, or a refused sign-in.'
  ].join('\n'),
  flags: {
    'password-stdin': { type: 'boolean', description: 'Read the password from stdin.' },
    'confirm-last-attempt': {
      type: 'boolean',
      description: 'Send the code even though a wrong one blocks the account.'
    }
  },
  args: { min: 2, max: 3 },
  async run(ctx) {
    const [sub, name, value] = ctx.args as [string, string, string | undefined]
    if (!(SUBS as readonly string[]).includes(sub)) {
      throw new AppError(
        'INVALID_INPUT',
        `Use one of: ${SUBS.join(', ')} (see tessera mithril --help).`
      )
    }
    const vault = await ctx.openVault()
    const servers = new VaultServerStore(vault, () => ctx.now())
    const service = new MithrilService({
      servers,
      ledger: new VaultAttemptLedger(vault, () => ctx.now()),
      sessions: new VaultSignInStateStore(vault),
      now: () => ctx.now()
    })
    const profile = profileByName(servers, name)
    const show = (v: MithrilSessionView): void => ctx.print(json(v), describe(v, profile.name))
    switch (sub) {
      case 'sign-in':
        show(await service.signIn(profile.id, await readPassword(ctx)))
        return
      case 'code': {
        if (value === undefined) {
          throw new AppError(
            'INVALID_INPUT',
            'Give the code from the SMS: tessera mithril code <server> <code>.'
          )
        }
        const confirm = ctx.flags['confirm-last-attempt'] === true
        show(await service.submit(profile.id, value, { confirmLastAttempt: confirm }))
        return
      }
      case 'resend':
        show(await service.resend(profile.id))
        return
      case 'phone':
        if (value === undefined) {
          throw new AppError(
            'INVALID_INPUT',
            'Give the new phone: tessera mithril phone <server> +380XXXXXXXXX.'
          )
        }
        show(await service.setPhone(profile.id, value))
        return
      case 'status': {
        const v = service.state(profile.id)
        const signedIn = servers.get(profile.id)?.token !== ''
        if (v) ctx.print({ ...json(v), signedIn }, describe(v, profile.name))
        else {
          ctx.print(
            { server: profile.name, step: null, signedIn },
            signedIn
              ? `Signed in to "${profile.name}"; no sign-in in progress.`
              : `Not signed in to "${profile.name}". Run: tessera mithril sign-in ${profile.name}`
          )
        }
        return
      }
      case 'cancel':
        await service.cancel(profile.id)
        ctx.print({ server: profile.name, cancelled: true }, 'The sign-in in progress was dropped.')
        return
      case 'sign-out':
        await service.signOut(profile.id)
        ctx.print({ server: profile.name, signedIn: false }, `Signed out of "${profile.name}".`)
        return
    }
  }
}
