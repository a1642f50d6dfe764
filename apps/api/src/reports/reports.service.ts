/**
 * Releases and reports. Building reads the wave's finished responses once, counts them, runs every
 * table through disclosure control and stores the result; every report request afterwards reads
 * only stored cells (DISCLOSURE.md "Why releases").
 */

import { promisify } from 'node:util';
import zlib from 'node:zlib';
import {
  DEFAULT_DISCLOSURE_CONFIG,
  type DisclosureConfig,
  type Level,
  PARTICIPATION_ID,
  type PublishedCell,
} from '@uwe/disclosure';
import type { Comparison, Grade, Release, ReleasePreview, ReportCatalogue, ReportCell, ReportWave } from '@uwe/schema';
import type { Kysely, Selectable } from 'kysely';
import { findWave } from '../admin/admin.repository.ts';
import { writeAudit } from '../audit/audit.repository.ts';
import type { DB, ReportReleaseTable } from '../db/types.ts';
import { findInstrument } from '../instruments/instruments.service.ts';
import { type BuildJob, sendBuild } from '../jobs/queue.ts';
import { isUniqueViolation } from '../lib/db-errors.ts';
import { conflict, notFound } from '../lib/errors.ts';
import { type CityStructure, createWaveCounts } from './aggregate.ts';
import { changeInterval, instrumentFamily, type NoiseParams } from './change-test.ts';
import { buildRelease } from './release.ts';
import { createMeasurer, type ReportItem, reportItems } from './report-items.ts';
import * as repo from './reports.repository.ts';

type Db = Kysely<DB>;

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);
export type ReleaseRow = Pick<Selectable<ReportReleaseTable>, (typeof repo.releaseColumns)[number]>;

export const CITY_UNIT = { id: 'city', name: 'Gesamtstadt' } as const;

function toRelease(r: ReleaseRow, currentId: string | null = null): Release {
  return {
    id: r.id,
    waveId: r.wave_id,
    number: r.number,
    status: r.status,
    progress: r.progress,
    createdAt: r.created_at.toISOString(),
    finishedAt: r.finished_at?.toISOString() ?? null,
    responses: r.responses_rounded,
    cells: r.cell_count,
    error: r.error,
    current: currentId !== null && r.id === currentId,
  };
}

export async function requireWave(db: Db, waveId: string) {
  const wave = await findWave(db, waveId);
  if (!wave) throw notFound('Diese Befragungsrunde gibt es nicht.');
  return wave;
}

/** The release a report reads: the one asked for, or the current one (rule 9: chosen by an admin). */
export async function readableRelease(
  db: Db,
  waveId: string,
  number?: number,
): Promise<ReleaseRow & { isCurrent: boolean }> {
  await requireWave(db, waveId);
  const current = await repo.currentRelease(db, waveId);
  const row = number === undefined ? current : await repo.findRelease(db, waveId, number);
  if (row?.status !== 'ready') {
    throw notFound(
      number === undefined
        ? 'Für diese Befragungsrunde gibt es noch keine fertige Freigabe.'
        : `Freigabe ${number} gibt es nicht oder sie ist nicht fertig.`,
      'NO_RELEASE',
    );
  }
  return { ...row, isCurrent: row.id === current?.id };
}

/** The release as a report answer shows it (whether it is current is part of the cache key). */
const shownRelease = (r: ReleaseRow & { isCurrent: boolean }) => toRelease(r, r.isCurrent ? r.id : null);

// ---------------------------------------------------------------------------------------------
// Building

export interface BuildSettings {
  config?: DisclosureConfig;
  /** Hours a seat may still upload after its session closed: partial responses count after them. */
  graceHours?: number;
  /** Make the new release the one monitoring staff read once it is ready (default: yes). */
  makeCurrent?: boolean;
}

const DEFAULT_GRACE_HOURS = 12;

