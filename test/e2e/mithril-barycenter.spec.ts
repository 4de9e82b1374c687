/**
 * The Servers screen's Mithril sign-in (SMS code, attempts left, the confirmation before the
 * last attempt, resend countdown, phone change) and Barycenter rollout (users from a file,
 * status per user, only passkey users enforced, force per user, progress bar, stop and resume,
 * undo per user and per run, report), driven in Chromium over the real handler table against
 * the REAL reference server on 127.0.0.1 sharing the harness's clock. No Mithril token and no
 * password may cross into the page.
 */
import type { Page } from '@playwright/test'
import { MITHRIL_USER, type RefServer } from '../../tools/ref-server/server'
import { expect, test, type Harness } from './harness/fixtures'
import { openServers, refServer } from './harness/servers'
import { axe } from './harness/axe'

function card(page: Page, name: string) {
  return page.getByRole('listitem').filter({ has: page.getByRole('heading', { name, level: 3 }) })
}

async function addMithril(page: Page, ref: RefServer): Promise<void> {
  await page.getByRole('button', { name: 'Add server' }).click()
  await page.getByLabel('Name').fill('Health ID')
  await page.getByLabel('Type').selectOption({ label: 'Mithril' })
  await expect(page.getByLabel('Access token')).toHaveCount(0)
  await page.getByLabel('Address').fill(ref.url)
  await page.getByLabel('Email').fill(MITHRIL_USER.email)
  await page.getByLabel('Client ID').fill(MITHRIL_USER.clientId)
  await page.getByRole('button', { name: 'Add server' }).click()
  await expect(page.getByRole('heading', { name: 'Health ID', level: 3 })).toBeVisible()
}

const sms = (ref: RefServer, phone: string = MITHRIL_USER.phone): string =>
  String(ref.mithril.lastCode(phone)).padStart(6, '0')
const wrong = (ref: RefServer, phone: string = MITHRIL_USER.phone): string =>
  String(ref.mithril.wrongCode(phone)).padStart(6, '0')
const verifies = (ref: RefServer) =>
  ref.requests.filter((q) => q.rawBody.includes('authorize_2fa_access_token')).length

function expectNoTokenCrossed(harness: Harness, ref: RefServer): void {
  const crossed = JSON.stringify(harness.crossings)
  for (const t of ref.mithril.tokens.keys()) {
    expect(crossed.includes(t), 'a Mithril token crossed into the page').toBe(false)
  }
  expect(crossed.includes(`"${MITHRIL_USER.password}"`)).toBe(false)
}

async function signIn(page: Page, harness?: Harness): Promise<void> {
  const health = card(page, 'Health ID')
  await health.getByRole('button', { name: 'Sign in to Health ID' }).click()
  await health.getByLabel(/Password for alice@example.org/).fill(MITHRIL_USER.password)
  if (harness) {
    await harness.screenshot('mithril-password')
    await axe(page, 'Mithril password step')
  }
  await health.getByRole('button', { name: 'Send SMS code' }).click()
  await expect(health.getByLabel('SMS code')).toBeVisible()
}

