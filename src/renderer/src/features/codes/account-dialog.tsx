/** Edit one account: names, tags, favourite, its place in the list, its secret, delete. */
import { useId, useState, type FormEvent } from 'react'
import { accountName } from '../../../../shared/code-format'
import type { AccountView } from '../../../../shared/model'
import { Dialog } from '../../components/dialog'
import { useAccountsStore } from '../../stores/accounts'
import { useToastStore } from '../../stores/toast'
import { deleteAccount, moveOnto } from './actions'
import { RevealPanel } from './reveal-panel'
import { useViewStore } from '../../stores/view'
import { FieldError } from '../../components/field-error'
import { CheckRow, TextRow } from '../../components/form-rows'

function parseTags(text: string): string[] {
  return text
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean)
}

export function AccountDialog({ account, shown }: { account: AccountView; shown: AccountView[] }) {
  const edit = useViewStore((s) => s.edit)
  const update = useAccountsStore((s) => s.update)
  const [issuer, setIssuer] = useState(account.issuer)
  const [label, setLabel] = useState(account.label)
  const [tags, setTags] = useState(account.tags.join(', '))
  const [favorite, setFavorite] = useState(account.favorite)
  const [error, setError] = useState<{ field: string; message: string } | null>(null)
  const [confirmDelete, setConfirmDelete] = useState(false)
  const [busy, setBusy] = useState(false)
  const ids = {
    issuer: useId(),
    label: useId(),
    tags: useId(),
    fav: useId(),
    err: useId(),
    tagsHint: useId()
  }
  const name = accountName(account.issuer, account.label)
  const close = (): void => edit(null)
  const index = shown.findIndex((a) => a.id === account.id)

  const onSubmit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault()
    setBusy(true)
    const err = await update(account.id, { issuer, label, tags: parseTags(tags), favorite })
    setBusy(false)
    if (err) {
      const field = typeof err.details?.['field'] === 'string' ? err.details['field'] : 'form'
      setError({ field, message: err.message })
      return
    }
    useToastStore.getState().show(`Saved ${accountName(issuer.trim(), label.trim())}.`)
    close()
  }

  const move = async (delta: -1 | 1): Promise<void> => {
    const target = shown[index + delta]
    if (target) await moveOnto(account, target, shown)
  }

  const fieldError = (field: string) =>
    error && error.field === field ? { 'aria-invalid': true, 'aria-describedby': ids.err } : {}

  return (
    <Dialog title={`Edit ${name}`} onClose={close} className="account-dialog">
      <form onSubmit={(e) => void onSubmit(e)} noValidate className="form">
        <TextRow
          id={ids.issuer}
          label="Service"
          value={issuer}
          onChange={(e) => setIssuer(e.target.value)}
          autoComplete="off"
          {...fieldError('issuer')}
        />
        <TextRow
          id={ids.label}
          label="Account name"
          value={label}
          onChange={(e) => setLabel(e.target.value)}
          autoComplete="off"
          {...fieldError('label')}
        />
        <TextRow
          id={ids.tags}
          label="Tags"
          value={tags}
          onChange={(e) => setTags(e.target.value)}
          autoComplete="off"
          placeholder="work, personal"
          aria-describedby={error?.field === 'tags' ? ids.err : ids.tagsHint}
          hint="Separate tags with commas. Filter the list by a tag above the accounts."
          hintId={ids.tagsHint}
        />
        <CheckRow
          id={ids.fav}
          label="Favourite (pinned to the top)"
          checked={favorite}
          onChange={setFavorite}
        />
        <FieldError id={ids.err}>{error?.message}</FieldError>
        <div className="dialog-actions">
          <button type="button" className="secondary" onClick={close}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy}>
            Save
          </button>
        </div>
      </form>

      <section className="dialog-section" aria-label="Order">
        <h3>Place in the list</h3>
        <div className="button-row">
          <button
            type="button"
            className="secondary"
            disabled={index <= 0}
            onClick={() => void move(-1)}
          >
            Move up
          </button>
          <button
            type="button"
            className="secondary"
            disabled={index < 0 || index >= shown.length - 1}
            onClick={() => void move(1)}
          >
            Move down
          </button>
        </div>
      </section>

      <section className="dialog-section" aria-label="Secret">
        <h3>Secret and QR code</h3>
        <RevealPanel id={account.id} name={name} />
      </section>

      <section className="dialog-section danger-zone" aria-label="Delete">
        <h3>Delete</h3>
        {confirmDelete ? (
          <div className="confirm">
            <p>
              Delete {name}? You can undo for a few seconds; after that, only the site’s setup key
              brings it back.
            </p>
            <div className="button-row">
              <button type="button" className="secondary" onClick={() => setConfirmDelete(false)}>
                Keep it
              </button>
              <button
                type="button"
                className="danger"
                onClick={() => {
                  close()
                  void deleteAccount(account)
                }}
              >
                Delete {name}
              </button>
            </div>
          </div>
        ) : (
          <button type="button" className="danger-outline" onClick={() => setConfirmDelete(true)}>
            Delete account…
          </button>
        )}
      </section>
    </Dialog>
  )
}
