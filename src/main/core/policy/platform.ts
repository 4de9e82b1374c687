/**
 * Which policy sources apply on this OS, built on the real ports. The app and the CLI both call
 * {@link createPolicyService}; tests build a PolicyService over their own sources.
 *
 * `TESSERA_POLICY_FILE` names one more policy file, read after `/etc/tessera/policy.json` (which
 * wins wherever both set a policy) under exactly the same rules: the file and its folder must be
 * owned by root and writable by nobody else. Tests use it to point the app and the CLI at a
 * policy file in a root-owned temporary folder. Why that cannot be used to escape policy:
 * it never replaces or outranks the system file, the registry or the profile, so it cannot
 * remove or loosen anything IT set there; and it can only add values from a file root wrote,
 * which a user cannot create. (A user who controls their own account can always run an
 * unmanaged copy of Tessera; policies are IT's settings for the installed app, not a sandbox.)
 */
import { homedir } from 'node:os'
import { APP_POLICY_DOMAIN, POLICY_FILE_PATH } from './definitions'
import { readProfilePolicies } from './sources/macos'
import { readPolicyFile, watchPolicyFolder } from './sources/file'
import { readRegistryPolicies } from './sources/registry'
import { createOsascriptRun, createRegExeQuery } from './sources/system'
import { PolicyService, type PolicySourcePort } from './service'
import type { PathContext } from './normalize'

/** Names one more root-owned policy file (tests; see the module comment for why it is safe). */
export const POLICY_FILE_ENV = 'TESSERA_POLICY_FILE'

/** A policy file source: read on a timer and whenever its folder changes. */
export function policyFileSource(path: string, intervalMs = 30_000): PolicySourcePort {
  return {
    id: `file:${path}`,
    intervalMs,
    read: async () => [await readPolicyFile(path)],
    watch: (onChange) => watchPolicyFolder(path, onChange)
  }
}

export interface PlatformPolicyOptions {
  platform?: NodeJS.Platform
  env?: Readonly<Record<string, string | undefined>>
  home?: string
}

/** The sources of this OS: registry (Windows), profile (macOS), the policy file (not Windows). */
export function platformPolicySources(options: PlatformPolicyOptions = {}): PolicySourcePort[] {
  const platform = options.platform ?? process.platform
  const env = options.env ?? process.env
  const sources: PolicySourcePort[] = []
  if (platform === 'win32') {
    const query = createRegExeQuery(env)
    sources.push({ id: 'registry', intervalMs: 60_000, read: () => readRegistryPolicies(query) })
    // Windows has no root-owned file to trust (ACLs, not modes): the registry is its source.
    return sources
  }
  if (platform === 'darwin') {
    const run = createOsascriptRun()
    sources.push({
      id: 'profile',
      intervalMs: 5 * 60_000,
      read: async () => [await readProfilePolicies(run, APP_POLICY_DOMAIN)]
    })
  }
  sources.push(policyFileSource(POLICY_FILE_PATH))
  const extra = env[POLICY_FILE_ENV]
  if (extra && extra.startsWith('/') && extra !== POLICY_FILE_PATH)
    sources.push(policyFileSource(extra))
  return sources
}

/** What DataDirectory's placeholders stand for on this machine. */
export function platformPathContext(options: PlatformPolicyOptions = {}): PathContext {
  return {
    platform: options.platform ?? process.platform,
    home: options.home ?? homedir(),
    env: options.env ?? process.env
  }
}

/** The policy service of this OS (not loaded yet: call `load()` before opening the vault). */
export function createPolicyService(options: PlatformPolicyOptions = {}): PolicyService {
  return new PolicyService({
    sources: platformPolicySources(options),
    paths: platformPathContext(options)
  })
}
