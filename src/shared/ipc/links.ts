/**
 * IPC of otpauth:// and otpauth-migration:// links the OS hands Tessera (a click in a browser).
 * Main holds what arrived; the window is told something is waiting and takes it. A link is
 * never saved by itself: it becomes a scan held for the same review a scanned QR code gets.
 */
import { z } from 'zod'
import { channel, event } from './contract'
import type { ScanStepView } from './scan'

/** A link Tessera would not look at: a recognisable start (never the secret) and why. */
export interface RefusedLinkView {
  preview: string
  message: string
}

/** What the window is handed about links that arrived. */
export type LinkDeliveryView =
  /** The links' accounts, held for review under the scan's token (nothing saved yet). */
  | { kind: 'review'; step: ScanStepView; count: number }
  | { kind: 'refused'; refused: RefusedLinkView[] }
  | { kind: 'failed'; message: string }

export const linksChannels = {
  /** Everything that waits for the window, oldest first (taking it empties the queue). */
  'links:take': channel<LinkDeliveryView[]>()(z.undefined())
}

export const linksEvents = {
  /**
   * Links arrived: `review` (take them now) or `unlock` (they wait for the vault; the window
   * shows the unlock screen and takes them after).
   */
  'links:waiting': event<{ waiting: 'review' | 'unlock' }>()
}
