/**
 * Small word tables of the Servers screen. (What to do after an enrollment error is in the
 * catalogue main writes the error messages from: src/shared/enroll-messages.ts.)
 */
import type { ErrorShape } from '../../../../shared/errors'

/** Where a form error from the core belongs. */
export function fieldOf(error: ErrorShape): 'name' | 'baseUrl' | 'token' | null {
  if (error.code === 'DUPLICATE') return 'name'
  if (error.code === 'INSECURE_URL') return 'baseUrl'
  const m = error.message.toLowerCase()
  if (m.includes('token')) return 'token'
  if (m.includes('address') || m.includes('url')) return 'baseUrl'
  if (m.includes('name')) return 'name'
  return null
}

export const TYPE_LABELS = {
  ucloud: 'UCloud',
  vantage: 'Vantage',
  mithril: 'Mithril',
  barycenter: 'Barycenter'
} as const
