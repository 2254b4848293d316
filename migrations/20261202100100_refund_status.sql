-- Card refunds are pending until Stripe's refund event says succeeded or failed; cash and terminal
-- refunds are settled when recorded. A refund belongs to the shift open when it settled.

alter table refunds add column status text not null default 'succeeded'
  check (status in ('pending', 'succeeded', 'failed'));
alter table refunds add column settled_at timestamptz;

-- Card refunds Stripe never confirmed an id for were shown as pending before: keep them so.
update refunds set status = 'pending' where method = 'card' and provider_refund_id is null;
update refunds set settled_at = created_at where status = 'succeeded';

-- Stripe's refund events name the refund by Stripe's id.
create unique index refunds_provider_idx on refunds (provider_refund_id)
  where provider_refund_id is not null;
