/**
 * Writes the app icons (pwa/static/icons/*.png) with no image library: a teal tile with a white
 * ring and dot (a plate seen from above). Run once after changing the design:
 *   npx tsx pwa/scripts/icons.ts
 */
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const TEAL = [15, 118, 110];
const WHITE = [255, 255, 255];

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** size×size RGBA; `safe` is the fraction of the tile the drawing may use (maskable: 0.8). */
function icon(size: number, opts: { rounded: boolean; safe: number }): Buffer {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  const c = size / 2;
  const r = (size / 2) * opts.safe;
  const corner = size * 0.18;
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const px = x + 0.5;
      const py = y + 0.5;
      // Rounded-square tile (transparent corners) unless the icon is full-bleed (maskable).
      let inside = true;
      if (opts.rounded) {
        const dx = Math.max(corner - px, 0, px - (size - corner));
        const dy = Math.max(corner - py, 0, py - (size - corner));
        inside = dx * dx + dy * dy <= corner * corner;
      }
      const d = Math.hypot(px - c, py - c);
      const ring = d <= r * 0.72 && d >= r * 0.52;
      const dot = d <= r * 0.22;
      const color = ring || dot ? WHITE : TEAL;
      const o = y * (size * 4 + 1) + 1 + x * 4;
      raw[o] = color[0]!;
      raw[o + 1] = color[1]!;
      raw[o + 2] = color[2]!;
      raw[o + 3] = inside ? 255 : 0;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const out = new URL('../static/icons/', import.meta.url);
writeFileSync(new URL('icon-192.png', out), icon(192, { rounded: true, safe: 1 }));
writeFileSync(new URL('icon-512.png', out), icon(512, { rounded: true, safe: 1 }));
writeFileSync(new URL('icon-maskable-512.png', out), icon(512, { rounded: false, safe: 0.8 }));
writeFileSync(new URL('apple-touch-icon.png', out), icon(180, { rounded: false, safe: 0.9 }));
console.log('icons written');
