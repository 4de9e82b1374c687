/**
 * Registers the handler table on ipcMain. Every call is checked before it reaches a handler: the
 * sender must be our own top-level frame on a trusted origin, exactly one argument is accepted,
 * and the dispatcher parses it against the contract. Every call resolves to a Result.
 */
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron'
import { AppError, fail, type Result } from '../../shared/errors'
import { CHANNEL_NAMES, type Emit } from '../../shared/ipc'
import type { CallContext, Dispatch } from '../handlers'
import { isTrustedSender, type FrameLike } from './sender'

export const UNTRUSTED_SENDER_MESSAGE =
  'This request did not come from Tessera’s own window, so it was refused.'

function senderFrameOf(event: Pick<IpcMainInvokeEvent, 'senderFrame'>): FrameLike | null {
  try {
    return event.senderFrame
  } catch {
    // The frame navigated or was destroyed while the call was in flight.
    return null
  }
}

/**
 * The ipcMain.handle listener for one channel. Also what the e2e harness calls behind its
 * Playwright binding, so the browser tests go through the same sender and argument checks.
 */
export function createIpcListener(
  channel: string,
  dispatch: Dispatch,
  trustedOrigins: () => readonly string[],
  transport: CallContext['transport'] = 'electron'
): (
  event: Pick<IpcMainInvokeEvent, 'senderFrame'>,
  ...args: unknown[]
) => Promise<Result<unknown>> {
  return async (event, ...args) => {
    if (!isTrustedSender(senderFrameOf(event), trustedOrigins())) {
      return fail(new AppError('POLICY_FORBIDDEN', UNTRUSTED_SENDER_MESSAGE).toJSON())
    }
    if (args.length > 1) {
      return fail(
        new AppError('INVALID_INPUT', 'A Tessera request takes one argument at most.').toJSON()
      )
    }
    return dispatch(channel, args[0], { transport })
  }
}

/** Registers every channel of the contract; returns a function that unregisters them. */
export function registerIpc(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  dispatch: Dispatch,
  trustedOrigins: () => readonly string[]
): () => void {
  for (const channel of CHANNEL_NAMES) {
    ipcMain.handle(channel, createIpcListener(channel, dispatch, trustedOrigins))
  }
  return () => {
    for (const channel of CHANNEL_NAMES) ipcMain.removeHandler(channel)
  }
}

/**
 * Sends main→renderer events to every window that is open (the main window and Quick copy; both
 * must hear a lock at once). Dropped while there is none.
 */
export function createContentsEmitter(
  current: () => WebContents | null | readonly (WebContents | null)[]
): Emit {
  return (event, payload) => {
    const found = current()
    const all = Array.isArray(found) ? found : [found]
    for (const contents of all as (WebContents | null)[]) {
      if (contents && !contents.isDestroyed()) contents.send(event, payload)
    }
  }
}
