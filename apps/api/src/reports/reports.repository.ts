import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PublishedCell } from '@uwe/disclosure';
import { type Kysely, sql } from 'kysely';
import { from as copyFrom } from 'pg-copy-streams';
import { poolOf } from '../db/pool.ts';
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

/** COPY's text format: backslash, tab, newline and carriage return escaped; null is \N. */
function copyText(v: string): string {
  return /[\\\t\n\r]/.test(v)
    ? v.replace(/[\\\t\n\r]/g, (m) => (m === '\\' ? '\\\\' : m === '\t' ? '\\t' : m === '\n' ? '\\n' : '\\r'))
    : v;
}

/** The cells as COPY text, about 64 kB at a time. */
function* copyLines(id: string, cells: readonly PublishedCell[]): Generator<string> {
  let buf = '';
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i]!;
    buf += `${id}\t${i}\t${c.level}\t${copyText(c.unit_id)}\t${copyText(c.unit_name)}\t${c.breakdown}\t${copyText(c.group)}\t${copyText(c.item)}\t${c.statistic}\t${copyText(c.category)}\t${c.value === null || !Number.isFinite(c.value) ? '\\N' : c.value}\t${copyText(c.flag)}\n`;
    if (buf.length > 65_536) {
      yield buf;
      buf = '';
    }
  }
  if (buf) yield buf;
}

/**
 * The cells, in one COPY: PostgreSQL's fastest way in (a 100,000-response release has about
 * 700,000 cells; inserting them as JSON rows cost PostgreSQL about twice the CPU).
 */
async function insertCells(db: Db, id: string, cells: readonly PublishedCell[]) {
  const client = await poolOf(db).connect();
  try {
    await pipeline(
      Readable.from(copyLines(id, cells)),
      client.query(
        copyFrom(
          'copy report_cell (release_id, ord, level, unit_id, unit_name, breakdown, grp, item, statistic, category, value, flag) from stdin',
        ),
      ),
    );
  } finally {
    client.release();
  }
}

/**
 * Stores the cells and marks the release ready. The cells go in first (one COPY); nobody reads
 * them before the release is ready, which happens in one short transaction at the end. A build that fails on the way
 * deletes what it stored.
 */
