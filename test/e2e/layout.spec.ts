/**
 * The window's chrome, as a user at the default 480 px width sees it: the header's seven controls
 * fit on one line (icons with their names kept for assistive technology and as tooltips), wider
 * windows show the text labels; and the Servers screen is one of the window's views, so the
 * header's other buttons, Back and Esc lead out of it and keyboard focus lands somewhere useful.
 */
import type { Page } from '@playwright/test'
import { axe } from './harness/axe'
import { expect, test, type Harness } from './harness/fixtures'

const HEADER_BUTTONS = [
  'Add account',
  'Settings',
  'Scan QR',
  'Servers',
  'Import accounts',
  'Export accounts',
  'Lock'
]

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

async function headerBoxes(page: Page) {
  const header = page.locator('.app-header')
  const boxes = []
  for (const name of HEADER_BUTTONS) {
    const button = header.getByRole('button', { name, exact: true })
    await expect(button, name).toBeVisible()
    const box = await button.boundingBox()
    if (!box) throw new Error(`${name} has no box`)
    boxes.push({ name, ...box, title: await button.getAttribute('title') })
  }
  return boxes
}

test('at 480 px the header is one line of named icon buttons inside the window', async ({
  harness
}) => {
  const page = await withAccount(harness)
  const viewport = page.viewportSize()
  expect(viewport?.width).toBe(480)
  const boxes = await headerBoxes(page)
  const top = boxes[0]!.y
  for (const b of boxes) {
    expect(Math.abs(b.y - top), `${b.name} is on the first line`).toBeLessThan(2)
    expect(b.x + b.width, `${b.name} is inside the window`).toBeLessThanOrEqual(480)
    expect(b.width, `${b.name} is an icon button`).toBeLessThanOrEqual(40)
    expect(b.title, `${b.name} has a tooltip`).toBeTruthy()
  }
  await harness.screenshot('header-narrow')
  await axe(page, 'codes at 480 px')

  // Wider windows have room for the words.
  await page.setViewportSize({ width: 800, height: 720 })
  const scan = page.locator('.app-header').getByRole('button', { name: 'Scan QR' })
  await expect.poll(async () => (await scan.boundingBox())?.width ?? 0).toBeGreaterThan(60)
  await harness.screenshot('header-wide')
})

test('Servers is a view: header buttons, Back and Esc leave it; focus follows', async ({
  harness
}) => {
  const page = await withAccount(harness)
  const servers = page.getByRole('button', { name: 'Servers' })
  const codes = page.getByRole('main', { name: 'Codes' })

  await servers.click()
  await expect(servers).toHaveAttribute('aria-pressed', 'true')
  await expect(page.getByRole('main', { name: 'Servers' })).toBeVisible()
  await expect(page.getByRole('heading', { name: 'Servers', level: 2 })).toBeFocused()
  await expect(codes).toHaveCount(0)
  await expect(page.getByRole('main')).toHaveCount(1)

  // Esc: back to the codes, keyboard focus on the search.
  await page.keyboard.press('Escape')
  await expect(codes).toBeVisible()
  await expect(servers).toHaveAttribute('aria-pressed', 'false')
  await expect(page.getByRole('searchbox', { name: 'Search accounts' })).toBeFocused()

  // The toggle closes it again.
  await servers.click()
  await expect(page.getByRole('main', { name: 'Servers' })).toBeVisible()
  await servers.click()
  await expect(codes).toBeVisible()

  // Another screen's button replaces it; Back returns to the codes.
  await servers.click()
  await page.getByRole('button', { name: 'Settings' }).click()
  await expect(page.getByRole('main', { name: 'Settings' })).toBeVisible()
  await expect(servers).toHaveAttribute('aria-pressed', 'false')
  await servers.click()
  await page.getByRole('button', { name: 'Back to codes' }).click()
  await expect(codes).toBeVisible()
  await expect(page.getByRole('list', { name: 'Accounts' }).getByRole('listitem')).toHaveCount(1)
})
