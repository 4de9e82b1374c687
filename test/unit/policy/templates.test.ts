/**
 * The generated administrator templates: the committed copies in resources/policy-templates are
 * exactly what the policy list gives (run `npm run policy:templates` when this fails), the ADMX
 * and ADML parse and agree with each other, every policy appears with its type, the
 * .mobileconfig and the profile manifest parse as plists, and the JSON Schema accepts the
 * example policy file, which Tessera itself reads without a single warning.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { parse as parsePlist } from 'plist'
import { describe, expect, it } from 'vitest'
import {
  APP_POLICY_DOMAIN,
  POLICY_LIST,
  type PolicyDefinition
} from '../../../src/main/core/policy/definitions'
import { mergePolicyReadings } from '../../../src/main/core/policy/merge'
import { parsePolicyFileText } from '../../../src/main/core/policy/sources/file'
import { parseForcedPreferences } from '../../../src/main/core/policy/sources/macos'
import {
  DEFAULT_INPUT,
  renderAdml,
  renderAdmx,
  renderAllTemplates,
  supportedOnId
} from '../../../tools/policy-templates/render'
import { repoRoot } from '../../helpers/corpora'

const TEMPLATES = join(repoRoot, 'resources', 'policy-templates')
const files = renderAllTemplates()
const paths = { platform: 'linux' as const, home: '/home/ada', env: {} }

type Node = Record<string, unknown>
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  isArray: (name, jpath) =>
    ['policy', 'category', 'definition', 'presentation', 'item'].includes(name) ||
    String(jpath).endsWith('stringTable.string')
})

function parseXml(text: string): Node {
  const valid = XMLValidator.validate(text)
  expect(valid, JSON.stringify(valid)).toBe(true)
  return parser.parse(text) as Node
}

function admxPolicies(text: string): Node[] {
  const doc = parseXml(text)['policyDefinitions'] as Node
  return (doc['policies'] as Node)['policy'] as Node[]
}

describe('committed templates', () => {
  it('are exactly what npm run policy:templates writes from the list', () => {
    for (const [name, content] of Object.entries(files)) {
      let committed: string
      try {
        committed = readFileSync(join(TEMPLATES, name), 'utf8')
      } catch {
        throw new Error(
          `${name} is missing from resources/policy-templates: run npm run policy:templates`
        )
      }
      expect(committed, `${name} is stale: run npm run policy:templates`).toBe(content)
    }
  })

  it('regenerating gives byte-identical files (no dates, stable UUIDs)', () => {
    expect(renderAllTemplates()).toEqual(files)
  })
})

describe('ADMX and ADML', () => {
  const admx = files['windows/tessera.admx']!
  const adml = files['windows/en-US/tessera.adml']!

  it('every policy appears once, in the registry key, with the element of its type', () => {
    const policies = admxPolicies(admx)
    expect(policies.map((p) => p['@name'])).toEqual(POLICY_LIST.map((d) => d.name))
    for (const def of POLICY_LIST) {
      const p = policies.find((x) => x['@name'] === def.name)!
      expect(p['@key']).toBe('Software\\Policies\\Tessera')
      expect(p['@class']).toBe('Both')
      const elements = p['elements'] as Node | undefined
      const k = def.kind
      switch (k.type) {
        case 'boolean':
          expect(p['@valueName']).toBe(def.name)
          expect((p['enabledValue'] as Node)['decimal']).toEqual({ '@value': '1' })
          expect((p['disabledValue'] as Node)['decimal']).toEqual({ '@value': '0' })
          expect(elements).toBeUndefined()
          break
        case 'number':
          expect(elements!['decimal']).toMatchObject({
            '@id': def.name,
            '@valueName': def.name,
            '@minValue': String(k.min),
            '@maxValue': String(k.max)
          })
          break
        case 'string':
          expect(elements!['text']).toMatchObject({ '@id': def.name, '@valueName': def.name })
          break
        case 'enum': {
          const e = elements!['enum'] as Node
          expect(e['@valueName']).toBe(def.name)
          const items = e['item'] as Node[]
          expect(items.map((i) => (i['value'] as Node)['string'])).toEqual([...k.values])
          break
        }
        case 'list':
          expect(elements!['list']).toEqual({
            '@id': def.name,
            '@key': `Software\\Policies\\Tessera\\${def.name}`,
            '@valuePrefix': ''
          })
          break
        case 'servers':
          expect(elements!['multiText']).toMatchObject({ '@id': def.name, '@valueName': def.name })
          break
      }
    }
  })

  it('ids have no dots; every $(string.x) and $(presentation.x) exists in the ADML', () => {
    const ids = [...admx.matchAll(/\b(?:name|id|ref)="([^"]*)"/g)].map((m) => m[1]!)
    expect(ids.length).toBeGreaterThan(POLICY_LIST.length * 2)
    for (const id of ids) expect(id, id).not.toContain('.')

    const res = (parseXml(adml)['policyDefinitionResources'] as Node)['resources'] as Node
    const strings = new Map(
      ((res['stringTable'] as Node)['string'] as Node[]).map((s) => [s['@id'], s['#text']])
    )
    const presentations = (res['presentationTable'] as Node)['presentation'] as Node[]
    const presentationIds = new Set(presentations.map((p) => p['@id']))
    for (const [, id] of admx.matchAll(/\$\(string\.([^)]+)\)/g)) {
      expect(strings.has(id), `string ${id}`).toBe(true)
      expect(String(strings.get(id)).length).toBeGreaterThan(0)
    }
    for (const [, id] of admx.matchAll(/\$\(presentation\.([^)]+)\)/g)) {
      expect(presentationIds.has(id), `presentation ${id}`).toBe(true)
    }
    // Each presentation control refers to the element of the same policy.
    for (const p of presentations) {
      const control = Object.entries(p).find(([k]) => !k.startsWith('@'))![1] as Node
      expect(control['@refId']).toBe(p['@id'])
    }
    // The explain text carries the admin description.
    expect(strings.get('ExportMode_Explain')).toContain('encryptedOnly: only')
  })

  it('supportedOn has one definition per version and each policy points at its own', () => {
    const twoVersions: PolicyDefinition[] = POLICY_LIST.map((d, i) =>
      i % 2 === 0 ? d : { ...d, since: '0.10.0' }
    )
    const input = { ...DEFAULT_INPUT, policies: twoVersions }
    const doc = parseXml(renderAdmx(input))['policyDefinitions'] as Node
    const defs = ((doc['supportedOn'] as Node)['definitions'] as Node)['definition'] as Node[]
    expect(defs.map((d) => d['@name'])).toEqual(['Supported_0_1_0', 'Supported_0_10_0'])
    for (const p of (doc['policies'] as Node)['policy'] as Node[]) {
      const def = twoVersions.find((d) => d.name === p['@name'])!
      expect((p['supportedOn'] as Node)['@ref']).toBe(supportedOnId(def.since))
    }
    expect(renderAdml(input)).toContain(
      '<string id="Supported_0_10_0">Tessera 0.10.0 or later</string>'
    )
  })

  it('escapes text that XML would otherwise break on', () => {
    const tricky: PolicyDefinition[] = [
      { ...POLICY_LIST[1]!, title: 'A & B <c> "d"', description: "it's <b>bold</b> & more" }
    ]
    const adml = renderAdml({ ...DEFAULT_INPUT, policies: tricky })
    const res = (parseXml(adml)['policyDefinitionResources'] as Node)['resources'] as Node
    const strings = ((res['stringTable'] as Node)['string'] as Node[]).map((s) => s['#text'])
    expect(adml).toContain('A &amp; B &lt;c&gt; &quot;d&quot;')
    expect(strings).toContain('A & B <c> "d"')
  })
})

describe('macOS profile and manifest', () => {
  it('the .mobileconfig parses as a plist and Tessera reads its values with no warning', () => {
    const profile = parsePlist(files[`macos/${APP_POLICY_DOMAIN}.mobileconfig`]!) as Node
    expect(profile['PayloadType']).toBe('Configuration')
    const [payload] = profile['PayloadContent'] as Node[]
    expect(payload!['PayloadType']).toBe(APP_POLICY_DOMAIN)
    expect(String(payload!['PayloadUUID'])).toMatch(
      /^[0-9A-F]{8}-[0-9A-F]{4}-5[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$/
    )
    const forced = Object.fromEntries(
      Object.entries(payload!).filter(([k]) => !k.startsWith('Payload'))
    )
    const reading = parseForcedPreferences(APP_POLICY_DOMAIN, JSON.stringify({ forced }))
    const s = mergePolicyReadings([reading], { paths })
    expect(s.warnings).toEqual([])
    for (const def of POLICY_LIST) {
      if (def.example === null) continue
      expect(
        s.entries.find((e) => e.name === def.name),
        def.name
      ).toBeDefined()
    }
  })

  it('the profile manifest parses and describes every policy with its plist type', () => {
    const manifest = parsePlist(files[`macos/${APP_POLICY_DOMAIN}.plist`]!) as Node
    expect(manifest['pfm_domain']).toBe(APP_POLICY_DOMAIN)
    const subkeys = manifest['pfm_subkeys'] as Node[]
    const types: Record<PolicyDefinition['kind']['type'], string> = {
      boolean: 'boolean',
      number: 'integer',
      string: 'string',
      enum: 'string',
      list: 'array',
      servers: 'array'
    }
    for (const def of POLICY_LIST) {
      const key = subkeys.find((k) => k['pfm_name'] === def.name)
      expect(key, def.name).toBeDefined()
      expect(key!['pfm_type']).toBe(types[def.kind.type])
      expect(key!['pfm_app_min']).toBe(def.since)
      if (def.kind.type === 'enum') expect(key!['pfm_range_list']).toEqual([...def.kind.values])
      if (def.kind.type === 'number') expect(key!['pfm_range_max']).toBe(def.kind.max)
    }
  })
})

describe('JSON Schema and the example policy file', () => {
  const schema = JSON.parse(files['linux/policy.schema.json']!) as object
  const example = files['linux/policy.example.json']!
  const validate = new Ajv2020({ strict: true, allErrors: true }).compile(schema)

  it('the schema accepts the example, and Tessera reads the example with no warning', () => {
    expect(validate(JSON.parse(example)), JSON.stringify(validate.errors)).toBe(true)
    const parsed = parsePolicyFileText('/etc/tessera/policy.json', Buffer.from(example))
    if (!parsed.ok) throw new Error(parsed.reason)
    const s = mergePolicyReadings(
      [
        { source: 'file', location: 'example', status: 'read', values: parsed.values, warnings: [] }
      ],
      { paths }
    )
    expect(s.warnings).toEqual([])
    expect(s.entries.length).toBe(POLICY_LIST.filter((d) => d.example !== null).length)
  })

  it('the schema rejects what Tessera would refuse: unknown keys, wrong types, unknown choices', () => {
    expect(validate({ ExportMode: 'sometimes' })).toBe(false)
    expect(validate({ AutoLockMaxMinutes: 0 })).toBe(false)
    expect(validate({ RequireAppLock: 'true' })).toBe(false)
    expect(validate({ Exportmode: 'disabled' })).toBe(false)
    expect(validate({ AllowedImportSources: ['lastpass'] })).toBe(false)
    expect(validate({ EnrollmentServers: [{ name: 'x', type: 'ucloud' }] })).toBe(false)
    expect(validate({ $schema: 'x', ExportMode: 'disabled' })).toBe(true)
  })
})

describe('Markdown reference', () => {
  it('has a row and a section for every policy', () => {
    const md = files['README.md']!
    for (const def of POLICY_LIST) {
      expect(md).toContain(`| [${def.name}](#${def.name.toLowerCase()}) |`)
      expect(md).toContain(`## ${def.name}\n`)
    }
  })
})
