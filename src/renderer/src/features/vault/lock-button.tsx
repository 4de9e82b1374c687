import { useVaultStore } from '../../stores/vault'

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform)
/** The shortcut as the user's keyboard labels it. */
export const LOCK_SHORTCUT_LABEL = isMac ? '⌘L' : 'Ctrl+L'

/** "Lock" in the header: main forgets the key and the page drops every code at once. */
export function LockButton() {
  const lock = useVaultStore((s) => s.lock)
  const phase = useVaultStore((s) => s.phase)
  if (phase !== 'unlocked') return null
  return (
    <button
      type="button"
      className="ghost lock-button header-button"
      onClick={() => void lock()}
      aria-keyshortcuts={isMac ? 'Meta+L' : 'Control+L'}
      title={`Lock now (${LOCK_SHORTCUT_LABEL})`}
    >
      <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
        <rect x="5" y="11" width="14" height="9" rx="2" />
        <path d="M8.5 11V8a3.5 3.5 0 0 1 7 0v3" />
      </svg>
      <span className="header-button-label">Lock</span>
    </button>
  )
}
