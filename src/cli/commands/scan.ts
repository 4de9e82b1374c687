import { basename } from 'node:path'
import { AppError } from '../../shared/errors'
import { scanFiles } from '../../main/core/qr'
import type { CliCommand } from '../command'

/**
 * `tessera scan <image>... [--dry-run]`: reads QR codes from image files (PNG, JPEG, WebP, GIF)
 * and adds the accounts they hold (otpauth:// codes and Google Authenticator exports) in one
 * vault write. Accounts already in the vault (same secret) and repeats are skipped.
 * All or nothing: if any file cannot be read or holds no QR code, nothing is added and the
 * command fails with that file's error (exit 2).
 */
export const scanCommand: CliCommand = {
  name: 'scan',
  summary: 'Add the accounts in QR code images (setup codes, Google Authenticator exports).',
  usage: '<image>...',
  description:
    'Reads every QR code in each image (PNG, JPEG, WebP, GIF first frame) and adds the accounts\n' +
    'they hold in one step. Accounts whose secret is already in the vault are skipped. If any\n' +
    'file has no QR code or cannot be read, nothing is added (exit code 2).\n' +
    'With --dry-run the vault is not opened: it only lists what the images hold.',
  flags: {
    'dry-run': { type: 'boolean', description: 'List what was found; add nothing.' }
  },
  args: { min: 1, max: 1000 },
  async run(ctx) {
    const dryRun = Boolean(ctx.flags['dry-run'])
    const vault = dryRun ? undefined : await ctx.openVault()
    const out = await scanFiles([...ctx.args], vault ? { existing: vault.list() } : {})

    const found = out.view.codes.map((c) => ({
      file: c.source,
      kind: c.kind,
      explanation: c.explanation,
      ...(c.batch ? { batch: c.batch } : {}),
      ...(c.error ? { error: c.error } : {}),
      accounts: c.accountKeys.map((k) => {
        const v = out.view.candidates.find((x) => x.key === k)!
        return { issuer: v.issuer, label: v.label, type: v.type }
      })
    }))
    const failed = out.files.find((f) => f.error)
    const toAdd = out.candidates.filter((c) => !c.duplicateOf && !c.sameAs)
    const skipped = out.candidates
      .filter((c) => c.duplicateOf || c.sameAs)
      .map((c) => ({
        issuer: c.account.issuer,
        label: c.account.label,
        reason: c.duplicateOf ? 'already in the vault' : 'repeated in the scanned images'
      }))
    const incomplete = out.view.batches.filter((b) => !b.complete)

    if (failed?.error) {
      // Report what the other files held, then fail with the bad file's error.
      if (!ctx.json) for (const f of found) ctx.stderr(`${f.file}: ${f.explanation}\n`)
      throw new AppError(failed.error.code, `${failed.error.message} Nothing was added.`, {
        details: { path: failed.path }
      })
    }

    const added = vault && toAdd.length > 0 ? await vault.addMany(toAdd.map((c) => c.account)) : []
    const lines: string[] = []
    for (const f of out.files)
      lines.push(`${f.path}: ${f.codes} ${f.codes === 1 ? 'QR code' : 'QR codes'}`)
    for (const f of found) {
      lines.push(`${f.file}: ${f.explanation}`)
      for (const a of f.accounts)
        lines.push(`  ${a.issuer ? `${a.issuer}: ` : ''}${a.label} (${a.type})`)
    }
    for (const s of skipped)
      lines.push(`Skipped ${s.issuer ? `${s.issuer}: ` : ''}${s.label}: ${s.reason}.`)
    for (const b of incomplete) lines.push(b.message)
    lines.push(
      dryRun
        ? `Dry run: ${toAdd.length} ${toAdd.length === 1 ? 'account' : 'accounts'} would be added.`
        : `Added ${added.length} ${added.length === 1 ? 'account' : 'accounts'}.`
    )
    ctx.print(
      {
        dryRun,
        // Every file named, in order, with how many QR codes it held.
        files: out.files.map((f) => ({ file: basename(f.path), path: f.path, codes: f.codes })),
        found,
        added: added.map((a) => ({ id: a.id, issuer: a.issuer, label: a.label })),
        ...(dryRun
          ? { wouldAdd: toAdd.map((c) => ({ issuer: c.account.issuer, label: c.account.label })) }
          : {}),
        skipped,
        batches: out.view.batches
      },
      lines.join('\n')
    )
  }
}
