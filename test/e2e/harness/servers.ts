/**
 * The Servers screen's e2e helpers: a reference server on 127.0.0.1 that shares the harness's
 * clock (its URL attached to the test), and the Servers screen opened with its heading focused.
 */
import type { Page } from '@playwright/test'
import {
  startRefServer,
  type RefServer,
  type RefServerOptions
} from '../../../tools/ref-server/server'
import { expect, test, type Harness } from './fixtures'
import { fromMenu } from './header'

export async function refServer(
  harness: Harness,
  opts: Omit<RefServerOptions, 'now'> = {}
): Promise<RefServer> {
  const ref = await startRefServer({ ...opts, now: () => harness.now() })
  test
    .info()
    .attach('ref-server', { body: ref.url })
    .catch(() => undefined)
  return ref
}

export async function openServers(harness: Harness): Promise<Page> {
  const { page } = harness
  await harness.open()
  await fromMenu(page, 'Servers')
  await expect(page.getByRole('heading', { name: 'Servers', level: 2 })).toBeFocused()
  return page
}
