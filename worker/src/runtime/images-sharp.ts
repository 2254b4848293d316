import sharp from 'sharp';
import {
  FULL_IMAGE_PX,
  type Images,
  MAX_IMAGE_PIXELS,
  type ProcessedImage,
  THUMB_IMAGE_PX,
} from '../catalog/ports';

/**
 * The Node image port: libvips through sharp. `rotate()` applies the EXIF orientation; sharp writes
 * no metadata unless asked (no withMetadata/keepExif), so EXIF, GPS, XMP and ICC are all dropped.
 * `limitInputPixels` backs up the route's header check; `failOn: 'error'` refuses broken files.
 */
export function sharpImages(): Images {
  return {
    async process(bytes): Promise<ProcessedImage> {
      try {
        const input = sharp(bytes, { limitInputPixels: MAX_IMAGE_PIXELS, failOn: 'error' });
        const meta = await input.metadata();
        if ((meta.width ?? 0) * (meta.height ?? 0) > MAX_IMAGE_PIXELS) {
          return { ok: false, reason: 'too-many-pixels' };
        }
        const oriented = input.rotate();
        const resize = (px: number) =>
          oriented
            .clone()
            .resize(px, px, { fit: 'inside', withoutEnlargement: true })
            .webp({ quality: 80 })
            .toBuffer({ resolveWithObject: true });
        const [full, thumb] = await Promise.all([resize(FULL_IMAGE_PX), resize(THUMB_IMAGE_PX)]);
        return {
          ok: true,
          full: new Uint8Array(full.data),
          thumb: new Uint8Array(thumb.data),
          width: full.info.width,
          height: full.info.height,
        };
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        if (/pixel limit/i.test(message)) return { ok: false, reason: 'too-many-pixels' };
        return { ok: false, reason: 'undecodable' };
      }
    },
  };
}
