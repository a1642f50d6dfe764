import type { DB } from './types.ts';

/**
 * Every column of every table, as the Kysely types declare them. `satisfies` makes TypeScript
 * reject a missing or extra column here, and test/migrations.test.ts compares this list with the
 * migrated database, so types and migrations cannot drift apart.
 */
export const COLUMNS = {
  sozialraum: { id: 1, name: 1, code: 1, district: 1, geometry: 1, active: 1, created_at: 1 },
  school: { id: 1, name: 1, sozialraum_id: 1, type: 1, active: 1, created_at: 1 },
  wave: { id: 1, name: 1, instrument_id: 1, grades: 1, starts_on: 1, ends_on: 1, status: 1, created_at: 1 },
  staff_user: {
    id: 1,
    email: 1,
    display_name: 1,
    password_hash: 1,
    role: 1,
    active: 1,
    session_version: 1,
    created_at: 1,
  },
  staff_user_school: { user_id: 1, school_id: 1 },
  survey_session: {
    id: 1,
    wave_id: 1,
    school_id: 1,
    grade: 1,
    class_label: 1,
    expected_pupils: 1,
    seat_cap: 1,
    seats_taken: 1,
    code: 1,
    opened_by: 1,
    opened_at: 1,
    closes_at: 1,
    closed_at: 1,
  },
  response: {
    seat_id: 1,
    session_id: 1,
    wave_id: 1,
    school_id: 1,
    grade: 1,
    language: 1,
    answers: 1,
    page: 1,
    status: 1,
    revision: 1,
    started_on: 1,
    finished_on: 1,
  },
  audit_log: { id: 1, at: 1, actor_id: 1, action: 1, entity: 1, entity_id: 1, details: 1 },
  instrument_version: { id: 1, title: 1, definition: 1, uploaded_by: 1, created_at: 1 },
} as const satisfies { [T in keyof DB]: { [C in keyof DB[T]]-?: 1 } };
