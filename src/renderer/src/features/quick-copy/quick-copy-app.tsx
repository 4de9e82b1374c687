/**
 * The Quick copy window: the vault's state first (locked: the unlock prompt; missing or damaged:
 * a pointer to the main window), then the search. Owns the window's events (lock, unlock, shown
 * again, settings) and the user's theme, as the main window's shell does for it.
 */
import { useEffect } from 'react'
import { api } from '../../api'
import { useVaultStore } from '../../stores/vault'
import { useQuickCopyStore } from '../../stores/quick-copy'
import { Unlock } from '../vault/unlock'
import { QuickCopy } from './quick-copy'
import './quick-copy.css'

function applyTheme(theme: 'system' | 'light' | 'dark'): void {
  const root = document.documentElement
  if (theme === 'system') delete root.dataset['theme']
  else root.dataset['theme'] = theme
}

export function QuickCopyApp() {
  const phase = useVaultStore((s) => s.phase)

  useEffect(() => {
    void useVaultStore.getState().load()
    const loadTheme = async (): Promise<void> => {
      const r = await api().settings.get()
      if (r.ok) applyTheme(r.value.theme)
    }
    const offs = [
      api().on('vault:locked', ({ reason }) => useVaultStore.getState().locked(reason)),
      api().on('vault:unlocked', () => {
        useVaultStore.getState().unlocked()
        void loadTheme()
      }),
      api().on('settings:changed', (s) => applyTheme(s.theme)),
      api().on('accounts:changed', () => {
        if (useVaultStore.getState().phase === 'unlocked')
          void useQuickCopyStore.getState().refresh()
      }),
      api().on('quickCopy:shown', () => {
        void useVaultStore.getState().load()
        useQuickCopyStore.getState().shown()
        document.querySelector<HTMLElement>('[data-autofocus]')?.focus()
      })
    ]
    void loadTheme()
    // Input is someone at the keyboard: it postpones the auto-lock, as in the main window.
    const onInput = (): void => useVaultStore.getState().touch()
    window.addEventListener('keydown', onInput, true)
    window.addEventListener('pointerdown', onInput, { capture: true, passive: true })
    return () => {
      offs.forEach((off) => off())
      window.removeEventListener('keydown', onInput, true)
      window.removeEventListener('pointerdown', onInput, true)
    }
  }, [])

  // Esc puts the window away from every state, the unlock prompt included.
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape' && !e.defaultPrevented) {
        e.preventDefault()
        void useQuickCopyStore.getState().hide()
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])

  switch (phase) {
    case 'loading':
      return <div className="qc" aria-busy="true" data-vault-state="loading" />
    case 'locked':
      return (
        <div className="qc qc-locked">
          <Unlock />
        </div>
      )
    case 'missing':
    case 'corrupt':
      return <NotReady phase={phase} />
    default:
      return <QuickCopy />
  }
}

function NotReady({ phase }: { phase: 'missing' | 'corrupt' }) {
  const openMain = useQuickCopyStore((s) => s.openMain)
  return (
    <main className="qc qc-note" aria-labelledby="qc-note-title">
      <h1 id="qc-note-title">Quick copy</h1>
      <p>
        {phase === 'missing'
          ? 'Tessera has no vault yet. Set one up in the main window, then add an account.'
          : 'Tessera’s vault could not be read. Open the main window to see what is wrong and how to repair it.'}
      </p>
      <button
        type="button"
        className="primary"
        data-autofocus
        autoFocus
        onClick={() => void openMain()}
      >
        Open Tessera
      </button>
    </main>
  )
}
