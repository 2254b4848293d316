-- Table service and courses: a line may name the guest's seat and the course it belongs to. A
-- category gives its products' lines a default course (drinks and starters 1, mains 2…).
alter table categories
  add column default_course smallint not null default 1 check (default_course between 1 and 5);

alter table order_lines
  add column seat smallint check (seat between 1 and 99),
  add column course smallint not null default 1 check (course between 1 and 5);
