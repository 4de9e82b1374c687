/** Every backup format main can read (the same list as the core's IMPORT_FORMATS). */
export const IMPORT_FORMAT_IDS = [
  'aegis',
  '2fas',
  'andotp',
  'bitwarden',
  'ente',
  'proton',
  'freeotp-plus',
  'uris'
] as const
export type ImportFormatId = (typeof IMPORT_FORMAT_IDS)[number]

/** Names for the format dropdown (the same wording the core uses in its messages). */
export const IMPORT_FORMAT_LABELS: Readonly<Record<ImportFormatId, string>> = {
  aegis: 'Aegis',
  '2fas': '2FAS',
  andotp: 'andOTP',
  bitwarden: 'Bitwarden',
  ente: 'Ente Auth',
  proton: 'Proton Authenticator',
  'freeotp-plus': 'FreeOTP+',
  uris: 'otpauth URI list'
}
