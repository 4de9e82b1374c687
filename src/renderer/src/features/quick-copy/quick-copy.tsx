/**
 * Search and copy: type to filter, Up/Down move, Enter copies the selected code (and the window
 * hides), Esc hides. The search field keeps the focus; the list is its listbox (the combobox
 * pattern), so a screen reader hears the selected row as it moves.
 */
import { useEffect, useId, useRef, type KeyboardEvent } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { accountName, groupCode } from '../../../../shared/code-format'
import type { QuickCopyRow } from '../../../../shared/ipc/quick-copy'
import { Avatar } from '../../components/avatar'
import { SearchIcon, StarIcon } from '../../components/icons'
import { useQuickCopyStore } from '../../stores/quick-copy'

export function QuickCopy() {
  const { query, rows, more, total, selected, error, status } = useQuickCopyStore(
    useShallow((s) => ({
      query: s.query,
      rows: s.rows,
      more: s.more,
      total: s.total,
      selected: s.selected,
      error: s.error,
      status: s.status
    }))
  )
  const inputRef = useRef<HTMLInputElement>(null)
  const listId = useId()
  const hintId = useId()
  const optionId = (i: number): string => `${listId}-opt-${i}`

  useEffect(() => {
    void useQuickCopyStore.getState().refresh()
    inputRef.current?.focus()
  }, [])

  // Codes change at their period's end: ask again then (for the rows shown only).
  useEffect(() => {
    const ends = rows.map((r) => r.code.validUntil).filter((v): v is number => v !== null)
    if (ends.length === 0) return
    const wait = Math.max(250, Math.min(...ends) - Date.now() + 50)
    const timer = setTimeout(() => void useQuickCopyStore.getState().refresh(), wait)
    return () => clearTimeout(timer)
  }, [rows])

  useEffect(() => {
    document.getElementById(optionId(selected))?.scrollIntoView({ block: 'nearest' })
  })

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>): void => {
    const store = useQuickCopyStore.getState()
    if (e.key === 'ArrowDown') {
      e.preventDefault()
      store.move(1)
    } else if (e.key === 'ArrowUp') {
      e.preventDefault()
      store.move(-1)
    } else if (e.key === 'PageDown') {
      e.preventDefault()
      store.move(rows.length)
    } else if (e.key === 'PageUp') {
      e.preventDefault()
      store.move(-rows.length)
    } else if (e.key === 'Enter') {
      e.preventDefault()
      void store.copySelected()
    }
  }

  const active = rows[selected]
  return (
    <main className="qc" aria-label="Quick copy">
      <div className="qc-search">
        <SearchIcon />
        <input
          ref={inputRef}
          data-autofocus
          type="text"
          role="combobox"
          aria-label="Search accounts"
          aria-autocomplete="list"
          aria-expanded={rows.length > 0}
          aria-controls={listId}
          aria-activedescendant={active ? optionId(selected) : undefined}
          aria-describedby={hintId}
          placeholder="Search accounts"
          autoComplete="off"
          spellCheck={false}
          maxLength={200}
          value={query}
          onChange={(e) => useQuickCopyStore.getState().setQuery(e.target.value)}
          onKeyDown={onKeyDown}
        />
      </div>
      <ul className="qc-list" id={listId} role="listbox" aria-label="Matching accounts">
        {rows.map((row, i) => (
          <Row key={row.id} row={row} id={optionId(i)} index={i} selected={i === selected} />
        ))}
      </ul>
      {rows.length === 0 && total !== null && !error && (
        <p className="qc-empty">
          {total === 0 ? (
            <>
              No accounts yet.{' '}
              <button
                type="button"
                className="qc-link"
                onClick={() => void useQuickCopyStore.getState().openMain()}
              >
                Open Tessera
              </button>{' '}
              to add one.
            </>
          ) : (
            <>
              Nothing matches “{query.trim()}”. Check the spelling, or search by another part of the
              name.
            </>
          )}
        </p>
      )}
      {error && (
        <p className="qc-error" role="alert">
          {error.message}
        </p>
      )}
      {more > 0 && (
        <p className="qc-more">
          {more === 1 ? '1 more account matches' : `${more} more accounts match`}: type more to
          narrow the list.
        </p>
      )}
      <p className="qc-status" role="status">
        {status}
      </p>
      <footer className="qc-hint" id={hintId}>
        <kbd>↑</kbd>
        <kbd>↓</kbd> move · <kbd>Enter</kbd> copy · <kbd>Esc</kbd> close
      </footer>
    </main>
  )
}

function Row({
  row,
  id,
  index,
  selected
}: {
  row: QuickCopyRow
  id: string
  index: number
  selected: boolean
}) {
  const name = accountName(row.issuer, row.label)
  const title = row.issuer || row.label || 'Unnamed account'
  const sub = row.issuer && row.label ? row.label : ''
  return (
    <li
      id={id}
      role="option"
      aria-selected={selected}
      aria-label={
        row.code.error
          ? `${name}, no code: ${row.code.error.message}`
          : `${name}, code ${groupCode(row.code.code)}`
      }
      className="qc-row"
      data-account-id={row.id}
      onPointerMove={() => useQuickCopyStore.getState().select(index)}
      onClick={() => {
        useQuickCopyStore.getState().select(index)
        void useQuickCopyStore.getState().copySelected()
      }}
    >
      <Avatar name={row.issuer || row.label} size={30} />
      <span className="qc-names">
        <span className="qc-title">
          {title}
          {row.favorite && (
            <span className="qc-star" title="Favourite">
              <StarIcon filled />
            </span>
          )}
        </span>
        {sub && <span className="qc-sub">{sub}</span>}
      </span>
      {row.code.error ? (
        <span className="qc-code-error">No code</span>
      ) : (
        <span className="qc-code" data-code>
          {groupCode(row.code.code)}
        </span>
      )}
    </li>
  )
}
