import jpegDecoder from '@jsquash/jpeg/codec/dec/mozjpeg_dec.wasm';
// @ts-expect-error wasm-bindgen's .wasm.d.ts types the instance; wrangler imports the module
import pngDecoder from '@jsquash/png/codec/pkg/squoosh_png_bg.wasm';
// @ts-expect-error as above
import resize from '@jsquash/resize/lib/resize/pkg/squoosh_resize_bg.wasm';
import webpDecoder from '@jsquash/webp/codec/dec/webp_dec.wasm';
import webpEncoderSimd from '@jsquash/webp/codec/enc/webp_enc_simd.wasm';
import type { Images } from '../catalog/ports';
import { jsquashImages } from './images-jsquash';

/**
 * The image port for workerd: the WASM codecs, bundled by wrangler as WebAssembly modules. Wire it
 * into the workerd platform as `images: workerdImages()` (module-level state is per isolate, so the
 * codecs are instantiated once per isolate, on the first upload).
 */
export function workerdImages(): Images {
  return jsquashImages(async () => ({
    jpegDecoder,
    pngDecoder,
    webpDecoder,
    webpEncoderSimd,
    resize,
  }));
}
