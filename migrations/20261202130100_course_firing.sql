-- Courses are held and fired: a line of course 1 is fired as it is written; a later course waits
-- (fired_at null) until POST /orders/{id}/fire, unless its course was already fired on that order
-- (a dessert added after desserts went out goes straight to the kitchen).
create or replace function route_order_line() returns trigger language plpgsql as $$
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
  if new.fired_at is null and (
       new.course = 1
       or exists (select 1 from order_lines o
                   where o.tenant_id = new.tenant_id and o.order_id = new.order_id
                     and o.course = new.course and o.fired_at is not null)) then
    new.fired_at := new.created_at;
  end if;
  return new;
end $$;