test.describe('Mithril sign-in on the Servers screen', () => {
  test('a wrong code shows attempts left; the last attempt needs a confirmation', async ({
    harness
  }) => {
    const ref = await refServer(harness)
    try {
      const page = await openServers(harness)
      await addMithril(page, ref)
      const health = card(page, 'Health ID')
      await expect(health).toContainText('Not signed in')
      await signIn(page, harness)
      await expect(health.getByRole('status').first()).toContainText('3 attempts')
      await harness.screenshot('mithril-code')

      // Not 6 digits: refused in the page, nothing sent, no attempt used.
      await health.getByLabel('SMS code').fill('12345')
      await health.getByRole('button', { name: 'Sign in', exact: true }).click()
      await expect(health.getByRole('alert')).toContainText('exactly 6 digits')
      expect(verifies(ref)).toBe(0)

      await health.getByLabel('SMS code').fill(wrong(ref))
      await health.getByRole('button', { name: 'Sign in', exact: true }).click()
      await expect(health.getByRole('alert')).toHaveText('Wrong code.')
      await expect(health.locator('.attempts')).toHaveText(
        '2 attempts left before your account is blocked.'
      )
      // Said once: the attempts line, not again in the error under the field.
      await expect(health.getByText(/attempts? left/)).toHaveCount(1)
      await expect(health.getByRole('button', { name: /New code in \d+ s/ })).toBeDisabled()
      await harness.screenshot('mithril-wrong-code')
      await axe(page, 'Mithril code form after a wrong code')

      await health.getByLabel('SMS code').fill(wrong(ref))
      await health.getByRole('button', { name: 'Sign in', exact: true }).click()
      await expect(health.locator('.attempts')).toHaveText(
        '1 attempt left before your account is blocked.'
      )
      const sent = verifies(ref)
      expect(sent).toBe(2)

      // The last attempt: a confirmation first, and nothing goes until it is given.
      await health.getByLabel('SMS code').fill(sms(ref))
      await health.getByRole('button', { name: 'Sign in', exact: true }).click()
      const confirm = health.getByRole('alertdialog')
      await expect(confirm).toContainText('This is your last attempt')
      await expect(confirm.getByRole('button', { name: 'Send my last attempt' })).toBeFocused()
      expect(verifies(ref)).toBe(sent)
      await harness.screenshot('mithril-confirm-last')
      await axe(page, 'Mithril last-attempt confirmation')
      await confirm.getByRole('button', { name: 'Send my last attempt' }).click()
      await expect(health.getByRole('status')).toContainText('Signed in to Health ID')
      await expect(health.locator('.badge')).toHaveText('Signed in')
      expect(verifies(ref)).toBe(sent + 1)
      await harness.screenshot('mithril-signed-in')
      await axe(page, 'Mithril signed in')
      expectNoTokenCrossed(harness, ref)
    } finally {
      await ref.close()
    }
  })

  test('a confirmed wrong last attempt shows the block and offers no code field', async ({
    harness
  }) => {
    const ref = await refServer(harness)
    try {
      const page = await openServers(harness)
      await addMithril(page, ref)
      const health = card(page, 'Health ID')
      await signIn(page)
      for (let i = 0; i < 2; i++) {
        await health.getByLabel('SMS code').fill(wrong(ref))
        await health.getByRole('button', { name: 'Sign in', exact: true }).click()
        await expect(health.locator('.attempts')).toContainText(`${2 - i} attempt`)
      }
      await health.getByLabel('SMS code').fill(wrong(ref))
      await health.getByRole('button', { name: 'Sign in', exact: true }).click()
      await health.getByRole('button', { name: 'Send my last attempt' }).click()
      await expect(health.getByRole('alert')).toContainText('blocked your account')
      await expect(health.getByLabel('SMS code')).toHaveCount(0)
      expect(verifies(ref)).toBe(3)
      // What the page says is what the server did.
      expect(ref.mithril.users.get(MITHRIL_USER.email)?.blocked).toBe(true)
      await harness.screenshot('mithril-blocked')
      await axe(page, 'Mithril blocked account')
    } finally {
      await ref.close()
    }
  })

  test('resend waits for its countdown; the phone is changed with a code to the new one', async ({
    harness
  }) => {
    const ref = await refServer(harness)
    try {
      const page = await openServers(harness)
      await addMithril(page, ref)
      const health = card(page, 'Health ID')
      await signIn(page)
      await expect(health.getByRole('button', { name: 'New code in 20 s' })).toBeDisabled()
      await harness.setTime(harness.now() + 20_000)
      await health.getByRole('button', { name: 'Send a new code' }).click()
      await expect(health.getByRole('button', { name: 'New code in 20 s' })).toBeDisabled()
      expect(ref.mithril.sms).toHaveLength(2)
      await health.getByLabel('SMS code').fill(sms(ref))
      await health.getByRole('button', { name: 'Sign in', exact: true }).click()
      await expect(health.locator('.badge')).toHaveText('Signed in')
      await health.getByRole('button', { name: 'Close' }).click()

      await harness.setTime(harness.now() + 20_000)
      await health.getByRole('button', { name: 'Change phone for Health ID' }).click()
      const phone = '+380671112233'
      await health.getByLabel('New phone number').fill(phone)
      await harness.screenshot('mithril-phone-number')
      await axe(page, 'Mithril new phone number step')
      await health.getByRole('button', { name: 'Send code' }).click()
      await expect(health).toContainText('A code was sent by SMS to the new phone')
      await expect(health.locator('.badge')).toHaveText('Not signed in')
      await harness.screenshot('mithril-phone')
      await axe(page, 'Mithril phone change code form')
      await health.getByLabel('SMS code').fill(sms(ref, phone))
      await health.getByRole('button', { name: 'Confirm phone' }).click()
      await expect(health.getByRole('status')).toContainText('The new phone is set')
      expect(ref.mithril.users.get(MITHRIL_USER.email)?.phone).toBe(phone)
      await expect(health.locator('.badge')).toHaveText('Signed in')

      await health.getByRole('button', { name: 'Sign out of Health ID' }).click()
      await expect(health.locator('.badge')).toHaveText('Not signed in')
      expectNoTokenCrossed(harness, ref)
    } finally {
      await ref.close()
    }
  })
})

