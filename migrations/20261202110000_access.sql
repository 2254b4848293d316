-- Access ends at once. Every access token carries the user's token_version (claim `ver`); a change
-- that must end old tokens (password, PIN, deactivation, deletion) bumps it, and the per-process
-- access cache compares the two. `active` lets an owner suspend a login without deleting the user.
alter table users add column token_version integer not null default 0;
alter table users add column active boolean not null default true;
