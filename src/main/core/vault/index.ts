export { Vault, vaultMissing } from './vault'
export type {
  CreateVaultOptions,
  LockReason,
  SlotType,
  VaultEvent,
  VaultOptions,
  VaultState,
  VaultStatus
} from './vault'
export { DEFAULT_SCRYPT, DEFAULT_SETTINGS, MIN_SCRYPT_N } from './format'
export type { ScryptParams, VaultSettings } from './format'
export type { Timers } from './auto-lock'
