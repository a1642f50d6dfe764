import { type Insertable, type Kysely, sql, type Transaction } from 'kysely';
import type { DB, SurveySessionTable } from '../db/types.ts';

type Db = Kysely<DB> | Transaction<DB>;

export const insertSession = (db: Db, v: Insertable<SurveySessionTable>) =>
  db.insertInto('survey_session').values(v).returningAll().executeTakeFirstOrThrow();

export const findSession = (db: Db, id: string) =>
  db.selectFrom('survey_session').selectAll().where('id', '=', id).executeTakeFirst();

export const findSessionByCode = (db: Db, code: string) =>
  db.selectFrom('survey_session').selectAll().where('code', '=', code).executeTakeFirst();

/** Newest first; `schoolIds` null means every school (admins). */
export function listSessions(db: Db, schoolIds: string[] | null, limit = 200) {
  let q = db.selectFrom('survey_session').selectAll().orderBy('opened_at', 'desc').limit(limit);
  if (schoolIds !== null) {
    if (schoolIds.length === 0) return Promise.resolve([]);
    q = q.where('school_id', 'in', schoolIds);
  }
  return q.execute();
}

export interface Counts {
  answering: number;
  finished: number;
  withdrawn: number;
  /** Finished paper responses (also counted in `finished`). */
  paper: number;
}

export async function countResponses(db: Db, sessionIds: string[]): Promise<Map<string, Counts>> {
  const map = new Map<string, Counts>();
  if (sessionIds.length === 0) return map;
  const rows = await db
    .selectFrom('response')
    .select(['session_id', 'status', 'mode', (eb) => eb.fn.countAll<string>().as('n')])
    .where('session_id', 'in', sessionIds)
    .groupBy(['session_id', 'status', 'mode'])
    .execute();
  for (const r of rows) {
    const c = map.get(r.session_id) ?? { answering: 0, finished: 0, withdrawn: 0, paper: 0 };
    const n = Number(r.n);
    if (r.status === 'in_progress') c.answering += n;
    else if (r.status === 'finished') c.finished += n;
    else c.withdrawn += n;
    if (r.mode === 'paper') c.paper += n;
    map.set(r.session_id, c);
  }
  return map;
}

/**
 * Takes one seat if the session is open and not full, in one statement: the check constraint
 * seats_taken <= seat_cap holds even when a whole class joins in the same second.
 */
export function takeSeat(db: Db, sessionId: string) {
  return db
    .updateTable('survey_session')
    .set({ seats_taken: sql`seats_taken + 1` })
    .where('id', '=', sessionId)
    .where('closed_at', 'is', null)
    .where('code_locked_at', 'is', null)
    .where('closes_at', '>', sql<Date>`now()`)
    .where('seats_taken', '<', sql<number>`seat_cap`)
    .returningAll()
    .executeTakeFirst();
}

export function closeSession(db: Db, id: string) {
  return db
    .updateTable('survey_session')
    .set({ closed_at: sql`now()`, closes_at: sql`least(closes_at, now())` })
    .where('id', '=', id)
    .where('closed_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

export function setExpectedPupils(db: Db, id: string, expected: number) {
  return db
    .updateTable('survey_session')
    .set({ expected_pupils: expected })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export function setEnrolledPupils(db: Db, id: string, enrolled: number) {
  return db.updateTable('survey_session').set({ enrolled_pupils: enrolled }).where('id', '=', id).execute();
}

/** "Code sperren": the code hands out no more seats. */
export function lockCode(db: Db, id: string) {
  return db
    .updateTable('survey_session')
    .set({ code_locked_at: sql`now()` })
    .where('id', '=', id)
    .where('code_locked_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

/** Whether a seat of this session may still upload: until the actual close plus the grace period. */
export async function seatStillValid(db: Db, sessionId: string, graceHours: number): Promise<boolean> {
  const row = await db
    .selectFrom('survey_session')
    .select('id')
    .where('id', '=', sessionId)
    // closes_at is the actual end: closing early moves it to the moment of closing.
    .where(sql<boolean>`closes_at + make_interval(hours => ${graceHours}) > now()`)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Closed sessions whose responses are due to be rewritten in random order: once when they close,
 * and once more when their grace period is over (late uploads would otherwise show their order).
 */
export function sessionsToShuffle(db: Db, graceHours: number, limit = 20) {
  return db
    .selectFrom('survey_session')
    .select('id')
    .where('closes_at', '<=', sql<Date>`now()`)
    .where((eb) =>
      eb.or([
        eb('responses_shuffled_at', 'is', null),
        eb.and([
          eb('responses_shuffled_at', '<', sql<Date>`closes_at + make_interval(hours => ${graceHours})`),
          eb(sql<Date>`closes_at + make_interval(hours => ${graceHours})`, '<=', sql<Date>`now()`),
        ]),
      ]),
    )
    .limit(limit)
    .execute();
}

/**
 * Rewrites a session's responses in random order in one statement: afterwards their physical order
 * (ctid) and their transaction ids (xmin) no longer tell in which order the children finished.
 * The row lock on the session keeps two processes from doing it at once.
 */
export async function shuffleResponses(db: Kysely<DB>, sessionId: string): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const locked = await sql`select id from survey_session where id = ${sessionId} for update skip locked`.execute(trx);
    if (locked.rows.length === 0) return 0;
    const { rows } = await sql<{ n: string }>`
      with moved as (delete from response where session_id = ${sessionId} returning *),
      reinserted as (insert into response select * from moved order by random() returning 1)
      select count(*) as n from reinserted`.execute(trx);
    await trx
      .updateTable('survey_session')
      .set({ responses_shuffled_at: sql`now()` })
      .where('id', '=', sessionId)
      .execute();
    return Number(rows[0]?.n ?? 0);
  });
}
