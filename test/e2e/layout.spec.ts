/**
 * The window's chrome as a user at the default 480 px sees it: three header controls (Add, a
 * split button; Menu, labelled; Lock) on one line, a breadcrumb that keeps its words on every
 * screen, the split button leading to each of its three flows, both menus working from the
 * keyboard alone (APG menu button), and the empty list and Add screen offering Scan and Import.
 */
import type { Page } from '@playwright/test'
import { axe } from './harness/axe'
import { expect, test, type Harness } from './harness/fixtures'
import { fromAddMenu, fromMenu } from './harness/header'

const HEADER_BUTTONS = ['Add account', 'More ways to add', 'Menu', 'Lock']

async function withAccount(harness: Harness): Promise<Page> {
  await harness.open()
  const added = await harness.store.addMany([
    {
      issuer: 'Example Corp',
      label: 'alice@example.com',
      tags: [],
      otp: {
        type: 'totp',
        secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
        algorithm: 'SHA1',
        digits: 6,
        period: 30,
        counter: 0
      }
    }
  ])
  harness.emit('accounts:changed', { reason: 'added', ids: added.map((a) => a.id) })
  const page = harness.page
  await expect(page.getByRole('list', { name: 'Accounts' }).getByRole('listitem')).toHaveCount(1)
  return page
}

async function expectOneLine(page: Page, names: string[]) {
  const width = page.viewportSize()!.width
  const header = page.locator('.app-header')
  const boxes = []
  for (const name of names) {
    const button = header.getByRole('button', { name, exact: true })
    await expect(button, name).toBeVisible()
    const box = (await button.boundingBox())!
    boxes.push({ name, ...box, title: await button.getAttribute('title') })
  }
  const mid = boxes[0]!.y + boxes[0]!.height / 2
  for (const b of boxes) {
    expect(Math.abs(b.y + b.height / 2 - mid), `${b.name} is on the header's line`).toBeLessThan(3)
    expect(b.x + b.width, `${b.name} is inside the window`).toBeLessThanOrEqual(width)
    expect(b.title, `${b.name} has a tooltip`).toBeTruthy()
  }
}

/** The breadcrumb shows all its words and does not run under the header's buttons. */
async function expectBreadcrumb(page: Page, words: string) {
  const crumb = page.locator('.app-header .screen-title')
  await expect(crumb).toHaveText(words)
  const fit = await crumb.evaluate((el) => {
    const actions = el.parentElement!.querySelector('.header-actions')!.getBoundingClientRect()
    const box = el.getBoundingClientRect()
    return { clipped: el.scrollWidth > el.clientWidth, right: box.right, actions: actions.left }
  })
  expect(fit.clipped, `"${words}" is not clipped`).toBe(false)
  expect(fit.right, `"${words}" ends before the buttons`).toBeLessThanOrEqual(fit.actions)
}

test('at 480 px: Add, Menu and Lock on one line; the breadcrumb keeps its words', async ({
  harness
}) => {
  const page = await withAccount(harness)
  expect(page.viewportSize()?.width).toBe(480)
  await expectOneLine(page, HEADER_BUTTONS)
  // "Menu" keeps its word at the smallest size: it is the one control whose icon says little.
  await expect(page.locator('.app-header').getByText('Menu', { exact: true })).toBeVisible()
  await harness.screenshot('header-narrow')
  await axe(page, 'codes at 480 px')

  await page.getByRole('button', { name: 'Add account', exact: true }).click()
  await expectBreadcrumb(page, 'Add account')
  await expectOneLine(page, ['Back to codes', 'Menu', 'Lock'])
  await harness.screenshot('header-add-narrow')
  await fromMenu(page, 'Settings')
  await expectBreadcrumb(page, 'Settings')
  await fromMenu(page, 'Servers')
  await expectBreadcrumb(page, 'Servers')
  await expectOneLine(page, ['Back to codes', 'Menu', 'Lock'])

  // Wider windows have room for the words.
  await page.setViewportSize({ width: 1024, height: 768 })
  await page.getByRole('button', { name: 'Back to codes' }).click()
  await expect(page.locator('.app-header').getByText('Add account', { exact: true })).toBeVisible()
  await expect(page.locator('.app-header').getByText('Lock', { exact: true })).toBeVisible()
  await expectOneLine(page, HEADER_BUTTONS)
  await harness.screenshot('header-wide')
  await page.getByRole('button', { name: 'More ways to add' }).click()
  await harness.screenshot('header-add-menu-wide')
  await page.keyboard.press('Escape')
  await page.getByRole('button', { name: 'Menu', exact: true }).click()
  await harness.screenshot('header-menu-wide')
})

