/** The codes screen's search field, which shortcuts anywhere in the window can focus. */

/** The search field's id, so shortcuts anywhere can focus it. */
export const SEARCH_INPUT_ID = 'account-search'

export function focusSearch(): void {
  const input = document.getElementById(SEARCH_INPUT_ID)
  if (input instanceof HTMLInputElement) {
    input.focus()
    input.select()
  }
}