export async function completeRelease(
  db: Db,
  id: string,
  cells: readonly PublishedCell[],
  meta: { responses: number | null; config: object; makeCurrent: boolean; waveId: string },
) {
  try {
    await insertCells(db, id, cells);
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

/** A counted response: school, grade, answers, record key and whether it came on paper. */
const ZERO_UUID = '00000000-0000-0000-0000-000000000000';

/** The uuid just below `id` (ids compare as bytes), so that `> beforeUuid(id)` includes `id`. */
function beforeUuid(id: string): string {
  const hex = id.replaceAll('-', '');
  const n = (BigInt(`0x${hex}`) - 1n).toString(16).padStart(32, '0');
  return `${n.slice(0, 8)}-${n.slice(8, 12)}-${n.slice(12, 16)}-${n.slice(16, 20)}-${n.slice(20)}`;
}

/** Seat id ranges that split the (uniformly random) seat ids into `parts` about equal parts. */
export function seatRanges(parts: number): { from: string; to: string | null }[] {
  const bound = (k: number) => {
    const hex = Math.floor((k * 0x10000) / parts)
      .toString(16)
      .padStart(4, '0');
    return `${hex}0000-0000-0000-0000-000000000000`;
  };
  return Array.from({ length: parts }, (_, k) => ({
    from: k === 0 ? ZERO_UUID : bound(k),
    to: k === parts - 1 ? null : bound(k + 1),
  }));
}

/**
 * A counted response. Its answers stay text until `parseAnswersText` is called on them, one
 * response at a time: pages of 5,000 parsed answer objects on two connections were a fifth of a
 * large build's memory.
 */
export interface CountedResponse {
  seat_id: string;
  school_id: string;
  grade: number;
  answers_text: string;
  record_key: string;
  mode: string;
}

const ITEM_ID = /^[a-z][a-z0-9_]*$/;
/** Unit separator: jsonb's text output escapes control characters, so it never occurs inside a value. */
const SEPARATOR = '\x1f';

/**
 * The answers of `itemIds` as one text per response: each answer's JSON, in the order of
 * `itemIds`, empty where not answered. PostgreSQL takes the jsonb apart once per response
 * (jsonb_to_record) and sends about a fifth of the bytes; turning that back into objects costs a
 * third of what JSON.parse of the whole answers object did (most of reading a large wave).
 */
export function answersText(itemIds: readonly string[]) {
  for (const id of itemIds) if (!ITEM_ID.test(id)) throw new RangeError(`unexpected item id ${id}`);
  const values = sql.join(
    itemIds.map((id) => sql`coalesce(${sql.ref(`a.${id}`)}::text, '')`),
    sql`, `,
  );
  const record = sql.join(
    itemIds.map((id) => sql`${sql.id(id)} jsonb`),
    sql`, `,
  );
  return {
    select: sql`array_to_string(array[${values}]::text[], ${SEPARATOR}) as answers_text`,
    lateral: sql`jsonb_to_record(r.answers) as a(${record})`,
  };
}

/** The answers object back from `answersText`: the same values JSON.parse of the whole object gives. */
export function parseAnswersText(text: string, itemIds: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let from = 0;
  for (let i = 0; i < itemIds.length; i++) {
    let to = text.indexOf(SEPARATOR, from);
    if (to < 0) to = text.length;
    if (to > from) {
      const first = text.charCodeAt(from);
      // Digits and a minus: a number; anything else (strings, arrays, true/false/null) is JSON.
      out[itemIds[i]!] =
        (first >= 48 && first <= 57) || first === 45 ? Number(text.slice(from, to)) : JSON.parse(text.slice(from, to));
    }
    from = to + 1;
  }
  return out;
}

/**
 * The responses a release counts (DISCLOSURE.md "What counts as a response"), in pages: finished
 * ones (keyset on the seat id), then unfinished ones with at least one answer whose session has
 * closed and whose grace period has ended (partial responses). Withdrawn ones never. School, grade,
 * the answers to `itemIds` (other keys are not read), the record key and whether it came on paper.
 */
export async function* countedResponses(
  db: Db,
  waveId: string,
  graceHours: number,
  itemIds: readonly string[],
  /** Only seat ids in [from, to): a large wave is read in ranges on several connections. */
  range: { from: string; to: string | null } = { from: ZERO_UUID, to: null },
  pageSize = 5000,
): AsyncGenerator<CountedResponse[]> {
  const text = answersText(itemIds);
  const page = async (partial: boolean, after: string) => {
    const { rows } = await sql<CountedResponse>`
      select r.seat_id, r.school_id, r.grade, r.record_key, r.mode, ${text.select}
      from response r
      ${partial ? sql`join survey_session s on s.id = r.session_id` : sql``}
      cross join lateral ${text.lateral}
      where r.wave_id = ${waveId}
        and ${
          partial
            ? sql`r.status = 'in_progress' and r.answers <> '{}'::jsonb
                  and s.closes_at + make_interval(hours => ${graceHours}) < now()`
            : sql`r.status = 'finished'`
        }
        and r.seat_id > ${after}
        ${range.to === null ? sql`` : sql`and r.seat_id < ${range.to}`}
      order by r.seat_id
      limit ${pageSize}
    `.execute(db);
    return rows;
  };
  for (const partial of [false, true]) {
    // The range's first id itself is read too: keyset pages start after `after`.
    let after = range.from === ZERO_UUID ? ZERO_UUID : beforeUuid(range.from);
    for (;;) {
      const rows = await page(partial, after);
      if (rows.length === 0) break;
      yield rows;
      after = rows[rows.length - 1]!.seat_id;
    }
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
    db.selectFrom('sozialraum').select(['id', 'name', 'code']).execute(),
    db.selectFrom('school').select(['id', 'name', 'sozialraum_id']).execute(),
  ]);
}
