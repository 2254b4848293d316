/**
 * Response shapes of the API (/api/docs) as the PWA reads them. Request bodies come from the
 * worker's zod schemas (one-way import), so a change there breaks the PWA's typecheck.
 */
export type { CreateOrderBody, LineInputBody } from '../../../worker/src/orders/schemas';
export type { CreatePaymentBody } from '../../../worker/src/payments/schemas';

import type { ZReport } from '../../../worker/src/shifts/zreport';

export type { Allergen, Label } from '../../../worker/src/catalog/allergens';
// Enumerations shared with the worker (type-only imports: nothing of the server is bundled).
export type { LineStatus } from '../../../worker/src/orders/state';
export type { Role } from '../../../worker/src/shared/env';
export type { ZReport };

import type { Allergen, Label } from '../../../worker/src/catalog/allergens';

import type { LineStatus } from '../../../worker/src/orders/state';
import type { Role } from '../../../worker/src/shared/env';

export interface Tenant {
  id: string;
  slug: string;
  name: string;
  currency: string;
  tax_inclusive: boolean;
  timezone: string;
  cash_rounding: number;
  address: string | null;
  tax_id: string | null;
  qr_ordering?: boolean;
}

export interface Me {
  user: { id: string; email: string; name: string; role: Role };
  tenant: Tenant;
}

export interface TokenResponse {
  access_token: string;
  token_type: 'bearer';
  expires_in: number;
  refresh_token: string;
}

export interface Category {
  id: string;
  name: string;
  position?: number;
  default_course?: number;
}

export interface TaxRate {
  id: string;
  name: string;
  rate_bp: number;
  position?: number;
}

export interface Modifier {
  id: string;
  name: string;
  price_delta: number;
  available?: boolean;
}

export interface ModifierGroup {
  id: string;
  name: string;
  min: number;
  max: number;
  position?: number;
  modifiers: Modifier[];
}

export interface Product {
  id: string;
  category_id: string | null;
  name: string;
  description: string | null;
  price: number;
  tax_rate_id: string;
  takeaway_tax_rate_id: string | null;
  available?: boolean;
  position?: number;
  modifier_group_ids: string[];
  image_url: string | null;
  thumbnail_url: string | null;
  sku?: string | null;
  barcode?: string | null;
  /** EU allergen codes and dietary labels (absent in catalogs cached before they existed). */
  allergens?: Allergen[];
  labels?: Label[];
  archived_at?: string | null;
}

export interface Catalog {
  version: number;
  currency: string;
  tax_inclusive: boolean;
  categories: Category[];
  products: Product[];
  modifier_groups: ModifierGroup[];
  tax_rates: TaxRate[];
}

export interface CatalogDelta extends Catalog {
  full?: boolean;
  deleted?: { type: 'category' | 'tax_rate' | 'product' | 'modifier_group'; id: string }[];
}

export interface OrderLine {
  id: string;
  product_id?: string;
  name: string;
  quantity: number;
  unit_price?: number;
  modifiers: { id?: string; name: string; price_delta: number }[];
  tax_rate_bp?: number;
  line_total: number;
  tax?: number;
  status: LineStatus;
  voided?: boolean;
  note: string | null;
  seat?: number | null;
  course?: number;
  /** When the line went to the kitchen; null while its course is held. */
  fired_at?: string | null;
  station_id?: string | null;
}

export interface Order {
  id: string;
  ticket_number: number;
  type?: 'dine_in' | 'takeaway';
  table_id?: string | null;
  source?: 'pos' | 'qr';
  status: 'open' | 'paid' | 'closed' | 'void';
  note?: string | null;
  lines: OrderLine[];
  subtotal: number;
  discount_total: number;
  tax_total: number;
  total: number;
  paid_total: number;
  pending_total?: number;
  balance: number;
  receipt_number?: number | null;
  created_at: string;
  updated_at?: string;
}

export interface Payment {
  id: string;
  method: 'cash' | 'card' | 'terminal';
  amount: number;
  tip: number;
  tendered: number | null;
  change: number | null;
  rounding: number;
  status: 'pending' | 'succeeded' | 'failed' | 'canceled';
  checkout_url?: string | null;
  /** The terminal's slip number (terminal payments). */
  reference?: string | null;
  /** The shift the payment belongs to; null when none was open (it is in no Z report). */
  shift_id?: string | null;
  order: Order;
}

export interface Table {
  id: string;
  name: string;
  area: string | null;
  seats: number | null;
  qr_token: string;
  qr_url?: string;
}

export interface Page<T> {
  data: T[];
  next_cursor: string | null;
}

export interface RealtimeEvent {
  seq: number;
  type: string;
  data: unknown;
  at: string;
}

export interface PublicMenu {
  tenant: { name: string; currency: string; qr_ordering?: boolean };
  table: { name: string };
  catalog: Catalog;
}

export interface Shift {
  id: string;
  status: 'open' | 'closed';
  opening_float: number;
  opened_at: string;
  opened_by: string | null;
  closed_at: string | null;
  closed_by: string | null;
  counted_cash: number | null;
  expected_cash: number | null;
  difference: number | null;
}

export interface CashMovement {
  id: string;
  shift_id: string;
  amount: number;
  reason: string;
  created_by: string | null;
  created_at: string;
}

/** GET /shifts/{id} (z_report once closed) and GET /shifts/current (x_report, running). */
export interface ShiftDetail extends Shift {
  cash_movements: CashMovement[];
  z_report: ZReport | null;
  x_report?: ZReport;
}

export type SalesGroupBy = 'day' | 'hour' | 'category' | 'product' | 'method' | 'staff';

export interface SalesRow {
  key: string;
  label: string;
  orders: number;
  quantity: number;
  net: number;
  tax: number;
  gross: number;
}
