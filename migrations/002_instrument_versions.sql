-- Uploaded instrument versions (for example a municipality's licensed official wording).
-- Built-in versions live in @uwe/schema; a stored version is never changed, because waves and
-- their answers are bound to it forever.
create table instrument_version (
  id text primary key check (id ~ '^[a-z0-9][a-z0-9._-]{1,60}$'),
  title text not null check (length(trim(title)) between 1 and 200),
  definition jsonb not null,
  uploaded_by uuid references staff_user (id),
  created_at timestamptz not null default now()
);
