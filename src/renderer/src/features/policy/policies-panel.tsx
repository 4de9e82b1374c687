/**
 * Settings → Policies: every policy IT set, the value in force and where it was set (HKLM, HKCU,
 * the macOS profile, the policy file), and the warnings of the last read (a malformed value, an
 * untrusted file). The same list `tessera policy` prints.
 */
import { useId } from 'react'
import {
  POLICY_SOURCE_LABELS,
  type PolicyEntryView,
  type PolicyJson
} from '../../../../shared/policy'
import { usePolicyStore } from '../../stores/policy'
import { ManagedBadge, useAdminContact } from './managed-note'
import './policy.css'

/** A value as an administrator wrote it: lists of servers by name, the rest as JSON. */
function show(value: PolicyJson): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return 'none'
    return value
      .map((v) =>
        v !== null && typeof v === 'object' && !Array.isArray(v) && typeof v['name'] === 'string'
          ? v['name']
          : JSON.stringify(v)
      )
      .join(', ')
  }
  return value === null ? 'not set' : typeof value === 'string' ? value : JSON.stringify(value)
}

function Entry({ entry }: { entry: PolicyEntryView }) {
  return (
    <li>
      <span className="policy-name">{entry.name}</span>:{' '}
      <span className="policy-value">{show(entry.value)}</span>
      <span className="policy-source">
        {POLICY_SOURCE_LABELS[entry.source]} · {entry.location}
        {entry.overridden.length > 0
          ? ` (also set in: ${entry.overridden.map((s) => POLICY_SOURCE_LABELS[s]).join(', ')})`
          : ''}
      </span>
      {entry.status === 'invalid' ? (
        <span className="policy-invalid">
          The value set is not valid, so the most restrictive one applies.
        </span>
      ) : null}
    </li>
  )
}

export function PoliciesPanel() {
  const snapshot = usePolicyStore((s) => s.snapshot)
  const contact = useAdminContact()
  const titleId = useId()
  if (!snapshot) return null
  const { entries, warnings } = snapshot
  return (
    <section className="card policies-panel" aria-labelledby={titleId}>
      <h2 id={titleId}>Policies</h2>
      {entries.length === 0 ? (
        <p className="hint">No policies are set on this computer: every setting is yours.</p>
      ) : (
        <>
          <p className="hint">
            <ManagedBadge /> Your organization set{' '}
            {entries.length === 1 ? 'this policy' : `these ${entries.length} policies`}; the
            settings they govern are locked. {contact}
          </p>
          <ul className="policy-list" aria-label="Policies in force">
            {entries.map((e) => (
              <Entry key={e.name} entry={e} />
            ))}
          </ul>
        </>
      )}
      {warnings.length > 0 ? (
        <div className="policy-warnings" role="note">
          <strong>Problems with the policies</strong>
          <ul>
            {warnings.map((w, i) => (
              <li key={i}>{w.message}</li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  )
}
