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
  // Postgres rejecting a value (SQLSTATE class 22 "data exception": out of range, bad text
  // encoding, a timestamp beyond year 294276, \u0000 in jsonb…) or one too big to index (54000):
  // the client's input reached a column or a cast, not our bug.
  if (typeof code === 'string' && (code.startsWith('22') || code === '54000')) {
    return badRequest('A value in the request is out of range or malformed.');
  }
  return null;
}

/** RFC 6749 §5.2 error codes for the statuses the app raises on its own. */
function oauthCode(status: number): string {
  if (status === 401) return 'invalid_client';
  if (status === 429) return 'slow_down';
  if (status === 503) return 'temporarily_unavailable';
  if (status >= 500) return 'server_error';
  return 'invalid_request';
}

/** /auth/* speaks OAuth (RFC 6749 §5.2), also for errors raised outside its handlers (413, 404…). */
const isOAuthPath = (path: string) => /^\/api\/v1\/auth(\/|$)/.test(path);

export function problem(c: Context<AppEnv>, e: AppError) {
  if (isOAuthPath(c.req.path)) {
    const body = { error: oauthCode(e.status), error_description: e.detail ?? e.title };
    return c.body(JSON.stringify(body), e.status as 400, {
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': 'no-store',
      Pragma: 'no-cache',
      ...(e.headers ?? {}),
    });
  }
  return c.body(JSON.stringify(problemBody(e)), e.status as 400, {
    'Content-Type': 'application/problem+json; charset=utf-8',
    ...(e.headers ?? {}),
  });
}
