import { zValidator } from '@hono/zod-validator';
import type { ValidationTargets } from 'hono';
import type { z } from 'zod';
import { validationFailed } from './errors';

export function zodErrors(error: { issues: readonly { path: PropertyKey[]; message: string }[] }) {
  return error.issues.map((i) => ({
    path: i.path.length ? i.path.map(String).join('.') : '(root)',
    message: i.message,
  }));
}

/** zValidator whose failures become our 400 problem with errors[] (thrown, rendered by onError). */
export const validate = <T extends z.ZodType, Target extends keyof ValidationTargets>(
  target: Target,
  schema: T,
) =>
  zValidator(target, schema, (result) => {
    if (!result.success) throw validationFailed(zodErrors(result.error));
  });
