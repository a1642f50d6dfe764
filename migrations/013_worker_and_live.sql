-- Export files of a frozen release, written once by the worker and served by any API process.
-- A file is stored in parts of about a megabyte, so serving it never holds it whole in memory;
-- its header row is inserted in the same transaction as its parts, so a file is either complete
-- or absent (a worker killed half-way leaves nothing behind).
create table release_file (
  release_id uuid not null references report_release (id) on delete cascade,
  kind text not null check (kind in ('csv', 'csv-excel-de', 'xlsx')),
  -- How the stored bytes are encoded: gzip for CSV (served as is to clients that accept it).
  encoding text not null check (encoding in ('identity', 'gzip')),
  file_name text not null,
  content_type text not null,
  bytes bigint not null check (bytes >= 0),
  parts integer not null check (parts >= 0),
  primary key (release_id, kind)
);

create table release_file_part (
  release_id uuid not null,
  kind text not null,
  part integer not null check (part >= 0),
  data bytea not null,
  primary key (release_id, kind, part),
  foreign key (release_id) references report_release (id) on delete cascade
);

-- Live counts for the teacher's screen (LISTEN/NOTIFY): every change that moves a count tells the
-- API processes which session changed, and only that (its id; never a seat or an answer). Saving
-- an answer without a change of status notifies nobody, so the save path stays as it was.
create function uwe_notify_session() returns trigger language plpgsql as $$
begin
  if tg_table_name = 'survey_session' then
    perform pg_notify('uwe_session', new.id::text);
  elsif tg_op = 'DELETE' then
    perform pg_notify('uwe_session', old.session_id::text);
  else
    perform pg_notify('uwe_session', new.session_id::text);
  end if;
  return null;
end;
$$;

create trigger survey_session_notify after update on survey_session
  for each row when (old.* is distinct from new.*) execute function uwe_notify_session();
create trigger response_notify_insert after insert on response
  for each row execute function uwe_notify_session();
create trigger response_notify_delete after delete on response
  for each row execute function uwe_notify_session();
create trigger response_notify_status after update of status on response
  for each row when (old.status is distinct from new.status) execute function uwe_notify_session();
