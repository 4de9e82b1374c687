import './transfer.css'

/** A small spinner for busy states; hidden from assistive technology (the text says it). */
export function Spinner() {
  return <span className="tx-spinner" aria-hidden="true" />
}
