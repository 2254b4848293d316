-- The `terminal` tender: a card payment taken on the café's own standalone card terminal. It is
-- settled when recorded (no Stripe), and keeps an optional reference (the terminal's slip number).

alter table payments drop constraint payments_method_check;
alter table payments add constraint payments_method_check
  check (method in ('cash', 'card', 'terminal'));
alter table payments add column reference text;

alter table refunds drop constraint refunds_method_check;
alter table refunds add constraint refunds_method_check
  check (method in ('cash', 'card', 'terminal'));
