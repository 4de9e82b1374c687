/**
 * 2FA servers as every layer sees them: the server types, a server's two-factor status, the
 * enrollment's steps and events, and the audit log's records. Declared once here, without a
 * schema library, so the core, the CLI, the IPC contract and the renderer share one list.
 */
import type { ErrorCode } from './errors'

/** The kinds of server a profile can be. */
export const SERVER_TYPE_NAMES = ['ucloud', 'vantage', 'mithril', 'barycenter'] as const
export type ServerTypeName = (typeof SERVER_TYPE_NAMES)[number]

/** A server's two-factor state, as read from the server. */
export interface ServerStatusInfo {
  serverId: string
  server: string
  type: ServerTypeName
  enrolled: boolean
  method: 'totp' | 'email' | null
  /** Server clock minus local clock, whole seconds, when the server sent a Date header. */
  clockSkewSeconds?: number
  checkedAt: number
}

/** The steps of an enrollment, in the order they run. */
export const ENROLL_PROGRESS_STEPS = [
  'status',
  'create',
  'saved-pending',
  'waiting-next-code',
  'answering',
  'confirming',
  'done'
] as const
/** Every step an enrollment reports: the progress steps, plus `warning` and `failed`. */
export const ENROLL_STEP_NAMES = [...ENROLL_PROGRESS_STEPS, 'warning', 'failed'] as const
export type EnrollStep = (typeof ENROLL_STEP_NAMES)[number]

/** Facts safe to show: never a token, secret, code or password. */
export type SafeDetails = Record<string, string | number | boolean>

/** One progress event of an enrollment (or a finish) with a server. */
export interface EnrollEvent {
  step: EnrollStep
  /** Unix ms, from the service's clock. */
  at: number
  message: string
  /** For `warning` and `failed`: what kind. */
  code?: ErrorCode
  /** Safe facts (account id, challenge id, wait in ms, clock skew); never a secret or code. */
  details?: SafeDetails
}

/** What was attempted against a 2FA server. */
export const AUDIT_ACTIONS = [
  'enroll',
  'finish',
  'discard',
  'enable-email',
  'disable',
  'enforce-2fa',
  'undo-2fa'
] as const
export type AuditAction = (typeof AUDIT_ACTIONS)[number]

/**
 * One audit record. Deliberately narrow: identifiers and outcomes only. There is no field for a
 * token, secret, code, password or a server's free-text reply, so none can be written.
 */
export interface AuditEntryView {
  /** ISO 8601 time. */
  at: string
  action: AuditAction
  serverId: string
  serverName: string
  serverType: string
  accountId?: string
  /** The account's issuer and label as shown in the app. */
  account?: string
  challengeId?: string
  /** `ok`, or the ErrorCode the attempt ended with. */
  outcome: 'ok' | ErrorCode
  /** HTTP status the server answered with, when there was one. */
  httpStatus?: number
}
