-- Catalog (categories, tax rates, products, modifier groups) and tables with their QR tokens.
--
-- Sync for offline clients: catalog_state.version is a per-tenant counter that every catalog write
-- bumps inside its transaction (the row lock serialises a tenant's catalog writes). Every catalog
-- row stores the version that last changed it, and deletions leave a row in catalog_tombstones:
-- together they are the change log `GET /catalog?since=` reads. Deltas are complete for
-- since >= log_floor (tombstones below it may have been pruned; older clients get the full catalog).
--
-- Cross-tenant references are impossible by construction: every reference is a composite foreign
-- key on (tenant_id, id).

create table catalog_state (
  tenant_id uuid primary key references tenants (id) on delete cascade,
  version bigint not null default 0,
  log_floor bigint not null default 0
);

create table categories (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants (id) on delete cascade,
  name text not null,
  position integer not null default 0,
  version bigint not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (tenant_id, id)
);
create index categories_order_idx on categories (tenant_id, position, name, id);
create index categories_version_idx on categories (tenant_id, version);

create table tax_rates (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants (id) on delete cascade,
  name text not null,
  rate_bp integer not null check (rate_bp between 0 and 10000),
  position integer not null default 0,
  version bigint not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (tenant_id, id)
);
create index tax_rates_order_idx on tax_rates (tenant_id, position, name, id);
create index tax_rates_version_idx on tax_rates (tenant_id, version);

-- Products are never deleted: DELETE archives them, so orders can keep pointing at them.
create table products (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants (id) on delete cascade,
  category_id uuid,
  name text not null,
  description text,
  price bigint not null check (price between 0 and 100000000),
  tax_rate_id uuid not null,
  takeaway_tax_rate_id uuid,
  sku text,
  barcode text,
  available boolean not null default true,
  position integer not null default 0,
  image_key text,
  thumb_key text,
  version bigint not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  archived_at timestamptz,
  unique (tenant_id, id),
  foreign key (tenant_id, category_id) references categories (tenant_id, id),
  foreign key (tenant_id, tax_rate_id) references tax_rates (tenant_id, id),
  foreign key (tenant_id, takeaway_tax_rate_id) references tax_rates (tenant_id, id)
);
create index products_order_idx on products (tenant_id, position, name, id) where archived_at is null;
create index products_version_idx on products (tenant_id, version);
create index products_category_idx on products (tenant_id, category_id);
create index products_tax_rate_idx on products (tenant_id, tax_rate_id);
create index products_takeaway_tax_rate_idx on products (tenant_id, takeaway_tax_rate_id);
create unique index products_sku_key on products (tenant_id, sku)
  where archived_at is null and sku is not null;
create unique index products_barcode_key on products (tenant_id, barcode)
  where archived_at is null and barcode is not null;

create table modifier_groups (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants (id) on delete cascade,
  name text not null,
  min integer not null check (min >= 0),
  max integer not null check (max >= 1 and max >= min),
  position integer not null default 0,
  version bigint not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (tenant_id, id)
);
create index modifier_groups_order_idx on modifier_groups (tenant_id, position, name, id);
create index modifier_groups_version_idx on modifier_groups (tenant_id, version);

-- Modifiers dropped from a group's list are archived, not deleted (orders may name them).
create table modifiers (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants (id) on delete cascade,
  group_id uuid not null,
  name text not null,
  price_delta bigint not null check (price_delta between -100000000 and 100000000),
  available boolean not null default true,
  position integer not null default 0,
  archived_at timestamptz,
  unique (tenant_id, id),
  foreign key (tenant_id, group_id) references modifier_groups (tenant_id, id) on delete cascade
);
create index modifiers_group_idx on modifiers (tenant_id, group_id, position);

create table product_modifier_groups (
  tenant_id uuid not null,
  product_id uuid not null,
  group_id uuid not null,
  position integer not null default 0,
  primary key (product_id, group_id),
  foreign key (tenant_id, product_id) references products (tenant_id, id) on delete cascade,
  foreign key (tenant_id, group_id) references modifier_groups (tenant_id, id) on delete cascade
);
create index product_modifier_groups_group_idx on product_modifier_groups (tenant_id, group_id);

create table catalog_tombstones (
  tenant_id uuid not null references tenants (id) on delete cascade,
  type text not null check (type in ('category', 'tax_rate', 'product', 'modifier_group')),
  id uuid not null,
  version bigint not null,
  at timestamptz not null default now(),
  primary key (tenant_id, type, id)
);
create index catalog_tombstones_version_idx on catalog_tombstones (tenant_id, version);

-- Tables are soft-deleted (orders will reference them); a deleted table's QR token stops working.
create table tables (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants (id) on delete cascade,
  name text not null,
  area text,
  seats integer check (seats between 1 and 999),
  position integer not null default 0,
  qr_token text not null unique,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  unique (tenant_id, id)
);
create unique index tables_name_key on tables (tenant_id, lower(name)) where deleted_at is null;
create index tables_order_idx on tables (tenant_id, position, name, id) where deleted_at is null;
