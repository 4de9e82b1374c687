/**
 * What a user sees beside a control IT governs: the "Managed by your organization" badge, what
 * the policy decides, and whom to ask. A control it explains points at it with
 * `aria-describedby`, so a screen reader hears why the control is disabled.
 */
import type { ReactNode } from 'react'
import { MANAGED_LABEL } from '../../../../shared/policy'
import { usePolicyStore } from '../../stores/policy'
import './policy.css'

/** "Ask Jane (https://it.example)", or the generic advice when IT named nobody. */
export function useAdminContact(): string {
  const admin = usePolicyStore((s) => s.snapshot?.admin)
  if (admin?.name && admin.url) return `Ask ${admin.name} (${admin.url}) to change it.`
  if (admin?.name) return `Ask ${admin.name} to change it.`
  if (admin?.url) return `Ask your IT department (${admin.url}) to change it.`
  return 'Ask your IT department to change it.'
}

/** The badge alone (for a heading, a server card). */
export function ManagedBadge() {
  return <span className="managed-badge">{MANAGED_LABEL}</span>
}

export function ManagedNote({ id, children }: { id?: string; children: ReactNode }) {
  const contact = useAdminContact()
  return (
    <p id={id} className="managed-note">
      <ManagedBadge /> {children} {contact}
    </p>
  )
}
