// Table types for Kysely, kept in step with migrations/*.sql (a test compares them with the live
// schema, so a migration without a matching change here fails).
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

type CreatedAt = ColumnType<Date, never, never>;
/** A `date` column: pg returns it as 'YYYY-MM-DD' (see db/pool.ts). */
type DateOnly = ColumnType<string, string | undefined, string>;

export interface SozialraumTable {
  id: Generated<string>;
  name: string;
  code: string | null;
  district: string | null;
  geometry: ColumnType<unknown | null, string | null, string | null>;
  active: Generated<boolean>;
  created_at: CreatedAt;
}

export interface SchoolTable {
  id: Generated<string>;
  name: string;
  sozialraum_id: string;
  type: Generated<SchoolType>;
  active: Generated<boolean>;
  created_at: CreatedAt;
}

export type SchoolType =
  | 'grundschule'
  | 'hauptschule'
  | 'realschule'
  | 'gymnasium'
  | 'gesamtschule'
  | 'sekundarschule'
  | 'foerderschule'
  | 'sonstige';

export type WaveStatus = 'planned' | 'in_field' | 'closed' | 'released';

export interface WaveTable {
  id: Generated<string>;
  name: string;
  instrument_id: string;
  grades: number[];
  starts_on: DateOnly;
  ends_on: DateOnly;
  status: Generated<WaveStatus>;
  created_at: CreatedAt;
  /** The release monitoring staff read (rule 9); null: the newest ready one. */
  current_release_id: string | null;
}

export type Role = 'admin' | 'monitor' | 'teacher';

export interface StaffUserTable {
  id: Generated<string>;
  email: string;
  display_name: string | null;
  password_hash: string;
  role: Role;
  active: Generated<boolean>;
  session_version: Generated<number>;
  created_at: CreatedAt;
}

export interface StaffUserSchoolTable {
  user_id: string;
  school_id: string;
}

export interface SurveySessionTable {
  id: Generated<string>;
  wave_id: string;
  school_id: string;
  grade: number;
  class_label: string;
  expected_pupils: number;
  seat_cap: ColumnType<number, never, never>;
  seats_taken: Generated<number>;
  code: string;
  opened_by: string | null;
  opened_at: Generated<Date>;
  closes_at: Date;
  closed_at: Date | null;
  record_key: Generated<string>;
  enrolled_pupils: number | null;
  code_locked_at: Date | null;
  responses_shuffled_at: Date | null;
}

export type ResponseStatus = 'in_progress' | 'finished' | 'withdrawn';

export interface ResponseTable {
  seat_id: string;
  session_id: string;
  wave_id: string;
  school_id: string;
  grade: number;
  language: string;
  answers: ColumnType<Record<string, unknown>, string, string>;
  page: Generated<number>;
  status: ResponseStatus;
  revision: number;
  started_on: DateOnly;
  finished_on: ColumnType<string | null, string | null | undefined, string | null>;
  /** Random 32-bit record key of the cell key method (bigint, read as text by pg). */
  record_key: Generated<string>;
  /** 'paper' for a questionnaire typed in by staff (always finished). */
  mode: Generated<ResponseMode>;
}

export type ResponseMode = 'tablet' | 'paper';

/** One person's entry of one paper sheet in double entry, until the sheet is resolved. */
export interface PaperEntryTable {
  session_id: string;
  sheet: number;
  pass: number;
  language: string;
  answers: ColumnType<Record<string, unknown>, string, string>;
}

/** Resolved double-entry sheet numbers of a session (no answers). */
export interface PaperSheetCountedTable {
  session_id: string;
  sheet: number;
}

export interface AuditLogTable {
  id: Generated<string>;
  at: CreatedAt;
  actor_id: string | null;
  action: string;
  entity: string;
  entity_id: string | null;
  details: ColumnType<Record<string, unknown>, string | undefined, never>;
}

export interface InstrumentVersionTable {
  id: string;
  title: string;
  definition: ColumnType<unknown, string, never>;
  uploaded_by: string | null;
  created_at: CreatedAt;
}

export type ReleaseStatus = 'building' | 'ready' | 'failed';

export interface ReportReleaseTable {
  id: Generated<string>;
  wave_id: string;
  number: number;
  status: Generated<ReleaseStatus>;
  progress: Generated<number>;
  heartbeat_at: Generated<Date>;
  created_by: string | null;
  created_at: CreatedAt;
  finished_at: Date | null;
  responses_rounded: number | null;
  cell_count: number | null;
  config: ColumnType<Record<string, unknown>, string | undefined, string>;
  published_sizes: ColumnType<Record<string, Record<string, number>> | null, string | null | undefined, string | null>;
  error: string | null;
}

export interface ReportCellTable {
  release_id: string;
  ord: number;
  level: string;
  unit_id: string;
  unit_name: string;
  breakdown: string;
  grp: string;
  item: string;
  statistic: string;
  category: string;
  value: number | null;
  flag: string;
}

export interface ReleaseFileTable {
  release_id: string;
  kind: string;
  encoding: string;
  file_name: string;
  content_type: string;
  /** bigint: a string from the driver. */
  bytes: ColumnType<string, number, number>;
  parts: number;
}

export interface ReleaseFilePartTable {
  release_id: string;
  kind: string;
  part: number;
  data: Buffer;
}

export interface ThrottleTable {
  key: string;
  hits: number;
  resets_at: Date;
}

export interface StaffSessionTable {
  id: Generated<string>;
  user_id: string;
  created_at: CreatedAt;
  expires_at: Date;
}

export interface StreetSegmentTable {
  id: Generated<string>;
  street: string;
  house_from: number | null;
  house_to: number | null;
  parity: Generated<'all' | 'odd' | 'even'>;
  sozialraum_id: string;
}

export interface StreetListTable {
  id: Generated<number>;
  city_name: string;
  imported_on: DateOnly;
}

export interface DB {
  sozialraum: SozialraumTable;
  school: SchoolTable;
  wave: WaveTable;
  staff_user: StaffUserTable;
  staff_user_school: StaffUserSchoolTable;
  survey_session: SurveySessionTable;
  response: ResponseTable;
  paper_entry: PaperEntryTable;
  paper_sheet_counted: PaperSheetCountedTable;
  audit_log: AuditLogTable;
  instrument_version: InstrumentVersionTable;
  report_release: ReportReleaseTable;
  report_cell: ReportCellTable;
  release_file: ReleaseFileTable;
  release_file_part: ReleaseFilePartTable;
  throttle: ThrottleTable;
  staff_session: StaffSessionTable;
  street_segment: StreetSegmentTable;
  street_list: StreetListTable;
}

export type StaffUserRow = Selectable<StaffUserTable>;
export type NewStaffUser = Insertable<StaffUserTable>;
export type StaffUserUpdate = Updateable<StaffUserTable>;
