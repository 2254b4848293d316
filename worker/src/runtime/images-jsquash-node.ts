import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Images } from '../catalog/ports';
import { type JsquashWasm, jsquashImages } from './images-jsquash';

const require = createRequire(import.meta.url);
const packageDir = (name: string) => dirname(require.resolve(`${name}/package.json`));
const compile = async (name: string, file: string) =>
  WebAssembly.compile(await readFile(join(packageDir(name), file)));

/** The WASM image port on Node: the same code workerd runs, with the modules read from disk. */
export function jsquashNodeImages(): Images {
  return jsquashImages(
    async (): Promise<JsquashWasm> => ({
      jpegDecoder: await compile('@jsquash/jpeg', 'codec/dec/mozjpeg_dec.wasm'),
      pngDecoder: await compile('@jsquash/png', 'codec/pkg/squoosh_png_bg.wasm'),
      webpDecoder: await compile('@jsquash/webp', 'codec/dec/webp_dec.wasm'),
      webpEncoderSimd: await compile('@jsquash/webp', 'codec/enc/webp_enc_simd.wasm'),
      resize: await compile('@jsquash/resize', 'lib/resize/pkg/squoosh_resize_bg.wasm'),
    }),
  );
}
