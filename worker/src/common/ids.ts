import { z } from 'zod';
import { notFound as notFoundError } from './errors';

/** Path ids that are not UUIDs can name nothing: they are 404s, never 400s or database errors. */
export const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (v: string) => uuidPattern.test(v);
export const uuid = z
  .string()
  .regex(uuidPattern, 'must be a UUID')
  .transform((v) => v.toLowerCase());

export function randomToken(bytes = 32): string {
  const buf = crypto.getRandomValues(new Uint8Array(bytes));
  let s = '';
  for (const b of buf) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** A path id that is not a UUID names nothing: 404, exactly as an unknown or foreign id. */
/** Every token we hand out (QR, tracking) is base64url; anything else can name nothing. */
const tokenPattern = /^[A-Za-z0-9_-]{1,100}$/;

/**
 * A token in a path (QR code, order tracking) that could not have been issued by us, a NUL or a
 * stray byte included, is a 404 like any unknown token, before it reaches the database.
 */
export function pathToken(value: string | undefined, what: string): string {
  if (!value || !tokenPattern.test(value)) throw notFoundError(what);
  return value;
}

export function pathId(value: string | undefined, what: string): string {
  if (!value || !uuidPattern.test(value)) throw notFoundError(what);
  return value.toLowerCase();
}
