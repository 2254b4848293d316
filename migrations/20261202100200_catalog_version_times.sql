-- When each catalog version began, so an order priced at an old version (taken offline) can say how
-- long ago that version stopped being current: the moment the next version began. A trigger on the
-- counter records it, so no catalog write path can forget to.

create table catalog_versions (
  tenant_id uuid not null references tenants (id) on delete cascade,
  version bigint not null,
  began_at timestamptz not null default now(),
  primary key (tenant_id, version)
);

create function record_catalog_version() returns trigger language plpgsql as $$
begin
  insert into catalog_versions (tenant_id, version) values (new.tenant_id, new.version)
  on conflict (tenant_id, version) do nothing;
  return null;
end $$;

create trigger catalog_state_versions after insert or update of version on catalog_state
  for each row execute function record_catalog_version();
