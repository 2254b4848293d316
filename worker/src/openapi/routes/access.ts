import { z } from 'zod';
import { revokeRequest, tokenRequest, tokenResponse } from '../../auth/responses';
import { pinBody } from '../../auth/routes';
import { listQuery } from '../../common/pagination';
import { oauthError, pageOf } from '../../common/wire';
import {
  createdDeviceResponse,
  deviceResponse,
  deviceStaffResponse,
} from '../../devices/responses';
import { createDevice } from '../../devices/routes';
import { meResponse, signUpResponse, tenantResponse } from '../../tenants/responses';
import { signUp, tenantPatch } from '../../tenants/schemas';
import { userResponse } from '../../users/responses';
import { createUser, patchUser } from '../../users/schemas';
import type { RouteDoc } from '../route-doc';
import { MANAGERS, OWNER, v1 } from './common';

const oauthFailure = (description: string) => ({ description, schema: oauthError });

export const accessRoutes: RouteDoc[] = [
  {
    method: 'POST',
    path: `${v1}/auth/token`,
    tag: 'Auth',
    summary: 'Log in (password grant) or refresh an access token',
    description:
      'OAuth 2 (RFC 6749 §4.3 and §6). Refresh tokens rotate: a reused one revokes its whole login. ' +
      'Failed logins are throttled per account and address before any password work.',
    auth: 'public',
    body: tokenRequest,
    bodyType: 'application/x-www-form-urlencoded',
    oauth: true,
    responses: {
      200: { description: 'Tokens (Cache-Control: no-store).', schema: tokenResponse },
      400: oauthFailure('invalid_request, invalid_grant or unsupported_grant_type.'),
      429: oauthFailure('slow_down: too many failures; see Retry-After.'),
    },
  },
  {
    method: 'POST',
    path: `${v1}/auth/revoke`,
    tag: 'Auth',
    summary: 'Revoke a refresh token (RFC 7009)',
    auth: 'public',
    body: revokeRequest,
    bodyType: 'application/x-www-form-urlencoded',
    oauth: true,
    responses: {
      200: {
        description: 'Revoked, or it was not a live token: the answer is the same.',
        schema: z.object({}),
      },
      400: oauthFailure('invalid_request: no token.'),
    },
  },
  {
    method: 'POST',
    path: `${v1}/auth/pin`,
    tag: 'Auth',
    summary: 'Switch staff on a shared device with a PIN',
    description: 'Needs the device token from POST /devices. 5 wrong PINs lock a user on a device.',
    auth: 'device',
    headers: { 'X-Device-Token': { description: 'The device token.', required: true } },
    body: pinBody,
    oauth: true,
    responses: {
      200: { description: 'Tokens, as the password grant.', schema: tokenResponse },
      400: oauthFailure('invalid_request or invalid_grant (wrong user or PIN).'),
      401: oauthFailure('invalid_client: the device token is not valid.'),
      429: oauthFailure('slow_down: this user is locked on this device for a while.'),
    },
  },
  {
    method: 'POST',
    path: `${v1}/tenants`,
    tag: 'Tenant',
    summary: 'Sign up: a new tenant and its owner',
    description: 'Then log in with the password grant. ALLOW_SIGNUP=false turns it off (403).',
    auth: 'public',
    body: signUp,
    responses: { 201: { description: 'The tenant and its owner.', schema: signUpResponse } },
    errors: [403, 409, 429],
  },
  {
    method: 'GET',
    path: `${v1}/me`,
    tag: 'Tenant',
    summary: 'The logged-in user and their tenant',
    auth: 'bearer',
    responses: { 200: { description: 'You.', schema: meResponse } },
  },
  {
    method: 'GET',
    path: `${v1}/tenant`,
    tag: 'Tenant',
    summary: 'Tenant settings',
    auth: 'bearer',
    roles: MANAGERS,
    responses: { 200: { description: 'The tenant.', schema: tenantResponse } },
  },
  {
    method: 'PATCH',
    path: `${v1}/tenant`,
    tag: 'Tenant',
    summary: 'Change tenant settings',
    description:
      'A change of `currency` or `tax_inclusive` is a catalog change: the catalog version goes up and `catalog.changed` (with `changes: []`) goes to every device, which syncs.',
    auth: 'bearer',
    roles: OWNER,
    body: tenantPatch,
    responses: { 200: { description: 'The tenant as changed.', schema: tenantResponse } },
    errors: [422],
  },
  {
    method: 'GET',
    path: `${v1}/users`,
    tag: 'Users',
    summary: 'List staff',
    auth: 'bearer',
    roles: MANAGERS,
    query: listQuery,
    responses: { 200: { description: 'A page of users.', schema: pageOf(userResponse) } },
  },
  {
    method: 'GET',
    path: `${v1}/users/:id`,
    tag: 'Users',
    summary: 'One user',
    auth: 'bearer',
    roles: MANAGERS,
    responses: { 200: { description: 'The user.', schema: userResponse } },
  },
  {
    method: 'POST',
    path: `${v1}/users`,
    tag: 'Users',
    summary: 'Add a user',
    description: 'Owners may add anyone; managers only roles below manager.',
    auth: 'bearer',
    roles: MANAGERS,
    body: createUser,
    responses: { 201: { description: 'The user.', schema: userResponse } },
    errors: [409],
  },
  {
    method: 'PATCH',
    path: `${v1}/users/:id`,
    tag: 'Users',
    summary: 'Change a user (a new password or role ends their other sessions)',
    auth: 'bearer',
    roles: MANAGERS,
    body: patchUser,
    responses: { 200: { description: 'The user as changed.', schema: userResponse } },
    errors: [409],
  },
  {
    method: 'DELETE',
    path: `${v1}/users/:id`,
    tag: 'Users',
    summary: 'Remove a user (a tenant keeps at least one owner)',
    auth: 'bearer',
    roles: MANAGERS,
    responses: { 204: { description: 'Removed; their tokens are revoked.' } },
    errors: [409],
  },
  {
    method: 'GET',
    path: `${v1}/devices`,
    tag: 'Devices',
    summary: 'List shared devices',
    auth: 'bearer',
    roles: MANAGERS,
    responses: { 200: { description: 'Every device (one page).', schema: pageOf(deviceResponse) } },
  },
  {
    method: 'POST',
    path: `${v1}/devices`,
    tag: 'Devices',
    summary: 'Register a shared device; its token is shown once',
    auth: 'bearer',
    roles: MANAGERS,
    body: createDevice,
    responses: { 201: { description: 'The device and its token.', schema: createdDeviceResponse } },
    errors: [409],
  },
  {
    method: 'GET',
    path: `${v1}/devices/current/staff`,
    tag: 'Devices',
    summary: 'The lock screen’s staff: who can sign in by PIN on this device',
    description:
      'Active users of the device’s tenant with a PIN, by name. Authenticated by the device token alone.',
    auth: 'device',
    headers: { 'X-Device-Token': { description: 'The device token.', required: true } },
    responses: {
      200: { description: 'The staff tiles (one page).', schema: pageOf(deviceStaffResponse) },
      401: { description: 'The device token is missing, wrong or revoked (problem+json).' },
    },
  },
  {
    method: 'DELETE',
    path: `${v1}/devices/:id`,
    tag: 'Devices',
    summary: 'Revoke a device',
    auth: 'bearer',
    roles: MANAGERS,
    responses: { 204: { description: 'Revoked.' } },
  },
];

export const healthRoutes: RouteDoc[] = [
  {
    method: 'GET',
    path: '/healthz',
    tag: 'Operations',
    summary: 'The process is up',
    auth: 'public',
    responses: { 200: { description: 'Up.', schema: z.object({ status: z.literal('ok') }) } },
  },
  {
    method: 'GET',
    path: '/readyz',
    tag: 'Operations',
    summary: 'Ready: database reachable and migrations applied',
    description:
      'The realtime hub is reported (degraded when Redis is away) without failing readiness.',
    auth: 'public',
    responses: {
      200: {
        description: 'Ready.',
        schema: z.object({
          status: z.literal('ok'),
          database: z.literal('ok'),
          pending: z.array(z.string()),
          hub: z.enum(['ok', 'degraded']),
        }),
      },
      503: {
        description: 'Migrating or the database is unreachable (Retry-After).',
        schema: z.object({
          status: z.enum(['migrating', 'unavailable']),
          database: z.enum(['ok', 'unreachable']),
          pending: z.array(z.string()).optional(),
          hub: z.enum(['ok', 'degraded']).optional(),
        }),
      },
    },
  },
];
