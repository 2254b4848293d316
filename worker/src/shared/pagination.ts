import { z } from 'zod';
import { badRequest } from './errors';

export const listQuery = z.object({
  limit: z
    .string()
    .regex(/^\d{1,3}$/, 'must be an integer from 1 to 500')
    .transform(Number)
    .refine((n) => n >= 1 && n <= 500, 'must be an integer from 1 to 500')
    .optional()
    .transform((n) => n ?? 50),
  cursor: z.string().max(500).optional(),
});

/**
 * Keyset of lists ordered by time (orders, shifts, audit): `at` is what Date#toISOString wrote.
 * A looser `at` reaches the SQL as a timestamptz parameter and fails there (or in the driver's
 * serialiser) instead of answering 400 for a bad cursor.
 */
export const timeCursor = z.object({
  at: z.iso.datetime(),
  id: z.string().uuid(),
});

/** Cursors are opaque to clients: base64url JSON of the last row's sort key. */
export function encodeCursor(key: unknown): string {
  const bytes = new TextEncoder().encode(JSON.stringify(key));
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function decodeCursor<T>(cursor: string | undefined, schema: z.ZodType<T>): T | undefined {
  if (cursor === undefined) return undefined;
  try {
    const b64 = cursor.replace(/-/g, '+').replace(/_/g, '/');
    const bin = atob(b64);
    const json = new TextDecoder().decode(Uint8Array.from(bin, (ch) => ch.charCodeAt(0)));
    return schema.parse(JSON.parse(json));
  } catch {
    throw badRequest('The cursor is not valid.', [{ path: 'cursor', message: 'is not valid' }]);
  }
}

export function page<T>(rows: T[], limit: number, keyOf: (row: T) => unknown) {
  const hasMore = rows.length > limit;
  const data = hasMore ? rows.slice(0, limit) : rows;
  const last = data[data.length - 1];
  return { data, next_cursor: hasMore && last !== undefined ? encodeCursor(keyOf(last)) : null };
}
