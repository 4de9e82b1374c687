/**
 * Mithril's wrong-code count, kept in the encrypted vault so that a restart of the app, or the
 * next `tessera` process, does not start again from three attempts: the server counts per user
 * and blocks for good on the third wrong code, whatever process sent it.
 */
import { z } from 'zod'
import { AppError } from '../../../shared/errors'
import type { VaultCollections } from '../servers/store'
import type { AttemptLedger, SignInState } from './sign-in'

/** The vault collection the counts live in: `{id: account key, failures, at}`. */
export const MITHRIL_ATTEMPTS_COLLECTION = 'mithril-attempts'

const entrySchema = z.object({
  id: z.string().min(1),
  failures: z.number().int().min(1).max(100),
  at: z.number()
})
type Entry = z.infer<typeof entrySchema>

/** The ledger key of an account: the server's address and the email, case-folded. */
export function mithrilAccountKey(baseUrl: string, email: string): string {
  return `${baseUrl}|${email.trim().toLowerCase()}`
}

/**
 * An {@link AttemptLedger} over the vault. Each record is one durable vault write, made before
 * the user is told the outcome, so a crash right after a wrong code still counts it.
 */
export class VaultAttemptLedger implements AttemptLedger {
  constructor(
    private readonly vault: VaultCollections,
    private readonly now: () => number = Date.now
  ) {}

  private entries(): Entry[] {
    const parsed = z
      .array(entrySchema)
      .safeParse(this.vault.readCollection(MITHRIL_ATTEMPTS_COLLECTION))
    if (!parsed.success) {
      // Counting from zero could let the user burn the attempt that blocks them: refuse instead.
      throw new AppError(
        'VAULT_CORRUPT',
        'The saved count of wrong Mithril codes could not be read. Restore the vault from a backup before signing in, so no attempt is wasted.'
      )
    }
    return parsed.data
  }

  failures(account: string): number {
    return this.entries().find((e) => e.id === account)?.failures ?? 0
  }

  async record(account: string, failures: number): Promise<void> {
    const rest = this.entries().filter((e) => e.id !== account)
    const next = failures > 0 ? [...rest, { id: account, failures, at: this.now() }] : rest
    await this.vault.writeCollection(MITHRIL_ATTEMPTS_COLLECTION, next)
  }
}

/** The vault collection unfinished sign-ins live in (2FA tokens, minutes long). */
export const MITHRIL_SESSIONS_COLLECTION = 'mithril-sessions'

/** Where unfinished sign-ins are kept between processes. */
export interface SignInStateStore {
  load(serverId: string): SignInState | undefined
  save(serverId: string, state: SignInState | undefined): Promise<void>
}

const stateSchema = z.object({
  id: z.string().min(1),
  token: z.string().max(8192).optional(),
  step: z.enum(['otp', 'factor', 'done', 'restart']),
  purpose: z.enum(['sign-in', 'phone']),
  lastSend: z.number(),
  codeExpiresAt: z.number().optional()
})

/**
 * Unfinished sign-ins in the vault, so `tessera mithril code` can finish what `sign-in` began.
 * An entry that does not parse is dropped: its token can only start over, and losing it costs
 * no attempt.
 */
export class VaultSignInStateStore implements SignInStateStore {
  constructor(private readonly vault: VaultCollections) {}

  private all(): Array<z.infer<typeof stateSchema>> {
    return this.vault.readCollection(MITHRIL_SESSIONS_COLLECTION).flatMap((x) => {
      const p = stateSchema.safeParse(x)
      return p.success ? [p.data] : []
    })
  }

  load(serverId: string): SignInState | undefined {
    const e = this.all().find((x) => x.id === serverId)
    if (!e) return undefined
    const { id: _id, ...st } = e
    return st
  }

  async save(serverId: string, state: SignInState | undefined): Promise<void> {
    const rest = this.all().filter((x) => x.id !== serverId)
    await this.vault.writeCollection(
      MITHRIL_SESSIONS_COLLECTION,
      state ? [...rest, { id: serverId, ...state }] : rest
    )
  }
}
