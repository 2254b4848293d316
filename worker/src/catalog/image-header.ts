import type { ImageType } from './ports';

export interface ImageHeader {
  type: ImageType;
  /** From the header alone (nothing is decoded); null when the header has no readable size. */
  width: number | null;
  height: number | null;
}

const u16be = (b: Uint8Array, i: number) => (b[i]! << 8) | b[i + 1]!;
const u32be = (b: Uint8Array, i: number) =>
  ((b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!) >>> 0;
const u24le = (b: Uint8Array, i: number) => b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16);
const ascii = (b: Uint8Array, i: number, n: number) => String.fromCharCode(...b.subarray(i, i + n));

function jpegSize(b: Uint8Array): { width: number; height: number } | null {
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return null;
    const marker = b[i + 1]!;
    if (marker === 0xff) {
      i++; // fill byte
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      i += 2;
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return null; // end of image / scan before any frame
    const length = u16be(b, i + 2);
    if (length < 2) return null;
    const isFrame = marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker);
    if (isFrame) return { height: u16be(b, i + 5), width: u16be(b, i + 7) };
    i += 2 + length;
  }
  return null;
}

function webpSize(b: Uint8Array): { width: number; height: number } | null {
  const chunk = ascii(b, 12, 4);
  if (chunk === 'VP8 ' && b.length >= 30) {
    if (b[23] !== 0x9d || b[24] !== 0x01 || b[25] !== 0x2a) return null;
    // 14-bit little-endian width and height after the key-frame start code.
    return {
      width: (b[26]! | (b[27]! << 8)) & 0x3fff,
      height: (b[28]! | (b[29]! << 8)) & 0x3fff,
    };
  }
  if (chunk === 'VP8L' && b.length >= 25) {
    if (b[20] !== 0x2f) return null;
    const bits = (b[21]! | (b[22]! << 8) | (b[23]! << 16) | (b[24]! << 24)) >>> 0;
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (chunk === 'VP8X' && b.length >= 30) {
    return { width: u24le(b, 24) + 1, height: u24le(b, 27) + 1 };
  }
  return null;
}

/**
 * Identifies an image by its magic number and reads its dimensions from the header, so an upload
 * claiming 10000×10000 is refused before any decoder allocates for it. null: not JPEG/PNG/WebP.
 */
export function readImageHeader(b: Uint8Array): ImageHeader | null {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) {
    const size = jpegSize(b);
    return { type: 'image/jpeg', width: size?.width ?? null, height: size?.height ?? null };
  }
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (b.length >= 8 && png.every((v, i) => b[i] === v)) {
    const ok = b.length >= 24 && ascii(b, 12, 4) === 'IHDR';
    return {
      type: 'image/png',
      width: ok ? u32be(b, 16) : null,
      height: ok ? u32be(b, 20) : null,
    };
  }
  if (b.length >= 16 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP') {
    const size = webpSize(b);
    return { type: 'image/webp', width: size?.width ?? null, height: size?.height ?? null };
  }
  return null;
}

export type HeaderCheck =
  | { ok: true; header: ImageHeader }
  | { ok: false; reason: 'not-an-image' | 'type-mismatch' | 'no-size' | 'too-many-pixels' };

/** What the upload route decides from the bytes alone, before the image port decodes anything. */
export function checkImageHeader(
  bytes: Uint8Array,
  declared: ImageType,
  maxPixels: number,
): HeaderCheck {
  const header = readImageHeader(bytes);
  if (!header) return { ok: false, reason: 'not-an-image' };
  if (header.type !== declared) return { ok: false, reason: 'type-mismatch' };
  if (header.width === null || header.height === null || !header.width || !header.height) {
    return { ok: false, reason: 'no-size' };
  }
  if (header.width * header.height > maxPixels) return { ok: false, reason: 'too-many-pixels' };
  return { ok: true, header };
}
