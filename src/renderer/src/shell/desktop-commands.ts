/**
 * Commands from the application menu and the tray (`desktop:command`). They are heard from the
 * page's start, so one that arrives while the vault is locked (the tray's "Unlock and scan QR
 * from screen…") waits and runs once the codes screen is there after unlocking.
 */
import { useEffect } from 'react'
import { create } from 'zustand'
import type { WindowCommandRequest } from '../../../shared/ipc/desktop'
import { api } from '../api'
import { focusSearch } from '../features/codes/search-focus'
import { useShortcutsSheet } from '../features/shortcuts/shortcuts-sheet'
import { useExportStore } from '../stores/export'
import { useImportStore } from '../stores/import'
import { useScanStore } from '../stores/scan'
import { useViewStore } from '../stores/view'

interface PendingCommand {
  pending: WindowCommandRequest | null
  set(command: WindowCommandRequest | null): void
}

export const useDesktopCommandStore = create<PendingCommand>()((set) => ({
  pending: null,
  set: (pending) => set({ pending })
}))

/** Starts listening (once, from main.tsx); returns the function that stops it. */
export function listenForDesktopCommands(): () => void {
  return api().on('desktop:command', ({ command }) =>
    useDesktopCommandStore.getState().set(command)
  )
}

/** Carries out a command in the unlocked window. */
export function runWindowCommand(command: WindowCommandRequest): void {
  const view = useViewStore.getState()
  // Every dialog opens over the codes screen, as from the header.
  const onCodes = (): void => {
    if (view.screen !== 'codes') view.setScreen('codes')
  }
  switch (command) {
    case 'new-account':
      view.setScreen('add')
      return
    case 'servers':
      view.setScreen('servers')
      return
    case 'settings':
    case 'check-clock':
      view.setScreen('settings')
      return
    case 'find':
      onCodes()
      requestAnimationFrame(() => focusSearch())
      return
    case 'shortcuts':
      useShortcutsSheet.getState().show()
      return
    case 'import':
      onCodes()
      useImportStore.getState().openDialog()
      return
    case 'export':
      onCodes()
      void useExportStore.getState().openDialog()
      return
    case 'scan':
      onCodes()
      useScanStore.getState().openDialog()
      return
    case 'scan-screen':
      onCodes()
      useScanStore.getState().openDialog()
      void useScanStore.getState().scanScreens()
      return
  }
}

/** Runs the waiting command while the unlocked window is shown (the shell calls it). */
export function useDesktopCommands(): void {
  const pending = useDesktopCommandStore((s) => s.pending)
  useEffect(() => {
    if (pending === null) return
    useDesktopCommandStore.getState().set(null)
    // A modal already open (an edit, a review) stays; the command would fight it for focus.
    if (document.querySelector('dialog[open]')) return
    runWindowCommand(pending)
  }, [pending])
}
