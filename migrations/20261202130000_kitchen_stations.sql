-- Kitchen stations (bar, kitchen…), routing of order lines to them, per-tenant display settings,
-- stored print jobs for ESC/POS printers, and print bridges (the café-side printer relay).

create table stations (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  name text not null,
  position integer not null default 0,
  printer_host text,
  printer_port integer check (printer_port between 1 and 65535),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  primary key (tenant_id, id),
  check ((printer_host is null) = (printer_port is null))
);
create index stations_order_idx on stations (tenant_id, position, name, id) where deleted_at is null;

-- A category routes to one station at most: listing it on a station moves it there.
create table station_categories (
  tenant_id uuid not null,
  category_id uuid not null,
  station_id uuid not null,
  primary key (tenant_id, category_id),
  foreign key (tenant_id, station_id) references stations (tenant_id, id) on delete cascade,
  foreign key (tenant_id, category_id) references categories (tenant_id, id) on delete cascade
);

-- The station is decided when the line is written, so moving a category later routes new lines
-- only. It is set here rather than in each insert so every way a line is born (POS, guest QR,
-- split) is routed alike; a writer that already knows the station (a split copying a line) wins.
alter table order_lines add column station_id uuid;
-- When the line went onto its station's printed ticket (or would have, had the station a printer):
-- each line is ticketed once, whatever path added or fired it.
alter table order_lines add column ticketed_at timestamptz;
-- When the line was sent to be made: set as it is written until courses exist to hold it back.
alter table order_lines add column fired_at timestamptz;
update order_lines set fired_at = created_at, ticketed_at = created_at;
create index order_lines_station_idx on order_lines (tenant_id, station_id) where station_id is not null;

create function route_order_line() returns trigger language plpgsql as $$
begin
  if new.station_id is null then
    new.station_id := coalesce(
      (select sc.station_id
         from products p
         join station_categories sc on sc.tenant_id = p.tenant_id and sc.category_id = p.category_id
         join stations s on s.tenant_id = sc.tenant_id and s.id = sc.station_id and s.deleted_at is null
        where p.tenant_id = new.tenant_id and p.id = new.product_id),
      (select s.id from stations s
        where s.tenant_id = new.tenant_id and s.deleted_at is null
        order by s.position, s.name, s.id limit 1));
  end if;
  if new.fired_at is null then
    new.fired_at := new.created_at;
  end if;
  return new;
end $$;

create trigger order_lines_route before insert on order_lines
  for each row execute function route_order_line();

create table kitchen_settings (
  tenant_id uuid primary key references tenants (id) on delete cascade,
  amber_minutes integer not null default 8 check (amber_minutes between 1 and 240),
  red_minutes integer not null default 15 check (red_minutes between 1 and 240),
  updated_at timestamptz not null default now(),
  check (red_minutes > amber_minutes)
);

-- Jobs are written in the transaction that creates the lines they print, with the ESC/POS bytes
-- already rendered, so a crash after commit loses nothing and a retry prints the same ticket.
-- A sender (the Node dispatcher or a print bridge) leases a job (claimed_until), sends it, then
-- marks it printed; the printer's destination is copied in so later edits don't redirect old jobs.
create table print_jobs (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  kind text not null check (kind in ('ticket', 'receipt', 'test')),
  station_id uuid,
  order_id uuid,
  host text not null,
  port integer not null,
  payload bytea not null,
  status text not null default 'queued' check (status in ('queued', 'printed', 'failed')),
  attempts integer not null default 0,
  error text,
  first_failed_at timestamptz,
  next_attempt_at timestamptz not null default now(),
  claimed_until timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  printed_at timestamptz,
  primary key (tenant_id, id)
);
create index print_jobs_queue_idx on print_jobs (host, port, created_at) where status = 'queued';
create index print_jobs_list_idx on print_jobs (tenant_id, created_at desc, id desc);

create table print_bridges (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  name text not null,
  token_hash text not null unique,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz,
  revoked_at timestamptz,
  primary key (tenant_id, id)
);
