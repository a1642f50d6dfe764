import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB, ResponseStatus } from '../db/types.ts';

type Db = Kysely<DB> | Transaction<DB>;

export interface SaveValues {
  seatId: string;
  sessionId: string;
  waveId: string;
  schoolId: string;
  grade: number;
  language: string;
  answers: string;
  page: number;
  revision: number;
  complete: boolean;
}

/**
 * One statement per save: insert the seat's response, or update it only while it is in progress
 * and only with a newer revision. Returns nothing when the stored row won (stale or finished).
 * Dates only, from the database clock: no time of day is ever stored with answers.
 */
export function upsertResponse(db: Db, v: SaveValues, graceHours: number) {
  const status: ResponseStatus = v.complete ? 'finished' : 'in_progress';
  // The seat follows its session: nothing is written once the session's actual close plus the
  // grace period has passed. Checked in the same statement, so a save is one round trip.
  const sessionOpen = sql<boolean>`exists (select from survey_session s where s.id = ${v.sessionId}::uuid
    and s.closes_at + make_interval(hours => ${graceHours}) > now())`;
  return db
    .insertInto('response')
    .columns([
      'seat_id',
      'session_id',
      'wave_id',
      'school_id',
      'grade',
      'language',
      'answers',
      'page',
      'status',
      'revision',
      'started_on',
      'finished_on',
    ])
    .expression(
      db
        .selectNoFrom([
          sql<string>`${v.seatId}::uuid`.as('seat_id'),
          sql<string>`${v.sessionId}::uuid`.as('session_id'),
          sql<string>`${v.waveId}::uuid`.as('wave_id'),
          sql<string>`${v.schoolId}::uuid`.as('school_id'),
          sql<number>`${v.grade}::smallint`.as('grade'),
          sql<string>`${v.language}::text`.as('language'),
          sql<string>`${v.answers}::jsonb`.as('answers'),
          sql<number>`${v.page}::integer`.as('page'),
          sql<string>`${status}::text`.as('status'),
          sql<number>`${v.revision}::integer`.as('revision'),
          sql<string>`current_date`.as('started_on'),
          (v.complete ? sql<string>`current_date` : sql<string | null>`null::date`).as('finished_on'),
        ])
        .where(sessionOpen),
    )
    .onConflict((oc) =>
      oc
        .column('seat_id')
        .doUpdateSet((eb) => ({
          language: eb.ref('excluded.language'),
          answers: eb.ref('excluded.answers'),
          page: eb.ref('excluded.page'),
          status: eb.ref('excluded.status'),
          revision: eb.ref('excluded.revision'),
          finished_on: eb.ref('excluded.finished_on'),
        }))
        .where('response.status', '=', 'in_progress')
        .where('response.revision', '<', (eb) => eb.ref('excluded.revision')),
    )
    .returning(['status', 'revision'])
    .executeTakeFirst();
}

/** The stored state of a seat, and whether `answers` equals what is stored (jsonb equality). */
export function findResponseState(db: Db, seatId: string, answers: string) {
  return db
    .selectFrom('response')
    .select(['status', 'revision', sql<boolean>`answers = ${answers}::jsonb`.as('same_answers')])
    .where('seat_id', '=', seatId)
    .executeTakeFirst();
}

/**
 * Withdrawal: the answers are deleted and the seat counts as withdrawn. A finished response is
 * left alone (the caller reports it); withdrawing twice changes nothing.
 */
export function withdrawResponse(db: Db, v: Omit<SaveValues, 'answers' | 'page' | 'revision' | 'complete'>) {
  return db
    .insertInto('response')
    .values({
      seat_id: v.seatId,
      session_id: v.sessionId,
      wave_id: v.waveId,
      school_id: v.schoolId,
      grade: v.grade,
      language: v.language,
      answers: '{}',
      page: 0,
      status: 'withdrawn',
      revision: 0,
      started_on: sql<string>`current_date`,
      finished_on: null,
    })
    .onConflict((oc) =>
      oc
        .column('seat_id')
        .doUpdateSet({ answers: '{}', page: 0, status: 'withdrawn', finished_on: null })
        .where('response.status', '<>', 'finished'),
    )
    .returning('status')
    .executeTakeFirst();
}