test('the split Add button leads to each of its three flows, and its main part to the form', async ({
  harness
}) => {
  const page = await withAccount(harness)

  await fromAddMenu(page, 'Scan QR code')
  const scan = page.getByRole('dialog', { name: 'Scan a QR code' })
  await expect(scan.getByRole('button', { name: 'Scan screen' })).toBeVisible()
  await scan.getByRole('button', { name: 'Close' }).click()
  await expect(scan).toHaveCount(0)

  await fromAddMenu(page, 'Enter a key or link')
  await expect(page.getByRole('main', { name: 'Add account' })).toBeVisible()
  await expect(page.getByRole('heading', { name: 'Enter a setup key' })).toBeVisible()
  await page.getByRole('button', { name: 'Back to codes' }).click()

  await fromAddMenu(page, 'Import from another app')
  const imp = page.getByRole('dialog', { name: 'Import accounts' })
  await expect(imp.getByRole('button', { name: 'Choose file…' })).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(imp).toHaveCount(0)
  // Focus went back to the control that opened the flow.
  await expect(page.getByRole('button', { name: 'More ways to add' })).toBeFocused()

  await page.getByRole('button', { name: 'Add account', exact: true }).click()
  await expect(page.getByRole('main', { name: 'Add account' })).toBeVisible()
})

test('keyboard only: Tab to Add and Menu, arrows, Home/End, a letter, Esc and Enter', async ({
  harness
}) => {
  const page = await withAccount(harness)
  const toggle = page.getByRole('button', { name: 'More ways to add' })
  const menuButton = page.getByRole('button', { name: 'Menu', exact: true })
  const addMenu = page.getByRole('menu', { name: 'More ways to add' })
  const item = (name: string) => page.getByRole('menuitem', { name })

  // Tab order: the header's controls come first, in the order they are shown.
  await page.locator('body').focus()
  await page.keyboard.press('Tab')
  await expect(page.getByRole('button', { name: 'Add account', exact: true })).toBeFocused()
  await page.keyboard.press('Tab')
  await expect(toggle).toBeFocused()
  await expect(toggle).toHaveAttribute('aria-haspopup', 'menu')
  await expect(toggle).toHaveAttribute('aria-expanded', 'false')

  // Enter opens on the first item; the arrows go round; Home and End jump.
  await page.keyboard.press('Enter')
  await expect(addMenu).toBeVisible()
  await expect(toggle).toHaveAttribute('aria-expanded', 'true')
  await expect(item('Scan QR code')).toBeFocused()
  await page.keyboard.press('ArrowDown')
  await expect(item('Enter a key or link')).toBeFocused()
  await page.keyboard.press('ArrowDown')
  await page.keyboard.press('ArrowDown')
  await expect(item('Scan QR code')).toBeFocused()
  await page.keyboard.press('ArrowUp')
  await expect(item('Import from another app')).toBeFocused()
  await page.keyboard.press('Home')
  await expect(item('Scan QR code')).toBeFocused()
  await page.keyboard.press('End')
  await expect(item('Import from another app')).toBeFocused()
  await harness.screenshot('header-add-menu')
  await axe(page, 'the Add menu')

  // Esc closes onto the button; typing in the open menu does not search the list.
  await page.keyboard.press('Escape')
  await expect(addMenu).toHaveCount(0)
  await expect(toggle).toBeFocused()
  await expect(toggle).toHaveAttribute('aria-expanded', 'false')

  // ArrowUp opens on the last item; Enter picks it.
  await page.keyboard.press('ArrowUp')
  await expect(item('Import from another app')).toBeFocused()
  await page.keyboard.press('Enter')
  const imp = page.getByRole('dialog', { name: 'Import accounts' })
  await expect(imp).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(imp).toHaveCount(0)
  await expect(toggle).toBeFocused()

  // Menu: Space opens it; a letter jumps; Enter goes to that screen.
  await page.keyboard.press('Tab')
  await expect(menuButton).toBeFocused()
  await page.keyboard.press(' ')
  await expect(item('Import…')).toBeFocused()
  await page.keyboard.press('s')
  await expect(item('Servers')).toBeFocused()
  await page.keyboard.press('s')
  await expect(item('Settings')).toBeFocused()
  await expect(page.getByRole('searchbox', { name: 'Search accounts' })).toHaveValue('')
  await harness.screenshot('header-menu')
  await axe(page, 'the header menu')
  await page.keyboard.press('Enter')
  await expect(page.getByRole('main', { name: 'Settings' })).toBeVisible()

  // On Settings the menu marks it; Esc closes only the menu, a second Esc leaves the screen.
  await menuButton.focus()
  await page.keyboard.press('ArrowDown')
  await expect(item('Settings')).toHaveAttribute('aria-current', 'page')
  await expect(item('Servers')).not.toHaveAttribute('aria-current', 'page')
  await page.keyboard.press('Escape')
  await expect(page.getByRole('menu')).toHaveCount(0)
  await expect(page.getByRole('main', { name: 'Settings' })).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(page.getByRole('main', { name: 'Codes' })).toBeVisible()

  // Tab out of an open menu closes it.
  await menuButton.focus()
  await page.keyboard.press('Enter')
  await expect(page.getByRole('menu', { name: 'Menu' })).toBeVisible()
  await page.keyboard.press('Tab')
  await expect(page.getByRole('menu')).toHaveCount(0)

  // Export from the keyboard: second item.
  await menuButton.focus()
  await page.keyboard.press('Enter')
  await page.keyboard.press('ArrowDown')
  await expect(item('Export…')).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(page.getByRole('dialog', { name: 'Export accounts' })).toBeVisible()
})

