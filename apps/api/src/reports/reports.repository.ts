import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/types.ts';
import type { PublishedCell } from './disclosure.ts';
import type { PublishedSizes } from './release.ts';

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

export function failStaleBuilds(db: Db, waveId: string) {
  return db
    .updateTable('report_release')
    .set({ status: 'failed', error: 'Abgebrochen (Server neu gestartet).', finished_at: new Date() })
    .where('wave_id', '=', waveId)
    .where('status', '=', 'building')
    .where('heartbeat_at', '<', sql<Date>`now() - make_interval(secs => ${STALE_BUILD_SECONDS})`)
    .execute();
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

export async function publishedSizesOfWave(db: Db, waveId: string): Promise<PublishedSizes[]> {
  const rows = await db
    .selectFrom('report_release')
    .select('published_sizes')
    .where('wave_id', '=', waveId)
    .where('status', '=', 'ready')
    .orderBy('number')
    .execute();
  return rows.flatMap((r) => (r.published_sizes ? [r.published_sizes] : []));
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

const CHUNK = 5000;

/** Stores the cells and marks the release ready, in one transaction: a release is complete or absent. */
export async function completeRelease(
  db: Db,
  id: string,
  cells: readonly PublishedCell[],
  meta: { responsesRounded: number; publishedSizes: PublishedSizes; config: object },
) {
  await db.transaction().execute(async (trx) => {
    for (let start = 0; start < cells.length; start += CHUNK) {
      const part = cells.slice(start, start + CHUNK);
      const col = <K extends keyof PublishedCell>(k: K) => part.map((c) => c[k]);
      await sql`
        insert into report_cell (release_id, ord, level, unit_id, unit_name, breakdown, grp, item, statistic, category, value, flag)
        select ${id}::uuid, ord, level, unit_id, unit_name, breakdown, grp, item, statistic, category, value, flag
        from unnest(
          ${part.map((_, i) => start + i)}::int[], ${col('level')}::text[], ${col('unit_id')}::text[],
          ${col('unit_name')}::text[], ${col('breakdown')}::text[], ${col('group')}::text[], ${col('item')}::text[],
          ${col('statistic')}::text[], ${col('category')}::text[], ${col('value')}::float8[], ${col('flag')}::text[]
        ) as t(ord, level, unit_id, unit_name, breakdown, grp, item, statistic, category, value, flag)
      `.execute(trx);
    }
    const done = await trx
      .updateTable('report_release')
      .set({
        status: 'ready',
        progress: 1,
        finished_at: new Date(),
        cell_count: cells.length,
        responses_rounded: meta.responsesRounded,
        published_sizes: JSON.stringify(meta.publishedSizes),
        config: JSON.stringify(meta.config),
      })
      .where('id', '=', id)
      .where('status', '=', 'building')
      .executeTakeFirst();
    if (done.numUpdatedRows !== 1n) throw new Error('release is no longer building');
  });
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

/** Finished responses of a wave in pages (keyset on the seat id): school, grade and answers only. */
export async function* finishedResponses(db: Db, waveId: string, pageSize = 5000) {
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const rows = await db
      .selectFrom('response')
      .select(['seat_id', 'school_id', 'grade', 'answers'])
      .where('wave_id', '=', waveId)
      .where('status', '=', 'finished')
      .where('seat_id', '>', after)
      .orderBy('seat_id')
      .limit(pageSize)
      .execute();
    if (rows.length === 0) return;
    yield rows;
    after = rows[rows.length - 1]!.seat_id;
  }
}

export function countFinished(db: Db, waveId: string) {
  return db
    .selectFrom('response')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('wave_id', '=', waveId)
    .where('status', '=', 'finished')
    .executeTakeFirstOrThrow()
    .then((r) => Number(r.n));
}

export function cityStructure(db: Db) {
  return Promise.all([
    db.selectFrom('sozialraum').select(['id', 'name']).execute(),
    db.selectFrom('school').select(['id', 'name', 'sozialraum_id']).execute(),
  ]);
}
