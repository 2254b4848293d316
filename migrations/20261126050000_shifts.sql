-- Cash shifts (one open per tenant), cash movements, and the shift a payment or refund belongs to.
--
-- A payment or refund taken while a shift is open records that shift (payments/routes.ts looks it
-- up in the paying transaction, with a share lock, so a concurrent close waits for it). A closed
-- shift keeps its Z report frozen as JSON: later changes to orders cannot alter it.

create table shifts (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  opening_float bigint not null check (opening_float between 0 and 100000000),
  opened_by uuid,
  opened_at timestamptz not null,
  closed_by uuid,
  closed_at timestamptz,
  counted_cash bigint check (counted_cash between 0 and 100000000),
  expected_cash bigint,
  difference bigint,
  z_report jsonb,
  primary key (tenant_id, id),
  check ((closed_at is null) = (z_report is null))
);
-- One open shift per tenant: a second open is a unique violation, answered 409.
create unique index shifts_one_open_key on shifts (tenant_id) where closed_at is null;
create index shifts_list_idx on shifts (tenant_id, opened_at desc, id desc);

create table cash_movements (
  tenant_id uuid not null,
  id uuid not null default gen_random_uuid(),
  shift_id uuid not null,
  amount bigint not null check (amount <> 0 and amount between -100000000 and 100000000),
  reason text not null,
  created_by uuid,
  created_at timestamptz not null,
  primary key (tenant_id, id),
  foreign key (tenant_id, shift_id) references shifts (tenant_id, id) on delete cascade
);
create index cash_movements_shift_idx on cash_movements (tenant_id, shift_id, created_at);

alter table payments add column shift_id uuid;
alter table payments add foreign key (tenant_id, shift_id) references shifts (tenant_id, id);
create index payments_shift_idx on payments (tenant_id, shift_id) where shift_id is not null;

alter table refunds add column shift_id uuid;
alter table refunds add foreign key (tenant_id, shift_id) references shifts (tenant_id, id);
create index refunds_shift_idx on refunds (tenant_id, shift_id) where shift_id is not null;

-- Reports: refunds joined to their order; audit filtered by action.
create index refunds_order_idx on refunds (tenant_id, order_id);
create index audit_log_action_idx on audit_log (tenant_id, action, at desc);
