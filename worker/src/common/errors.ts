/** One error type, one wire shape (RFC 9457 problem+json). Thrown anywhere, rendered by app.onError. */
export interface FieldError {
  path: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly title: string,
    readonly detail?: string,
    readonly errors?: FieldError[],
    readonly headers?: Record<string, string>,
  ) {
    super(detail ?? title);
  }
}

const base = 'https://comanda.dev/problems/';

export const badRequest = (detail: string, errors?: FieldError[]) =>
  new AppError(400, `${base}bad-request`, 'Bad request', detail, errors);
export const validationFailed = (errors: FieldError[]) =>
  new AppError(400, `${base}validation`, 'Validation failed', 'The request is not valid.', errors);
export const unauthorized = (detail = 'A valid access token is required.') =>
  new AppError(401, `${base}unauthorized`, 'Unauthorized', detail, undefined, {
    'WWW-Authenticate': 'Bearer',
  });
export const forbidden = (detail = 'Your role may not do this.') =>
  new AppError(403, `${base}forbidden`, 'Forbidden', detail);
export const notFound = (what = 'Resource') =>
  new AppError(404, `${base}not-found`, 'Not found', `${what} not found.`);
/** The client took too long to send its request; the connection is not kept. */
export const requestTimeout = (detail: string) =>
  new AppError(408, `${base}request-timeout`, 'Request timeout', detail, undefined, {
    Connection: 'close',
  });
export const conflict = (detail: string, type = 'conflict') =>
  new AppError(409, `${base}${type}`, 'Conflict', detail);
export const tooLarge = (detail = 'The request body is too large.') =>
  new AppError(413, `${base}too-large`, 'Payload too large', detail);
export const unsupportedMediaType = (detail: string) =>
  new AppError(415, `${base}unsupported-media-type`, 'Unsupported media type', detail);
export const unprocessable = (detail: string, errors?: FieldError[], type = 'unprocessable') =>
  new AppError(422, `${base}${type}`, 'Unprocessable', detail, errors);
/** A body naming an id that is not one of this tenant's objects (foreign or unknown alike). */
export const unknownRefs = (errors: FieldError[]) =>
  unprocessable('The body names an object that does not exist.', errors, 'unknown-reference');
export const tooManyRequests = (retryAfter: number) =>
  new AppError(429, `${base}throttled`, 'Too many requests', 'Slow down.', undefined, {
    'Retry-After': String(retryAfter),
  });
export const unavailable = (detail = 'The database is unreachable; try again shortly.') =>
  new AppError(503, `${base}unavailable`, 'Service unavailable', detail, undefined, {
    'Retry-After': '2',
  });

export function problemBody(e: AppError, instance?: string) {
  return {
    type: e.type,
    title: e.title,
    status: e.status,
    ...(e.detail ? { detail: e.detail } : {}),
    ...(e.errors ? { errors: e.errors } : {}),
    ...(instance ? { instance } : {}),
  };
}
