import { useId } from 'react'
import { useVaultStore } from '../../stores/vault'
import { VaultNotice, VaultScreen } from './vault-screen'

/** A vault that cannot be read: what happened, where the files are, how to restore the backup. */
export function CorruptVault() {
  const status = useVaultStore((s) => s.status)
  const corruptError = useVaultStore((s) => s.corruptError)
  const load = useVaultStore((s) => s.load)
  const titleId = useId()
  const error = corruptError ??
    status?.error ?? {
      code: 'VAULT_CORRUPT' as const,
      message: 'The vault file cannot be read; Tessera left it untouched.'
    }
  const backup =
    status?.backupPath ?? (typeof error.details?.path === 'string' ? error.details.path : null)

  return (
    <VaultScreen titleId={titleId} state="corrupt">
      <h2 id={titleId}>Tessera can’t open your vault</h2>
      <VaultNotice title="What happened" message={error.message} />
      <dl className="vault-paths">
        <dt>Vault file</dt>
        <dd>
          <code>{status?.path ?? 'vault.json in Tessera’s data folder'}</code>
        </dd>
        <dt>Last good copy</dt>
        <dd>{backup ? <code>{backup}</code> : <span className="muted">None yet</span>}</dd>
      </dl>
      <p className="vault-lead">
        Tessera has not changed the file and will not write over it, so nothing more is lost.
      </p>
      {error.code === 'IO' ? (
        // The file is fine but cannot be used as it is (the folder's permissions, a link or a
        // pipe in its place): the message says what to fix; the backup steps do not apply.
        <p className="vault-lead">Fix what is described above, then choose Check again.</p>
      ) : backup ? (
        <>
          <h3 className="vault-steps-title">To go back to the last good copy</h3>
          <ol className="vault-steps">
            <li>Quit Tessera.</li>
            <li>
              Move the damaged vault file somewhere safe (keep it, in case it can be repaired).
            </li>
            <li>
              Rename the last good copy to <code>vault.json</code>.
            </li>
            <li>Open Tessera again and unlock as usual.</li>
          </ol>
        </>
      ) : (
        <p className="vault-lead">
          There is no backup yet. Restore <code>vault.json</code> from your own backups, or move it
          away to start a new, empty vault.
        </p>
      )}
      <div className="vault-actions">
        <button type="button" className="primary vault-primary" onClick={() => void load()}>
          Check again
        </button>
      </div>
    </VaultScreen>
  )
}