async function requireBuildable(db: Db, waveId: string, settings: BuildSettings) {
  const wave = await requireWave(db, waveId);
  if (!(await findInstrument(db, wave.instrument_id))) {
    throw conflict('Das Instrument dieser Befragungsrunde fehlt.', 'CONFLICT');
  }
  if (!(await repo.hasCountedResponses(db, waveId, settings.graceHours ?? DEFAULT_GRACE_HOURS))) {
    throw conflict(
      'In dieser Befragungsrunde gibt es noch keinen Fragebogen, der zählt (fertig ausgefüllt, oder begonnen und die Sitzung ist vorbei).',
      'NO_FINISHED_RESPONSES',
    );
  }
  return wave;
}

/**
 * Starts a build: the release row and its job are written in one transaction, the worker process
 * runs the job (`runBuildJob`) and reports progress on the row.
 */
export async function startRelease(db: Db, actorId: string, waveId: string, settings: BuildSettings = {}) {
  await requireBuildable(db, waveId, settings);
  await repo.failStaleBuilds(db, waveId);
  let row: ReleaseRow;
  try {
    row = await db.transaction().execute(async (trx) => {
      const inserted = await repo.insertRelease(trx, waveId, actorId);
      await writeAudit(trx, {
        actorId,
        action: 'release.build',
        entity: 'wave',
        entityId: waveId,
        details: { number: inserted.number },
      });
      await sendBuild(trx, {
        releaseId: inserted.id,
        waveId,
        settings: {
          config: settings.config as Record<string, unknown> | undefined,
          graceHours: settings.graceHours,
          makeCurrent: settings.makeCurrent,
        },
      });
      return inserted;
    });
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw conflict('Für diese Befragungsrunde wird gerade schon eine Freigabe erstellt.', 'RELEASE_IN_PROGRESS');
    }
    throw err;
  }
  return toRelease(row);
}

async function loadStructure(db: Db): Promise<CityStructure> {
  const [sozialraeume, schools] = await repo.cityStructure(db);
  return {
    city: CITY_UNIT,
    sozialraeume,
    schools: schools.map((s) => ({ id: s.id, name: s.name, sozialraumId: s.sozialraum_id })),
  };
}

/**
 * The pages of `pages`, each asked for before the previous one is handed out: PostgreSQL reads and
 * sends the next page while this process counts the current one (on two cores, about a third of a
 * large build was one waiting for the other).
 */
async function* readAhead<T>(pages: AsyncGenerator<T>): AsyncGenerator<T> {
  let next = pages.next();
  for (;;) {
    const current = await next;
    if (current.done) return;
    next = pages.next();
    yield current.value;
  }
}

/**
 * The pages of several sources, taking turns. With `readAhead` on each, PostgreSQL reads the next
 * page of every range at once (one backend, one core each) while this process counts.
 */
async function* interleave<T>(sources: AsyncGenerator<T>[]): AsyncGenerator<T> {
  let live = sources;
  while (live.length > 0) {
    const next: AsyncGenerator<T>[] = [];
    for (const source of live) {
      const r = await source.next();
      if (r.done) continue;
      next.push(source);
      yield r.value;
    }
    live = next;
  }
}

/** Connections that read a wave's responses at the same time (taking the answers apart is PostgreSQL's larger part). */
const READ_CONNECTIONS = 2;

/**
 * Every published cell of the wave as a release would store it now. Progress is reported in steps
 * (reading the responses, then one per reported item), never as a share of records (rule 12).
 */
