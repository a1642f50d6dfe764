-- Staff sign-ins known to the server. The cookie names a row here; logging out or an admin ending
-- a person's sessions deletes the rows, and the cookie stops working at once instead of at expiry.
-- No address, no user agent: only whose sign-in it is and how long it may last.
create table staff_session (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references staff_user (id) on delete cascade,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index staff_session_user_idx on staff_session (user_id);
