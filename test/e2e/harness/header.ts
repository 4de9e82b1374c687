/** The header's menus as a user reaches them: open the menu by its button, pick the item. */
import type { Page } from '@playwright/test'

export type MenuEntry = 'Import…' | 'Export…' | 'Servers' | 'Settings'
export type AddEntry = 'Scan QR code' | 'Enter a key or link' | 'Import from another app'

/** Menu → item (Import…, Export…, Servers, Settings). */
export async function fromMenu(page: Page, item: MenuEntry): Promise<void> {
  await page.locator('.app-header').getByRole('button', { name: 'Menu', exact: true }).click()
  await page.getByRole('menu', { name: 'Menu' }).getByRole('menuitem', { name: item }).click()
}

/** Add's menu part → item (Scan QR code, Enter a key or link, Import from another app). */
export async function fromAddMenu(page: Page, item: AddEntry): Promise<void> {
  await page.getByRole('button', { name: 'More ways to add', exact: true }).click()
  await page
    .getByRole('menu', { name: 'More ways to add' })
    .getByRole('menuitem', { name: item })
    .click()
}
