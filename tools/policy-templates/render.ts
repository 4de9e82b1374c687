/**
 * Renders the administrator templates from the one policy list (src/main/core/policy/
 * definitions.ts): ADMX + en-US ADML for Group Policy and Intune, an example .mobileconfig and a
 * profile manifest for macOS MDM, a JSON Schema and an example policy.json for the policy file,
 * and a Markdown reference. Pure: the same list gives byte-identical files (no dates, UUIDs
 * derived from the domain), so a test can regenerate them and compare with the committed copies.
 */
import { createHash } from 'node:crypto'
import { build as buildPlist, type PlistValue } from 'plist'
import {
  APP_POLICY_DOMAIN,
  POLICY_CATEGORIES,
  POLICY_FILE_PATH,
  POLICY_LIST,
  POLICY_PRODUCT_NAME,
  POLICY_REGISTRY_KEY,
  type PolicyCategory,
  type PolicyDefinition
} from '../../src/main/core/policy/definitions'

/** What the renderers need besides the list (tests pass a list with several versions). */
export interface TemplateInput {
  policies: readonly PolicyDefinition[]
  product: string
  domain: string
  registryKey: string
  filePath: string
}

export const DEFAULT_INPUT: TemplateInput = {
  policies: POLICY_LIST,
  product: POLICY_PRODUCT_NAME,
  domain: APP_POLICY_DOMAIN,
  registryKey: POLICY_REGISTRY_KEY,
  filePath: POLICY_FILE_PATH
}

/** The generated files, by path below the templates folder. */
export type TemplateFiles = Record<string, string>

/** Escapes text for XML content and attribute values. */
export function xml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
}

/** `0.1.0` → `Supported_0_1_0`: ADMX ids may not contain dots. */
export function supportedOnId(version: string): string {
  return `Supported_${version.replace(/[^0-9A-Za-z]/g, '_')}`
}

/** Versions in ascending order (numeric per part). */
export function versionsOf(policies: readonly PolicyDefinition[]): string[] {
  const parts = (v: string): number[] => v.split('.').map((p) => Number.parseInt(p, 10) || 0)
  return [...new Set(policies.map((p) => p.since))].sort((a, b) => {
    const pa = parts(a)
    const pb = parts(b)
    for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
      const d = (pa[i] ?? 0) - (pb[i] ?? 0)
      if (d !== 0) return d
    }
    return 0
  })
}

function categoriesOf(policies: readonly PolicyDefinition[]): PolicyCategory[] {
  return (Object.keys(POLICY_CATEGORIES) as PolicyCategory[]).filter((c) =>
    policies.some((p) => p.category === c)
  )
}

