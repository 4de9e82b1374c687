// The QR symbol builder of the qrcode package on its own: `qrcode`'s entry also loads its PNG,
// SVG and terminal renderers (and pngjs), which the CLI's start-up would pay for on every
// command. Same function as `QRCode.create`.
declare module 'qrcode/lib/core/qrcode.js' {
  export { create } from 'qrcode'
}
