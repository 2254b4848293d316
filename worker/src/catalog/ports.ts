/**
 * The catalog's runtime ports (declared on Platform in platform.ts): image processing and
 * response compression differ between Node (sharp, node:zlib) and workerd (WASM, web streams).
 */
export type ImageType = 'image/jpeg' | 'image/png' | 'image/webp';

/** The outcome of processing an upload: bad images are values, not exceptions. */
export type ProcessedImage =
  | { ok: true; full: Uint8Array; thumb: Uint8Array; width: number; height: number }
  | { ok: false; reason: 'undecodable' | 'too-many-pixels' };

/**
 * Turns an uploaded JPEG/PNG/WebP into a WebP of at most 800 px and a thumbnail of at most 200 px,
 * with the EXIF orientation applied and every piece of metadata (EXIF, GPS, XMP, ICC) dropped.
 */
export interface Images {
  process(bytes: Uint8Array, type: ImageType): Promise<ProcessedImage>;
}

export type ContentEncoding = 'br' | 'gzip';

export interface Compressor {
  /** Encodings this runtime can produce, best first. */
  readonly encodings: readonly ContentEncoding[];
  compress(bytes: Uint8Array, encoding: ContentEncoding): Promise<Uint8Array>;
}

/** Image limits (docs/catalog.md, Product images). */
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
export const MAX_IMAGE_PIXELS = 40_000_000;
export const FULL_IMAGE_PX = 800;
export const THUMB_IMAGE_PX = 200;
