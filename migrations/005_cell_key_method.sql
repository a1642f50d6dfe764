-- Disclosure control version 2 (DISCLOSURE.md, the cell key method).

-- Rule 2: every response gets a random record key when it is first stored, an unsigned 32-bit
-- integer from PostgreSQL's strong random source (gen_random_uuid draws from pg_strong_random; the
-- first 32 bits of a version-4 UUID are random). A cell's key is the sum of its records' keys
-- modulo 2^32. Never shown, exported or logged.
create function uwe_record_key() returns bigint language sql volatile as $$
  select ('x' || substr(replace(gen_random_uuid()::text, '-', ''), 1, 8))::bit(32)::bigint
$$;

-- Existing rows get a key each (a volatile default is evaluated per row).
alter table response
  add column record_key bigint not null default uwe_record_key() check (record_key between 0 and 4294967295);

-- Sessions carry a key too: the class sizes of a group are perturbed like a count of its sessions.
alter table survey_session
  add column record_key bigint not null default uwe_record_key() check (record_key between 0 and 4294967295),
  -- The class size (children in the class, with or without consent), for response rates; entered
  -- when the session is opened and editable later. Null for sessions opened before it was asked.
  add column enrolled_pupils integer check (enrolled_pupils between 1 and 100);

-- Rule 9: the release monitoring staff read, chosen by an admin (the newest ready one until then).
alter table wave add column current_release_id uuid references report_release (id);
