/** The search field: filters as you type; Down enters the list, Enter copies, Esc clears. */
import type { KeyboardEvent } from 'react'
import type { AccountView } from '../../../../shared/model'
import { SearchIcon } from '../../components/icons'
import { copyCode } from './actions'
import { useViewStore } from '../../stores/view'
import { SEARCH_INPUT_ID } from './search-focus'

export function SearchBar({ shown, total }: { shown: AccountView[]; total: number }) {
  const query = useViewStore((s) => s.query)
  const setQuery = useViewStore((s) => s.setQuery)
  const selectedId = useViewStore((s) => s.selectedId)
  const select = useViewStore((s) => s.select)

  const current = (): AccountView | undefined => shown.find((a) => a.id === selectedId) ?? shown[0]

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>): void => {
    if (event.key === 'ArrowDown') {
      const target = current()
      if (!target) return
      event.preventDefault()
      select(target.id, true)
    } else if (event.key === 'Enter') {
      const target = current()
      if (!target) return
      event.preventDefault()
      select(target.id)
      void copyCode(target)
    } else if (event.key === 'Escape') {
      event.preventDefault()
      setQuery('')
    }
  }

  return (
    <div className="search" role="search">
      <SearchIcon />
      <input
        id={SEARCH_INPUT_ID}
        type="search"
        aria-label="Search accounts"
        placeholder="Search  ( / )"
        autoComplete="off"
        spellCheck={false}
        value={query}
        onChange={(e) => {
          setQuery(e.target.value)
          select(null)
        }}
        onKeyDown={onKeyDown}
      />
      <span className="search-count" aria-live="polite">
        {query ? `${shown.length} of ${total}` : ''}
      </span>
    </div>
  )
}
