import { useShallow } from 'zustand/react/shallow'
import { useAccountsStore } from '../../stores/accounts'
import { CodeRow } from './code-row'

export function CodesList() {
  const { accounts, loaded, error } = useAccountsStore(
    useShallow((s) => ({ accounts: s.accounts, loaded: s.loaded, error: s.error }))
  )
  if (!loaded) {
    return (
      <p className="muted" role="status">
        Loading accounts…
      </p>
    )
  }
  if (error) {
    return (
      <p className="error" role="alert">
        {error.message}
      </p>
    )
  }
  if (accounts.length === 0) {
    return (
      <div className="empty">
        <p>No accounts yet.</p>
        <p className="muted">Paste an otpauth:// URI above to add your first one.</p>
      </div>
    )
  }
  return (
    <ul className="codes" aria-label="Accounts">
      {accounts.map((a) => (
        <CodeRow key={a.id} account={a} />
      ))}
    </ul>
  )
}
