/** Where toasts appear: a polite live region at the bottom of the window. */
import { useToastStore } from '../stores/toast'
import { CloseIcon } from './icons'

export function ToastRegion() {
  const toast = useToastStore((s) => s.toast)
  const dismiss = useToastStore((s) => s.dismiss)
  return (
    <div className="toast-region" role="status" aria-live="polite">
      {toast ? (
        <div className={`toast ${toast.tone}`} data-testid="toast">
          <span className="toast-message">{toast.message}</span>
          {toast.action ? (
            <button
              type="button"
              className="toast-action"
              onClick={() => {
                const action = toast.action
                dismiss(toast.id)
                void action?.run()
              }}
            >
              {toast.action.label}
            </button>
          ) : null}
          <button
            type="button"
            className="icon-button toast-close"
            aria-label="Dismiss notice"
            onClick={() => dismiss(toast.id)}
          >
            <CloseIcon />
          </button>
        </div>
      ) : null}
    </div>
  )
}
