import { LockIcon } from '../../components/icons'
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
      className="header-button lock-button"
      onClick={() => void lock()}
      aria-keyshortcuts={isMac ? 'Meta+L' : 'Control+L'}
      title={`Lock now (${LOCK_SHORTCUT_LABEL})`}
    >
      <LockIcon />
      <span className="header-button-label">Lock</span>
    </button>
  )
}
