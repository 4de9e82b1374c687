/** What the list's buttons and keys do, with the toasts that confirm it. */
import { accountName } from '../../../../shared/code-format'
import type { AccountView } from '../../../../shared/model'
import { useAccountsStore } from '../../stores/accounts'
import { useCodesStore } from '../../stores/codes'
import { useToastStore } from '../../stores/toast'
import { useViewStore } from '../../stores/view'

const toast = (...args: Parameters<ReturnType<typeof useToastStore.getState>['show']>): void =>
  useToastStore.getState().show(...args)

export async function copyCode(account: AccountView): Promise<void> {
  const name = accountName(account.issuer, account.label)
  const result = await useCodesStore.getState().copy(account.id)
  if (!result.ok) {
    toast(result.error.message, { tone: 'error' })
    return
  }
  const { clearsInSeconds } = result.value
  toast(
    clearsInSeconds === null
      ? `Copied the code for ${name}.`
      : `Copied the code for ${name}. Tessera clears the clipboard in ${clearsInSeconds} s.`
  )
}

export async function advanceCounter(account: AccountView): Promise<void> {
  const err = await useCodesStore.getState().advance(account.id)
  if (err) toast(err.message, { tone: 'error' })
}

export async function toggleFavorite(account: AccountView): Promise<void> {
  const err = await useAccountsStore.getState().update(account.id, { favorite: !account.favorite })
  if (err) toast(err.message, { tone: 'error' })
}

/** Deletes, then offers Undo while main still keeps the account. */
export async function deleteAccount(account: AccountView): Promise<boolean> {
  const name = accountName(account.issuer, account.label)
  const result = await useAccountsStore.getState().remove(account.id)
  if (!result.ok) {
    toast(result.error.message, { tone: 'error' })
    return false
  }
  toast(`Deleted ${name}.`, {
    action: {
      label: 'Undo',
      run: async () => {
        const restored = await useAccountsStore.getState().restore(account.id)
        if (!restored.ok) {
          toast(restored.error.message, { tone: 'error' })
          return
        }
        useViewStore.getState().select(restored.value.id, true)
        toast(`Restored ${name}.`)
      }
    }
  })
  return true
}

/**
 * Moves `account` to where `target` is in `shown` (the filtered list): before it when moving up,
 * after it when moving down, in the full manual order.
 */
export async function moveOnto(
  account: AccountView,
  target: AccountView,
  shown: readonly AccountView[]
): Promise<void> {
  if (account.id === target.id) return
  const from = shown.findIndex((a) => a.id === account.id)
  const to = shown.findIndex((a) => a.id === target.id)
  let beforeId: string | null = target.id
  if (from >= 0 && to > from) {
    const all = useAccountsStore.getState().accounts.filter((a) => a.id !== account.id)
    const at = all.findIndex((a) => a.id === target.id)
    beforeId = all[at + 1]?.id ?? null
  }
  const err = await useAccountsStore.getState().move(account.id, beforeId)
  if (err) toast(err.message, { tone: 'error' })
}

export async function sortByName(): Promise<void> {
  const err = await useAccountsStore.getState().sortByName()
  toast(err ? err.message : 'Sorted by name.', err ? { tone: 'error' } : undefined)
}
