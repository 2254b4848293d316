-- Tenants, staff, auth and the two append-only logs every later domain writes to (events, audit).

create table tenants (
  id uuid primary key default gen_random_uuid(),
  slug text not null unique,
  name text not null,
  currency char(3) not null,
  tax_inclusive boolean not null default false,
  timezone text not null default 'UTC',
  cash_rounding integer not null default 1 check (cash_rounding between 1 and 100000),
  address text,
  tax_id text,
  qr_ordering boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table users (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants (id) on delete cascade,
  email text not null,
  name text not null,
  role text not null check (role in ('owner', 'manager', 'cashier', 'waiter', 'kitchen')),
  password_hash text not null,
  pin_hash text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz
);
-- Emails are unique across tenants (a login names one account) and case-insensitive.
create unique index users_email_key on users (lower(email)) where deleted_at is null;
create index users_tenant_idx on users (tenant_id);

-- Refresh tokens are stored hashed; a family is one login's chain of rotations.
create table refresh_tokens (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  family_id uuid not null,
  token_hash text not null unique,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  rotated_at timestamptz,
  revoked_at timestamptz
);
create index refresh_tokens_family_idx on refresh_tokens (family_id);

-- Fixed-window attempt counters for login throttling, shared by every instance and runtime.
create table auth_throttle (
  key text primary key,
  attempts integer not null,
  window_start timestamptz not null
);

create table devices (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants (id) on delete cascade,
  name text not null,
  token_hash text not null unique,
  created_by uuid references users (id),
  created_at timestamptz not null default now(),
  revoked_at timestamptz
);
create index devices_tenant_idx on devices (tenant_id);

-- Per-tenant counters updated inside the writing transaction: gapless by construction.
create table tenant_counters (
  tenant_id uuid primary key references tenants (id) on delete cascade,
  event_seq bigint not null default 0
);

create table events (
  tenant_id uuid not null references tenants (id) on delete cascade,
  seq bigint not null,
  type text not null,
  data jsonb not null,
  at timestamptz not null default now(),
  primary key (tenant_id, seq)
);
create index events_at_idx on events (tenant_id, at);

create table audit_log (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants (id) on delete cascade,
  at timestamptz not null default now(),
  actor_id uuid,
  action text not null,
  object_type text not null,
  object_id text,
  detail jsonb not null default '{}'
);
create index audit_log_tenant_at_idx on audit_log (tenant_id, at desc, id);

-- Stripe-style Idempotency-Key replays for POSTs without a client id.
create table idempotency_keys (
  tenant_id uuid not null references tenants (id) on delete cascade,
  key text not null,
  request_hash text not null,
  status integer not null,
  body jsonb not null,
  created_at timestamptz not null default now(),
  primary key (tenant_id, key)
);