export async function computeRelease(
  db: Db,
  waveId: string,
  settings: BuildSettings,
  onProgress?: (share: number) => Promise<void>,
  withExact = false,
): Promise<{ cells: PublishedCell[]; responses: number | null }> {
  const wave = (await findWave(db, waveId))!;
  const instrument = (await findInstrument(db, wave.instrument_id))!;
  const items = reportItems(instrument);
  const counts = createWaveCounts(items, createMeasurer(instrument, items));
  // A residence answer is a Sozialraum code (or "don't know" / "not in the city", which match none).
  const residenceIds = new Map(
    (await repo.cityStructure(db))[0].flatMap((s) => (s.code ? [[s.code, s.id] as const] : [])),
  );
  // Every catalogue item: scoring, the reported items and the gender breakdown read nothing else.
  const itemIds = instrument.catalogue.items.map((i) => i.id);
  const grace = settings.graceHours ?? DEFAULT_GRACE_HOURS;
  const pages = repo
    .seatRanges(READ_CONNECTIONS)
    .map((range) => readAhead(repo.countedResponses(db, waveId, grace, itemIds, range)));
  for await (const page of interleave(pages)) {
    for (const r of page) {
      const answers = repo.parseAnswersText(r.answers_text, itemIds);
      const residence = typeof answers.residence === 'string' ? (residenceIds.get(answers.residence) ?? null) : null;
      counts.add(r.school_id, r.grade as Grade, answers, Number(r.record_key), r.mode === 'paper', residence);
    }
  }
  for (const s of await repo.sessionSizes(db, waveId)) {
    counts.addSession({
      schoolId: s.school_id,
      grade: s.grade as Grade,
      classLabel: s.class_label,
      enrolled: s.enrolled_pupils,
      recordKey: Number(s.record_key),
    });
  }
  const structure = await loadStructure(db);
  const cells = await buildRelease(counts, structure, {
    config: settings.config ?? DEFAULT_DISCLOSURE_CONFIG,
    withExact,
    onProgress: (done, all) => onProgress?.(done / (all + 1)) ?? Promise.resolve(),
  });
  const city = cells.find((c) => c.level === 'city' && c.breakdown === 'none' && c.item === PARTICIPATION_ID);
  return { cells, responses: city?.value ?? null };
}

/** How often a running build tells that its worker is alive (a stale build is taken as failed). */
const HEARTBEAT_MS = 15_000;

/**
 * The worker's side of a build. Runs once per job; a release that is no longer building (taken as
 * failed meanwhile, or built by an earlier attempt) is left alone. Errors end as a failed release
 * with the message, not as a retried job: the same data would fail the same way.
 */
export async function runBuildJob(db: Db, job: BuildJob): Promise<'built' | 'failed' | 'skipped'> {
  const { releaseId, waveId } = job;
  const settings: BuildSettings = {
    config: job.settings.config as DisclosureConfig | undefined,
    graceHours: job.settings.graceHours,
    makeCurrent: job.settings.makeCurrent,
  };
  const release = await repo.findReleaseById(db, releaseId);
  if (release?.status !== 'building') return 'skipped';
  const config = settings.config ?? DEFAULT_DISCLOSURE_CONFIG;
  const heartbeat = setInterval(() => {
    repo.setProgress(db, releaseId, release.progress).catch(() => {});
  }, HEARTBEAT_MS);
  try {
    let lastWrite = 0;
    const progress = async (p: number) => {
      const now = Date.now();
      if (now - lastWrite < 500) return;
      lastWrite = now;
      release.progress = Math.min(0.99, p);
      await repo.setProgress(db, releaseId, release.progress);
    };
    await repo.setProgress(db, releaseId, 0);
    const built = await computeRelease(db, waveId, settings, progress);
    await repo.completeRelease(db, releaseId, built.cells, {
      responses: built.responses,
      config,
      makeCurrent: settings.makeCurrent ?? true,
      waveId,
    });
    return 'built';
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    await repo.failRelease(db, releaseId, `Die Freigabe konnte nicht erstellt werden: ${message}`);
    return 'failed';
  } finally {
    clearInterval(heartbeat);
  }
}

export async function listReleases(db: Db, waveId: string): Promise<Release[]> {
  await requireWave(db, waveId);
  await repo.failStaleBuilds(db, waveId);
  const current = await repo.currentRelease(db, waveId);
  return (await repo.listReleases(db, waveId)).map((r) => toRelease(r, current?.id ?? null));
}

