-- "Code sperren": a teacher whose code leaked stops it from handing out more seats; the seats
-- already taken keep working.
alter table survey_session add column code_locked_at timestamptz;
-- When the session's responses were last rewritten in random order (physical order and xmin
-- would otherwise tell the order in which children finished).
alter table survey_session add column responses_shuffled_at timestamptz;