/** A deterministic UUID (version 5 layout) for a profile payload. */
export function stableUuid(seed: string): string {
  const h = createHash('sha1').update(seed).digest()
  h[6] = ((h[6] ?? 0) & 0x0f) | 0x50
  h[8] = ((h[8] ?? 0) & 0x3f) | 0x80
  const hex = h.subarray(0, 16).toString('hex').toUpperCase()
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`
}

/** How each source stores a policy, in words (the Markdown reference). */
export function storageOf(def: PolicyDefinition): {
  registry: string
  plist: string
  json: string
} {
  const k = def.kind
  switch (k.type) {
    case 'boolean':
      return { registry: 'REG_DWORD 1 or 0', plist: '<true/> or <false/>', json: 'true or false' }
    case 'number':
      return {
        registry: `REG_DWORD (or REG_QWORD), ${k.min}–${k.max}`,
        plist: `<integer> ${k.min}–${k.max}`,
        json: `integer ${k.min}–${k.max}`
      }
    case 'string':
      return { registry: 'REG_SZ', plist: '<string>', json: 'string' }
    case 'enum':
      return {
        registry: `REG_SZ: ${k.values.join(' | ')}`,
        plist: `<string>: ${k.values.join(' | ')}`,
        json: k.values.map((v) => `"${v}"`).join(' | ')
      }
    case 'list':
      return {
        registry: `subkey ${def.name} with REG_SZ values 1, 2, … (or one REG_MULTI_SZ)`,
        plist: '<array> of <string>',
        json: 'array of strings'
      }
    case 'servers':
      return {
        registry: 'REG_MULTI_SZ or REG_SZ holding a JSON array',
        plist: '<array> of <dict> with name, type, url',
        json: 'array of {"name", "type", "url"}'
      }
  }
}

function showValue(value: unknown): string {
  if (value === null) return 'not set'
  return JSON.stringify(value)
}

// ---------------------------------------------------------------------------------- ADMX / ADML

function admxPolicy(def: PolicyDefinition, key: string): string[] {
  const k = def.kind
  const head = (withPresentation: boolean): string =>
    `    <policy name="${def.name}" class="Both" displayName="$(string.${def.name})" explainText="$(string.${def.name}_Explain)"` +
    (withPresentation ? ` presentation="$(presentation.${def.name})"` : '') +
    ` key="${xml(key)}"` +
    (k.type === 'boolean' ? ` valueName="${def.name}"` : '') +
    '>'
  const common = [
    `      <parentCategory ref="${def.category}" />`,
    `      <supportedOn ref="${supportedOnId(def.since)}" />`
  ]
  switch (k.type) {
    case 'boolean':
      return [
        head(false),
        ...common,
        '      <enabledValue>',
        '        <decimal value="1" />',
        '      </enabledValue>',
        '      <disabledValue>',
        '        <decimal value="0" />',
        '      </disabledValue>',
        '    </policy>'
      ]
    case 'number':
      return [
        head(true),
        ...common,
        '      <elements>',
        `        <decimal id="${def.name}" valueName="${def.name}" minValue="${k.min}" maxValue="${k.max}" required="true" />`,
        '      </elements>',
        '    </policy>'
      ]
    case 'string':
      return [
        head(true),
        ...common,
        '      <elements>',
        `        <text id="${def.name}" valueName="${def.name}" maxLength="${k.maxLength}" required="true" />`,
        '      </elements>',
        '    </policy>'
      ]
    case 'enum':
      return [
        head(true),
        ...common,
        '      <elements>',
        `        <enum id="${def.name}" valueName="${def.name}" required="true">`,
        ...k.values.flatMap((v) => [
          `          <item displayName="$(string.${def.name}_${v})">`,
          '            <value>',
          `              <string>${xml(v)}</string>`,
          '            </value>',
          '          </item>'
        ]),
        '        </enum>',
        '      </elements>',
        '    </policy>'
      ]
    case 'list':
      return [
        head(true),
        ...common,
        '      <elements>',
        `        <list id="${def.name}" key="${xml(`${key}\\${def.name}`)}" valuePrefix="" />`,
        '      </elements>',
        '    </policy>'
      ]
    case 'servers':
      return [
        head(true),
        ...common,
        '      <elements>',
        `        <multiText id="${def.name}" valueName="${def.name}" maxLength="32768" required="true" />`,
        '      </elements>',
        '    </policy>'
      ]
  }
}

/** The ADMX file (language-neutral definitions). */
export function renderAdmx(input: TemplateInput = DEFAULT_INPUT): string {
  const versions = versionsOf(input.policies)
  const prefix = input.product.toLowerCase()
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<policyDefinitions xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" revision="1.0" schemaVersion="1.0" xmlns="http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions">',
    '  <policyNamespaces>',
    `    <target prefix="${prefix}" namespace="${xml(input.product)}.Policies" />`,
    '    <using prefix="windows" namespace="Microsoft.Policies.Windows" />',
    '  </policyNamespaces>',
    '  <resources minRequiredRevision="1.0" />',
    '  <supportedOn>',
    '    <definitions>',
    ...versions.map(
      (v) =>
        `      <definition name="${supportedOnId(v)}" displayName="$(string.${supportedOnId(v)})" />`
    ),
    '    </definitions>',
    '  </supportedOn>',
    '  <categories>',
    `    <category name="${xml(input.product)}" displayName="$(string.${xml(input.product)})" />`,
    ...categoriesOf(input.policies).map(
      (c) =>
        `    <category name="${c}" displayName="$(string.Category_${c})">\n      <parentCategory ref="${xml(input.product)}" />\n    </category>`
    ),
    '  </categories>',
    '  <policies>',
    ...input.policies.flatMap((p) => admxPolicy(p, input.registryKey)),
    '  </policies>',
    '</policyDefinitions>',
    ''
  ].join('\r\n')
}

function admlPresentation(def: PolicyDefinition): string | null {
  const k = def.kind
  const open = `      <presentation id="${def.name}">`
  const close = '      </presentation>'
  switch (k.type) {
    case 'boolean':
      return null
    case 'number': {
      const dflt = typeof def.example === 'number' ? def.example : k.min
      return [
        open,
        `        <decimalTextBox refId="${def.name}" defaultValue="${dflt}" spinStep="1">${xml(capitalise(k.unit))}</decimalTextBox>`,
        close
      ].join('\r\n')
    }
    case 'string':
      return [
        open,
        `        <textBox refId="${def.name}">`,
        `          <label>${xml(def.title)}</label>`,
        '        </textBox>',
        close
      ].join('\r\n')
    case 'enum': {
      const index = Math.max(0, k.values.indexOf(String(def.default)))
      return [
        open,
        `        <dropdownList refId="${def.name}" noSort="true" defaultItem="${index}">${xml(def.title)}</dropdownList>`,
        close
      ].join('\r\n')
    }
    case 'list':
      return [
        open,
        `        <listBox refId="${def.name}">${xml(`One per line: ${k.items.join(', ')}`)}</listBox>`,
        close
      ].join('\r\n')
    case 'servers':
      return [
        open,
        `        <multiTextBox refId="${def.name}">${xml('JSON list of {"name", "type", "url"}')}</multiTextBox>`,
        close
      ].join('\r\n')
  }
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1)
}

/** The en-US ADML file (strings and presentations of the ADMX). */
export function renderAdml(input: TemplateInput = DEFAULT_INPUT): string {
  const versions = versionsOf(input.policies)
  const strings: [string, string][] = [[input.product, input.product]]
  for (const v of versions) strings.push([supportedOnId(v), `${input.product} ${v} or later`])
  for (const c of categoriesOf(input.policies))
    strings.push([`Category_${c}`, POLICY_CATEGORIES[c]])
  for (const p of input.policies) {
    strings.push([p.name, p.title])
    strings.push([`${p.name}_Explain`, explainText(p, input)])
    if (p.kind.type === 'enum') {
      for (const v of p.kind.values)
        strings.push([`${p.name}_${v}`, `${p.kind.labels[v] ?? v} (${v})`])
    }
  }
  const presentations = input.policies.map(admlPresentation).filter((x): x is string => x !== null)
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<policyDefinitionResources xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" revision="1.0" schemaVersion="1.0" xmlns="http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions">',
    `  <displayName>${xml(input.product)}</displayName>`,
    `  <description>${xml(`Managed policies for ${input.product}`)}</description>`,
    '  <resources>',
    '    <stringTable>',
    ...strings.map(([id, text]) => `      <string id="${id}">${xml(text)}</string>`),
    '    </stringTable>',
    '    <presentationTable>',
    ...presentations,
    '    </presentationTable>',
    '  </resources>',
    '</policyDefinitionResources>',
    ''
  ].join('\r\n')
}

function explainText(p: PolicyDefinition, input: TemplateInput): string {
  const s = storageOf(p)
  return [
    p.description,
    '',
    `Registry: ${input.registryKey}\\${p.name} (${s.registry}).`,
    `If the value cannot be used, Tessera applies ${showValue(p.restrictive)} and names the policy in Settings → About → Policies.`,
    `Supported on ${input.product} ${p.since} and later.`
  ].join('\n')
}

// ------------------------------------------------------------------------------------ macOS MDM

/** A plist value for a policy's example (null values are left out by the caller). */
function plistValue(value: unknown): PlistValue {
  return structuredClone(value) as PlistValue
}

/** An example configuration profile forcing every policy's example value. */
export function renderMobileconfig(input: TemplateInput = DEFAULT_INPUT): string {
  const settings: Record<string, PlistValue> = {}
  for (const p of input.policies) if (p.example !== null) settings[p.name] = plistValue(p.example)
  const inner = stableUuid(`${input.domain}:payload`)
  const outer = stableUuid(`${input.domain}:profile`)
  const profile: PlistValue = {
    PayloadContent: [
      {
        PayloadDisplayName: `${input.product} policies`,
        PayloadIdentifier: `${input.domain}.policies.${inner}`,
        PayloadType: input.domain,
        PayloadUUID: inner,
        PayloadVersion: 1,
        ...settings
      }
    ],
    PayloadDescription: `Example: sets ${input.product}'s managed policies. Edit the values, then sign and deploy it with your MDM.`,
    PayloadDisplayName: input.product,
    PayloadIdentifier: `${input.domain}.profile`,
    PayloadOrganization: 'Example Organization',
    PayloadScope: 'System',
    PayloadType: 'Configuration',
    PayloadUUID: outer,
    PayloadVersion: 1
  }
  return buildPlist(profile, { pretty: true, indent: '  ' }) + '\n'
}

