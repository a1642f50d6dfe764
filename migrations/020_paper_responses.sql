-- Paper questionnaires typed in by staff (issue 18).

-- How a response reached us. A paper response is a finished response of its class session like any
-- other (same record key, same dates-only rule: started_on and finished_on are the day it was
-- typed in); nothing records who typed it or in which order.
alter table response
  add column mode text not null default 'tablet' check (mode in ('tablet', 'paper')),
  add constraint response_paper_finished check (mode <> 'paper' or status = 'finished');

-- Double entry: two people type the same sheets; a sheet counts only once both entries agree or
-- someone resolved the differences. Sheets are matched by the running number staff write on them
-- (1, 2, 3 … in the stack), which exists only here, only until the sheet is resolved: the resolved
-- answers move into `response` without it. No time and no person is kept with an entry.
create table paper_entry (
  session_id uuid not null references survey_session (id),
  sheet smallint not null check (sheet between 1 and 999),
  pass smallint not null check (pass in (1, 2)),
  language text not null check (language ~ '^[a-z]{2}(-[a-z]+)?$'),
  answers jsonb not null,
  primary key (session_id, sheet, pass)
);

-- Sheet numbers of a session that were resolved and now count: typing the same number again would
-- count a sheet twice. Holds no answers.
create table paper_sheet_counted (
  session_id uuid not null references survey_session (id),
  sheet smallint not null check (sheet between 1 and 999),
  primary key (session_id, sheet)
);
