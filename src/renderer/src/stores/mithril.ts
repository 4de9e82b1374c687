/**
 * Mithril sign-ins shown on the Servers screen, per server: the session view main sends (no
 * token, no code), the last error, and whether a call is in flight. The password and the code
 * pass through an action once and are not kept.
 */
import { create } from 'zustand'
import type { ErrorShape } from '../../../shared/errors'
import type { MithrilSessionView } from '../../../shared/ipc/mithril'
import { api } from '../api'
import { useServersStore } from './servers'

export interface MithrilEntry {
  /** Null: no sign-in in progress. */
  view: MithrilSessionView | null
  error: ErrorShape | null
  busy: boolean
  /** `Date.now()` when a new code may be asked for, by this page's clock. */
  resendAt: number
  /** The last step that finished: shown once ("Signed in", "New phone set"). */
  finished?: MithrilSessionView['purpose']
}

const EMPTY: MithrilEntry = { view: null, error: null, busy: false, resendAt: 0 }

interface MithrilState {
  byId: Record<string, MithrilEntry>
  load(id: string): Promise<void>
  signIn(id: string, password: string): Promise<void>
  submit(id: string, code: string, confirmLastAttempt: boolean): Promise<void>
  resend(id: string): Promise<void>
  setPhone(id: string, phone: string): Promise<void>
  cancel(id: string): Promise<void>
  signOut(id: string): Promise<void>
  /** Shows an error found in the page (a malformed code), with nothing sent. */
  refuse(id: string, error: ErrorShape): void
  /** Clears the error and the "signed in" line (a new start). */
  clear(id: string): void
  reset(): void
}

/** Six digits, spaces allowed between them; anything else is never sent. */
export const SMS_CODE = /^\d{6}$/
export const normalizeSmsCode = (typed: string): string => typed.replace(/\s+/g, '')

export const useMithrilStore = create<MithrilState>()((set, get) => {
  const entry = (id: string): MithrilEntry => get().byId[id] ?? EMPTY
  const patch = (id: string, p: Partial<MithrilEntry>): void =>
    set((s) => ({ byId: { ...s.byId, [id]: { ...(s.byId[id] ?? EMPTY), ...p } } }))
  const shown = (id: string, view: MithrilSessionView | null): void => {
    const over = view !== null && (view.step === 'done' || view.step === 'restart')
    patch(id, {
      view: over && view.step === 'done' ? null : view,
      resendAt: view ? Date.now() + view.resendInSeconds * 1000 : 0,
      ...(view?.step === 'done' ? { finished: view.purpose } : {})
    })
    if (view?.step === 'done') useServersStore.getState().setHasToken(id, true)
  }
  /** Runs a call; on failure shows the error and reads the state again (attempts left). */
  const step = async (
    id: string,
    call: () => Promise<{ ok: true; value: MithrilSessionView } | { ok: false; error: ErrorShape }>
  ): Promise<void> => {
    if (entry(id).busy) return
    patch(id, { busy: true, error: null, finished: undefined })
    const r = await call()
    if (r.ok) {
      shown(id, r.value)
      patch(id, { busy: false })
      return
    }
    const again = await api().mithril.state({ id })
    if (again.ok) shown(id, again.value)
    patch(id, { busy: false, error: r.error })
  }
  return {
    byId: {},
    async load(id) {
      const r = await api().mithril.state({ id })
      // Nothing to show when it fails (a preset not saved yet): Sign in says what is wrong.
      if (r.ok) shown(id, r.value)
    },
    signIn: (id, password) => step(id, () => api().mithril.signIn({ id, password })),
    submit: (id, code, confirmLastAttempt) =>
      step(id, () =>
        api().mithril.submit({ id, code, ...(confirmLastAttempt ? { confirmLastAttempt } : {}) })
      ),
    resend: (id) => step(id, () => api().mithril.resend({ id })),
    setPhone: (id, phone) =>
      step(id, async () => {
        const r = await api().mithril.setPhone({ id, phone })
        // The server expired the stored sign-in as soon as it took the number.
        if (r.ok && r.value.purpose === 'phone') useServersStore.getState().setHasToken(id, false)
        return r
      }),
    async cancel(id) {
      const r = await api().mithril.cancel({ id })
      patch(id, r.ok ? { ...EMPTY } : { error: r.error })
    },
    async signOut(id) {
      const r = await api().mithril.signOut({ id })
      if (r.ok) {
        patch(id, { ...EMPTY })
        useServersStore.getState().setHasToken(id, false)
      } else patch(id, { error: r.error })
    },
    refuse(id, error) {
      patch(id, { error, finished: undefined })
    },
    clear(id) {
      patch(id, { error: null, finished: undefined })
    },
    reset() {
      set({ byId: {} })
    }
  }
})
