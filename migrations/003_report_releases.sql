-- Report releases (DISCLOSURE.md): every table of a wave is computed at once, checked together
-- and stored frozen. Report requests read only these rows, never the answers.
create table report_release (
  id uuid primary key default gen_random_uuid(),
  wave_id uuid not null references wave (id),
  -- 1, 2, … per wave; a later release is checked together with the earlier ones.
  number integer not null check (number >= 1),
  status text not null default 'building' check (status in ('building', 'ready', 'failed')),
  progress real not null default 0 check (progress between 0 and 1),
  -- Refreshed while a build runs; a build whose heartbeat stopped (process killed) is taken as failed.
  heartbeat_at timestamptz not null default now(),
  created_by uuid references staff_user (id),
  created_at timestamptz not null default now(),
  finished_at timestamptz,
  -- Number of finished responses rounded like every published group size (rule 6).
  responses_rounded integer,
  cell_count integer,
  -- The disclosure settings the release was checked with.
  config jsonb not null default '{}'::jsonb,
  -- Exact sizes of the groups this release published, per item (never served): the next release
  -- of the wave is checked against them so that two releases cannot be subtracted (rule 9).
  published_sizes jsonb,
  error text,
  unique (wave_id, number),
  check ((status = 'building') = (finished_at is null))
);
-- At most one build per wave at a time.
create unique index report_release_building_key on report_release (wave_id) where status = 'building';

-- One row per published number, exactly the long export format of ARCHITECTURE.md.
create table report_cell (
  release_id uuid not null references report_release (id) on delete cascade,
  ord integer not null,
  level text not null check (level in ('city', 'sozialraum', 'school')),
  unit_id text not null,
  unit_name text not null,
  breakdown text not null check (breakdown in ('none', 'grade', 'gender')),
  grp text not null,
  item text not null,
  statistic text not null check (statistic in ('n', 'pct', 'mean')),
  category text not null,
  value double precision,
  flag text not null,
  primary key (release_id, ord)
);
create index report_cell_unit_idx on report_cell (release_id, level, unit_id);
create index report_cell_item_idx on report_cell (release_id, item, level);

-- Frozen: a stored cell never changes (a correction is a new release).
create function report_cell_frozen() returns trigger language plpgsql as $$
begin
  raise exception 'report cells are frozen; build a new release instead';
end;
$$;
create trigger report_cell_no_update before update on report_cell
  for each row execute function report_cell_frozen();
