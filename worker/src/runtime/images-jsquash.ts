import decodeJpeg, { init as initJpegDecoder } from '@jsquash/jpeg/decode.js';
import decodePng, { init as initPngDecoder } from '@jsquash/png/decode.js';
import resize, { initResize } from '@jsquash/resize';
import decodeWebp, { init as initWebpDecoder } from '@jsquash/webp/decode.js';
import encodeWebp, { init as initWebpEncoder } from '@jsquash/webp/encode.js';
import {
  FULL_IMAGE_PX,
  type Images,
  type ImageType,
  MAX_IMAGE_PIXELS,
  type ProcessedImage,
  THUMB_IMAGE_PX,
} from '../catalog/ports';

/**
 * The compiled WebAssembly modules the codecs need. Each runtime supplies them its own way: workerd
 * imports the `.wasm` files (wrangler bundles them as WebAssembly.Module), Node compiles them from
 * node_modules (images-jsquash-node.ts). The WebP encoder is the SIMD build (both runtimes have SIMD).
 */
export interface JsquashWasm {
  jpegDecoder: WebAssembly.Module;
  pngDecoder: WebAssembly.Module;
  webpDecoder: WebAssembly.Module;
  webpEncoderSimd: WebAssembly.Module;
  resize: WebAssembly.Module;
}

type Init = (module: WebAssembly.Module) => Promise<unknown>;

/** Is there an end-of-image marker after the first start-of-scan? (mozjpeg decodes truncated files.) */
export function jpegComplete(b: Uint8Array): boolean {
  let sos = -1;
  for (let i = 2; i + 1 < b.length; i++) {
    if (b[i] === 0xff && b[i + 1] === 0xda) {
      sos = i;
      break;
    }
  }
  if (sos < 0) return false;
  for (let i = b.length - 2; i > sos; i--) if (b[i] === 0xff && b[i + 1] === 0xd9) return true;
  return false;
}

/** Largest side at most `px`, aspect kept, never enlarged. */
export function fitInside(width: number, height: number, px: number) {
  const scale = Math.min(1, px / Math.max(width, height));
  return {
    width: Math.max(1, Math.round(width * scale)),
    height: Math.max(1, Math.round(height * scale)),
  };
}

/**
 * The image port on WebAssembly (MozJPEG, libpng via Rust, libwebp, Squoosh resize): runs the same in
 * workerd and Node. The JPEG decoder applies the EXIF orientation (`preserveOrientation`); the pixels
 * are re-encoded from scratch, so no metadata (EXIF, GPS, XMP, ICC) survives.
 */
export function jsquashImages(loadWasm: () => Promise<JsquashWasm>): Images {
  let ready: Promise<void> | undefined;
  const init = () => {
    ready ??= loadWasm().then(async (w) => {
      await Promise.all([
        (initJpegDecoder as unknown as Init)(w.jpegDecoder),
        (initPngDecoder as unknown as Init)(w.pngDecoder),
        (initWebpDecoder as unknown as Init)(w.webpDecoder),
        (initWebpEncoder as unknown as Init)(w.webpEncoderSimd),
        initResize(w.resize),
      ]);
    });
    return ready;
  };

  const decode = async (bytes: Uint8Array, type: ImageType): Promise<ImageData | null> => {
    const buffer = bytes.slice().buffer as ArrayBuffer;
    try {
      if (type === 'image/jpeg') {
        if (!jpegComplete(bytes)) return null;
        return await decodeJpeg(buffer, { preserveOrientation: true });
      }
      if (type === 'image/png') return await decodePng(buffer);
      return await decodeWebp(buffer);
    } catch {
      return null;
    }
  };

  const shrink = async (img: ImageData, px: number): Promise<ImageData> => {
    const size = fitInside(img.width, img.height, px);
    if (size.width === img.width && size.height === img.height) return img;
    return resize(img, { ...size, method: 'lanczos3', fitMethod: 'stretch' });
  };

  return {
    async process(bytes, type): Promise<ProcessedImage> {
      await init();
      const img = await decode(bytes, type);
      if (!img?.width || !img.height) return { ok: false, reason: 'undecodable' };
      if (img.width * img.height > MAX_IMAGE_PIXELS)
        return { ok: false, reason: 'too-many-pixels' };
      const full = await shrink(img, FULL_IMAGE_PX);
      const thumb = await shrink(full, THUMB_IMAGE_PX);
      const [fullWebp, thumbWebp] = [
        await encodeWebp(full, { quality: 80 }),
        await encodeWebp(thumb, { quality: 80 }),
      ];
      return {
        ok: true,
        full: new Uint8Array(fullWebp),
        thumb: new Uint8Array(thumbWebp),
        width: full.width,
        height: full.height,
      };
    },
  };
}
