import { z } from 'zod';
import { auditEntryResponse } from '../../audit/responses';
import { auditQuery } from '../../audit/routes';
import { listQuery } from '../../common/pagination';
import { pageOf } from '../../common/wire';
import { salesResponse } from '../../reports/responses';
import { salesQuery } from '../../reports/schemas';
import {
  currentShiftResponse,
  movementResponse,
  shiftDetailResponse,
  shiftResponse,
  zReportResponse,
} from '../../shifts/responses';
import { cashMovement, closeShift, openShift } from '../../shifts/schemas';
import type { RouteDoc } from '../route-doc';
import { CASHIERS, MANAGERS, v1 } from './common';

const tag = 'Shifts';

export const moneyRoutes: RouteDoc[] = [
  {
    method: 'POST',
    path: `${v1}/shifts`,
    tag,
    summary: 'Open a shift with an opening float (one open shift per tenant)',
    auth: 'bearer',
    roles: CASHIERS,
    idempotencyKey: true,
    body: openShift,
    responses: { 201: { description: 'The shift.', schema: shiftDetailResponse } },
    errors: [409],
  },
  {
    method: 'GET',
    path: `${v1}/shifts/current`,
    tag,
    summary: 'The open shift with its running figures (X report)',
    auth: 'bearer',
    roles: CASHIERS,
    responses: { 200: { description: 'The open shift.', schema: currentShiftResponse } },
    errors: [404],
  },
  {
    method: 'GET',
    path: `${v1}/shifts`,
    tag,
    summary: 'List shifts, newest first',
    auth: 'bearer',
    roles: CASHIERS,
    query: listQuery,
    responses: { 200: { description: 'A page of shifts.', schema: pageOf(shiftResponse) } },
  },
  {
    method: 'GET',
    path: `${v1}/shifts/:id`,
    tag,
    summary: 'One shift, its cash movements and (once closed) its Z report',
    auth: 'bearer',
    roles: CASHIERS,
    responses: { 200: { description: 'The shift.', schema: shiftDetailResponse } },
  },
  {
    method: 'POST',
    path: `${v1}/shifts/:id/cash-movements`,
    tag,
    summary: 'Put cash in or take it out of the drawer (signed amount, with a reason)',
    auth: 'bearer',
    roles: CASHIERS,
    idempotencyKey: true,
    body: cashMovement,
    responses: { 201: { description: 'The movement.', schema: movementResponse } },
    errors: [409],
  },
  {
    method: 'POST',
    path: `${v1}/shifts/:id/close`,
    tag,
    summary: 'Close the shift with the counted cash; answers the Z report',
    auth: 'bearer',
    roles: CASHIERS,
    idempotencyKey: true,
    body: closeShift,
    responses: { 200: { description: 'The frozen Z report.', schema: zReportResponse } },
    errors: [409],
  },
  {
    method: 'GET',
    path: `${v1}/shifts/:id/z-report`,
    tag,
    summary: 'The Z report (X report while open): printable HTML, or JSON',
    description: 'Send `Accept: application/json` for the data; otherwise an HTML page to print.',
    auth: 'bearer',
    roles: CASHIERS,
    responses: {
      200: { description: 'The report.', schema: zReportResponse, alternatives: ['text/html'] },
    },
  },
  {
    method: 'GET',
    path: `${v1}/reports/sales`,
    tag: 'Reports',
    summary: 'Sales in [from, to) grouped by day, hour, category, product, method or staff',
    description:
      "Days and hours are in the tenant's time zone. Refunds count negative when they were made. " +
      'Send `Accept: text/csv` for a CSV file of the same rows.',
    auth: 'bearer',
    roles: MANAGERS,
    query: salesQuery,
    responses: {
      200: { description: 'The rows.', schema: salesResponse, alternatives: ['text/csv'] },
    },
  },
  {
    method: 'GET',
    path: `${v1}/audit`,
    tag: 'Reports',
    summary: 'The audit log, newest first (logins, voids, discounts, refunds, role changes…)',
    auth: 'bearer',
    roles: MANAGERS,
    query: auditQuery,
    responses: { 200: { description: 'A page of entries.', schema: pageOf(auditEntryResponse) } },
  },
];

const realtimeProtocol = `Upgrades to a WebSocket. Messages are JSON objects with a \`type\`.

- Client → server, first message: \`{"type":"auth","token":ACCESS_TOKEN,"since":SEQ?}\`. A bad,
  expired or other tenant's token closes the socket with code 4401. Before the token expires,
  send a fresh \`{"type":"auth","token"}\` on the same socket.
- Server → client: the events after \`since\` (kept 7 days; older: \`{"type":"resync"}\`, reload
  your state), then \`{"type":"ready","seq":LATEST}\`, then live events.
- Events go out as they are: \`{"seq","type","data","at"}\`. \`seq\` is gapless and commit-ordered
  per tenant; \`type\` is order.created, order.updated, order.fired, order.line_status,
  payment.succeeded, catalog.changed, table.updated, shift.updated, shift.cash_moved,
  printer.failing or printer.recovered (a station's printer failing or back:
  \`{station_id, job_id, error?}\`); \`data\` carries the object it names. Kitchen sockets get
  order, catalog, table and printer events, never payments or shifts.
- Heartbeat: \`{"type":"ping"}\` from the server every 30 s, answered by \`{"type":"pong"}\`.`;

export const realtimeRoutes: RouteDoc[] = [
  {
    method: 'GET',
    path: `${v1}/realtime`,
    tag: 'Realtime',
    summary: "The tenant's live event stream (WebSocket)",
    description: realtimeProtocol,
    auth: 'public',
    query: z.object({ tenant: z.uuid().meta({ description: 'The tenant id (from /me).' }) }),
    responses: {
      101: { description: 'Switching protocols: the socket is open.' },
      426: { description: 'Not a WebSocket upgrade request.' },
    },
    errors: [501],
  },
  {
    method: 'GET',
    path: `${v1}/public/orders/:token/live`,
    tag: 'Guest',
    summary: "One order's live events for the guest (WebSocket)",
    description:
      'The tracking token is the credential; no auth message. The socket carries that order’s ' +
      'events only, as guest views.',
    auth: 'token',
    responses: {
      101: { description: 'Switching protocols: the socket is open.' },
      426: { description: 'Not a WebSocket upgrade request.' },
    },
    errors: [501],
  },
];