export async function getRelease(db: Db, waveId: string, number: number): Promise<Release> {
  await requireWave(db, waveId);
  const row = await repo.findRelease(db, waveId, number);
  if (!row) throw notFound(`Freigabe ${number} gibt es nicht.`, 'NO_RELEASE');
  const current = await repo.currentRelease(db, waveId);
  return toRelease(row, current?.id ?? null);
}

/** Rule 9: which release monitoring staff read. */
export async function setCurrentRelease(db: Db, actorId: string, waveId: string, number: number): Promise<Release> {
  await requireWave(db, waveId);
  const row = await repo.findRelease(db, waveId, number);
  if (row?.status !== 'ready')
    throw notFound(`Freigabe ${number} gibt es nicht oder sie ist nicht fertig.`, 'NO_RELEASE');
  await repo.setCurrentRelease(db, waveId, row.id);
  await writeAudit(db, { actorId, action: 'release.current', entity: 'wave', entityId: waveId, details: { number } });
  return toRelease(row, row.id);
}

const cellKeyOf = (c: {
  level: string;
  unit_id: string;
  breakdown: string;
  group: string;
  item: string;
  statistic: string;
  category: string;
}) => `${c.level}|${c.unit_id}|${c.breakdown}|${c.group}|${c.item}|${c.statistic}|${c.category}`;

const isShown = (c: { value: number | null; flag: string }) =>
  c.value !== null || (c.flag !== '' && c.flag !== 'suppressed');

/**
 * What a new release would publish, against the current one, without storing anything (rule 9):
 * cells that become visible, become hidden, or change, and by how much. Only published values are
 * compared, so the preview tells an admin nothing a release would not.
 */
export async function previewRelease(db: Db, waveId: string, settings: BuildSettings = {}): Promise<ReleasePreview> {
  await requireBuildable(db, waveId, settings);
  const built = await computeRelease(db, waveId, settings);
  const base = await repo.currentRelease(db, waveId);
  const before = new Map<string, { value: number | null; flag: string }>();
  if (base) {
    for await (const page of repo.streamCells(db, base.id)) {
      for (const r of page) before.set(cellKeyOf({ ...r, group: r.grp }), { value: r.value, flag: r.flag });
    }
  }
  type Tally = ReleasePreview['levels'][number];
  const levels = new Map<Level, Tally>();
  const tally = (level: Level): Tally => {
    let t = levels.get(level);
    if (!t) {
      t = {
        level,
        cells: 0,
        published: 0,
        becomeVisible: 0,
        becomeHidden: 0,
        changed: 0,
        unchanged: 0,
        meanAbsChangePct: null,
        maxAbsChangePct: null,
      };
      levels.set(level, t);
    }
    return t;
  };
  const pctChanges = new Map<Level, number[]>();
  for (const c of built.cells) {
    const t = tally(c.level);
    t.cells++;
    const shown = isShown(c);
    if (shown) t.published++;
    if (!base) continue;
    const key = cellKeyOf(c);
    const old = before.get(key);
    before.delete(key);
    const wasShown = old !== undefined && isShown(old);
    if (shown && !wasShown) t.becomeVisible++;
    else if (!shown && wasShown) t.becomeHidden++;
    else if (shown && wasShown) {
      if (old.value === c.value && old.flag === c.flag) t.unchanged++;
      else t.changed++;
      // Every percentage shown in both counts, the unchanged ones with 0.
      if (c.statistic === 'pct' && c.value !== null && old.value !== null) {
        const list = pctChanges.get(c.level) ?? [];
        list.push(Math.abs(c.value - old.value));
        pctChanges.set(c.level, list);
      }
    }
  }
  // Cells of the current release that the new one no longer has (a category merged differently).
  for (const [key, old] of before) {
    if (isShown(old)) tally(key.split('|')[0] as Level).becomeHidden++;
  }
  for (const [level, list] of pctChanges) {
    const t = tally(level);
    t.meanAbsChangePct = Math.round((list.reduce((a, b) => a + b, 0) / list.length) * 10) / 10;
    t.maxAbsChangePct = Math.round(list.reduce((a, b) => Math.max(a, b), 0) * 10) / 10;
  }
  const order: Level[] = ['city', 'sozialraum', 'residence', 'school'];
  return {
    baseRelease: base?.number ?? null,
    responses: built.responses,
    levels: order.flatMap((l) => (levels.has(l) ? [levels.get(l)!] : [])),
  };
}

