/**
 * `npm run ref-server [-- --port N --max-failures N --ttl-seconds N --ucloud go|kotlin]`: starts
 * the reference 2FA server on 127.0.0.1 and prints its URL and an access token to try enrollment
 * end to end. UCloud answers as its current (Go) server unless `--ucloud kotlin` is given.
 */
import { MITHRIL_USER, startRefServer, type UCloudGeneration } from './server'

function arg(name: string): number | undefined {
  const i = process.argv.indexOf(`--${name}`)
  const v = i >= 0 ? process.argv[i + 1] : undefined
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined
}

function ucloudGeneration(): UCloudGeneration {
  const i = process.argv.indexOf('--ucloud')
  const v = i >= 0 ? process.argv[i + 1] : 'go'
  if (v === 'go' || v === 'kotlin') return v
  process.stderr.write('--ucloud takes "go" (the current server) or "kotlin" (the older one).\n')
  process.exit(2)
}

const port = arg('port')
const maxFailures = arg('max-failures')
const ttl = arg('ttl-seconds')
const server = await startRefServer({
  control: true,
  ucloudGeneration: ucloudGeneration(),
  ...(port !== undefined ? { port } : {}),
  ...(maxFailures !== undefined ? { maxFailures } : {}),
  ...(ttl !== undefined ? { challengeTtlMs: ttl * 1000 } : {})
})

// Barycenter has no users of its own in the reference server; a few to try a rollout on.
const BARYCENTER_DEMO = [
  { username: 'ada', passkeyCount: 2, passkeyEnrolledAt: 1_760_000_000 },
  { username: 'grace', passkeyCount: 1, passkeyEnrolledAt: 1_761_000_000 },
  { username: 'carol', passkeyCount: 1, requires2fa: true, passkeyEnrolledAt: 1_759_000_000 },
  { username: 'bob', passkeyCount: 0 }
]
for (const u of BARYCENTER_DEMO) server.barycenter.addUser(u)

process.stdout.write(
  [
    `Tessera reference 2FA server listening on ${server.url}`,
    `URL:      ${server.url}`,
    `Token:    ${server.token}`,
    `Password: password   (for Vantage "disable")`,
    '',
    `UCloud:   the ${server.ucloudGeneration === 'go' ? 'current (Go) server: QR-only secret, 6-digit string codes' : 'older (Kotlin) server: secret field, integer codes'} (--ucloud go|kotlin)`,
    '',
    `Mithril:  ${MITHRIL_USER.email} / ${MITHRIL_USER.password}, phone ${MITHRIL_USER.phone}, client id ${MITHRIL_USER.clientId}`,
    '',
    `          npm run tessera -- server add ehealth --type mithril --url ${server.url} --email ${MITHRIL_USER.email} --client-id ${MITHRIL_USER.clientId}`,
    '',
    `Barycenter admin (no authentication): ${server.url}/admin/jobs, users ${BARYCENTER_DEMO.map((u) => u.username).join(', ')}`,
    `          npm run tessera -- server add idp --type barycenter --url ${server.url}`,
    '',
    'Every API is served: UCloud (--type ucloud) and Vantage (--type vantage), e.g.',
    `  echo ${server.token} | npm run tessera -- server add ref --type ucloud --url ${server.url} --token-stdin`,
    '',
    'Faults (bearer token required):',
    `  curl -XPOST -H "Authorization: Bearer ${server.token}" ${server.url}/__control/faults \\`,
    `       -d '{"kind":"status","route":"ucloud.answer","status":503}'`,
    `  kinds: drop | status | slow (delayMs) | malformed | mismatch (QR vs secret, ucloud.create);`,
    `  "after": true commits first; "times": N`,
    `  curl -XPOST ... ${server.url}/__control/skew -d '{"ms":120000}'`,
    `  curl -H "Authorization: Bearer ${server.token}" ${server.url}/__control/state`,
    'Press Ctrl+C to stop.',
    ''
  ].join('\n')
)

const stop = (): void => {
  void server.close().then(() => process.exit(0))
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
