/**
 * The policy file (`/etc/tessera/policy.json` on Linux and macOS, for config management). It is
 * honoured only when both the file and its folder are owned by root and writable by nobody else:
 * anything a user could write is not policy. A symbolic link, a folder, a device, a file over
 * {@link MAX_POLICY_FILE_BYTES} or nested deeper than {@link MAX_POLICY_JSON_DEPTH} is refused
 * with a warning that says what to fix; Tessera then starts as if the file were not there.
 */
import { constants } from 'node:fs'
import { lstat, open, watch } from 'node:fs/promises'
import type { Stats } from 'node:fs'
import { dirname } from 'node:path'
import { jsonDepthExceeds } from '../../json-depth'
import type { PolicyWarning } from '../../../../shared/policy'
import type { PolicyReading, RawPolicyValue } from '../merge'

/** Far more than any real policy file (a few KiB), far less than would slow a start. */
export const MAX_POLICY_FILE_BYTES = 256 * 1024

/** The deepest nesting a policy file needs is 3 (EnrollmentServers); 16 leaves room. */
export const MAX_POLICY_JSON_DEPTH = 16

export interface PolicyFileOptions {
  /**
   * The only owner trusted: root (0). Unit tests of the parsing never change it; the rules are
   * tested for real as root.
   */
  trustedUid?: number
}

function octal(mode: number): string {
  return '0' + (mode & 0o777).toString(8).padStart(3, '0')
}

function untrusted(path: string, why: string, fix: string): PolicyReading {
  return ignored(path, 'file-untrusted', `${why}, so Tessera ignores it. ${fix}`)
}

function ignored(path: string, code: PolicyWarning['code'], message: string): PolicyReading {
  return {
    source: 'file',
    location: path,
    status: 'ignored',
    values: [],
    warnings: [{ code, source: 'file', message: `Policy file ${path}: ${message}` }]
  }
}

/** Why `st` may not be trusted as root's, or null when it may. */
function ownershipProblem(st: Stats, what: string, trustedUid: number): string | null {
  if (st.uid !== trustedUid) return `${what} is owned by uid ${st.uid}, not root`
  if ((st.mode & 0o022) !== 0) {
    return `${what} can be changed by users other than root (mode ${octal(st.mode)})`
  }
  return null
}

const FIX_OWNER = 'Run: chown root:root FILE && chmod 644 FILE (and chmod 755 on its folder).'

async function lstatOrNull(path: string): Promise<Stats | null> {
  try {
    return await lstat(path)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw err
  }
}

/**
 * Parses the policy file's text into raw values (or says why it cannot). Exported for tests
 * and for `tessera policy --check FILE`-style tooling; trust checks happen in
 * {@link readPolicyFile}.
 */
