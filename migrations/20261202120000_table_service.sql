-- Table service: floor layout, moving, merging and splitting orders.
--
-- layout: where a table sits on the floor plan, {x, y, w, h, shape, rotation} in grid units
-- (null until an owner places it; the floor then lays tables out in a default grid).
alter table tables add column layout jsonb;

-- An order merged into another is void and points at it, so replays of the merge (and late
-- rounds a device sends to the merged order) find where its lines went.
alter table orders add column merged_into uuid;
-- An order split off another names its source, so a replayed round sent to the source finds the
-- lines that moved with the split.
alter table orders add column split_from uuid;
create index orders_split_from_idx on orders (tenant_id, split_from) where split_from is not null;

-- Splitting a line in part, or re-spreading a discount over two orders, moves rounding points:
-- tax_adjust carries the cent(s) each part takes of the line's exact tax, so the two orders'
-- totals add up to the old one to the cent (pricing.ts adds it to the line's rounded tax).
alter table order_lines add column tax_adjust bigint not null default 0;
