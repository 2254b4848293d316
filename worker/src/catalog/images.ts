import { type Context, Hono } from 'hono';
import type { AppEnv } from '../common/env';
import {
  AppError,
  conflict,
  notFound,
  tooLarge,
  unprocessable,
  unsupportedMediaType,
} from '../common/errors';
import { pathId } from '../common/ids';
import { checkImageHeader } from './image-header';
import { type ImageType, MAX_IMAGE_BYTES, MAX_IMAGE_PIXELS } from './ports';
import { getProduct, updateProduct } from './store';
import { productView } from './views';
import { catalogWrite } from './write';

const accepted: ImageType[] = ['image/jpeg', 'image/png', 'image/webp'];
const keyPattern = /^[0-9a-f]{64}\.webp$/;

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Reads the raw body, refusing it with 413 as soon as it passes `max` bytes. */
async function readLimited(c: Context<AppEnv>, max: number): Promise<Uint8Array> {
  const declared = Number(c.req.header('content-length') ?? Number.NaN);
  const tooBig = () => tooLarge(`Images are limited to ${max} bytes (5 MiB).`);
  if (Number.isFinite(declared) && declared > max) throw tooBig();
  const stream = c.req.raw.body;
  if (!stream) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => {});
      throw tooBig();
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const ch of chunks) {
    out.set(ch, at);
    at += ch.byteLength;
  }
  return out;
}

const undecodable = (detail: string) => unprocessable(detail, undefined, 'bad-image');

/**
 * PUT /products/{id}/image: raw JPEG/PNG/WebP ≤ 5 MiB. The bytes are checked (magic number and a
 * header size ≤ 40 megapixels) before the image port decodes them; the port orients, strips all
 * metadata and encodes a WebP ≤ 800 px and a thumbnail ≤ 200 px, stored under their SHA-256. The
 * product changes only once both files are stored, so every failure leaves it as it was.
 */
export async function uploadImage(c: Context<AppEnv>) {
  const id = pathId(c.req.param('id'), 'Product');
  const tenantId = c.get('principal').tenantId;
  const platform = c.get('platform');
  const current = await getProduct(c.get('sql'), tenantId, id);
  if (!current) throw notFound('Product');
  if (current.archived_at) throw conflict('The product is archived.', 'archived');
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (!accepted.includes(type as ImageType)) {
    throw unsupportedMediaType('Send the image as image/jpeg, image/png or image/webp.');
  }
  const bytes = await readLimited(c, MAX_IMAGE_BYTES);
  const check = checkImageHeader(bytes, type as ImageType, MAX_IMAGE_PIXELS);
  if (!check.ok) {
    throw check.reason === 'too-many-pixels'
      ? undecodable(`Images are limited to ${MAX_IMAGE_PIXELS / 1_000_000} megapixels.`)
      : undecodable(`The body is not a valid ${type.slice(6).toUpperCase()} image.`);
  }
  if (!platform.images) {
    throw new AppError(
      501,
      'https://comanda.dev/problems/not-implemented',
      'Not implemented',
      'Image processing is not available on this runtime yet.',
    );
  }
  const result = await platform.images.process(bytes, type as ImageType);
  if (!result.ok) {
    throw result.reason === 'too-many-pixels'
      ? undecodable(`Images are limited to ${MAX_IMAGE_PIXELS / 1_000_000} megapixels.`)
      : undecodable('The image could not be decoded.');
  }
  const [fullKey, thumbKey] = await Promise.all([
    sha256Hex(result.full).then((h) => `${h}.webp`),
    sha256Hex(result.thumb).then((h) => `${h}.webp`),
  ]);
  // Content-addressed: writing the same file twice is harmless, and an orphan from a failed
  // update below costs only disk.
  await platform.blobs.put(`images/${fullKey}`, result.full, 'image/webp');
  await platform.blobs.put(`images/${thumbKey}`, result.thumb, 'image/webp');
  await catalogWrite(c, async (tx, version) => {
    const p = await getProduct(tx, tenantId, id);
    if (!p) throw notFound('Product');
    if (p.archived_at) throw conflict('The product is archived.', 'archived');
    await updateProduct(tx, tenantId, id, version, { image_key: fullKey, thumb_key: thumbKey });
    return { result: null, changes: [{ type: 'product', id, op: 'upsert' }] };
  });
  const row = await getProduct(c.get('sql'), tenantId, id);
  return c.json(productView(row!, platform.config.PUBLIC_URL));
}

/** DELETE /products/{id}/image: the product shows no image (the files stay: others may share them). */
export async function removeImage(c: Context<AppEnv>) {
  const id = pathId(c.req.param('id'), 'Product');
  const tenantId = c.get('principal').tenantId;
  await catalogWrite(c, async (tx, version) => {
    const p = await getProduct(tx, tenantId, id);
    if (!p) throw notFound('Product');
    if (p.archived_at) throw conflict('The product is archived.', 'archived');
    await updateProduct(tx, tenantId, id, version, { image_key: null, thumb_key: null });
    return { result: null, changes: [{ type: 'product', id, op: 'upsert' }] };
  });
  return c.body(null, 204);
}

/** GET /images/{sha256}.webp: public and immutable (the name is the content's hash). */
export const images = new Hono<AppEnv>();
images.get('/:key', async (c) => {
  const key = c.req.param('key');
  if (!keyPattern.test(key)) throw notFound('Image');
  const blob = await c.get('platform').blobs.get(`images/${key}`);
  if (!blob) throw notFound('Image');
  return c.body(blob.body as Uint8Array<ArrayBuffer>, 200, {
    'Content-Type': blob.contentType,
    'Cache-Control': 'public, max-age=31536000, immutable',
    ETag: `"${key.slice(0, 64)}"`,
    'X-Content-Type-Options': 'nosniff',
  });
});

/** The one API route whose body is not JSON and may pass the app's 1 MiB limit. */
export const isImageUpload = (method: string, path: string) =>
  method === 'PUT' && /\/products\/[^/]+\/image$/.test(path);
