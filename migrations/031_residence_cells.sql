-- Sozialraum tables by where the children live (issue 19) are stored as their own level.
alter table report_cell drop constraint report_cell_level_check;
alter table report_cell add constraint report_cell_level_check
  check (level in ('city', 'sozialraum', 'residence', 'school'));
