/**
 * Response shapes of the API as the PWA reads them, derived from the worker's response schemas
 * (worker/src/<domain>/responses.ts, the same ones the OpenAPI description and the contract tests
 * use). Every import here is `import type`: zod's inferred types only, no zod code in the bundle.
 * A change of a response schema changes these types, so the screens that read it stop compiling.
 *
 * Where the PWA holds something the server did not write (an order priced on the device, a
 * catalog cached by an older version, one product type for the staff catalog and the guest
 * menu), a few fields are loosened to optional below, each with the reason. types.test.ts checks
 * that every server answer still fits and that no field exists here that the server does not send.
 */
import type { z } from 'zod';
import type { auditEntryResponse } from '../../../worker/src/audit/responses';
import type { tokenResponse } from '../../../worker/src/auth/responses';
import type {
  catalogResponse,
  categoryResponse,
  modifierGroupResponse,
  productResponse,
  publicMenuResponse,
  taxRateResponse,
} from '../../../worker/src/catalog/responses';
import type {
  createdDeviceResponse,
  deviceResponse,
  deviceStaffResponse,
} from '../../../worker/src/devices/responses';
import type {
  guestOrderCreated,
  guestOrderResponse,
  lineResponse,
  orderResponse,
} from '../../../worker/src/orders/responses';
import type { paymentWithOrder } from '../../../worker/src/payments/responses';
import type { salesRow } from '../../../worker/src/reports/responses';
import type { salesQuery } from '../../../worker/src/reports/schemas';
import type {
  currentShiftResponse,
  movementResponse,
  shiftDetailResponse,
  shiftResponse,
  zReportResponse,
} from '../../../worker/src/shifts/responses';
import type { publicTableResponse, tableResponse } from '../../../worker/src/tables/responses';
import type { meResponse, tenantResponse } from '../../../worker/src/tenants/responses';
import type { userResponse } from '../../../worker/src/users/responses';

// Enumerations shared with the worker.
export type { Allergen, Label } from '../../../worker/src/catalog/allergens';
export type { Role } from '../../../worker/src/common/env';
// Request bodies come from the worker's request schemas (one-way import, types only).
export type { CreateOrderBody, LineInputBody } from '../../../worker/src/orders/schemas';
export type { LineStatus } from '../../../worker/src/orders/state';
export type { CreatePaymentBody } from '../../../worker/src/payments/schemas';

/** `K` of `T` made optional, the rest as it is. */
type Loosen<T, K extends keyof T> = Omit<T, K> & Partial<Pick<T, K>>;
type Item<A> = A extends readonly (infer I)[] ? I : never;

// ---- tenant, session -------------------------------------------------------------------------

export type Tenant = z.output<typeof tenantResponse>;
export type Me = z.output<typeof meResponse>;
export type TokenResponse = z.output<typeof tokenResponse>;

// ---- staff, devices, audit -------------------------------------------------------------------

export type User = z.output<typeof userResponse>;
/** A registered device (GET /devices lists the ones not revoked). */
export type Device = z.output<typeof deviceResponse>;
/** POST /devices: the device and its token, shown this once. */
export type CreatedDevice = z.output<typeof createdDeviceResponse>;
/** A lock-screen tile (GET /devices/current/staff). */
export type DeviceStaff = z.output<typeof deviceStaffResponse>;
export type AuditEntry = z.output<typeof auditEntryResponse>;

// ---- catalog ---------------------------------------------------------------------------------

/** The staff catalog (GET /catalog) and the guest menu (GET /public/tables/{qr_token}). */
export type StaffCatalog = z.output<typeof catalogResponse>;
export type MenuCatalog = z.output<typeof publicMenuResponse>;

/**
 * One type per catalog entity serves both the staff catalog and the guest menu (the cart, the
 * modifier dialog and the menu list take either): the guest menu's fields as the server writes
 * them, plus the staff-only fields as optional (absent on the guest page).
 */
type Both<Staff, Menu> = Menu & Partial<Omit<Staff, keyof Menu>>;

