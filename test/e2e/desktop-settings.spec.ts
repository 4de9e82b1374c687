/**
 * Settings › On the desktop, over the real handler table with the global shortcut and login items
 * played by test/helpers/desktop-double.ts (the real ShortcutManager over a fake globalShortcut):
 * a shortcut recorded from a key press is registered and saved and pressing it opens Quick copy;
 * one another app holds, or a plain letter, says so and the previous one keeps working; start at
 * login asks the OS and start hidden follows it; close to tray is saved for this computer.
 */
import { expect, test } from './harness/fixtures'
import { axe } from './harness/axe'
import { fromMenu } from './harness/header'

test('record a Quick copy shortcut; a taken one or a plain letter is refused and the old one kept', async ({
  harness
}) => {
  const { page, desktop } = harness
  await harness.open()
  await fromMenu(page, 'Settings')
  const section = page.getByRole('region', { name: 'On the desktop' })
  const recorder = section.getByRole('button', { name: /^Quick copy shortcut/ })
  await expect(recorder).toHaveText('Ctrl+Shift+A')
  await expect(section.getByRole('status')).toHaveText(
    'Ctrl+Shift+A opens Quick copy from anywhere.'
  )

  // Record Ctrl+Alt+K: registered in place of the old one, saved, and it opens Quick copy.
  await recorder.click()
  await expect(recorder).toHaveText('Press the new shortcut… (Esc cancels)')
  await page.keyboard.press('Control+Alt+KeyK')
  await expect(recorder).toHaveText('Ctrl+Alt+K')
  await expect(section.getByRole('status')).toHaveText('Ctrl+Alt+K opens Quick copy from anywhere.')
  expect(desktop.registered()).toEqual(['CommandOrControl+Alt+K'])
  expect(harness.main.services.device.get().quickCopyShortcut).toBe('CommandOrControl+Alt+K')
  expect(desktop.press('CommandOrControl+Alt+K')).toBe(true)
  expect(desktop.opened()).toBe(1)

  // Another app holds Ctrl+Alt+T: refused, and Ctrl+Alt+K still works.
  desktop.taken.add('CommandOrControl+Alt+T')
  await recorder.click()
  await page.keyboard.press('Control+Alt+KeyT')
  await expect(section.getByRole('alert')).toHaveText(
    'Another app already uses Ctrl+Alt+T. Choose another shortcut, or free it in that app. Ctrl+Alt+K still opens Quick copy.'
  )
  await expect(recorder).toHaveText('Ctrl+Alt+K')
  expect(desktop.registered()).toEqual(['CommandOrControl+Alt+K'])
  await harness.screenshot('settings-desktop-taken')
  await axe(page, 'settings desktop section')

  // A plain letter would fire in every app: refused with a reason, nothing changes.
  await recorder.click()
  await page.keyboard.press('KeyQ')
  await expect(section.getByRole('alert')).toContainText('Ctrl+Alt+K still opens Quick copy.')
  expect(desktop.registered()).toEqual(['CommandOrControl+Alt+K'])

  // Esc while recording cancels; nothing is asked of the system.
  await recorder.click()
  await page.keyboard.press('Escape')
  await expect(recorder).toHaveText('Ctrl+Alt+K')

  // Back to the default, then off.
  await section.getByRole('button', { name: 'Use Ctrl+Shift+A' }).click()
  await expect(recorder).toHaveText('Ctrl+Shift+A')
  expect(desktop.registered()).toEqual(['CommandOrControl+Shift+A'])
  await section.getByRole('button', { name: 'Turn off' }).click()
  await expect(recorder).toHaveText('None')
  expect(desktop.registered()).toEqual([])
  expect(harness.main.services.device.get().quickCopyShortcut).toBeNull()
})

test('start at login asks the system; start hidden follows it; close to tray is saved', async ({
  harness
}) => {
  const { page, desktop } = harness
  await harness.open()
  await fromMenu(page, 'Settings')
  const section = page.getByRole('region', { name: 'On the desktop' })
  const atLogin = section.getByRole('checkbox', { name: 'Start Tessera when I log in' })
  const hidden = section.getByRole('checkbox', { name: 'Start hidden in the tray' })
  const toTray = section.getByRole('checkbox', {
    name: 'Closing the window keeps Tessera running in the tray'
  })
  await expect(atLogin).not.toBeChecked()
  await expect(hidden).toBeDisabled()

  // The system refuses: the box stays off and the message says so.
  desktop.failLoginItem = 'The system did not accept the change to starting Tessera at login.'
  await atLogin.click()
  await expect(section.getByRole('alert')).toHaveText(
    'The system did not accept the change to starting Tessera at login.'
  )
  await expect(atLogin).not.toBeChecked()
  expect(desktop.loginItems).toEqual([])

  await atLogin.click()
  await expect(atLogin).toBeChecked()
  await expect(hidden).toBeEnabled()
  await expect(section.getByRole('alert')).toHaveCount(0)
  await hidden.click()
  await expect(hidden).not.toBeChecked()
  expect(desktop.loginItems).toEqual([
    { startAtLogin: true, startHidden: true },
    { startAtLogin: true, startHidden: false }
  ])

  await toTray.click()
  await expect(toTray).toBeChecked()
  expect(harness.main.services.device.get()).toMatchObject({
    startAtLogin: true,
    startHidden: false,
    closeToTray: true
  })
  await harness.screenshot('settings-desktop')
})
