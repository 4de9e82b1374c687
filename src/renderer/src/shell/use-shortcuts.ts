/**
 * Window-wide keys: `?` outside a text field shows the keyboard shortcuts; `/` and Ctrl/Cmd+F
 * focus search; typing outside a field searches; Esc goes back.
 */
import { useEffect } from 'react'
import { focusSearch } from '../features/codes/search-focus'
import { useShortcutsSheet } from '../features/shortcuts/shortcuts-sheet'
import { useViewStore } from '../stores/view'
import { isEditable } from './keyboard'

export function useShortcuts(): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => {
      if (event.defaultPrevented || document.querySelector('dialog[open]')) return
      const view = useViewStore.getState()
      if (event.key === '?' && !event.ctrlKey && !event.metaKey && !event.altKey) {
        if (isEditable(event.target)) return
        event.preventDefault()
        useShortcutsSheet.getState().show()
        return
      }
      if (event.key === 'Escape' && view.screen !== 'codes') {
        event.preventDefault()
        view.setScreen('codes')
        return
      }
      if (view.screen !== 'codes') return
      const mod = event.ctrlKey || event.metaKey
      if (mod && !event.altKey && event.key.toLowerCase() === 'f') {
        event.preventDefault()
        focusSearch()
        return
      }
      if (isEditable(event.target)) return
      if (event.key === '/' && !mod && !event.altKey) {
        event.preventDefault()
        focusSearch()
        return
      }
      if (event.key.length === 1 && !mod && !event.altKey && event.key !== ' ') {
        event.preventDefault()
        view.setQuery(view.query + event.key)
        view.select(null)
        focusSearch()
        const input = document.activeElement
        if (input instanceof HTMLInputElement) {
          const end = input.value.length
          input.setSelectionRange(end, end)
        }
      }
    }
    document.addEventListener('keydown', onKeyDown)
    return () => document.removeEventListener('keydown', onKeyDown)
  }, [])
}
