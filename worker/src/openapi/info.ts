import type { z } from 'zod';
import { auditEntryResponse } from '../audit/responses';
import { tokenResponse } from '../auth/responses';
import {
  catalogResponse,
  categoryResponse,
  modifierGroupResponse,
  productResponse,
  publicMenuResponse,
  taxRateResponse,
} from '../catalog/responses';
import { deviceResponse } from '../devices/responses';
import { guestOrderResponse, lineResponse, orderResponse } from '../orders/responses';
import {
  paymentResponse,
  paymentWithOrder,
  receiptResponse,
  refundResponse,
  refundWithOrder,
} from '../payments/responses';
import {
  movementResponse,
  shiftDetailResponse,
  shiftResponse,
  zReportResponse,
} from '../shifts/responses';
import { tableResponse } from '../tables/responses';
import { tenantResponse } from '../tenants/responses';
import { userResponse } from '../users/responses';
import type { DocumentInfo } from './document';

const names: [z.ZodType, string][] = [
  [tenantResponse, 'Tenant'],
  [userResponse, 'User'],
  [deviceResponse, 'Device'],
  [tokenResponse, 'TokenResponse'],
  [catalogResponse, 'Catalog'],
  [categoryResponse, 'Category'],
  [taxRateResponse, 'TaxRate'],
  [productResponse, 'Product'],
  [modifierGroupResponse, 'ModifierGroup'],
  [publicMenuResponse, 'PublicMenu'],
  [tableResponse, 'Table'],
  [orderResponse, 'Order'],
  [lineResponse, 'OrderLine'],
  [guestOrderResponse, 'GuestOrder'],
  [paymentResponse, 'Payment'],
  [paymentWithOrder, 'PaymentWithOrder'],
  [refundResponse, 'Refund'],
  [refundWithOrder, 'RefundWithOrder'],
  [receiptResponse, 'Receipt'],
  [shiftResponse, 'Shift'],
  [shiftDetailResponse, 'ShiftDetail'],
  [movementResponse, 'CashMovement'],
  [zReportResponse, 'ZReport'],
  [auditEntryResponse, 'AuditEntry'],
];

/** The document's preamble: the conventions every route shares (docs/api.md says more). */
export const documentInfo: DocumentInfo = {
  version: '1.1.0',
  names,
  description: `The HTTP API of Comanda, an open-source multi-tenant point of sale. The POS, the
kitchen display, the guest QR pages and outside integrations all use it.

- **Base path** \`/api/v1\`; JSON in and out, except where a route says otherwise.
- **Auth**: \`Authorization: Bearer ACCESS_TOKEN\` from \`POST /api/v1/auth/token\` (OAuth 2
  password grant, refresh tokens rotate). Each route lists the roles it allows.
- **Money** is an integer in minor units of the tenant's currency (\`1250\` = 12.50 EUR), from 0 to
  100,000,000; tax rates are basis points (\`1900\` = 19 %). No floats anywhere.
- **Ids** are UUIDs. Orders, lines, payments and refunds take a client-generated \`id\`: repeating a
  request is safe (201 the first time, 200 with the object as it is after, 409 if the body differs).
  Other writes accept an \`Idempotency-Key\` header where the route says so.
- **Lists** take \`limit\` (1–500, default 50) and an opaque \`cursor\`, and answer
  \`{data, next_cursor}\`; \`next_cursor\` is null on the last page.
- **Errors** are RFC 9457 \`application/problem+json\` (\`{type, title, status, detail, errors?}\`),
  except under \`/auth/\`, which answers OAuth error bodies. Another tenant's id is a 404, never a 403.
- **Timestamps** are RFC 3339 UTC. Every answer carries \`X-Request-Id\`.
- **Realtime**: \`GET /api/v1/realtime\` is a WebSocket; its protocol is described on that route.`,
  tags: [
    { name: 'Auth', description: 'Tokens: password grant, refresh, revoke, PIN switch.' },
    { name: 'Tenant', description: 'Sign-up, settings and who you are.' },
    { name: 'Users', description: 'Staff accounts and roles.' },
    { name: 'Devices', description: 'Shared tablets that switch staff with a PIN.' },
    { name: 'Catalog', description: 'Categories, tax rates, products, modifier groups, images.' },
    { name: 'Tables', description: 'Tables and their QR codes.' },
    { name: 'Orders', description: 'Orders, lines, discounts, voids.' },
    { name: 'Kitchen', description: 'Line statuses on the kitchen display.' },
    { name: 'Payments', description: 'Cash and card payments, refunds, receipts, Stripe.' },
    { name: 'Shifts', description: 'Cash drawer shifts, movements, X and Z reports.' },
    { name: 'Reports', description: 'Sales reports and the audit log.' },
    { name: 'Guest', description: 'QR self-ordering: no login, the token in the path is the key.' },
    { name: 'Realtime', description: 'The live event stream (WebSocket).' },
    { name: 'Operations', description: 'Health, readiness and this description.' },
  ],
};
