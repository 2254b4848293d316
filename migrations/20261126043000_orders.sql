-- Orders, lines, payments, refunds, receipts and guest tracking.
--
-- Ids are client-generated UUIDs scoped to the tenant: the primary keys are (tenant_id, id), so one
-- tenant can never collide with (or probe for) another's ids. Money is bigint minor units.

alter table tenant_counters add column receipt_seq bigint not null default 0;

-- Ticket numbers restart every local day of the tenant.
create table ticket_counters (
  tenant_id uuid not null references tenants (id) on delete cascade,
  day date not null,
  last integer not null,
  primary key (tenant_id, day)
);

create table orders (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null,
  ticket_number integer not null,
  type text not null check (type in ('dine_in', 'takeaway')),
  table_id uuid,
  source text not null check (source in ('pos', 'qr')),
  status text not null check (status in ('open', 'paid', 'closed', 'void')),
  note text,
  catalog_version bigint,
  discount_kind text check (discount_kind in ('percent', 'amount')),
  discount_value bigint,
  discount_reason text,
  subtotal bigint not null default 0,
  discount_total bigint not null default 0,
  tax_total bigint not null default 0,
  total bigint not null default 0,
  paid_total bigint not null default 0,
  pending_total bigint not null default 0,
  receipt_number bigint,
  tracking_token text unique,
  request_hash text not null,
  created_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  paid_at timestamptz,
  closed_at timestamptz,
  voided_at timestamptz,
  void_reason text,
  primary key (tenant_id, id),
  foreign key (tenant_id, table_id) references tables (tenant_id, id),
  unique (tenant_id, receipt_number)
);
create index orders_created_idx on orders (tenant_id, created_at desc, id desc);
create index orders_status_idx on orders (tenant_id, status, created_at desc);
create index orders_table_idx on orders (tenant_id, table_id) where table_id is not null;
create index orders_paid_idx on orders (tenant_id, paid_at) where paid_at is not null;

-- Lines snapshot the name, prices and tax rate they were sold at; `seat`, `course` and `station`
-- can be added later without touching the money columns.
create table order_lines (
  tenant_id uuid not null,
  id uuid not null,
  order_id uuid not null,
  position integer not null,
  product_id uuid not null,
  name text not null,
  quantity integer not null check (quantity between 1 and 999),
  unit_price bigint not null,
  modifiers jsonb not null default '[]',
  tax_rate_bp integer not null,
  line_total bigint not null,
  discount bigint not null default 0,
  tax bigint not null default 0,
  status text not null default 'queued' check (status in ('queued', 'preparing', 'ready', 'served')),
  voided boolean not null default false,
  void_reason text,
  note text,
  request_hash text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, order_id) references orders (tenant_id, id) on delete cascade,
  foreign key (tenant_id, product_id) references products (tenant_id, id)
);
create index order_lines_order_idx on order_lines (tenant_id, order_id, position);

create table payments (
  tenant_id uuid not null,
  id uuid not null,
  order_id uuid not null,
  method text not null check (method in ('cash', 'card')),
  status text not null check (status in ('pending', 'succeeded', 'failed', 'canceled')),
  amount bigint not null check (amount > 0),
  tip bigint not null default 0 check (tip >= 0),
  tendered bigint,
  change bigint,
  rounding bigint not null default 0,
  refunded bigint not null default 0,
  checkout_session_id text unique,
  checkout_url text,
  payment_intent text,
  request_hash text not null,
  created_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  settled_at timestamptz,
  primary key (tenant_id, id),
  foreign key (tenant_id, order_id) references orders (tenant_id, id) on delete cascade
);
create index payments_order_idx on payments (tenant_id, order_id, created_at);
create index payments_settled_idx on payments (tenant_id, settled_at) where status = 'succeeded';

create table refunds (
  tenant_id uuid not null,
  id uuid not null,
  order_id uuid not null,
  payment_id uuid not null,
  amount bigint not null check (amount > 0),
  reason text not null,
  method text not null check (method in ('cash', 'card')),
  provider_refund_id text,
  request_hash text not null,
  created_by uuid,
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, payment_id) references payments (tenant_id, id)
);
create index refunds_created_idx on refunds (tenant_id, created_at);

-- Stripe webhook events already processed (Stripe retries; each event id counts once).
create table stripe_events (
  id text primary key,
  type text not null,
  received_at timestamptz not null default now()
);

-- The catalog as it stood at each version, so an order taken offline is priced as the guest saw
-- it. Filled by deferred triggers at commit, when products and modifier lists are final.
create table catalog_history (
  tenant_id uuid not null references tenants (id) on delete cascade,
  type text not null check (type in ('product', 'modifier_group', 'tax_rate')),
  id uuid not null,
  version bigint not null,
  data jsonb not null,
  primary key (tenant_id, type, id, version)
);

create function record_product_history() returns trigger language plpgsql as $$
begin
  insert into catalog_history (tenant_id, type, id, version, data)
  select p.tenant_id, 'product', p.id, p.version,
         jsonb_build_object('name', p.name, 'price', p.price, 'tax_rate_id', p.tax_rate_id,
           'takeaway_tax_rate_id', p.takeaway_tax_rate_id, 'available', p.available,
           'archived', p.archived_at is not null,
           'modifier_group_ids', coalesce((select jsonb_agg(pmg.group_id order by pmg.position, pmg.group_id)
             from product_modifier_groups pmg
             where pmg.tenant_id = p.tenant_id and pmg.product_id = p.id), '[]'::jsonb))
  from products p where p.tenant_id = new.tenant_id and p.id = new.id
  on conflict (tenant_id, type, id, version) do update set data = excluded.data;
  return null;
end $$;

create constraint trigger products_history after insert or update on products
  deferrable initially deferred for each row execute function record_product_history();

create function record_modifier_group_history() returns trigger language plpgsql as $$
begin
  insert into catalog_history (tenant_id, type, id, version, data)
  select g.tenant_id, 'modifier_group', g.id, g.version,
         jsonb_build_object('name', g.name, 'min', g.min, 'max', g.max,
           'modifiers', coalesce((select jsonb_agg(jsonb_build_object('id', m.id, 'name', m.name,
               'price_delta', m.price_delta, 'available', m.available) order by m.position, m.id)
             from modifiers m
             where m.tenant_id = g.tenant_id and m.group_id = g.id and m.archived_at is null), '[]'::jsonb))
  from modifier_groups g where g.tenant_id = new.tenant_id and g.id = new.id
  on conflict (tenant_id, type, id, version) do update set data = excluded.data;
  return null;
end $$;

create constraint trigger modifier_groups_history after insert or update on modifier_groups
  deferrable initially deferred for each row execute function record_modifier_group_history();

create function record_tax_rate_history() returns trigger language plpgsql as $$
begin
  insert into catalog_history (tenant_id, type, id, version, data)
  values (new.tenant_id, 'tax_rate', new.id, new.version, jsonb_build_object('rate_bp', new.rate_bp))
  on conflict (tenant_id, type, id, version) do update set data = excluded.data;
  return null;
end $$;

create trigger tax_rates_history after insert or update on tax_rates
  for each row execute function record_tax_rate_history();
