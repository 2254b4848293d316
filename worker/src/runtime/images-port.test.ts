import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { Images } from '../catalog/ports';
import { fitInside, jpegComplete } from './images-jsquash';
import { jsquashNodeImages } from './images-jsquash-node';
import { sharpImages } from './images-sharp';

/** One contract, every implementation of the image port (sharp on Node, WASM for workerd). */
function imagesContract(name: string, images: Images) {
  describe(`image port: ${name}`, () => {
    const meta = (bytes: Uint8Array) => sharp(Buffer.from(bytes)).metadata();

    it('turns a JPEG with GPS EXIF into metadata-free WebPs of ≤ 800 and ≤ 200 px', async () => {
      const jpeg = await sharp({
        create: { width: 1600, height: 1200, channels: 3, background: '#c87828' },
      })
        .jpeg()
        .withExif({
          IFD0: { Make: 'PhoneCo' },
          IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '52/1 31/1 1234/100' },
        })
        .toBuffer();
      const out = await images.process(new Uint8Array(jpeg), 'image/jpeg');
      if (!out.ok) throw new Error(out.reason);
      const full = await meta(out.full);
      const thumb = await meta(out.thumb);
      expect([full.format, full.width, full.height]).toEqual(['webp', 800, 600]);
      expect([thumb.format, thumb.width, thumb.height]).toEqual(['webp', 200, 150]);
      for (const m of [full, thumb]) {
        expect(m.exif).toBeUndefined();
        expect(m.xmp).toBeUndefined();
        expect(m.icc).toBeUndefined();
      }
      expect(Buffer.from(out.full).includes(Buffer.from('PhoneCo'))).toBe(false);
    });

    it('applies the EXIF orientation', async () => {
      const jpeg = await sharp({
        create: { width: 400, height: 200, channels: 3, background: '#369' },
      })
        .jpeg()
        .withMetadata({ orientation: 6 })
        .toBuffer();
      const out = await images.process(new Uint8Array(jpeg), 'image/jpeg');
      if (!out.ok) throw new Error(out.reason);
      const m = await meta(out.full);
      expect([m.width, m.height]).toEqual([200, 400]);
    });

    it('takes PNG (with alpha) and WebP, and never enlarges', async () => {
      const png = await sharp({
        create: { width: 120, height: 90, channels: 4, background: '#f008' },
      })
        .png()
        .toBuffer();
      const webp = await sharp({
        create: { width: 1000, height: 500, channels: 3, background: '#0f0' },
      })
        .webp()
        .toBuffer();
      const a = await images.process(new Uint8Array(png), 'image/png');
      const b = await images.process(new Uint8Array(webp), 'image/webp');
      if (!a.ok || !b.ok) throw new Error('refused a good image');
      expect([(await meta(a.full)).width, (await meta(a.full)).height]).toEqual([120, 90]);
      expect([(await meta(b.full)).width, (await meta(b.thumb)).width]).toEqual([800, 200]);
    });

    it('refuses bytes that do not decode', async () => {
      // Noise, so the scan data is large and cutting it in half really truncates it.
      const noise = Uint8Array.from({ length: 128 * 128 * 3 }, (_, i) => (i * 7919) % 251);
      const jpeg = await sharp(noise, { raw: { width: 128, height: 128, channels: 3 } })
        .jpeg()
        .toBuffer();
      const truncated = new Uint8Array(jpeg.subarray(0, Math.floor(jpeg.length / 2)));
      const png = await sharp({
        create: { width: 64, height: 64, channels: 3, background: '#000' },
      })
        .png()
        .toBuffer();
      const brokenPng = new Uint8Array(png);
      brokenPng.fill(0, 40);
      for (const [bytes, type] of [
        [truncated, 'image/jpeg'],
        [brokenPng, 'image/png'],
        [new TextEncoder().encode('RIFF\0\0\0\0WEBPVP8 garbage'), 'image/webp'],
      ] as const) {
        expect(await images.process(bytes, type), type).toEqual({
          ok: false,
          reason: 'undecodable',
        });
      }
    });
  });
}

imagesContract('sharp (Node)', sharpImages());
imagesContract('jsquash (WASM, as on workerd)', jsquashNodeImages());

describe('jsquash helpers', () => {
  it('fits inside a square without enlarging', () => {
    expect(fitInside(1600, 1200, 800)).toEqual({ width: 800, height: 600 });
    expect(fitInside(100, 4000, 200)).toEqual({ width: 5, height: 200 });
    expect(fitInside(50, 40, 800)).toEqual({ width: 50, height: 40 });
    expect(fitInside(10_000, 1, 200)).toEqual({ width: 200, height: 1 });
  });

  it('tells complete JPEGs from truncated ones', () => {
    const ok = new Uint8Array([0xff, 0xd8, 0xff, 0xda, 0, 2, 1, 2, 3, 0xff, 0xd9]);
    expect(jpegComplete(ok)).toBe(true);
    expect(jpegComplete(ok.subarray(0, 9))).toBe(false);
    expect(jpegComplete(new Uint8Array([0xff, 0xd8, 0xff, 0xd9]))).toBe(false);
  });
});
