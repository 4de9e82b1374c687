/** otpauth:// Key URIs: parse links and QR payloads into accounts, and write them back. */
export { formatOtpauthUri } from './format'
export { parseOtpauthUri, type ParseOtpauthOptions } from './parse'
