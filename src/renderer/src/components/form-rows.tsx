import { useId, type InputHTMLAttributes, type ReactNode, type Ref } from 'react'

/** A checkbox with its label after it (`.check`), as the settings and the account dialog use. */
export function CheckRow({
  id,
  label,
  checked,
  disabled,
  describedBy,
  onChange
}: {
  id?: string
  label: ReactNode
  checked: boolean
  disabled?: boolean
  /** The id of what explains the box (a policy's managed note). */
  describedBy?: string
  onChange(checked: boolean): void
}) {
  const ownId = useId()
  const inputId = id ?? ownId
  return (
    <div className="check">
      <input
        id={inputId}
        type="checkbox"
        checked={checked}
        disabled={disabled}
        aria-describedby={describedBy}
        onChange={(e) => onChange(e.target.checked)}
      />
      <label htmlFor={inputId}>{label}</label>
    </div>
  )
}

/**
 * A labelled choice of numbers (`.field`): `value` is shown with `format`, and a value that is
 * not among `options` (set by policy or an older version) is kept in the list so it shows.
 */
export function SelectRow({
  id,
  label,
  value,
  options,
  format,
  hint,
  disabled,
  describedBy,
  children,
  onChange
}: {
  id?: string
  label: string
  value: number
  options: readonly number[]
  format(n: number): string
  hint?: ReactNode
  disabled?: boolean
  /** The id of what explains the choice (a policy's managed note, passed as `children`). */
  describedBy?: string
  /** Shown under the hint (a policy's managed note). */
  children?: ReactNode
  onChange(value: number): void
}) {
  const ownId = useId()
  const selectId = id ?? ownId
  const shown = options.includes(value) ? options : [...options, value].sort((a, b) => a - b)
  return (
    <div className="field">
      <label htmlFor={selectId}>{label}</label>
      <select
        id={selectId}
        value={value}
        disabled={disabled}
        aria-describedby={describedBy}
        onChange={(e) => onChange(Number(e.target.value))}
      >
        {shown.map((n) => (
          <option key={n} value={n}>
            {format(n)}
          </option>
        ))}
      </select>
      {hint ? <p className="hint">{hint}</p> : null}
      {children}
    </div>
  )
}

/**
 * A labelled text field (`.field`) with an optional hint under it, at `hintId` (default
 * `${id}-hint`) for the caller's `aria-describedby`, and anything else after it (`after`).
 */
export function TextRow({
  id,
  label,
  hint,
  hintId,
  after,
  inputRef,
  ...input
}: InputHTMLAttributes<HTMLInputElement> & {
  id: string
  label: string
  hint?: ReactNode
  hintId?: string
  after?: ReactNode
  inputRef?: Ref<HTMLInputElement>
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input {...input} id={id} ref={inputRef} />
      {hint ? (
        <p id={hintId ?? `${id}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
      {after}
    </div>
  )
}
