/**
 * Desktop notifications for things that finish while Tessera's window is hidden: an enrollment
 * that completed, a scan that found codes. What they say is built here from names and counts
 * only: a notification is shown on the lock screen and in the OS's history, so it never holds a
 * code, a secret or a setup link.
 */
import { accountName } from '../../../shared/code-format'

/** What happened, in the terms a notification may use. */
export type DesktopHappening =
  | { kind: 'enrolled'; issuer: string; label: string }
  | { kind: 'scan-found'; accounts: number; codes: number }

export interface NotificationText {
  title: string
  body: string
}

/** Longest name a notification shows (OSes cut long ones badly). */
const NAME_MAX = 60

function clip(text: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, '').trim()
  return clean.length > NAME_MAX ? `${clean.slice(0, NAME_MAX - 1)}…` : clean
}

/**
 * The notification for `what`, or null when none should be shown: the window is in front (the
 * user sees the result there) or there is nothing worth saying.
 */
export function notificationFor(
  what: DesktopHappening,
  windowVisible: boolean
): NotificationText | null {
  if (windowVisible) return null
  if (what.kind === 'enrolled') {
    return {
      title: 'Two-factor sign-in is set up',
      body: `${clip(accountName(what.issuer, what.label))} is in Tessera now. Open Tessera to see its codes.`
    }
  }
  if (what.accounts === 0) return null
  return {
    title:
      what.accounts === 1 ? 'Found an account to add' : `Found ${what.accounts} accounts to add`,
    body: 'Open Tessera to review them. Nothing is added until you choose.'
  }
}