function manifestSubkey(p: PolicyDefinition): Record<string, PlistValue> {
  const k = p.kind
  const base: Record<string, PlistValue> = {
    pfm_name: p.name,
    pfm_title: p.title,
    pfm_description: p.description,
    pfm_app_min: p.since
  }
  if (p.default !== null) base['pfm_default'] = plistValue(p.default)
  switch (k.type) {
    case 'boolean':
      return { ...base, pfm_type: 'boolean' }
    case 'number':
      return { ...base, pfm_type: 'integer', pfm_range_min: k.min, pfm_range_max: k.max }
    case 'string':
      return {
        ...base,
        pfm_type: 'string',
        ...(k.format === 'url' ? { pfm_format: '^(https|mailto):' } : {})
      }
    case 'enum':
      return {
        ...base,
        pfm_type: 'string',
        pfm_range_list: [...k.values],
        pfm_range_list_titles: k.values.map((v) => k.labels[v] ?? v)
      }
    case 'list':
      return {
        ...base,
        pfm_type: 'array',
        pfm_subkeys: [
          {
            pfm_name: 'Format',
            pfm_title: 'Format',
            pfm_type: 'string',
            pfm_range_list: [...k.items],
            pfm_range_list_titles: k.items.map((v) => k.labels[v] ?? v)
          }
        ]
      }
    case 'servers':
      return {
        ...base,
        pfm_type: 'array',
        pfm_subkeys: [
          {
            pfm_name: 'Server',
            pfm_title: 'Server',
            pfm_type: 'dictionary',
            pfm_subkeys: [
              { pfm_name: 'name', pfm_title: 'Name', pfm_type: 'string', pfm_require: 'always' },
              {
                pfm_name: 'type',
                pfm_title: 'Type',
                pfm_type: 'string',
                pfm_require: 'always',
                pfm_range_list: [...k.serverTypes]
              },
              {
                pfm_name: 'url',
                pfm_title: 'URL',
                pfm_type: 'string',
                pfm_require: 'always',
                pfm_format: '^https?://'
              }
            ]
          }
        ]
      }
  }
}

