-- The onboarding step "currency and tax": the owner confirms the currency, whether prices include
-- tax, and the tax rate a new product starts with. The default rate must be one of the tenant's
-- own (the composite key), and deleting it clears the default rather than blocking the delete.

alter table tenants
  add column default_tax_rate_id uuid,
  add column tax_confirmed boolean not null default false,
  add constraint tenants_default_tax_rate_fk foreign key (id, default_tax_rate_id)
    references tax_rates (tenant_id, id) on delete set null (default_tax_rate_id);
