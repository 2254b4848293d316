import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { z } from 'zod';
import type { AppEnv } from './env';
import {
  AppError,
  badRequest,
  problemBody,
  tooLarge,
  unavailable,
  validationFailed,
} from './errors';
import { zodErrors } from './validate';

/** Maps anything thrown to problem+json. Bad input never reaches the 500 branch. */
export function toAppError(err: unknown, isUnavailable: (e: unknown) => boolean): AppError | null {
  if (err instanceof AppError) return err;
  if (err instanceof z.ZodError) return validationFailed(zodErrors(err));
  if (err instanceof HTTPException) {
    if (err.status === 413) return tooLarge();
    if (err.status === 400) return badRequest(err.message || 'The request is malformed.');
    if (err.status < 500) return new AppError(err.status, 'about:blank', err.message || 'Error');
  }
  if (err instanceof SyntaxError) return badRequest('The body is not valid JSON.');
  if (isUnavailable(err)) return unavailable();
  const code = (err as { code?: unknown } | null)?.code;
  // Postgres rejecting a value (out of range, bad text encoding): the client's input, not our bug.
  if (code === '22P02' || code === '22003' || code === '22021' || code === '54000') {
    return badRequest('A value in the request is out of range or malformed.');
  }
  return null;
}

export function problem(c: Context<AppEnv>, e: AppError) {
  return c.body(JSON.stringify(problemBody(e)), e.status as 400, {
    'Content-Type': 'application/problem+json; charset=utf-8',
    ...(e.headers ?? {}),
  });
}
