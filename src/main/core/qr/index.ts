/**
 * QR scanning: decode every QR code in screen captures, image files and clipboard images, and
 * classify each one (setup code, Google Authenticator export, or something explained in words).
 */
export { classifyQrText, extractOtpUris, MAX_QR_TEXT, type ClassifiedQr } from './classify'
export { decodeQrInImage, type DecodedQr, type DecodeOptions } from './decode'
export {
  createInProcessQrDecoder,
  createWorkerQrDecoder,
  type QrDecoder,
  type WorkerDecoderOptions,
  type WorkerQrDecoder
} from './decoder'
export { toGrey, toGreyInto, type GreyImage, type PixelImage, type PixelOrder } from './grey'
export {
  buildScanOutcome,
  flagDuplicates,
  pickCandidates,
  scanFiles,
  scanImageFiles,
  scanImages,
  scanScreens,
  scanText,
  type FileScan,
  type ImageBytes,
  type ScreenCapturer,
  type ScanCandidate,
  type ScanContext,
  type ScanFilesOptions,
  type ScanOutcome,
  type ScanSource,
  type SourceFindings
} from './scan'
export { ZxingQrReader, zxingWasmPath } from './zxing'
export { ScanSessions, type HeldScan } from './sessions'
