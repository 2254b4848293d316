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
 * Keyset of lists ordered by time (orders, shifts, audit): `at` as Date#toISOString writes it, or
 * as Postgres prints a timestamptz (microseconds, `+00`), 4-digit years only. A looser `at`
 * reaches the SQL as a timestamptz parameter and fails there (or in the driver's serialiser)
 * instead of answering 400 for a bad cursor.
 */
const timestampText =
  /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(\.\d{1,6})?(Z|[+-]\d{2}(?::?\d{2})?)$/;

/** A real instant (no month 13, no 31 February): the driver's Date serialiser throws on those. */
function isInstant(text: string): boolean {
  const m = timestampText.exec(text);
  if (!m) return false;
  const zone =
    m[4] === 'Z'
      ? 'Z'
      : m[4]!.replace(/^([+-]\d{2}):?(\d{2})?$/, (_, h, mm) => `${h}:${mm ?? '00'}`);
  const local = new Date(`${m[1]}T${m[2]}Z`);
  const d = new Date(`${m[1]}T${m[2]}${(m[3] ?? '').slice(0, 4)}${zone}`);
  return (
    !Number.isNaN(d.getTime()) &&
    !Number.isNaN(local.getTime()) &&
    local.toISOString().slice(0, 19) === `${m[1]}T${m[2]}`
  );
}

export const timeCursor = z.object({
  at: z.string().refine(isInstant, 'must be a timestamp'),
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