test('a click outside closes an open menu and does nothing else', async ({ harness }) => {
  const page = await withAccount(harness)
  await page.getByRole('button', { name: 'Menu', exact: true }).click()
  await expect(page.getByRole('menu', { name: 'Menu' })).toBeVisible()
  await page.locator('.app-header h1').click()
  await expect(page.getByRole('menu')).toHaveCount(0)
  await expect(page.getByRole('main', { name: 'Codes' })).toBeVisible()
})

test('Servers is a view: the menu, Back and Esc lead in and out; focus follows', async ({
  harness
}) => {
  const page = await withAccount(harness)
  const codes = page.getByRole('main', { name: 'Codes' })

  await fromMenu(page, 'Servers')
  await expect(page.getByRole('main', { name: 'Servers' })).toBeVisible()
  await expect(page.getByRole('heading', { name: 'Servers', level: 2 })).toBeFocused()
  await expect(codes).toHaveCount(0)
  await expect(page.getByRole('main')).toHaveCount(1)

  // Esc: back to the codes, keyboard focus on the search.
  await page.keyboard.press('Escape')
  await expect(codes).toBeVisible()
  await expect(page.getByRole('searchbox', { name: 'Search accounts' })).toBeFocused()

  // Another screen from the menu replaces it; Back returns to the codes.
  await fromMenu(page, 'Servers')
  await fromMenu(page, 'Settings')
  await expect(page.getByRole('main', { name: 'Settings' })).toBeVisible()
  await fromMenu(page, 'Servers')
  await page.getByRole('button', { name: 'Back to codes' }).click()
  await expect(codes).toBeVisible()
  await expect(page.getByRole('list', { name: 'Accounts' }).getByRole('listitem')).toHaveCount(1)
})

test('the empty list and the Add screen offer Scan and Import, not only typing', async ({
  harness
}) => {
  const { page } = harness
  await harness.open()
  await expect(page.getByText('No accounts yet.')).toBeVisible()
  await harness.screenshot('codes-empty')
  await page.getByRole('button', { name: 'Scan a QR code' }).click()
  await expect(page.getByRole('dialog', { name: 'Scan a QR code' })).toBeVisible()
  await page.keyboard.press('Escape')
  await page.getByRole('button', { name: 'Import from another app' }).click()
  await expect(page.getByRole('dialog', { name: 'Import accounts' })).toBeVisible()
  await page.keyboard.press('Escape')
  await page.getByRole('button', { name: 'Enter a setup key or link' }).click()
  await expect(page.getByRole('main', { name: 'Add account' })).toBeVisible()

  const add = page.getByRole('main', { name: 'Add account' })
  await expect(add.getByRole('heading', { name: 'Scan or import' })).toBeVisible()
  await add.getByRole('button', { name: 'Scan a QR code' }).click()
  await expect(page.getByRole('dialog', { name: 'Scan a QR code' })).toBeVisible()
  await page.keyboard.press('Escape')
  await add.getByRole('button', { name: 'Import from another app' }).click()
  await expect(page.getByRole('dialog', { name: 'Import accounts' })).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(add).toBeVisible()
  await harness.screenshot('add-screen')
  await page.setViewportSize({ width: 1024, height: 768 })
  await harness.screenshot('add-screen-wide')
})
