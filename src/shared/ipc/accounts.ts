/** IPC channels and events of the accounts domain. */
import { z } from 'zod'
import { HASH_ALGORITHMS, OTP_TYPES, type AccountView } from '../model'
import { channel, event } from './contract'

/** An account id as main hands it out (a UUID today; any short opaque string tomorrow). */
export const accountIdSchema = z.string().min(1).max(128)

/** The longest otpauth URI Tessera accepts from the renderer. Real ones are a few hundred bytes. */
export const MAX_URI_LENGTH = 4096
/** Longest issuer or account name. */
export const MAX_NAME_LENGTH = 200
/** Longest tag, and most tags on one account. */
export const MAX_TAG_LENGTH = 40
export const MAX_TAGS = 20
/** Longest secret text the manual form may send (the core caps the decoded bytes too). */
export const MAX_SECRET_TEXT = 2048

const nameSchema = z
  .string()
  .trim()
  .max(MAX_NAME_LENGTH, `Names are at most ${MAX_NAME_LENGTH} characters. Shorten it.`)

const tagsSchema = z
  .array(
    z
      .string()
      .trim()
      .min(1, 'A tag cannot be empty.')
      .max(MAX_TAG_LENGTH, `A tag is at most ${MAX_TAG_LENGTH} characters. Shorten it.`)
  )
  .max(MAX_TAGS, `An account can have at most ${MAX_TAGS} tags. Remove some first.`)

/**
 * What the manual "Add account" form sends. Main validates the secret and the OTP settings with
 * the core and names the field that is wrong (`error.details.field`).
 */
export const manualAccountSchema = z.strictObject({
  issuer: nameSchema,
  label: nameSchema,
  secret: z
    .string()
    .max(MAX_SECRET_TEXT, 'That is far longer than any setup key. Check what you pasted.'),
  type: z.enum(OTP_TYPES).default('totp'),
  algorithm: z.enum(HASH_ALGORITHMS).default('SHA1'),
  digits: z.number().int().default(6),
  period: z.number().int().default(30),
  counter: z.number().int().default(0),
  /** Save even though an account with the same secret or the same name exists. */
  allowDuplicate: z.boolean().default(false)
})
export type ManualAccountInput = z.input<typeof manualAccountSchema>

/** Fields of the manual form an error can point at (`error.details.field`). */
export type ManualField =
  'issuer' | 'label' | 'secret' | 'type' | 'algorithm' | 'digits' | 'period' | 'counter'

/** What the renderer receives after confirming "Reveal secret": the one channel carrying one. */
export interface RevealedSecret {
  id: string
  /** Canonical base32. */
  secret: string
  /** The otpauth:// URI another app can import. */
  uri: string
  /** The URI as a QR code: `size` × `size` modules, row by row, '1' dark and '0' light. */
  qr: { size: number; modules: string }
}

export interface RemoveResult {
  /** Seconds during which `accounts:restore` can bring the account back. */
  undoSeconds: number
}

export const accountsChannels = {
  /** Every account, in the user's order, without secrets. */
  'accounts:list': channel<AccountView[]>()(z.undefined()),
  /**
   * Adds the account an otpauth:// URI describes; the error message names what is wrong. An
   * account with the same secret or the same issuer and name is refused with DUPLICATE (nothing
   * saved; `details.canAddAnyway` says whether `allowDuplicate` may override it).
   */
  'accounts:addFromUri': channel<AccountView>()(
    z.strictObject({
      uri: z
        .string()
        .trim()
        .min(1, 'Paste an otpauth:// URI first.')
        .max(
          MAX_URI_LENGTH,
          `That is longer than any otpauth URI (${MAX_URI_LENGTH} characters at most). Check what you pasted.`
        ),
      allowDuplicate: z.boolean().optional()
    })
  ),
  /** Adds an account typed in by hand (same duplicate rule as addFromUri). */
  'accounts:add': channel<AccountView>()(manualAccountSchema),
  /** Renames, tags, or (un)pins an account as a favourite. */
  'accounts:update': channel<AccountView>()(
    z.strictObject({
      id: accountIdSchema,
      issuer: nameSchema.optional(),
      label: nameSchema.optional(),
      tags: tagsSchema.optional(),
      favorite: z.boolean().optional()
    })
  ),
  /** Moves an account in the manual order: just before `beforeId`, or to the end when null. */
  'accounts:move': channel<AccountView>()(
    z.strictObject({ id: accountIdSchema, beforeId: accountIdSchema.nullable() })
  ),
  /** Orders every account by issuer, then name (case-insensitive). */
  'accounts:sortByName': channel<null>()(z.undefined()),
  /** Deletes one account; main keeps it for `undoSeconds` so `accounts:restore` can undo. */
  'accounts:remove': channel<RemoveResult>()(z.strictObject({ id: accountIdSchema })),
  /** Brings back an account deleted moments ago, with its secret, tags and place in the order. */
  'accounts:restore': channel<AccountView>()(z.strictObject({ id: accountIdSchema })),
  /**
   * The ONE channel that sends a stored secret to the renderer: after the user confirmed "Reveal
   * secret" for this one account. (To be gated by IT policy.)
   */
  'accounts:reveal': channel<RevealedSecret>()(z.strictObject({ id: accountIdSchema }))
}

export type AccountsChangeReason = 'added' | 'removed' | 'updated'

export const accountsEvents = {
  /** The set of accounts changed (here, in another window, or from the CLI); reload the list. */
  'accounts:changed': event<{ reason: AccountsChangeReason; ids: string[] }>()
}
