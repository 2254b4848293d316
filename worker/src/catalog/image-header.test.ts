import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { checkImageHeader, readImageHeader } from './image-header';

const make = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: '#808080' } });

describe('readImageHeader', () => {
  it.each([
    ['image/jpeg', () => make(321, 123).jpeg().toBuffer()],
    ['image/jpeg', () => make(321, 123).jpeg({ progressive: true }).toBuffer()],
    ['image/png', () => make(321, 123).png().toBuffer()],
    ['image/webp', () => make(321, 123).webp().toBuffer()],
    ['image/webp', () => make(321, 123).webp({ lossless: true }).toBuffer()],
    ['image/webp', () => make(321, 123).ensureAlpha(0.5).webp().toBuffer()],
  ])('reads type and size of a %s without decoding', async (type, build) => {
    const bytes = new Uint8Array(await build());
    expect(readImageHeader(bytes)).toEqual({ type, width: 321, height: 123 });
  });

  it('reads a JPEG size past a big EXIF segment', async () => {
    const bytes = await make(40, 30)
      .jpeg()
      .withExif({ IFD0: { ImageDescription: 'x'.repeat(5000) } })
      .toBuffer();
    expect(readImageHeader(new Uint8Array(bytes))).toMatchObject({ width: 40, height: 30 });
  });

  it('knows nothing of other bytes', () => {
    expect(readImageHeader(new TextEncoder().encode('GIF89a...'))).toBeNull();
    expect(readImageHeader(new Uint8Array())).toBeNull();
    expect(readImageHeader(new Uint8Array([0xff, 0xd8]))).toBeNull();
  });

  it('gives no size for a truncated header', () => {
    expect(readImageHeader(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16]))).toEqual({
      type: 'image/jpeg',
      width: null,
      height: null,
    });
  });
});

describe('checkImageHeader', () => {
  const png = (w: number, h: number) => {
    const b = new Uint8Array(33);
    b.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
    new DataView(b.buffer).setUint32(16, w);
    new DataView(b.buffer).setUint32(20, h);
    return b;
  };

  it.each([
    [png(10_000, 10_000), 'image/png', { ok: false, reason: 'too-many-pixels' }],
    [png(8000, 5001), 'image/png', { ok: false, reason: 'too-many-pixels' }],
    [png(8000, 5000), 'image/png', { ok: true }],
    [png(0, 10), 'image/png', { ok: false, reason: 'no-size' }],
    [png(10, 10), 'image/jpeg', { ok: false, reason: 'type-mismatch' }],
    [new TextEncoder().encode('hello'), 'image/png', { ok: false, reason: 'not-an-image' }],
  ] as const)('case %#', (bytes, declared, outcome) => {
    expect(checkImageHeader(bytes, declared, 40_000_000)).toMatchObject(outcome);
  });
});
