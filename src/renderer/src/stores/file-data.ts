/**
 * A chosen or dropped file's bytes as base64, the form the import and scan channels take.
 * Encoded in chunks: one String.fromCharCode call over a 16 MiB file would overflow the stack.
 */
export async function fileToBase64(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer())
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  }
  return btoa(binary)
}