// ---------------------------------------------------------------------------------------------
// Reading

export async function listReportWaves(db: Db): Promise<ReportWave[]> {
  const waves = await db.selectFrom('wave').selectAll().orderBy('starts_on', 'desc').execute();
  return Promise.all(
    waves.map(async (w) => {
      const release = await repo.currentRelease(db, w.id);
      return {
        id: w.id,
        name: w.name,
        grades: w.grades,
        startsOn: w.starts_on,
        endsOn: w.ends_on,
        status: w.status,
        release: release ? toRelease(release, release.id) : null,
      };
    }),
  );
}

export function toCell(r: Awaited<ReturnType<typeof repo.findCells>>[number]): ReportCell {
  return {
    level: r.level as ReportCell['level'],
    unit_id: r.unit_id,
    unit_name: r.unit_name,
    breakdown: r.breakdown as ReportCell['breakdown'],
    group: r.grp,
    item: r.item,
    statistic: r.statistic as ReportCell['statistic'],
    category: r.category,
    value: r.value,
    flag: r.flag,
  };
}

const itemsByInstrument = new Map<string, ReportItem[]>();

export async function itemsOfWave(db: Db, instrumentId: string): Promise<ReportItem[]> {
  let items = itemsByInstrument.get(instrumentId);
  if (!items) {
    const instrument = await findInstrument(db, instrumentId);
    items = instrument ? reportItems(instrument) : [];
    itemsByInstrument.set(instrumentId, items);
  }
  return items;
}

// A release never changes, so a report answer can be kept once computed (DISCLOSURE.md rule 11:
// the same question gets the same answer): its JSON text and, once asked for, its brotli and gzip
// bytes (the school overview of a large city is megabytes of JSON; compressing it again for every
// request cost more than everything else of the request). Least recently used out first.
const CACHE_BUDGET = 128 * 1024 * 1024;

export interface CachedAnswer {
  /** Names the release, whether it is current, and the question: the ETag. */
  readonly key: string;
  readonly text: string;
  encoded: Partial<Record<'br' | 'gzip', Buffer>>;
}

const cache = new Map<string, CachedAnswer>();
let cacheSize = 0;

function remember(key: string, answer: CachedAnswer) {
  cache.set(key, answer);
  cacheSize += answer.text.length;
  for (const [k, v] of cache) {
    if (cacheSize <= CACHE_BUDGET) break;
    cache.delete(k);
    cacheSize -= v.text.length + (v.encoded.br?.length ?? 0) + (v.encoded.gzip?.length ?? 0);
  }
}

/** The compressed bytes of a cached answer, made once per encoding. */
export async function encodedAnswer(answer: CachedAnswer, encoding: 'br' | 'gzip'): Promise<Buffer> {
  const hit = answer.encoded[encoding];
  if (hit) return hit;
  const bytes =
    encoding === 'br'
      ? await brotli(answer.text, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 6 } })
      : await gzip(answer.text, { level: 6 });
  answer.encoded[encoding] = bytes;
  if (cache.get(answer.key) === answer) cacheSize += bytes.length;
  return bytes;
}

async function cachedJson(key: string, compute: () => Promise<unknown>): Promise<CachedAnswer> {
  const hit = cache.get(key);
  if (hit !== undefined) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const answer: CachedAnswer = { key, text: JSON.stringify(await compute()), encoded: {} };
  remember(key, answer);
  return answer;
}

