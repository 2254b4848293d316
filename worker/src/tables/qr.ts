import QRCode from 'qrcode';
import { randomToken } from '../common/ids';

/** 24 random bytes: 192 bits, more than the 128 a QR credential needs, as 32 base64url characters. */
export const newQrToken = () => randomToken(24);

/** What a table's QR code encodes: the guest page of the PWA. */
export const tableUrl = (publicUrl: string, token: string) =>
  `${publicUrl.replace(/\/+$/, '')}/t/${token}`;

/** An SVG QR code (error correction M survives a coffee stain), scalable for printing. */
export function qrSvg(url: string): Promise<string> {
  return QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}
