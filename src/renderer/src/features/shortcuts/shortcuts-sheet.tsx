/**
 * The "Keyboard shortcuts" sheet (`?` outside a text field, or Help → Keyboard shortcuts): every
 * shortcut from the one list in shared/desktop.ts, with the keys written the way this OS writes
 * them (Ctrl+C on Windows and Linux, ⌘C on a Mac).
 */
import { useEffect } from 'react'
import { create } from 'zustand'
import { formatAccelerator, type DesktopPlatform } from '../../../../shared/accelerator'
import { WINDOW_SHORTCUTS, type ShortcutGroup } from '../../../../shared/desktop'
import { Dialog } from '../../components/dialog'
import { currentPlatform } from '../../shell/platform'
import './shortcuts.css'

interface SheetState {
  open: boolean
  /** Extra lines (the global shortcut, which the user chooses in Settings). */
  extra: ShortcutGroup[]
  show(): void
  hide(): void
  setExtra(extra: ShortcutGroup[]): void
}

export const useShortcutsSheet = create<SheetState>()((set) => ({
  open: false,
  extra: [],
  show: () => set({ open: true }),
  hide: () => set({ open: false }),
  setExtra: (extra) => set({ extra })
}))

/** The keys of one line, split into one <kbd> per key on a PC ("Ctrl", "Shift", "S"). */
function Keys({ keys, platform }: { keys: string; platform: DesktopPlatform }) {
  const text = formatAccelerator(keys, platform)
  const parts = platform === 'darwin' || text.length === 1 ? [text] : text.split(/\+(?!$)/)
  return (
    <span className="shortcut-keys">
      {parts.map((p, i) => (
        <kbd key={i}>{p}</kbd>
      ))}
    </span>
  )
}

export function ShortcutsSheet() {
  const open = useShortcutsSheet((s) => s.open)
  const extra = useShortcutsSheet((s) => s.extra)
  const hide = useShortcutsSheet((s) => s.hide)
  // Focus goes to Close (the last control); the sheet still opens at its top.
  useEffect(() => {
    if (open) document.querySelector('.shortcuts-sheet .modal-body')?.scrollTo({ top: 0 })
  }, [open])
  if (!open) return null
  const platform = currentPlatform()
  const groups = [...WINDOW_SHORTCUTS, ...extra]
  return (
    <Dialog title="Keyboard shortcuts" onClose={hide} className="shortcuts-sheet">
      {groups.map((g) => (
        <section key={g.group} className="shortcut-group" aria-label={g.group}>
          <h3>{g.group}</h3>
          <dl>
            {g.items.map((item) => (
              <div key={`${item.keys} ${item.what}`} className="shortcut-line">
                <dt>
                  <Keys keys={item.keys} platform={platform} />
                </dt>
                <dd>{item.what}</dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
      <div className="shortcut-actions">
        <button type="button" className="primary" data-autofocus onClick={hide}>
          Close
        </button>
      </div>
    </Dialog>
  )
}