/** The same report answers as JSON text, computed once per release (see `cachedJson`). */
export const json = {
  catalogue: async (db: Db, waveId: string, number?: number) => {
    const release = await readableRelease(db, waveId, number);
    return cachedJson(`${release.id}|${release.isCurrent}|catalogue`, () => catalogue(db, release));
  },
  overview: async (db: Db, waveId: string, level: Level, number?: number) => {
    const release = await readableRelease(db, waveId, number);
    return cachedJson(`${release.id}|${release.isCurrent}|overview|${level}`, () => overview(db, release, level));
  },
  unit: async (db: Db, waveId: string, level: Level, unitId: string, number?: number) => {
    const release = await readableRelease(db, waveId, number);
    return cachedJson(`${release.id}|${release.isCurrent}|unit|${level}|${unitId}`, () =>
      unitCells(db, release, level, unitId),
    );
  },
  item: async (db: Db, waveId: string, itemId: string, level: Level, number?: number) => {
    const release = await readableRelease(db, waveId, number);
    return cachedJson(`${release.id}|${release.isCurrent}|item|${level}|${itemId}`, () =>
      itemCells(db, release, itemId, level),
    );
  },
};

async function catalogue(db: Db, release: ReleaseRow & { isCurrent: boolean }): Promise<ReportCatalogue> {
  const wave = (await findWave(db, release.wave_id))!;
  const items = await itemsOfWave(db, wave.instrument_id);
  const [sozialraeume, schools] = await repo.cityStructure(db);
  // The settings this release was checked with, not today's defaults.
  const config = { ...DEFAULT_DISCLOSURE_CONFIG, ...(release.config as Partial<DisclosureConfig>) };
  return {
    release: shownRelease(release),
    items: items.map((i) => ({
      id: i.id,
      kind: i.kind,
      label: i.label,
      dimension: i.dimension,
      scaleId: i.scaleId,
      sensitive: i.sensitive,
      categories: [...i.categoryLabels],
      mean: i.mean,
    })),
    units: [
      { level: 'city' as const, ...CITY_UNIT },
      ...sozialraeume.map((s) => ({ level: 'sozialraum' as const, id: s.id, name: s.name })),
      ...schools.map((s) => ({ level: 'school' as const, id: s.id, name: s.name, sozialraumId: s.sozialraum_id })),
    ].sort((a, b) => (a.level === b.level ? a.name.localeCompare(b.name, 'de') : 0)),
    // Rule 12: the parameters stay configuration; only the largest deviation is said in words on the
    // methods page ("Zahlen können um bis zu … abweichen"), as statistical offices do.
    disclosure: { method: 'cell_key', maxDeviation: config.maxDeviation },
  };
}

/** Indices, assets and scales of every unit of a level, whole groups only: the overview and the map. */
async function overview(db: Db, release: ReleaseRow & { isCurrent: boolean }, level: Level) {
  const cells = await repo.findCells(db, release.id, {
    level,
    breakdown: 'none',
    itemPrefixes: ['participation', 'index.', 'asset.', 'scale.'],
  });
  return { release: shownRelease(release), cells: cells.map(toCell) };
}

async function unitCells(db: Db, release: ReleaseRow & { isCurrent: boolean }, level: Level, unitId: string) {
  const cells = await repo.findCells(db, release.id, { level, unitId });
  if (cells.length === 0) throw notFound('Für diese Einheit enthält die Freigabe keine Zahlen.', 'NOT_FOUND');
  return { release: shownRelease(release), cells: cells.map(toCell) };
}

async function itemCells(db: Db, release: ReleaseRow & { isCurrent: boolean }, itemId: string, level: Level) {
  const cells = await repo.findCells(db, release.id, { level, items: [itemId] });
  if (cells.length === 0) throw notFound('Diese Frage kommt in der Freigabe nicht vor.', 'NOT_FOUND');
  return { release: shownRelease(release), cells: cells.map(toCell) };
}

