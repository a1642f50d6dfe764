import type { PublishedCell } from '@uwe/disclosure';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/types.ts';
import { QUEUE_SCHEMA, QUEUES } from '../jobs/queue.ts';

type Db = Kysely<DB>;

/** A build whose heartbeat is older than this died with its process. */
export const STALE_BUILD_SECONDS = 120;

export const releaseColumns = [
  'id',
  'wave_id',
  'number',
  'status',
  'progress',
  'created_at',
  'finished_at',
  'responses_rounded',
  'cell_count',
  'error',
  'config',
] as const;

/**
 * A build whose worker stopped telling it is alive (killed, machine gone) is taken as failed, so an
 * admin can start a new one. A build still waiting in the queue for a busy worker is not stale.
 */
export function failStaleBuilds(db: Db, waveId: string) {
  return db
    .updateTable('report_release')
    .set({ status: 'failed', error: 'Abgebrochen (Server neu gestartet).', finished_at: new Date() })
    .where('wave_id', '=', waveId)
    .where('status', '=', 'building')
    .where('heartbeat_at', '<', sql<Date>`now() - make_interval(secs => ${STALE_BUILD_SECONDS})`)
    .where(
      sql<boolean>`not exists (select from ${sql.table(`${QUEUE_SCHEMA}.job`)} j
        where j.name = ${QUEUES.build} and j.id = report_release.id and j.state in ('created', 'retry'))`,
    )
    .execute();
}

export function findReleaseById(db: Db, id: string) {
  return db.selectFrom('report_release').select(releaseColumns).where('id', '=', id).executeTakeFirst();
}

export function insertRelease(db: Db, waveId: string, createdBy: string) {
  return db
    .insertInto('report_release')
    .values({
      wave_id: waveId,
      created_by: createdBy,
      number: sql<number>`(select coalesce(max(number), 0) + 1 from report_release where wave_id = ${waveId})`,
    })
    .returning(releaseColumns)
    .executeTakeFirstOrThrow();
}

export function listReleases(db: Db, waveId: string) {
  return db
    .selectFrom('report_release')
    .select(releaseColumns)
    .where('wave_id', '=', waveId)
    .orderBy('number', 'desc')
    .execute();
}

export function findRelease(db: Db, waveId: string, number: number) {
  return db
    .selectFrom('report_release')
    .select(releaseColumns)
    .where('wave_id', '=', waveId)
    .where('number', '=', number)
    .executeTakeFirst();
}

