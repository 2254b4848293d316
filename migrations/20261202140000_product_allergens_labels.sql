-- Allergens (the 14 allergens EU Regulation 1169/2011 requires a food seller to declare) and
-- dietary labels on products. Stored as text arrays of fixed codes; the checks keep a bad code out
-- even if a writer skips the API's validation. The guest menu shows them, so the catalog history
-- (the menu as an offline client saw it) records them as well.

alter table products
  add column allergens text[] not null default '{}',
  add column labels text[] not null default '{}',
  add constraint products_allergens_check check (allergens <@ array['gluten', 'crustaceans',
    'eggs', 'fish', 'peanuts', 'soy', 'milk', 'nuts', 'celery', 'mustard', 'sesame', 'sulphites',
    'lupin', 'molluscs']::text[]),
  add constraint products_labels_check check (labels <@ array['vegan', 'vegetarian',
    'gluten_free', 'spicy', 'halal']::text[]);

create or replace function record_product_history() returns trigger language plpgsql as $$
begin
  insert into catalog_history (tenant_id, type, id, version, data)
  select p.tenant_id, 'product', p.id, p.version,
         jsonb_build_object('name', p.name, 'price', p.price, 'tax_rate_id', p.tax_rate_id,
           'takeaway_tax_rate_id', p.takeaway_tax_rate_id, 'available', p.available,
           'archived', p.archived_at is not null,
           'allergens', to_jsonb(p.allergens), 'labels', to_jsonb(p.labels),
           'modifier_group_ids', coalesce((select jsonb_agg(pmg.group_id order by pmg.position, pmg.group_id)
             from product_modifier_groups pmg
             where pmg.tenant_id = p.tenant_id and pmg.product_id = p.id), '[]'::jsonb))
  from products p where p.tenant_id = new.tenant_id and p.id = new.id
  on conflict (tenant_id, type, id, version) do update set data = excluded.data;
  return null;
end $$;
