import { memo, type DragEvent, type KeyboardEvent } from 'react'
import { accountName, groupCode } from '../../../../shared/code-format'
import type { AccountView } from '../../../../shared/model'
import { Avatar } from '../../components/avatar'
import { GripIcon, MoreIcon, RefreshIcon, StarIcon } from '../../components/icons'
import { useSecondsLeft } from '../../stores/clock'
import { useCodesStore } from '../../stores/codes'
import { advanceCounter, copyCode, toggleFavorite } from './actions'
import { Countdown } from './countdown'
import { useViewStore } from '../../stores/view'

/** Seconds before the end of a period when the following code is shown too. */
const SHOW_NEXT_WITHIN = 5

/** The id of the one hidden text describing the row keys, shared by every row. */
export const ROW_HELP_ID = 'row-keys-help'

export interface RowProps {
  account: AccountView
  index: number
  count: number
  selected: boolean
  tabbable: boolean
  dragging: boolean
  onKeyDown(event: KeyboardEvent<HTMLButtonElement>, index: number): void
  onDragStart(event: DragEvent<HTMLLIElement>, id: string): void
  onDragEnd(): void
  onDrop(event: DragEvent<HTMLLIElement>, id: string): void
  /** Offset from the top of the list, in px (the virtualiser's). */
  start: number
  height: number
}

export const CodeRow = memo(function CodeRow({
  account,
  index,
  count,
  selected,
  tabbable,
  dragging,
  onKeyDown,
  onDragStart,
  onDragEnd,
  onDrop,
  start,
  height
}: RowProps) {
  const code = useCodesStore((s) => s.byId[account.id])
  const secondsLeft = useSecondsLeft(code?.validUntil ?? null)
  const edit = useViewStore((s) => s.edit)
  const select = useViewStore((s) => s.select)
  const name = accountName(account.issuer, account.label)
  const title = account.issuer || account.label || 'Unnamed account'
  const subtitle = account.issuer && account.label ? account.label : ''
  const nextSoon =
    code?.next !== undefined && secondsLeft !== null && secondsLeft <= SHOW_NEXT_WITHIN

  return (
    <li
      className={`code-row${selected ? ' selected' : ''}${dragging ? ' dragging' : ''}`}
      data-index={index}
      data-account-id={account.id}
      aria-posinset={index + 1}
      aria-setsize={count}
      aria-label={name}
      style={{ transform: `translateY(${start}px)`, height }}
      draggable
      onDragStart={(e) => onDragStart(e, account.id)}
      onDragEnd={onDragEnd}
      onDragOver={(e) => {
        e.preventDefault()
        e.dataTransfer.dropEffect = 'move'
      }}
      onDrop={(e) => onDrop(e, account.id)}
    >
      <span className="drag-handle" aria-hidden="true" title="Drag to reorder">
        <GripIcon />
      </span>
      <button
        type="button"
        className="copy"
        tabIndex={tabbable ? 0 : -1}
        // Not `disabled` while the code loads: the row must stay focusable for the keyboard.
        aria-disabled={!code || undefined}
        aria-describedby={ROW_HELP_ID}
        onFocus={() => select(account.id)}
        onClick={() => {
          // A row without a code still answers: main's refusal says why, in a toast.
          if (code) void copyCode(account)
        }}
        onKeyDown={(e) => onKeyDown(e, index)}
      >
        <Avatar name={title} />
        <span className="who">
          {/* dir="auto" isolates each name: a right-to-left one cannot reorder what follows. */}
          <span className="issuer" dir="auto">
            {title}
          </span>
          {subtitle ? (
            <span className="label" dir="auto">
              {subtitle}
            </span>
          ) : null}
          {account.tags.length > 0 ? (
            <span className="row-tags">
              {account.tags.map((t) => (
                <span key={t} className="tag">
                  {t}
                </span>
              ))}
            </span>
          ) : null}
        </span>
        <span className="codes">
          {code?.error ? (
            // This account alone cannot give a code; the others are unaffected.
            <span className="code code-error" data-testid="code" title={code.error.message}>
              No code
            </span>
          ) : (
            <span className="code" data-testid="code">
              {code ? groupCode(code.code) : '••• •••'}
            </span>
          )}
          {code?.next !== undefined ? (
            <span className={nextSoon ? 'next-code soon' : 'next-code'} data-testid="next-code">
              next {groupCode(code.next)}
            </span>
          ) : null}
          <span className="visually-hidden">
            {code?.error ? `, no code: ${code.error.message}` : `, copy the code for ${name}`}
          </span>
        </span>
      </button>
      <span className="row-side">
        {account.type === 'hotp' ? (
          <button
            type="button"
            className="icon-button"
            tabIndex={tabbable ? 0 : -1}
            aria-label={`Next code for ${name}`}
            title="Next code"
            onClick={() => void advanceCounter(account)}
          >
            <RefreshIcon />
          </button>
        ) : code && code.validUntil !== null ? (
          <Countdown validUntil={code.validUntil} period={code.period} />
        ) : (
          <span className="countdown-placeholder" />
        )}
        <button
          type="button"
          className={account.favorite ? 'icon-button star on' : 'icon-button star'}
          tabIndex={tabbable ? 0 : -1}
          aria-pressed={account.favorite}
          aria-label={`Favourite ${name}`}
          title={account.favorite ? 'Unpin from the top' : 'Pin to the top'}
          onClick={() => void toggleFavorite(account)}
        >
          <StarIcon filled={account.favorite} />
        </button>
        <button
          type="button"
          className="icon-button"
          tabIndex={tabbable ? 0 : -1}
          aria-label={`Edit ${name}`}
          title="Edit, reorder, show secret or delete"
          onClick={() => edit(account.id)}
        >
          <MoreIcon />
        </button>
      </span>
    </li>
  )
})
