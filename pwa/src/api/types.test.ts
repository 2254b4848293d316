/**
 * The PWA's wire types against the worker's response schemas. The checks are types: the PWA
 * typecheck (tsc -p pwa/tsconfig.json) fails when one drifts; the vitest run only reports them.
 *
 * Two checks per type: every answer the server can write fits it (so a schema change that the
 * screens cannot take breaks the build), and it has exactly the schema's fields with the
 * schema's value types, optional only where types.ts says why (so no hand-added field and no
 * field the server dropped survives).
 */
import { describe, expectTypeOf, it } from 'vitest';
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
import type { pageOf } from '../../../worker/src/common/wire';
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
import type * as T from './types';

type Out<S extends z.ZodType> = z.output<S>;
type Item<A> = A extends readonly (infer I)[] ? I : never;
type Menu = Out<typeof publicMenuResponse>;

/** The same fields with the same value types, optionality aside (`Required` drops `?`). */
type Fields<X> = { [K in keyof X]-?: Exclude<X[K], undefined> };
/** The fields a value may lack. */
type OptionalKeys<X> = { [K in keyof X]-?: object extends Pick<X, K> ? K : never }[keyof X];

describe('wire types follow the response schemas', () => {
  it('tenant and session types are the schemas’ output', () => {
    expectTypeOf<T.Tenant>().toEqualTypeOf<Out<typeof tenantResponse>>();
    expectTypeOf<T.Me>().toEqualTypeOf<Out<typeof meResponse>>();
    expectTypeOf<T.TokenResponse>().toEqualTypeOf<Out<typeof tokenResponse>>();
  });

  it('staff, devices and the audit log are the schemas’ output', () => {
    expectTypeOf<T.User>().toEqualTypeOf<Out<typeof userResponse>>();
    expectTypeOf<T.Device>().toEqualTypeOf<Out<typeof deviceResponse>>();
    expectTypeOf<T.CreatedDevice>().toEqualTypeOf<Out<typeof createdDeviceResponse>>();
    expectTypeOf<T.DeviceStaff>().toEqualTypeOf<Out<typeof deviceStaffResponse>>();
    expectTypeOf<T.AuditEntry>().toEqualTypeOf<Out<typeof auditEntryResponse>>();
  });

  it('the staff catalog and the guest menu both fit Catalog, field for field', () => {
    expectTypeOf<Out<typeof catalogResponse>>().toExtend<T.Catalog>();
    expectTypeOf<Menu>().toExtend<T.Catalog>();
    expectTypeOf<T.CatalogDelta>().toEqualTypeOf<Out<typeof catalogResponse>>();

    expectTypeOf<Out<typeof productResponse>>().toExtend<T.Product>();
    expectTypeOf<Item<Menu['products']>>().toExtend<T.Product>();
    expectTypeOf<Fields<T.Product>>().toEqualTypeOf<Fields<Out<typeof productResponse>>>();

    expectTypeOf<Out<typeof categoryResponse>>().toExtend<T.Category>();
    expectTypeOf<Item<Menu['categories']>>().toExtend<T.Category>();
    expectTypeOf<Fields<T.Category>>().toEqualTypeOf<Fields<Out<typeof categoryResponse>>>();

    expectTypeOf<Out<typeof taxRateResponse>>().toExtend<T.TaxRate>();
    expectTypeOf<Item<Menu['tax_rates']>>().toExtend<T.TaxRate>();
    expectTypeOf<Fields<T.TaxRate>>().toEqualTypeOf<Fields<Out<typeof taxRateResponse>>>();

    type Group = Out<typeof modifierGroupResponse>;
    expectTypeOf<Group>().toExtend<T.ModifierGroup>();
    expectTypeOf<Item<Menu['modifier_groups']>>().toExtend<T.ModifierGroup>();
    expectTypeOf<Fields<Omit<T.ModifierGroup, 'modifiers'>>>().toEqualTypeOf<
      Fields<Omit<Group, 'modifiers'>>
    >();
    expectTypeOf<Fields<T.Modifier>>().toEqualTypeOf<Fields<Item<Group['modifiers']>>>();
  });

  it('the loosened fields are only the documented ones (types.ts says why)', () => {
    // Staff-only fields (absent on the guest page) and the fields of older cached catalogs.
    expectTypeOf<OptionalKeys<T.Product>>().toEqualTypeOf<
      | 'sku'
      | 'barcode'
      | 'available'
      | 'position'
      | 'updated_at'
      | 'archived_at'
      | 'allergens'
      | 'labels'
    >();
    expectTypeOf<OptionalKeys<T.Category>>().toEqualTypeOf<
      'position' | 'default_course' | 'updated_at'
    >();
    expectTypeOf<OptionalKeys<T.TaxRate>>().toEqualTypeOf<'position' | 'updated_at'>();
    expectTypeOf<OptionalKeys<T.ModifierGroup>>().toEqualTypeOf<'position' | 'updated_at'>();
    expectTypeOf<OptionalKeys<T.Modifier>>().toEqualTypeOf<'available'>();
    // What only the server decides, absent on orders the device priced itself.
    expectTypeOf<OptionalKeys<T.Order>>().toEqualTypeOf<
      'discount' | 'refunded_total' | 'catalog_version' | 'updated_at' | 'paid_at' | 'closed_at'
    >();
    expectTypeOf<OptionalKeys<T.OrderLine>>().toEqualTypeOf<
      'discount' | 'void_reason' | 'seat' | 'course' | 'station_id' | 'fired_at'
    >();
    expectTypeOf<OptionalKeys<T.Payment>>().toEqualTypeOf<never>();
    expectTypeOf<OptionalKeys<T.PublicMenu['tenant']>>().toEqualTypeOf<'qr_ordering'>();
    expectTypeOf<OptionalKeys<T.ShiftDetail>>().toEqualTypeOf<'x_report'>();
  });

  it('orders, lines and payments: the server’s answer fits, field for field', () => {
    type Order = Out<typeof orderResponse>;
    type Line = Out<typeof lineResponse>;
    expectTypeOf<Order>().toExtend<T.Order>();
    expectTypeOf<Line>().toExtend<T.OrderLine>();
    expectTypeOf<Fields<Omit<T.Order, 'lines'>>>().toEqualTypeOf<Fields<Omit<Order, 'lines'>>>();
    expectTypeOf<Fields<T.OrderLine>>().toEqualTypeOf<Fields<Line>>();

    type Payment = Out<typeof paymentWithOrder>;
    expectTypeOf<Payment>().toExtend<T.Payment>();
    expectTypeOf<Fields<Omit<T.Payment, 'order'>>>().toEqualTypeOf<
      Fields<Omit<Payment, 'order'>>
    >();

    expectTypeOf<T.GuestOrder>().toEqualTypeOf<Out<typeof guestOrderResponse>>();
    expectTypeOf<T.GuestOrderCreated>().toEqualTypeOf<Out<typeof guestOrderCreated>>();
  });

  it('tables, the guest page, pages', () => {
    expectTypeOf<T.Table>().toEqualTypeOf<Out<typeof tableResponse>>();
    type Public = Out<typeof publicTableResponse>;
    expectTypeOf<Public>().toExtend<T.PublicMenu>();
    expectTypeOf<Fields<T.PublicMenu['tenant']>>().toEqualTypeOf<Fields<Public['tenant']>>();
    expectTypeOf<T.PublicMenu['table']>().toEqualTypeOf<Public['table']>();
    expectTypeOf<Out<ReturnType<typeof pageOf<typeof tableResponse>>>>().toEqualTypeOf<
      T.Page<T.Table>
    >();
  });

  it('shifts and reports', () => {
    expectTypeOf<T.ZReport>().toEqualTypeOf<Out<typeof zReportResponse>>();
    expectTypeOf<T.Shift>().toEqualTypeOf<Out<typeof shiftResponse>>();
    expectTypeOf<T.CashMovement>().toEqualTypeOf<Out<typeof movementResponse>>();
    expectTypeOf<Out<typeof shiftDetailResponse>>().toExtend<T.ShiftDetail>();
    expectTypeOf<Out<typeof currentShiftResponse>>().toExtend<T.ShiftDetail>();
    expectTypeOf<Fields<T.ShiftDetail>>().toEqualTypeOf<Fields<Out<typeof currentShiftResponse>>>();
    expectTypeOf<T.SalesRow>().toEqualTypeOf<Out<typeof salesRow>>();
  });
});
