import { enrollServiceForVault } from '../../main/core/enroll/wire'
import type { CliCommand } from '../command'
import { profileByName } from './server'

export const statusCommand: CliCommand = {
  name: 'status',
  summary: "Show a server's two-factor status.",
  usage: '<server-name>',
  description:
    'JSON: {"server", "type", "enrolled": bool, "method"?, "clockSkewSeconds"? (only when over 30 s)}',
  args: { min: 1, max: 1 },
  async run(ctx) {
    const vault = await ctx.openVault()
    const { service, servers } = enrollServiceForVault(vault, ctx.dataDir)
    const profile = profileByName(servers, ctx.args[0]!)
    const st = await service.status(profile.id)
    const out: Record<string, unknown> = {
      server: st.server,
      type: st.type,
      enrolled: st.enrolled
    }
    if (st.enrolled && st.method) out.method = st.method
    const skewed = st.clockSkewSeconds !== undefined && Math.abs(st.clockSkewSeconds) > 30
    if (skewed) out.clockSkewSeconds = st.clockSkewSeconds
    const pending = service.pending(profile.id)
    const text = [
      `${st.server} (${st.type}): two-factor ${st.enrolled ? `on (${st.method ?? 'unknown method'})` : 'off'}`,
      ...(skewed
        ? [`Warning: the server's clock differs from this computer's by ${st.clockSkewSeconds} s.`]
        : []),
      ...(pending.length
        ? [
            `An unfinished enrollment is waiting: "tessera enroll ${st.server} --finish" or --discard.`
          ]
        : [])
    ].join('\n')
    ctx.print(out, text)
  }
}
