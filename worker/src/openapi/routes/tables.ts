import { listQuery } from '../../common/pagination';
import { pageOf } from '../../common/wire';
import { orderResponse } from '../../orders/responses';
import {
  floorResponse,
  publicTableResponse,
  splitResponse,
  tableResponse,
} from '../../tables/responses';
import { createTable, mergeBody, moveBody, patchTable, splitBody } from '../../tables/schemas';
import type { RouteDoc } from '../route-doc';
import { MANAGERS, ORDER_WRITERS, v1 } from './common';

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
  {
    method: 'GET',
    path: `${v1}/floor`,
    tag,
    summary: 'The floor plan: tables by area with their status and open orders',
    auth: 'bearer',
    responses: { 200: { description: 'Areas and their tables.', schema: floorResponse } },
  },
  {
    method: 'POST',
    path: `${v1}/orders/:id/move`,
    tag,
    summary: 'Move an open order to another table (a replay to the same table changes nothing)',
    auth: 'bearer',
    roles: ORDER_WRITERS,
    body: moveBody,
    responses: { 200: { description: 'The order on its new table.', schema: orderResponse } },
    errors: [409, 422],
  },
  {
    method: 'POST',
    path: `${v1}/orders/:id/split`,
    tag,
    summary: 'Split chosen quantities off into a new order, exact to the cent',
    auth: 'bearer',
    roles: ORDER_WRITERS,
    body: splitBody,
    responses: {
      201: { description: 'The new order and the source.', schema: splitResponse },
      200: { description: 'A replay: both orders as they are now.', schema: splitResponse },
    },
    errors: [409, 422],
  },
  {
    method: 'POST',
    path: `${v1}/orders/:id/merge`,
    tag,
    summary: 'Merge other open tabs into this order (they become void, merged)',
    auth: 'bearer',
    roles: ORDER_WRITERS,
    body: mergeBody,
    responses: { 200: { description: 'The merged order.', schema: orderResponse } },
    errors: [409, 422],
  },
];
