import type { z } from 'zod';
import type { Role } from '../common/env';

/**
 * How a route is described for the OpenAPI document. A declaration only REFERENCES the zod schemas
 * the route validates with (each domain's schemas.ts) and the shapes it answers with (each domain's
 * responses.ts): there is no second copy of a shape to drift.
 */
export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Who may call the route: `bearer` (an access token; `roles` narrows it), `device` (X-Device-Token),
 * `stripe` (Stripe-Signature), `token` (a capability in the path: QR or tracking token), `public`.
 */
export type Auth = 'bearer' | 'device' | 'stripe' | 'token' | 'public';

export interface ResponseDoc {
  description: string;
  /** The body's shape; omit for bodies that are not JSON (then give `type`) or empty ones. */
  schema?: z.ZodType;
  /** Media type of the body; `application/json` when a schema is given. */
  type?: string;
  /** Other media types the same status may answer with (negotiated by Accept), without schema. */
  alternatives?: string[];
}

export interface RouteDoc {
  method: Method;
  /** The full path as Hono mounts it (`/api/v1/orders/:id`), so it matches the app's routes. */
  path: string;
  summary: string;
  description?: string;
  tag: string;
  auth: Auth;
  /** Roles allowed with a bearer token; omitted: every role. */
  roles?: readonly Role[];
  query?: z.ZodType;
  /** The request body's schema (JSON unless `bodyType` says otherwise). */
  body?: z.ZodType;
  bodyType?: string;
  /** Accepts an `Idempotency-Key` header (Stripe's semantics). */
  idempotencyKey?: boolean;
  /** Extra request headers, by name. */
  headers?: Record<string, { description: string; required?: boolean }>;
  /** Answers with OAuth error bodies (RFC 6749 §5.2) instead of problem+json. */
  oauth?: boolean;
  /** Success answers and route-specific errors by status; common errors are added for you. */
  responses: Record<number, ResponseDoc>;
  /** Error statuses this route can answer besides the common ones (problem+json). */
  errors?: number[];
}
