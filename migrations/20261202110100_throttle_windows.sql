-- Throttle windows of different lengths share auth_throttle (15 min for logins and PINs, an hour for
-- sign-ups): each row says how long its window is, so housekeeping drops only closed ones.
alter table auth_throttle add column window_seconds integer not null default 900;
