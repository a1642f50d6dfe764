-- Storing a release inserts hundreds of thousands of cells in one transaction; the foreign key to
-- report_release checked each row with a trigger (6 of 17 s for a 10,000-response release). Cells
-- are only ever written by the release build, in the transaction that marks their release ready,
-- and readers go through the ready release, so the key guarded nothing a reader could see.
alter table report_cell drop constraint if exists report_cell_release_id_fkey;
