import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../db/types.ts';

type Db = Kysely<DB> | Transaction<DB>;

/** Sessions of a wave per school and grade; `missing_enrolled` counts sessions without a class size. */
export function sessionsPerSchoolGrade(db: Db, waveId: string) {
  return db
    .selectFrom('survey_session')
    .where('wave_id', '=', waveId)
    .groupBy(['school_id', 'grade'])
    .select([
      'school_id',
      'grade',
      sql<number>`count(*)::int`.as('sessions'),
      sql<number>`coalesce(sum(enrolled_pupils), 0)::int`.as('enrolled'),
      sql<number>`count(*) filter (where enrolled_pupils is null)::int`.as('missing_enrolled'),
      sql<number>`coalesce(sum(seats_taken), 0)::int`.as('joined'),
    ])
    .execute();
}

export function responsesPerSchoolGrade(db: Db, waveId: string) {
  return db
    .selectFrom('response')
    .where('wave_id', '=', waveId)
    .groupBy(['school_id', 'grade'])
    .select([
      'school_id',
      'grade',
      sql<number>`count(*) filter (where status = 'finished')::int`.as('finished'),
      sql<number>`count(*) filter (where status = 'in_progress' and answers <> '{}'::jsonb)::int`.as('partial'),
      sql<number>`count(*) filter (where status = 'withdrawn')::int`.as('withdrawn'),
    ])
    .execute();
}

export function schoolsWithSozialraum(db: Db) {
  return db
    .selectFrom('school')
    .innerJoin('sozialraum', 'sozialraum.id', 'school.sozialraum_id')
    .select(['school.id', 'school.name', 'school.type', 'school.active', 'sozialraum.name as sozialraum_name'])
    .execute();
}
