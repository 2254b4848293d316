import { zValidator } from '@hono/zod-validator';
import type { ValidationTargets } from 'hono';
import type { z } from 'zod';
import { unsupportedMediaType, validationFailed } from './errors';

export function zodErrors(error: { issues: readonly { path: PropertyKey[]; message: string }[] }) {
  return error.issues.map((i) => ({
    path: i.path.length ? i.path.map(String).join('.') : '(root)',
    message: i.message,
  }));
}

const isJson = (type: string | undefined) =>
  /^application\/([a-z0-9.+-]+\+)?json\s*(;|$)/i.test(type?.trim() ?? '');

/**
 * zValidator whose failures become our 400 problem with errors[] (thrown, rendered by onError).
 * A JSON route sent another media type answers 415 (docs/api.md, Errors), not a 400 about missing fields:
 * Hono reads such a body as {}, so the check sits where that {} fails validation.
 */
export const validate = <T extends z.ZodType, Target extends keyof ValidationTargets>(
  target: Target,
  schema: T,
) =>
  zValidator(target, schema, (result, c) => {
    if (result.success) return;
    if (target === 'json' && !isJson(c.req.header('content-type'))) {
      throw unsupportedMediaType('Send the body as application/json.');
    }
    throw validationFailed(zodErrors(result.error));
  });
