/**
 * A menu button (WAI-ARIA APG "menu button" pattern): a button with aria-haspopup="menu" that
 * opens a role="menu" list of role="menuitem"s. Enter, Space and ArrowDown open it on the first
 * item, ArrowUp on the last; in the menu the arrows, Home and End move, a letter jumps to the next
 * item starting with it, Enter or Space picks, Esc closes back onto the button and Tab closes and
 * moves on. A click outside closes it.
 *
 * Hand-written rather than a dependency: the pattern is this one file, and the popover libraries
 * we looked at bring a positioning engine the header does not need (the menu hangs under its
 * button). Picking an item puts focus back on the button before the item runs, so a dialog the
 * item opens returns focus there when it closes.
 */
import {
  useCallback,
  useEffect,
  useId,
  useRef,
  useState,
  type KeyboardEvent,
  type ReactNode
} from 'react'

export interface MenuItem {
  id: string
  label: string
  /** A short line under the label. */
  hint?: string
  icon?: ReactNode
  /** The screen this item leads to is the one shown (aria-current). */
  current?: boolean
  onSelect(): void
}

interface MenuButtonProps {
  /** The button's accessible name. */
  label: string
  /** What the button shows; defaults to the label. */
  children?: ReactNode
  items: MenuItem[]
  className?: string
  title?: string
  /** Align the menu's right edge with the button's (for buttons near the window's right edge). */
  alignEnd?: boolean
}

export function MenuButton({
  label,
  children,
  items,
  className,
  title,
  alignEnd = true
}: MenuButtonProps) {
  const [open, setOpen] = useState(false)
  const [active, setActive] = useState(0)
  const buttonRef = useRef<HTMLButtonElement>(null)
  const menuRef = useRef<HTMLUListElement>(null)
  const wrapRef = useRef<HTMLDivElement>(null)
  const buttonId = useId()
  const menuId = useId()

  const openAt = useCallback((index: number) => {
    setActive(index)
    setOpen(true)
  }, [])

  const close = useCallback((refocus: boolean) => {
    setOpen(false)
    if (refocus) buttonRef.current?.focus()
  }, [])

  // Focus follows the active item while the menu is open (roving focus, not aria-activedescendant:
  // screen readers announce a focused menuitem more reliably).
  useEffect(() => {
    if (!open) return
    const el = menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]')[active]
    el?.focus()
  }, [open, active])

  useEffect(() => {
    if (!open) return
    const onPointer = (event: PointerEvent): void => {
      if (!wrapRef.current?.contains(event.target as Node)) setOpen(false)
    }
    document.addEventListener('pointerdown', onPointer)
    return () => document.removeEventListener('pointerdown', onPointer)
  }, [open])

  const pick = (item: MenuItem): void => {
    close(true)
    item.onSelect()
  }

  const onButtonKey = (event: KeyboardEvent<HTMLButtonElement>): void => {
    if (event.key === 'ArrowDown' || event.key === 'Enter' || event.key === ' ') {
      event.preventDefault()
      openAt(0)
    } else if (event.key === 'ArrowUp') {
      event.preventDefault()
      openAt(items.length - 1)
    }
  }

  const onMenuKey = (event: KeyboardEvent<HTMLUListElement>): void => {
    const last = items.length - 1
    let handled = true
    switch (event.key) {
      case 'ArrowDown':
        setActive((i) => (i >= last ? 0 : i + 1))
        break
      case 'ArrowUp':
        setActive((i) => (i <= 0 ? last : i - 1))
        break
      case 'Home':
        setActive(0)
        break
      case 'End':
        setActive(last)
        break
      case 'Escape':
        close(true)
        break
      case 'Tab':
        setOpen(false)
        handled = false
        break
      case 'Enter':
      case ' ': {
        const item = items[active]
        if (item) pick(item)
        break
      }
      default:
        if (event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey) {
          const key = event.key.toLowerCase()
          const order = items.map((_, i) => (active + 1 + i) % items.length)
          const next = order.find((i) => items[i]!.label.toLowerCase().startsWith(key))
          if (next !== undefined) setActive(next)
        } else handled = false
    }
    if (handled) {
      event.preventDefault()
      // The window's own keys (Esc leaves a screen, letters search) must not see these.
      event.stopPropagation()
    }
  }

  return (
    <div className={`menu-wrap${alignEnd ? ' menu-end' : ''}`} ref={wrapRef}>
      <button
        ref={buttonRef}
        id={buttonId}
        type="button"
        className={className}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        aria-label={children ? label : undefined}
        title={title}
        onClick={() => (open ? close(false) : openAt(0))}
        onKeyDown={onButtonKey}
      >
        {children ?? label}
      </button>
      {open ? (
        <ul
          ref={menuRef}
          id={menuId}
          role="menu"
          aria-labelledby={buttonId}
          className="menu"
          onKeyDown={onMenuKey}
        >
          {items.map((item, i) => (
            <li
              key={item.id}
              role="menuitem"
              tabIndex={i === active ? 0 : -1}
              aria-current={item.current ? 'page' : undefined}
              aria-labelledby={`${menuId}-${item.id}-l`}
              aria-describedby={item.hint ? `${menuId}-${item.id}-h` : undefined}
              className="menu-item"
              onClick={() => pick(item)}
              onPointerMove={() => {
                if (i !== active) setActive(i)
              }}
            >
              {item.icon ? <span className="menu-item-icon">{item.icon}</span> : null}
              <span className="menu-item-text">
                <span className="menu-item-label" id={`${menuId}-${item.id}-l`}>
                  {item.label}
                </span>
                {item.hint ? (
                  <span className="menu-item-hint" id={`${menuId}-${item.id}-h`}>
                    {item.hint}
                  </span>
                ) : null}
              </span>
              {item.current ? (
                <span className="menu-item-current" aria-hidden="true">
                  ✓
                </span>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  )
}