export function newestReadyRelease(db: Db, waveId: string) {
  return db
    .selectFrom('report_release')
    .select(releaseColumns)
    .where('wave_id', '=', waveId)
    .where('status', '=', 'ready')
    .orderBy('number', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** The release monitoring staff read: the one an admin chose, else the newest ready one. */
export async function currentRelease(db: Db, waveId: string) {
  const chosen = await db
    .selectFrom('report_release')
    .innerJoin('wave', 'wave.current_release_id', 'report_release.id')
    .select(releaseColumns.map((c) => `report_release.${c}` as const))
    .where('wave.id', '=', waveId)
    .where('report_release.status', '=', 'ready')
    .executeTakeFirst();
  return chosen ?? newestReadyRelease(db, waveId);
}

export function setCurrentRelease(db: Db, waveId: string, releaseId: string) {
  return db.updateTable('wave').set({ current_release_id: releaseId }).where('id', '=', waveId).execute();
}

export function setProgress(db: Db, id: string, progress: number) {
  return db
    .updateTable('report_release')
    .set({ progress, heartbeat_at: new Date() })
    .where('id', '=', id)
    .where('status', '=', 'building')
    .execute();
}

export function failRelease(db: Db, id: string, error: string) {
  return db
    .updateTable('report_release')
    .set({ status: 'failed', error, finished_at: new Date() })
    .where('id', '=', id)
    .where('status', '=', 'building')
    .execute();
}

const CHUNK = 20_000;

/** Stores the cells and marks the release ready, in one transaction: a release is complete or absent. */
/** Chunks of cells inserted at the same time, each on a connection of its own. */
const PARALLEL_INSERTS = 2;

function insertCells(db: Db, id: string, cells: readonly PublishedCell[], start: number) {
  // One JSON text per chunk: JSON.stringify is native, where pg's array literals escape every
  // element in JavaScript (the larger part of storing a release took that path before).
  const rows = cells.slice(start, start + CHUNK).map((c, i) => ({
    o: start + i,
    l: c.level,
    u: c.unit_id,
    un: c.unit_name,
    b: c.breakdown,
    g: c.group,
    i: c.item,
    s: c.statistic,
    c: c.category,
    v: c.value,
    f: c.flag,
  }));
  // json_to_recordset parses each row once into typed columns.
  return sql`
    insert into report_cell (release_id, ord, level, unit_id, unit_name, breakdown, grp, item, statistic, category, value, flag)
    select ${id}::uuid, o, l, u, un, b, g, i, s, c, v, f
    from json_to_recordset(${JSON.stringify(rows)}::json)
      as r(o int, l text, u text, un text, b text, g text, i text, s text, c text, v float8, f text)
  `.execute(db);
}

/**
 * Stores the cells and marks the release ready. The cells go in first, in chunks on two
 * connections at once (PostgreSQL inserts them in parallel); nobody reads them before the release
 * is ready, which happens in one short transaction at the end. A build that fails on the way
 * deletes what it stored.
 */
export async function completeRelease(
  db: Db,
  id: string,
  cells: readonly PublishedCell[],
  meta: { responses: number | null; config: object; makeCurrent: boolean; waveId: string },
) {
  try {
    const starts = Array.from({ length: Math.ceil(cells.length / CHUNK) }, (_, k) => k * CHUNK);
    let next = 0;
    await Promise.all(
      Array.from({ length: PARALLEL_INSERTS }, async () => {
        while (next < starts.length) await insertCells(db, id, cells, starts[next++]!);
      }),
    );
    await db.transaction().execute(async (trx) => {
      const done = await trx
        .updateTable('report_release')
        .set({
          status: 'ready',
          progress: 1,
          finished_at: new Date(),
          cell_count: cells.length,
          // The city's participation as published (perturbed), never an exact count (rule 12).
          responses_rounded: meta.responses,
          config: JSON.stringify(meta.config),
        })
        .where('id', '=', id)
        .where('status', '=', 'building')
        .executeTakeFirst();
      if (done.numUpdatedRows !== 1n) throw new Error('release is no longer building');
      if (meta.makeCurrent) await setCurrentRelease(trx, meta.waveId, id);
    });
  } catch (err) {
    await db
      .deleteFrom('report_cell')
      .where('release_id', '=', id)
      .execute()
      .catch(() => {});
    throw err;
  }
  // Fresh statistics for the new rows: without them the planner may sort a whole release for each
  // export page instead of walking the primary key (a cold CSV export took 10–18 s instead of 3 s).
  await sql`analyze report_cell`.execute(db);
}

const cellColumns = [
  'level',
  'unit_id',
  'unit_name',
  'breakdown',
  'grp',
  'item',
  'statistic',
  'category',
  'value',
  'flag',
] as const;

export interface CellFilter {
  level?: string;
  unitId?: string;
  breakdown?: string;
  items?: readonly string[];
  itemPrefixes?: readonly string[];
}

export function findCells(db: Db, releaseId: string, f: CellFilter = {}) {
  let q = db.selectFrom('report_cell').select(cellColumns).where('release_id', '=', releaseId);
  if (f.level) q = q.where('level', '=', f.level);
  if (f.unitId) q = q.where('unit_id', '=', f.unitId);
  if (f.breakdown) q = q.where('breakdown', '=', f.breakdown);
  if (f.items) q = q.where('item', 'in', f.items.length > 0 ? [...f.items] : ['']);
  if (f.itemPrefixes) {
    const prefixes = f.itemPrefixes;
    q = q.where((eb) => eb.or(prefixes.map((p) => eb('item', 'like', `${p}%`))));
  }
  return q.orderBy('ord').execute();
}

/** All cells in export order, in pages (keyset on ord), so an export never holds a whole release twice. */
export async function* streamCells(db: Db, releaseId: string, pageSize = 5_000) {
  let after = -1;
  for (;;) {
    const rows = await db
      .selectFrom('report_cell')
      .select(['ord', ...cellColumns])
      .where('release_id', '=', releaseId)
      .where('ord', '>', after)
      .orderBy('ord')
      .limit(pageSize)
      .execute();
    if (rows.length === 0) return;
    yield rows;
    after = rows[rows.length - 1]!.ord;
  }
}

const responseColumns = ['seat_id', 'school_id', 'grade', 'answers', 'record_key', 'mode'] as const;

/**
 * The responses a release counts (DISCLOSURE.md "What counts as a response"), in pages: finished
 * ones (keyset on the seat id), then unfinished ones with at least one answer whose session has
 * closed and whose grace period has ended (partial responses). Withdrawn ones never. School, grade,
 * answers, the record key and whether it came on paper only.
 */
export async function* countedResponses(db: Db, waveId: string, graceHours: number, pageSize = 5000) {
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const rows = await db
      .selectFrom('response')
      .select(responseColumns)
      .where('wave_id', '=', waveId)
      .where('status', '=', 'finished')
      .where('seat_id', '>', after)
      .orderBy('seat_id')
      .limit(pageSize)
      .execute();
    if (rows.length === 0) break;
    yield rows;
    after = rows[rows.length - 1]!.seat_id;
  }
  after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const rows = await partialResponses(db, waveId, graceHours)
      .select(responseColumns.map((c) => `response.${c}` as const))
      .where('response.seat_id', '>', after)
      .orderBy('response.seat_id')
      .limit(pageSize)
      .execute();
    if (rows.length === 0) return;
    yield rows;
    after = rows[rows.length - 1]!.seat_id;
  }
}

function partialResponses(db: Db, waveId: string, graceHours: number) {
  return db
    .selectFrom('response')
    .innerJoin('survey_session', 'survey_session.id', 'response.session_id')
    .where('response.wave_id', '=', waveId)
    .where('response.status', '=', 'in_progress')
    .where(sql<boolean>`response.answers <> '{}'::jsonb`)
    .where(sql<boolean>`survey_session.closes_at + make_interval(hours => ${graceHours}) < now()`);
}

/** Whether the wave has any response a release would count. */
export async function hasCountedResponses(db: Db, waveId: string, graceHours: number): Promise<boolean> {
  const finished = await db
    .selectFrom('response')
    .select('seat_id')
    .where('wave_id', '=', waveId)
    .where('status', '=', 'finished')
    .limit(1)
    .executeTakeFirst();
  if (finished) return true;
  return (
    (await partialResponses(db, waveId, graceHours).select('response.seat_id').limit(1).executeTakeFirst()) !==
    undefined
  );
}

/** Class sizes of the wave's sessions, for response rates. */
export function sessionSizes(db: Db, waveId: string) {
  return db
    .selectFrom('survey_session')
    .select(['school_id', 'grade', 'class_label', 'enrolled_pupils', 'record_key'])
    .where('wave_id', '=', waveId)
    .execute();
}

export function cityStructure(db: Db) {
  return Promise.all([
    db.selectFrom('sozialraum').select(['id', 'name']).execute(),
    db.selectFrom('school').select(['id', 'name', 'sozialraum_id']).execute(),
  ]);
}
