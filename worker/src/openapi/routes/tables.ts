import { listQuery } from '../../shared/pagination';
import { pageOf } from '../../shared/wire';
import { publicTableResponse, tableResponse } from '../../tables/responses';
import { createTable, patchTable } from '../../tables/schemas';
import type { RouteDoc } from '../route-doc';
import { MANAGERS, v1 } from './common';

const tag = 'Tables';

export const tableRoutes: RouteDoc[] = [
  {
    method: 'GET',
    path: `${v1}/tables`,
    tag,
    summary: 'List tables',
    auth: 'bearer',
    query: listQuery,
    responses: { 200: { description: 'A page of tables.', schema: pageOf(tableResponse) } },
  },
  {
    method: 'GET',
    path: `${v1}/tables/:id`,
    tag,
    summary: 'One table',
    auth: 'bearer',
    responses: { 200: { description: 'The table.', schema: tableResponse } },
  },
  {
    method: 'GET',
    path: `${v1}/tables/:id/qr.svg`,
    tag,
    summary: "The table's QR code (opens the guest ordering page)",
    auth: 'bearer',
    responses: { 200: { description: 'An SVG image.', type: 'image/svg+xml' } },
  },
  {
    method: 'POST',
    path: `${v1}/tables`,
    tag,
    summary: 'Create a table',
    auth: 'bearer',
    roles: MANAGERS,
    body: createTable,
    responses: { 201: { description: 'The table.', schema: tableResponse } },
    errors: [409],
  },
  {
    method: 'PATCH',
    path: `${v1}/tables/:id`,
    tag,
    summary: 'Change a table',
    auth: 'bearer',
    roles: MANAGERS,
    body: patchTable,
    responses: { 200: { description: 'The table as changed.', schema: tableResponse } },
    errors: [409],
  },
  {
    method: 'POST',
    path: `${v1}/tables/:id/rotate-qr`,
    tag,
    summary: 'Give the table a new QR token (the old code stops working)',
    auth: 'bearer',
    roles: MANAGERS,
    responses: { 200: { description: 'The table with its new token.', schema: tableResponse } },
  },
  {
    method: 'DELETE',
    path: `${v1}/tables/:id`,
    tag,
    summary: 'Delete a table',
    auth: 'bearer',
    roles: MANAGERS,
    responses: { 204: { description: 'Deleted.' } },
    errors: [409],
  },
  {
    method: 'GET',
    path: `${v1}/public/tables/:qr_token`,
    tag: 'Guest',
    summary: "The guest menu behind a table's QR code",
    description:
      'No login: the QR token is the credential. `tenant.qr_ordering` says whether ordering is on.',
    auth: 'token',
    responses: { 200: { description: 'Tenant, table and menu.', schema: publicTableResponse } },
  },
];