export type Category = Both<z.output<typeof categoryResponse>, Item<MenuCatalog['categories']>>;
export type TaxRate = Both<z.output<typeof taxRateResponse>, Item<MenuCatalog['tax_rates']>>;
type StaffGroup = z.output<typeof modifierGroupResponse>;
type MenuGroup = Item<MenuCatalog['modifier_groups']>;
export type Modifier = Both<Item<StaffGroup['modifiers']>, Item<MenuGroup['modifiers']>>;
export type ModifierGroup = Both<Omit<StaffGroup, 'modifiers'>, Omit<MenuGroup, 'modifiers'>> & {
  modifiers: Modifier[];
};
/**
 * Also optional: `allergens` and `labels`, absent in catalogs and guest menus cached (IndexedDB,
 * localStorage) by versions from before they existed; the screens read them with `?? []`.
 */
export type Product = Loosen<
  Both<z.output<typeof productResponse>, Item<MenuCatalog['products']>>,
  'allergens' | 'labels'
>;

/** A catalog as the PWA keeps it: the staff one merged from deltas, or the guest menu. */
export type Catalog = Pick<MenuCatalog, 'version' | 'currency' | 'tax_inclusive'> & {
  categories: Category[];
  products: Product[];
  modifier_groups: ModifierGroup[];
  tax_rates: TaxRate[];
};

/** GET /catalog?since=: a full catalog or the changes since a version, with tombstones. */
export type CatalogDelta = StaffCatalog;

// ---- orders, payments ------------------------------------------------------------------------

type ServerLine = z.output<typeof lineResponse>;
type ServerOrder = z.output<typeof orderResponse>;

/**
 * A line as the server writes it, or as the device priced it before the server answered
 * (offline/orders.ts): those lack what only the server decides (the discount share, course and
 * station routing, firing, the void reason), which is also how FireCourse tells them apart.
 */
export type OrderLine = Loosen<
  ServerLine,
  'discount' | 'void_reason' | 'seat' | 'course' | 'station_id' | 'fired_at'
>;

/** An order as the server writes it, or built on the device (same reason as OrderLine). */
export type Order = Loosen<
  Omit<ServerOrder, 'lines'>,
  'discount' | 'refunded_total' | 'catalog_version' | 'updated_at' | 'paid_at' | 'closed_at'
> & { lines: OrderLine[] };

export type Payment = Omit<z.output<typeof paymentWithOrder>, 'order'> & { order: Order };

/** What a guest sees of their order (GET /public/orders/{tracking_token}). */
export type GuestOrder = z.output<typeof guestOrderResponse>;
export type GuestOrderLine = Item<GuestOrder['lines']>;
/** POST /public/tables/{qr_token}/orders: the order and the token to follow it. */
export type GuestOrderCreated = z.output<typeof guestOrderCreated>;

// ---- tables, guest page ----------------------------------------------------------------------

export type Table = z.output<typeof tableResponse>;

type PublicTable = z.output<typeof publicTableResponse>;
/**
 * The guest page's table and menu. `qr_ordering` is optional (menus cached before it existed
 * mean "on") and the catalog is the shared Catalog (see Product for its cached fields).
 */
export type PublicMenu = Omit<PublicTable, 'tenant' | 'catalog'> & {
  tenant: Loosen<PublicTable['tenant'], 'qr_ordering'>;
  catalog: Catalog;
};

// ---- lists, realtime -------------------------------------------------------------------------

/** A page of a list (the worker's `pageOf` is generic, so this one is written out). */
export interface Page<T> {
  data: T[];
  next_cursor: string | null;
}

/** An event of the realtime socket; `data` is read per `type` where it is used. */
export interface RealtimeEvent {
  seq: number;
  type: string;
  data: unknown;
  at: string;
}

// ---- shifts, reports -------------------------------------------------------------------------

export type ZReport = z.output<typeof zReportResponse>;
export type Shift = z.output<typeof shiftResponse>;
export type CashMovement = z.output<typeof movementResponse>;
/** GET /shifts/{id} (z_report once closed) and GET /shifts/current (also x_report, running). */
export type ShiftDetail = z.output<typeof shiftDetailResponse> &
  Partial<Pick<z.output<typeof currentShiftResponse>, 'x_report'>>;

export type SalesGroupBy = z.input<typeof salesQuery>['group_by'];
export type SalesRow = z.output<typeof salesRow>;
