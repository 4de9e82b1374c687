/** Short notices at the bottom of the window ("Copied", "Deleted — Undo"), one at a time. */
import { create } from 'zustand'

export interface ToastAction {
  label: string
  run(): void | Promise<void>
}

export interface Toast {
  id: number
  message: string
  tone: 'info' | 'error'
  action?: ToastAction
}

interface ToastState {
  toast: Toast | null
  show(message: string, options?: { action?: ToastAction; tone?: Toast['tone']; ms?: number }): void
  dismiss(id?: number): void
  reset(): void
}

const DEFAULT_MS = 4_000
/** Long enough to reach the Undo button by keyboard. */
export const ACTION_MS = 10_000

let nextId = 1
let timer: ReturnType<typeof setTimeout> | null = null

export const useToastStore = create<ToastState>()((set, get) => ({
  toast: null,
  show(message, options = {}) {
    const id = nextId++
    const toast: Toast = { id, message, tone: options.tone ?? 'info' }
    if (options.action) toast.action = options.action
    if (timer !== null) clearTimeout(timer)
    set({ toast })
    timer = setTimeout(
      () => get().dismiss(id),
      options.ms ?? (options.action ? ACTION_MS : DEFAULT_MS)
    )
  },
  dismiss(id) {
    const current = get().toast
    if (!current || (id !== undefined && current.id !== id)) return
    if (timer !== null) clearTimeout(timer)
    timer = null
    set({ toast: null })
  },
  reset() {
    if (timer !== null) clearTimeout(timer)
    timer = null
    set({ toast: null })
  }
}))