/** A profile manifest (the ProfileManifests format MDM consoles and ProfileCreator read). */
export function renderProfileManifest(input: TemplateInput = DEFAULT_INPUT): string {
  const payloadKeys: Record<string, PlistValue>[] = [
    {
      pfm_name: 'PayloadDisplayName',
      pfm_title: 'Payload Display Name',
      pfm_type: 'string',
      pfm_default: `${input.product} policies`,
      pfm_require: 'always'
    },
    {
      pfm_name: 'PayloadIdentifier',
      pfm_title: 'Payload Identifier',
      pfm_type: 'string',
      pfm_default: input.domain,
      pfm_require: 'always'
    },
    {
      pfm_name: 'PayloadType',
      pfm_title: 'Payload Type',
      pfm_type: 'string',
      pfm_default: input.domain,
      pfm_require: 'always'
    },
    {
      pfm_name: 'PayloadUUID',
      pfm_title: 'Payload UUID',
      pfm_type: 'string',
      pfm_require: 'always'
    },
    {
      pfm_name: 'PayloadVersion',
      pfm_title: 'Payload Version',
      pfm_type: 'integer',
      pfm_default: 1,
      pfm_require: 'always'
    }
  ]
  const manifest: PlistValue = {
    pfm_domain: input.domain,
    pfm_title: input.product,
    pfm_description: `Managed policies for ${input.product}. Only values a profile forces are policy; a user's own "defaults write" is not.`,
    pfm_format_version: 1,
    pfm_interaction: 'combined',
    pfm_platforms: ['macOS'],
    pfm_targets: ['system', 'user'],
    pfm_unique: true,
    pfm_version: 1,
    pfm_subkeys: [...payloadKeys, ...input.policies.map(manifestSubkey)]
  }
  return buildPlist(manifest, { pretty: true, indent: '  ' }) + '\n'
}

// ----------------------------------------------------------------------------- JSON Schema, JSON

function schemaOf(p: PolicyDefinition): Record<string, unknown> {
  const k = p.kind
  const base = { title: p.title, description: p.description }
  switch (k.type) {
    case 'boolean':
      return { ...base, type: 'boolean' }
    case 'number':
      return { ...base, type: 'integer', minimum: k.min, maximum: k.max }
    case 'string':
      return {
        ...base,
        type: 'string',
        minLength: 1,
        maxLength: k.maxLength,
        ...(k.format === 'url' ? { pattern: '^(https|mailto):' } : {})
      }
    case 'enum':
      return { ...base, type: 'string', enum: [...k.values] }
    case 'list':
      return {
        ...base,
        type: 'array',
        uniqueItems: true,
        items: { type: 'string', enum: [...k.items] }
      }
    case 'servers':
      return {
        ...base,
        type: 'array',
        items: {
          type: 'object',
          required: ['name', 'type', 'url'],
          additionalProperties: false,
          properties: {
            name: { type: 'string', minLength: 1, maxLength: 64 },
            type: { type: 'string', enum: [...k.serverTypes] },
            url: { type: 'string', pattern: '^https?://' }
          }
        }
      }
  }
}

