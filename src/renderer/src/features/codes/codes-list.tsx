/**
 * The accounts, virtualised: only the rows on screen (plus a few) exist in the DOM, and only their
 * codes are asked of main. Arrow keys move between rows, Enter copies, Alt+Arrow moves the account,
 * rows drag to reorder, and typing anywhere goes to the search field.
 */
import { useVirtualizer } from '@tanstack/react-virtual'
import {
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
  type DragEvent,
  type KeyboardEvent
} from 'react'
import type { AccountView } from '../../../../shared/model'
import { useCodesStore } from '../../stores/codes'
import { copyCode, moveOnto } from './actions'
import { currentPlatform, primaryModifier } from '../../shell/platform'
import { CodeRow, ROW_HELP_ID } from './code-row'
import { useViewStore } from '../../stores/view'
import { focusSearch } from './search-focus'

export const ROW_HEIGHT = 72
const DRAG_TYPE = 'application/x-tessera-account'

export function CodesList({ shown }: { shown: AccountView[] }) {
  const copyKeys = currentPlatform() === 'darwin' ? 'Command+C' : 'Ctrl+C'
  const scrollRef = useRef<HTMLDivElement>(null)
  const selectedId = useViewStore((s) => s.selectedId)
  const focusToken = useViewStore((s) => s.focusToken)
  const select = useViewStore((s) => s.select)
  const setQuery = useViewStore((s) => s.setQuery)
  const [dragId, setDragId] = useState<string | null>(null)

  // The list is not memoised by the React Compiler anyway; rows are memo()ised by hand.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: shown.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 4,
    getItemKey: (i) => shown[i]?.id ?? i
  })
  const items = virtualizer.getVirtualItems()

  const selectedIndex = useMemo(() => {
    const i = selectedId === null ? -1 : shown.findIndex((a) => a.id === selectedId)
    return i
  }, [shown, selectedId])
  const tabbableIndex = selectedIndex >= 0 ? selectedIndex : 0

  // Ask main for the codes of the rows that exist now, and nothing else.
  const firstIndex = items[0]?.index ?? 0
  const lastIndex = items.at(-1)?.index ?? -1
  useEffect(() => {
    const ids: string[] = []
    for (let i = firstIndex; i <= lastIndex; i++) {
      const id = shown[i]?.id
      if (id) ids.push(id)
    }
    useCodesStore.getState().setVisible(ids)
  }, [shown, firstIndex, lastIndex])

  // Move focus to the selected row once it is rendered (it may need scrolling in first).
  const lastFocusToken = useRef(focusToken)
  useEffect(() => {
    if (focusToken === lastFocusToken.current) return
    if (selectedIndex < 0) return
    virtualizer.scrollToIndex(selectedIndex, { align: 'auto' })
    let tries = 0
    let frame = 0
    const tryFocus = (): void => {
      const button = scrollRef.current?.querySelector<HTMLButtonElement>(
        `li[data-index="${selectedIndex}"] button.copy`
      )
      if (button) button.focus({ preventScroll: false })
      if (button && document.activeElement === button) {
        lastFocusToken.current = focusToken
      } else if (tries++ < 60) frame = requestAnimationFrame(tryFocus)
    }
    tryFocus()
    return () => cancelAnimationFrame(frame)
  }, [focusToken, selectedIndex, virtualizer])

  // Rows are memoised: the handlers stay the same function and read the latest list from a ref,
  // so a keystroke in search re-renders only rows whose account or place changed.
  const shownRef = useRef(shown)
  useEffect(() => {
    shownRef.current = shown
  }, [shown])
  const dragIdRef = useRef(dragId)
  useEffect(() => {
    dragIdRef.current = dragId
  }, [dragId])

  const onKeyDown = useCallback(
    (event: KeyboardEvent<HTMLButtonElement>, index: number) => {
      const shown = shownRef.current
      const go = (to: number): void => {
        const target = shown[Math.max(0, Math.min(shown.length - 1, to))]
        if (target) select(target.id, true)
      }
      const page = Math.max(
        1,
        Math.floor((scrollRef.current?.clientHeight ?? 400) / ROW_HEIGHT) - 1
      )
      // Ctrl/Cmd+C on a row copies its code (there is no text selection to copy in the list).
      if (
        primaryModifier(event) &&
        !event.altKey &&
        !event.shiftKey &&
        event.key.toLowerCase() === 'c'
      ) {
        const account = shown[index]
        if (account && !window.getSelection()?.toString()) {
          event.preventDefault()
          void copyCode(account)
        }
        return
      }
      if (event.altKey && (event.key === 'ArrowUp' || event.key === 'ArrowDown')) {
        event.preventDefault()
        const account = shown[index]
        const target = shown[event.key === 'ArrowUp' ? index - 1 : index + 1]
        if (account && target) {
          void moveOnto(account, target, shown).then(() => select(account.id, true))
        }
        return
      }
      switch (event.key) {
        case 'ArrowDown':
          event.preventDefault()
          go(index + 1)
          return
        case 'ArrowUp':
          event.preventDefault()
          if (index === 0) focusSearch()
          else go(index - 1)
          return
        case 'PageDown':
          event.preventDefault()
          go(index + page)
          return
        case 'PageUp':
          event.preventDefault()
          go(index - page)
          return
        case 'Home':
          event.preventDefault()
          go(0)
          return
        case 'End':
          event.preventDefault()
          go(shown.length - 1)
          return
        case 'Escape':
          event.preventDefault()
          setQuery('')
          focusSearch()
          return
      }
    },
    [select, setQuery]
  )

  const onDragStart = useCallback((event: DragEvent<HTMLLIElement>, id: string) => {
    event.dataTransfer.setData(DRAG_TYPE, id)
    event.dataTransfer.effectAllowed = 'move'
    setDragId(id)
  }, [])
  const onDragEnd = useCallback(() => setDragId(null), [])
  const onDrop = useCallback((event: DragEvent<HTMLLIElement>, targetId: string) => {
    event.preventDefault()
    const id = event.dataTransfer.getData(DRAG_TYPE) || dragIdRef.current
    const shown = shownRef.current
    setDragId(null)
    const account = shown.find((a) => a.id === id)
    const target = shown.find((a) => a.id === targetId)
    if (account && target) void moveOnto(account, target, shown)
  }, [])

  return (
    <div className="list-scroll" ref={scrollRef} data-testid="list-scroll">
      <p id={ROW_HELP_ID} className="visually-hidden">
        Enter or {copyKeys} copies the code. Up and Down move between accounts; Alt with Up or Down
        moves the account in the list. Question mark shows every keyboard shortcut.
      </p>
      <ul
        className="code-list"
        aria-label="Accounts"
        style={{ height: virtualizer.getTotalSize() }}
      >
        {items.map((item) => {
          const account = shown[item.index]
          if (!account) return null
          return (
            <CodeRow
              key={account.id}
              account={account}
              index={item.index}
              count={shown.length}
              selected={item.index === selectedIndex}
              tabbable={item.index === tabbableIndex}
              dragging={dragId === account.id}
              onKeyDown={onKeyDown}
              onDragStart={onDragStart}
              onDragEnd={onDragEnd}
              onDrop={onDrop}
              start={item.start}
              height={ROW_HEIGHT}
            />
          )
        })}
      </ul>
    </div>
  )
}
