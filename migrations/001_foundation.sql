-- Master data, staff accounts, class sessions, responses and the audit log.
-- Answers are anonymous by construction: a response row has no name, no address, no user agent,
-- no device id and no time of day (dates only).

create table sozialraum (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(trim(name)) between 1 and 200),
  code text check (code ~ '^[A-Za-z0-9_.-]{1,40}$'),
  district text,
  -- GeoJSON Polygon or MultiPolygon in WGS84; validated by the API.
  geometry jsonb,
  active boolean not null default true,
  created_at timestamptz not null default now()
);
create unique index sozialraum_name_key on sozialraum (lower(name));
create unique index sozialraum_code_key on sozialraum (lower(code));

create table school (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(trim(name)) between 1 and 200),
  sozialraum_id uuid not null references sozialraum (id),
  type text not null default 'grundschule'
    check (type in ('grundschule', 'hauptschule', 'realschule', 'gymnasium', 'gesamtschule', 'sekundarschule', 'foerderschule', 'sonstige')),
  active boolean not null default true,
  created_at timestamptz not null default now()
);
create unique index school_name_key on school (lower(name));
create index school_sozialraum_idx on school (sozialraum_id);

create table wave (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(trim(name)) between 1 and 200),
  instrument_id text not null,
  grades smallint[] not null check (cardinality(grades) between 1 and 3 and grades <@ array[4, 7, 9]::smallint[]),
  starts_on date not null,
  ends_on date not null,
  status text not null default 'planned' check (status in ('planned', 'in_field', 'closed', 'released')),
  created_at timestamptz not null default now(),
  check (ends_on >= starts_on)
);
create unique index wave_name_key on wave (lower(name));

create table staff_user (
  id uuid primary key default gen_random_uuid(),
  email text not null check (email ~ '^[^\s@]+@[^\s@]+$'),
  display_name text,
  password_hash text not null,
  role text not null check (role in ('admin', 'monitor', 'teacher')),
  active boolean not null default true,
  -- Raised on password reset and deactivation: older session cookies stop working.
  session_version integer not null default 0,
  created_at timestamptz not null default now()
);
create unique index staff_user_email_key on staff_user (lower(email));

create table staff_user_school (
  user_id uuid not null references staff_user (id) on delete cascade,
  school_id uuid not null references school (id),
  primary key (user_id, school_id)
);

create table survey_session (
  id uuid primary key default gen_random_uuid(),
  wave_id uuid not null references wave (id),
  school_id uuid not null references school (id),
  grade smallint not null check (grade in (4, 7, 9)),
  -- For the teacher's own list only; never part of a report.
  class_label text not null check (length(trim(class_label)) between 1 and 40),
  expected_pupils integer not null check (expected_pupils between 1 and 40),
  -- expected pupils plus a margin of max(2, ceil(10 %)): a shared code cannot flood the results.
  seat_cap integer generated always as (expected_pupils + greatest(2, ceil(expected_pupils * 0.1)::integer)) stored,
  seats_taken integer not null default 0,
  -- Codes are unique for all time, not only among open sessions: an old QR code on a classroom
  -- wall can never lead a child into another class's session.
  code text not null unique check (code ~ '^[2-9A-HJKMNP-Z]{6}$'),
  opened_by uuid references staff_user (id),
  opened_at timestamptz not null default now(),
  closes_at timestamptz not null,
  closed_at timestamptz,
  check (seats_taken between 0 and seat_cap)
);
create index survey_session_school_idx on survey_session (school_id, opened_at desc);

create table response (
  -- The random seat id from the seat token: one seat, one response.
  seat_id uuid primary key,
  session_id uuid not null references survey_session (id),
  wave_id uuid not null references wave (id),
  school_id uuid not null references school (id),
  grade smallint not null check (grade in (4, 7, 9)),
  language text not null check (language ~ '^[a-z]{2}(-[a-z]+)?$'),
  answers jsonb not null default '{}'::jsonb,
  page integer not null default 0 check (page >= 0),
  status text not null check (status in ('in_progress', 'finished', 'withdrawn')),
  revision integer not null check (revision >= 0),
  -- Dates only: a time of day could be matched to a seating order or to server logs.
  started_on date not null default current_date,
  finished_on date,
  check ((status = 'finished') = (finished_on is not null)),
  check (status <> 'withdrawn' or answers = '{}'::jsonb)
);
create index response_session_idx on response (session_id, status);
create index response_wave_idx on response (wave_id, status, school_id);

create table audit_log (
  id bigint generated always as identity primary key,
  at timestamptz not null default now(),
  actor_id uuid references staff_user (id),
  action text not null,
  entity text not null,
  entity_id text,
  -- Never answers, never a seat id.
  details jsonb not null default '{}'::jsonb
);
create index audit_log_at_idx on audit_log (at desc);
