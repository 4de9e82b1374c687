/**
 * Account and view types shared by main, preload, renderer and CLI.
 * Views (anything ending in `View`) never carry a secret; only main-side types do.
 */
import type { ErrorCode } from './errors'
import { cleanName } from './text'

export const OTP_TYPES = ['totp', 'hotp', 'steam', 'motp', 'yandex'] as const
export type OtpType = (typeof OTP_TYPES)[number]

export const HASH_ALGORITHMS = ['SHA1', 'SHA256', 'SHA512'] as const
export type HashAlgorithm = (typeof HASH_ALGORITHMS)[number]

/**
 * Everything needed to generate codes. Main process only: it holds the secret.
 * `secret` is canonical base32 (RFC 4648 alphabet, upper case, no padding) of the raw key bytes,
 * for every type.
 */
export interface OtpParams {
  type: OtpType
  secret: string
  algorithm: HashAlgorithm
  /** 6-10 for totp/hotp; 5 for steam; 6 for motp; 8 for yandex. */
  digits: number
  /** Time step in seconds (totp, steam, motp, yandex). Ignored for hotp. */
  period: number
  /** Moving factor for hotp. 0 for the others. */
  counter: number
  /** mOTP / Yandex PIN. */
  pin?: string
}

/** An account as produced by a URI, scan, import or enrollment, before it gets an id. */
export interface NewAccount {
  issuer: string
  label: string
  otp: OtpParams
  tags?: string[]
  favorite?: boolean
  note?: string
  /** Set when the account comes from a server enrollment, so it is saved with its link. */
  enrollment?: EnrollmentLink
}

export type AccountStatus = 'active' | 'pending' | 'archived'

/** Link between a local account and the 2FA server it was enrolled with. No secrets. */
export interface EnrollmentLink {
  serverId: string
  challengeId?: string
  startedAt: number
}

/** A stored account. Main process only. */
export interface Account {
  id: string
  issuer: string
  label: string
  otp: OtpParams
  tags: string[]
  favorite: boolean
  note?: string
  /** Position in the user's manual order (ascending). */
  order: number
  status: AccountStatus
  enrollment?: EnrollmentLink
  createdAt: number
  updatedAt: number
}

/**
 * The fields every view of an account shows (a stored account, an import row, a scan find): its
 * names and how its codes are made, never the secret or pin.
 */
export interface OtpSummaryView {
  issuer: string
  label: string
  type: OtpType
  algorithm: HashAlgorithm
  digits: number
  period: number
  counter: number
}

/** What the renderer may see of an account: no secret, no pin. */
export interface AccountView extends OtpSummaryView {
  id: string
  tags: string[]
  favorite: boolean
  order: number
  status: AccountStatus
}

/** A current code for one account. */
export interface CodeView {
  id: string
  code: string
  /** Unix ms when this code stops being valid (TOTP-like); null for hotp. */
  validUntil: number | null
  period: number
  /** The following code, when asked for (TOTP-like only). */
  next?: string
  /**
   * Set when this one account cannot give a code (its stored settings are damaged, or a Yandex or
   * mOTP account has no PIN): `code` is then empty. Every other account's code is unaffected.
   */
  error?: { code: ErrorCode; message: string }
}

/**
 * What the renderer may see of `a`. Names are cleaned (shared/text) on the way out too, so an
 * account stored before names were cleaned on the way in shows no bidi or control characters.
 */
export function toAccountView(a: Account): AccountView {
  return {
    id: a.id,
    issuer: cleanName(a.issuer),
    label: cleanName(a.label),
    type: a.otp.type,
    algorithm: a.otp.algorithm,
    digits: a.otp.digits,
    period: a.otp.period,
    counter: a.otp.counter,
    tags: [...a.tags],
    favorite: a.favorite,
    order: a.order,
    status: a.status
  }
}