/**
 * Indices and scales of one unit in this wave and the earlier waves of the same instrument family
 * with a release (rule 9: nothing pooled, change only where both waves published the number), each
 * change with its 95 % interval computed on the published numbers (change-test.ts).
 */
export async function comparison(db: Db, waveId: string, level: Level, unitId: string): Promise<Comparison> {
  const wave = await requireWave(db, waveId);
  const current = await readableRelease(db, waveId);
  const family = instrumentFamily(wave.instrument_id);
  const earlierWaves = (
    await db
      .selectFrom('wave')
      .select(['id', 'name', 'starts_on', 'instrument_id'])
      .where('starts_on', '<', wave.starts_on)
      .orderBy('starts_on')
      .execute()
  ).filter((w) => instrumentFamily(w.instrument_id) === family);
  const columns: { waveId: string; name: string; release: ReleaseRow }[] = [];
  for (const w of earlierWaves) {
    const r = await repo.currentRelease(db, w.id);
    if (r) columns.push({ waveId: w.id, name: w.name, release: r });
  }
  columns.push({ waveId, name: wave.name, release: current });
  const filter = { level, unitId, breakdown: 'none', itemPrefixes: ['index.', 'scale.'] };
  const perWave = await Promise.all(columns.map((c) => repo.findCells(db, c.release.id, filter)));
  const noise = columns.map((c): NoiseParams => {
    // The settings each release was checked with, not today's defaults.
    const config = { ...DEFAULT_DISCLOSURE_CONFIG, ...(c.release.config as Partial<DisclosureConfig>) };
    return { variance: config.variance, meanNoiseShare: config.meanNoiseShare, decimals: 1 };
  });
  const scales = new Map((await itemsOfWave(db, wave.instrument_id)).map((i) => [i.id, i.mean]));
  const key = (c: { item: string; statistic: string; category: string }) => `${c.item}|${c.statistic}|${c.category}`;
  const rows = new Map<string, Comparison['rows'][number]>();
  // Rows in this wave's order; categories merged differently in another wave simply stay empty there.
  for (const c of perWave[perWave.length - 1]!) {
    if (c.statistic === 'n') continue;
    rows.set(key(c), {
      item: c.item,
      statistic: c.statistic as 'pct' | 'mean',
      category: c.category,
      values: columns.map(() => null),
      change: null,
      n: columns.map(() => null),
      changes: columns.map(() => null),
    });
  }
  const groupSize = columns.map(() => new Map<string, number>());
  perWave.forEach((cells, w) => {
    for (const c of cells) {
      if (c.statistic === 'n' && c.value !== null) groupSize[w]!.set(c.item, c.value);
      const row = rows.get(key(c));
      if (row) row.values[w] = c.value;
    }
  });
  for (const row of rows.values()) {
    row.n = columns.map((_, w) => groupSize[w]!.get(row.item) ?? null);
    row.changes = row.values.map((now, w) => {
      const before = w > 0 ? row.values[w - 1] : null;
      const nNow = row.n[w];
      const nBefore = w > 0 ? row.n[w - 1] : null;
      if (now == null || before == null || nNow == null || nBefore == null) return null;
      const scale = scales.get(row.item) ?? undefined;
      const test = changeInterval(
        { statistic: row.statistic, value: before, n: nBefore, scale },
        { statistic: row.statistic, value: now, n: nNow, scale },
        noise[w - 1]!,
        noise[w]!,
      );
      if (!test) return null;
      return { change: Math.round(test.change * 10) / 10, clear: test.clear };
    });
    const n = row.values.length;
    const now = row.values[n - 1];
    const before = n > 1 ? row.values[n - 2] : null;
    row.change = now != null && before != null ? Math.round((now - before) * 10) / 10 : null;
  }
  return {
    waves: columns.map((c) => ({ waveId: c.waveId, name: c.name, releaseNumber: c.release.number })),
    rows: [...rows.values()],
  };
}