const enc = (s: string): Uint8Array => new TextEncoder().encode(s)

async function addBarycenter(page: Page, ref: RefServer, check = false): Promise<void> {
  await page.getByRole('button', { name: 'Add server' }).click()
  await page.getByLabel('Name').fill('Barycenter admin')
  await page.getByLabel('Type').selectOption({ label: 'Barycenter' })
  await expect(page.getByText('Barycenter has no self-service 2FA')).toBeVisible()
  await expect(page.getByLabel('Access token')).toHaveCount(0)
  await page.getByLabel('Address').fill('https://admin.example.org')
  await expect(page.getByRole('note', { name: 'Admin API warning' })).toContainText(
    'no authentication'
  )
  if (check) await axe(page, 'Barycenter add form with its warning')
  await page.getByLabel('Address').fill(ref.url)
  await expect(page.getByRole('note', { name: 'Admin API warning' })).toContainText('plain http')
  await page.getByRole('button', { name: 'Add server' }).click()
  await expect(page.getByRole('heading', { name: 'Barycenter admin', level: 3 })).toBeVisible()
}

test.describe('Barycenter rollout on the Servers screen', () => {
  test('users from a file, only passkey users enforced, force per user, undo, report', async ({
    harness
  }) => {
    const ref = await refServer(harness)
    try {
      ref.barycenter.addUser({ username: 'ann', passkeyCount: 2 })
      ref.barycenter.addUser({ username: 'bob', passkeyCount: 0 })
      ref.barycenter.addUser({ username: 'carl', passkeyCount: 0 })
      ref.barycenter.addUser({ username: 'dora', passkeyCount: 1, requires2fa: true })
      const page = await openServers(harness)
      await addBarycenter(page, ref, true)
      const bary = card(page, 'Barycenter admin')
      await expect(bary.locator('.badge')).toHaveText('Admin API')
      await bary.getByRole('button', { name: 'Roll out 2FA with Barycenter admin' }).click()

      harness.usersLists.push({
        name: 'staff.csv',
        bytes: enc('username,team\nann,a\nbob,b\ncarl,c\ndora,d\nghost,e\n')
      })
      await bary.getByRole('button', { name: 'Load users from a file' }).click()
      await expect(bary.getByText('staff.csv: 5 users.')).toContainText(
        '1 ready (passkey), 2 not ready, 1 already required, 1 unknown'
      )
      await expect(bary.getByRole('row', { name: /bob/ })).toContainText('Not ready: no passkey')
      await expect(bary.getByRole('row', { name: /ghost/ })).toContainText('No such user')
      await bary.getByRole('checkbox', { name: 'Force 2FA for carl' }).check()
      await expect(bary).toContainText('Forced without a passkey: carl')
      await harness.screenshot('barycenter-users')
      await axe(page, 'Barycenter users and status')

      await bary.getByRole('button', { name: 'Require 2FA for 2 users' }).click()
      await expect(bary.getByRole('progressbar', { name: 'Rollout progress' })).toHaveAttribute(
        'value',
        '5'
      )
      await expect(bary.getByText('5 of 5 users.')).toContainText(
        '1 enforced, 1 forced, 1 already required, 1 not ready, 1 unknown, 0 failed'
      )
      const results = bary.getByRole('table', { name: 'Results per user' })
      await expect(results.getByRole('row', { name: /ann/ })).toContainText('2FA now required')
      await expect(results.getByRole('row', { name: /bob/ })).toContainText('Not ready')
      await expect(results.getByRole('row', { name: /carl/ })).toContainText('forced, no passkey')
      await expect(results.getByRole('row', { name: /dora/ })).toContainText('Already required')
      expect(ref.barycenter.mutations).toEqual([
        { username: 'ann', required: true },
        { username: 'carl', required: true }
      ])
      await harness.screenshot('barycenter-rollout')
      await axe(page, 'Barycenter rollout results')

      await results.getByRole('button', { name: 'Undo for carl' }).click()
      await expect(results.getByRole('row', { name: /carl/ })).toContainText(
        '2FA no longer required'
      )
      expect(ref.barycenter.users.get('carl')?.requires2fa).toBe(false)
      await bary.getByRole('button', { name: 'Undo this run' }).click()
      await expect(bary.getByRole('status').last()).toContainText(
        '2FA is no longer required for 1 user.'
      )
      expect(ref.barycenter.users.get('ann')?.requires2fa).toBe(false)
      expect(ref.barycenter.users.get('dora')?.requires2fa).toBe(true)

      await bary.getByRole('button', { name: 'Save report (CSV)' }).click()
      await expect(bary.getByText(/Report saved \(5 users\)/)).toBeVisible()
      const csv = harness.saved.at(-1)
      expect(csv?.defaultName).toMatch(/^barycenter-.*\.csv$/)
      expect(csv?.content).toContain('bob,not-ready,0')
      expect(csv?.content).toContain('ann,undone')

      const audit = page.getByRole('region', { name: 'Audit records' })
      await expect(audit).toContainText('Enforce 2FA')
      await expect(audit).toContainText('Undo 2FA')
    } finally {
      await ref.close()
    }
  })

  test('a stopped run of 300 users resumes: nobody enforced twice, nobody skipped', async ({
    harness
  }) => {
    const ref = await refServer(harness)
    try {
      const users = Array.from({ length: 300 }, (_, i) => `user${String(i).padStart(3, '0')}`)
      users.forEach((u, i) => ref.barycenter.addUser({ username: u, passkeyCount: i % 3 }))
      const page = await openServers(harness)
      await addBarycenter(page, ref)
      const bary = card(page, 'Barycenter admin')
      await bary.getByRole('button', { name: 'Roll out 2FA with Barycenter admin' }).click()
      harness.usersLists.push({ name: 'all.txt', bytes: enc(`${users.join('\n')}\n`) })
      await bary.getByRole('button', { name: 'Load users from a file' }).click()
      await expect(bary.getByText('all.txt: 300 users.')).toBeVisible()
      // Slow enough to press Stop in the middle.
      ref.addFault({ kind: 'slow', route: 'barycenter.jobs', delayMs: 15, times: 400 })
      await bary.getByRole('button', { name: 'Require 2FA for 200 users' }).click()
      const bar = bary.getByRole('progressbar', { name: 'Rollout progress' })
      await expect
        .poll(async () => Number(await bar.getAttribute('value')), { timeout: 20_000 })
        .toBeGreaterThan(20)
      await harness.screenshot('barycenter-progress')
      await bary.getByRole('button', { name: 'Stop' }).click()
      await expect(bary.getByRole('alert')).toContainText('Stopped')
      await axe(page, 'Barycenter stopped run')
      const before = ref.barycenter.mutations.length
      expect(before).toBeGreaterThan(0)
      expect(before).toBeLessThan(200)
      ref.clearFaults()

      await bary.getByRole('button', { name: /Resume run/ }).click()
      await expect(bary.getByText('300 of 300 users.')).toContainText('200 enforced')
      const enforced = ref.barycenter.mutations.map((m) => m.username)
      expect(new Set(enforced).size).toBe(enforced.length)
      expect(enforced.length).toBe(200)
    } finally {
      await ref.close()
    }
  })
})