/** JSON Schema (2020-12) of the policy file. */
export function renderJsonSchema(input: TemplateInput = DEFAULT_INPUT): string {
  const properties: Record<string, unknown> = {
    $schema: { type: 'string', description: 'Ignored by Tessera; lets editors find this schema.' }
  }
  for (const p of input.policies) properties[p.name] = schemaOf(p)
  const schema = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'urn:tessera:policy-file',
    title: `${input.product} policy file (${input.filePath})`,
    description:
      'Owned by root and writable by nobody else, or Tessera ignores it. Keys not listed here are reported as unknown policies.',
    type: 'object',
    additionalProperties: false,
    properties
  }
  return JSON.stringify(schema, null, 2) + '\n'
}

/** An example policy file setting every policy to its example value. */
export function renderExamplePolicyJson(input: TemplateInput = DEFAULT_INPUT): string {
  const out: Record<string, unknown> = {}
  for (const p of input.policies) if (p.example !== null) out[p.name] = p.example
  return JSON.stringify(out, null, 2) + '\n'
}

// ------------------------------------------------------------------------------------- Markdown

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ')
}

/** The Markdown reference: one table, then each policy with how every source stores it. */
export function renderMarkdown(input: TemplateInput = DEFAULT_INPUT): string {
  const lines: string[] = [
    `# ${input.product} policy reference`,
    '',
    '<!-- Generated by `npm run policy:templates` from src/main/core/policy/definitions.ts. Do not edit. -->',
    '',
    `Where policies live: Windows \`HKLM\\${input.registryKey}\`, then \`HKCU\\${input.registryKey}\`;`,
    `macOS a configuration profile for the domain \`${input.domain}\` (forced values only);`,
    `Linux and macOS the file \`${input.filePath}\` (owned by root, writable by nobody else).`,
    'Precedence: HKLM, then HKCU, then the macOS profile, then the file. An unusable value applies',
    'the restrictive value shown below. Check what is in force with `tessera policy`.',
    '',
    '| Policy | Type | Default | If invalid | Since | Category |',
    '| --- | --- | --- | --- | --- | --- |'
  ]
  for (const p of input.policies) {
    lines.push(
      `| [${p.name}](#${p.name.toLowerCase()}) | ${cell(kindLabel(p))} | ${cell(showValue(p.default))} | ${cell(showValue(p.restrictive))} | ${p.since} | ${POLICY_CATEGORIES[p.category]} |`
    )
  }
  for (const p of input.policies) {
    const s = storageOf(p)
    lines.push(
      '',
      `## ${p.name}`,
      '',
      `**${p.title}.** ${p.description}`,
      '',
      `- Governs: ${p.governs.join('; ')}`,
      `- Registry: \`${p.name}\`, ${s.registry}`,
      `- Profile / plist: \`${p.name}\`, ${s.plist}`,
      `- Policy file: \`"${p.name}"\`, ${s.json}`,
      `- Default: ${showValue(p.default)}; if invalid: ${showValue(p.restrictive)}; since ${p.since}`,
      `- Example: \`${JSON.stringify(p.example)}\``
    )
  }
  return lines.join('\n') + '\n'
}

function kindLabel(p: PolicyDefinition): string {
  const k = p.kind
  switch (k.type) {
    case 'boolean':
      return 'boolean'
    case 'number':
      return `integer ${k.min}–${k.max} ${k.unit}`
    case 'string':
      return k.format === 'text' ? 'string' : `string (${k.format})`
    case 'enum':
      return k.values.join(' | ')
    case 'list':
      return 'list of formats'
    case 'servers':
      return 'list of servers'
  }
}

/** Every template, by path below the templates folder. */
export function renderAllTemplates(input: TemplateInput = DEFAULT_INPUT): TemplateFiles {
  const base = input.product.toLowerCase()
  return {
    [`windows/${base}.admx`]: renderAdmx(input),
    [`windows/en-US/${base}.adml`]: renderAdml(input),
    [`macos/${input.domain}.mobileconfig`]: renderMobileconfig(input),
    [`macos/${input.domain}.plist`]: renderProfileManifest(input),
    'linux/policy.schema.json': renderJsonSchema(input),
    'linux/policy.example.json': renderExamplePolicyJson(input),
    'README.md': renderMarkdown(input)
  }
}
