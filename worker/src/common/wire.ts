import { z } from 'zod';

/**
 * Building blocks of response shapes (each domain's responses.ts). They describe what the server
 * writes, so they are plain (no transforms): the OpenAPI description is generated from them and
 * the contract tests check every answer against it.
 */

/** An id the server wrote: a UUID, lower case. */
export const id = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
/** An RFC 3339 UTC timestamp as Date#toJSON writes it. */
export const timestamp = z.iso.datetime();
/** An integer amount in minor units of the tenant's currency (signed where refunds or movements). */
export const amount = z.int();
export const count = z.int().min(0);

/** A page of a list: `next_cursor` is null on the last page. */
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ data: z.array(item), next_cursor: z.string().nullable() });

/** RFC 9457 problem details, the body of every error outside /auth/*. */
export const problem = z
  .object({
    type: z.string().meta({ description: 'A URI naming the kind of problem.' }),
    title: z.string(),
    status: z.int(),
    detail: z.string().optional(),
    errors: z
      .array(z.object({ path: z.string(), message: z.string() }))
      .optional()
      .meta({ description: 'One entry per invalid field (validation failures).' }),
    instance: z.string().optional(),
  })
  .meta({ description: 'RFC 9457 problem details (application/problem+json).' });

/** RFC 6749 §5.2 error body: /auth/* speaks OAuth, not problem+json. */
export const oauthError = z.object({
  error: z.enum([
    'invalid_request',
    'invalid_grant',
    'unsupported_grant_type',
    'invalid_client',
    'slow_down',
    'temporarily_unavailable',
    'server_error',
  ]),
  error_description: z.string(),
});
