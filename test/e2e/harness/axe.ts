/**
 * One accessibility check for every screen: axe-core must find no serious or critical violation
 * in the light AND the dark colour scheme, and must actually have run its checks (an empty or
 * blank page passes nothing, so a zero-violation result alone proves little).
 */
import type { Page } from '@playwright/test'
import { expect } from './fixtures'

/** Fewer passing checks than this means axe looked at an empty or unrendered page. */
const MIN_PASSES = 10

export async function axe(page: Page, label: string): Promise<void> {
  const { AxeBuilder } = await import('@axe-core/playwright')
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme })
    const { violations, passes } = await new AxeBuilder({ page }).analyze()
    expect(passes.length, `axe ran its checks on ${label} (${scheme})`).toBeGreaterThan(MIN_PASSES)
    expect(
      violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
      `${label} (${scheme})`
    ).toEqual([])
  }
  await page.emulateMedia({ colorScheme: 'light' })
}
