import { useId, type ReactNode } from 'react'

/** A checkbox with its label after it (`.check`), as the settings and the account dialog use. */
export function CheckRow({
  id,
  label,
  checked,
  disabled,
  onChange
}: {
  id?: string
  label: ReactNode
  checked: boolean
  disabled?: boolean
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
  onChange
}: {
  id?: string
  label: string
  value: number
  options: readonly number[]
  format(n: number): string
  hint?: ReactNode
  onChange(value: number): void
}) {
  const ownId = useId()
  const selectId = id ?? ownId
  const shown = options.includes(value) ? options : [...options, value].sort((a, b) => a - b)
  return (
    <div className="field">
      <label htmlFor={selectId}>{label}</label>
      <select id={selectId} value={value} onChange={(e) => onChange(Number(e.target.value))}>
        {shown.map((n) => (
          <option key={n} value={n}>
            {format(n)}
          </option>
        ))}
      </select>
      {hint ? <p className="hint">{hint}</p> : null}
    </div>
  )
}
