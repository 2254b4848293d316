import { createHash } from 'node:crypto';
import { badRequest } from './errors';

/**
 * Deeper than any body this API accepts; raw bodies (Idempotency-Key hashes them before the
 * validator runs) may nest 10,000 levels within 1 MiB, which would overflow the stack: a 400.
 */
const MAX_DEPTH = 256;

/** JSON with sorted keys: two bodies that parse to the same value hash alike (docs/api.md, Idempotency). */
export function canonicalJson(value: unknown, depth = 0): string {
  if (depth > MAX_DEPTH) throw badRequest(`The body is nested more than ${MAX_DEPTH} levels deep.`);
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v, depth + 1)).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v, depth + 1)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * SHA-256 of the canonical JSON, hex. node:crypto (workerd has it under nodejs_compat) hashes in
 * place: WebCrypto's digest is a promise per call, and an order hashes its body and every line.
 */
export const requestHash = async (value: unknown) =>
  createHash('sha256').update(canonicalJson(value)).digest('hex');