export function parsePolicyFileText(
  path: string,
  bytes: Uint8Array
): { ok: true; values: RawPolicyValue[] } | { ok: false; reason: string } {
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return { ok: false, reason: 'is not UTF-8 text. Save it as UTF-8 JSON.' }
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
  if (jsonDepthExceeds(text, MAX_POLICY_JSON_DEPTH)) {
    return {
      ok: false,
      reason: `nests deeper than ${MAX_POLICY_JSON_DEPTH} levels; no policy needs that. Check the file.`
    }
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (err) {
    const why = err instanceof SyntaxError ? err.message : 'it is not JSON'
    return { ok: false, reason: `is not valid JSON (${why}). Check it with a JSON validator.` }
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return {
      ok: false,
      reason: 'must hold one JSON object, like {"ExportMode": "disabled"}.'
    }
  }
  return {
    ok: true,
    values: Object.entries(parsed as Record<string, unknown>).map(([key, value]) => ({
      key,
      value
    }))
  }
}

/**
 * Reads the policy file at `path` if it is there and trustworthy. Never throws: every problem is
 * a reading with status `ignored` (or `failed` for an unexpected I/O error) and a warning.
 */
export async function readPolicyFile(
  path: string,
  options: PolicyFileOptions = {}
): Promise<PolicyReading> {
  const trustedUid = options.trustedUid ?? 0
  const folder = dirname(path)
  const fix = FIX_OWNER.replaceAll('FILE', path)
  try {
    const dirStat = await lstatOrNull(folder)
    if (dirStat === null) return absent(path)
    if (dirStat.isSymbolicLink() || !dirStat.isDirectory()) {
      return untrusted(
        path,
        `its folder ${folder} is not a real folder (a link or a file)`,
        `Make ${folder} a folder owned by root.`
      )
    }
    const dirProblem = ownershipProblem(dirStat, `its folder ${folder}`, trustedUid)
    if (dirProblem) return untrusted(path, dirProblem, fix)

    const st = await lstatOrNull(path)
    if (st === null) return absent(path)
    if (st.isSymbolicLink()) {
      return untrusted(
        path,
        'is a symbolic link',
        'Put the policy file itself there, owned by root.'
      )
    }
    if (st.isDirectory()) {
      return untrusted(path, 'is a folder, not a file', 'Replace it with the policy file.')
    }
    if (!st.isFile()) {
      return untrusted(path, 'is not a regular file', 'Replace it with the policy file.')
    }
    const problem = ownershipProblem(st, 'it', trustedUid)
    if (problem) return untrusted(path, problem, fix)
    if (st.size > MAX_POLICY_FILE_BYTES) {
      return ignored(
        path,
        'file-unusable',
        `is ${st.size} bytes, over the ${MAX_POLICY_FILE_BYTES / 1024} KiB a policy file may have, so Tessera ignores it. A policy file is a few KiB; check what was written there.`
      )
    }

    // O_NOFOLLOW and the inode check close the gap between lstat and open (a swap for a link).
    const handle = await open(
      path,
      constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK
    )
    let bytes: Uint8Array
    try {
      const now = await handle.stat()
      if (now.ino !== st.ino || now.dev !== st.dev || !now.isFile()) {
        return untrusted(path, 'changed while it was being read', 'Tessera reads it again shortly.')
      }
      const again = ownershipProblem(now, 'it', trustedUid)
      if (again) return untrusted(path, again, fix)
      const size = Math.min(now.size, MAX_POLICY_FILE_BYTES)
      const buffer = Buffer.alloc(size)
      const { bytesRead } = await handle.read(buffer, 0, size, 0)
      bytes = buffer.subarray(0, bytesRead)
    } finally {
      await handle.close()
    }

    const parsed = parsePolicyFileText(path, bytes)
    if (!parsed.ok) return ignored(path, 'file-unusable', `${parsed.reason} Tessera ignores it.`)
    return { source: 'file', location: path, status: 'read', values: parsed.values, warnings: [] }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'an error'
    return {
      source: 'file',
      location: path,
      status: 'failed',
      values: [],
      warnings: [
        {
          code: 'file-unusable',
          source: 'file',
          message: `Policy file ${path}: Tessera could not read it (${code}). Check that it is a readable file.`
        }
      ]
    }
  }
}

function absent(path: string): PolicyReading {
  return { source: 'file', location: path, status: 'absent', values: [], warnings: [] }
}

/**
 * Calls `onChange` when something in the policy file's folder changes (config management
 * usually replaces the file by renaming, which a watch on the file itself would miss). Returns
 * the function that stops watching; a folder that does not exist (yet) is not watched, so the
 * service's periodic re-read covers that.
 */
export function watchPolicyFolder(path: string, onChange: () => void): () => void {
  const controller = new AbortController()
  void (async () => {
    try {
      for await (const _event of watch(dirname(path), { signal: controller.signal })) onChange()
    } catch {
      // Gone, not allowed, or aborted: the periodic re-read still applies changes.
    }
  })()
  return () => controller.abort()
}
