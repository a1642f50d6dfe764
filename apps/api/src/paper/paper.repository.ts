import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../db/types.ts';

type Db = Kysely<DB> | Transaction<DB>;

/** The session with what paper entry needs of its wave. */
export function findSessionWithWave(db: Db, id: string) {
  return db
    .selectFrom('survey_session as s')
    .innerJoin('wave as w', 'w.id', 's.wave_id')
    .select([
      's.id',
      's.wave_id',
      's.school_id',
      's.grade',
      's.class_label',
      's.code',
      's.closes_at',
      's.closed_at',
      's.enrolled_pupils',
      's.seat_cap',
      'w.instrument_id',
      'w.name as wave_name',
      'w.status as wave_status',
    ])
    .where('s.id', '=', id)
    .executeTakeFirst();
}

/**
 * Locks the session row for the rest of the transaction: paper sheets of one session are counted
 * against the class size one at a time (a tablet taking a seat waits too), so two people typing at
 * once cannot both enter the last sheet.
 */
export async function lockSession(trx: Transaction<DB>, id: string) {
  await sql`select id from survey_session where id = ${id} for update`.execute(trx);
}

export async function countResponses(db: Db, sessionId: string) {
  const rows = await db
    .selectFrom('response')
    .select(['mode', (eb) => eb.fn.countAll<string>().as('n')])
    .where('session_id', '=', sessionId)
    .where('status', '<>', 'withdrawn')
    .groupBy('mode')
    .execute();
  const of = (mode: string) => Number(rows.find((r) => r.mode === mode)?.n ?? 0);
  return { paper: of('paper'), tablet: of('tablet') };
}

export async function countPendingSheets(db: Db, sessionId: string): Promise<number> {
  const row = await db
    .selectFrom('paper_entry')
    .select(sql<string>`count(distinct sheet)`.as('n'))
    .where('session_id', '=', sessionId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export interface PaperResponseValues {
  sessionId: string;
  waveId: string;
  schoolId: string;
  grade: number;
  language: string;
  answers: string;
}

/**
 * A paper sheet as a finished response: a random id (never derived from anything), today's date as
 * both dates, and the record key every response gets from the column default.
 */
export async function insertPaperResponse(db: Db, v: PaperResponseValues): Promise<string> {
  const row = await db
    .insertInto('response')
    .values({
      seat_id: sql<string>`gen_random_uuid()`,
      session_id: v.sessionId,
      wave_id: v.waveId,
      school_id: v.schoolId,
      grade: v.grade,
      language: v.language,
      answers: v.answers,
      page: 0,
      status: 'finished',
      revision: 1,
      mode: 'paper',
      started_on: sql<string>`current_date`,
      finished_on: sql<string>`current_date`,
    })
    .returning('seat_id')
    .executeTakeFirstOrThrow();
  return row.seat_id;
}

export function deletePaperResponse(db: Db, sessionId: string, sheetId: string) {
  return db
    .deleteFrom('response')
    .where('seat_id', '=', sheetId)
    .where('session_id', '=', sessionId)
    .where('mode', '=', 'paper')
    .returning('seat_id')
    .executeTakeFirst();
}

/**
 * Rewrites the session's paper responses in random order in the same transaction that added or
 * removed one: neither their physical order (ctid) nor their transaction ids (xmin) then tell the
 * order in which the sheets were typed in (the order of the stack, which follows where children
 * sat). Tablet responses are left alone; the session's own shuffle covers them.
 */
export async function shufflePaperResponses(trx: Transaction<DB>, sessionId: string) {
  await sql`
    with moved as (delete from response where session_id = ${sessionId} and mode = 'paper' returning *)
    insert into response select * from moved order by random()`.execute(trx);
}

export function findEntries(db: Db, sessionId: string, sheet?: number) {
  let q = db
    .selectFrom('paper_entry')
    .select(['sheet', 'pass', 'language', 'answers'])
    .where('session_id', '=', sessionId);
  if (sheet !== undefined) q = q.where('sheet', '=', sheet);
  return q.orderBy('sheet').orderBy('pass').execute();
}

export function upsertEntry(
  db: Db,
  v: { sessionId: string; sheet: number; pass: number; language: string; answers: string },
) {
  return db
    .insertInto('paper_entry')
    .values({ session_id: v.sessionId, sheet: v.sheet, pass: v.pass, language: v.language, answers: v.answers })
    .onConflict((oc) =>
      oc.columns(['session_id', 'sheet', 'pass']).doUpdateSet((eb) => ({
        language: eb.ref('excluded.language'),
        answers: eb.ref('excluded.answers'),
      })),
    )
    .execute();
}

export function deleteEntry(db: Db, sessionId: string, sheet: number, pass?: number) {
  let q = db.deleteFrom('paper_entry').where('session_id', '=', sessionId).where('sheet', '=', sheet);
  if (pass !== undefined) q = q.where('pass', '=', pass);
  return q.returning('pass').execute();
}

export async function countedSheets(db: Db, sessionId: string): Promise<number[]> {
  const rows = await db
    .selectFrom('paper_sheet_counted')
    .select('sheet')
    .where('session_id', '=', sessionId)
    .orderBy('sheet')
    .execute();
  return rows.map((r) => r.sheet);
}

export function markCounted(db: Db, sessionId: string, sheet: number) {
  return db.insertInto('paper_sheet_counted').values({ session_id: sessionId, sheet }).execute();
}
