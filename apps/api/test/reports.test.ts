import { DEFAULT_DISCLOSURE_CONFIG } from '@uwe/disclosure';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeInterval } from '../src/reports/change-test.ts';
import { createStaff, createTestApp, type TestContext } from './helpers.ts';
import { answersFor, type ChildSpec, type CsvRow, parseCsv, reportCity, seeded } from './report-scenarios.ts';

const D = DEFAULT_DISCLOSURE_CONFIG.maxDeviation;
type City = Awaited<ReturnType<typeof reportCity>>;

function children(
  n: number,
  grade: 4 | 7 | 9,
  rand: () => number,
  override: Record<string, unknown> = {},
): ChildSpec[] {
  return Array.from({ length: n }, (_, i) => ({
    grade,
    // Mostly girls and boys, alternating; the override decides the rest.
    answers: answersFor(grade, rand, { gender: i % 2 === 0 ? 'f' : 'm', ...override }),
  }));
}

async function csv(city: City, waveId: string, release?: number) {
  const res = await city.inject(
    'GET',
    `/api/reports/waves/${waveId}/export.csv${release ? `?release=${release}` : ''}`,
  );
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toMatch(/^text\/csv/);
  return parseCsv(res.body);
}

/** Rules that hold for every published row. */
function expectPublishedRowsFollowTheRules(rows: CsvRow[]) {
  for (const r of rows) {
    if (r.value === null) expect(r.flag).not.toBe('');
    if (r.statistic === 'n' && r.value !== null) {
      expect(Number.isInteger(r.value)).toBe(true);
      expect(r.value).toBeGreaterThan(0);
    }
    if (r.statistic === 'pct' && r.value !== null && r.level !== 'city') {
      expect(r.value).toBeGreaterThan(0);
      expect(r.value).toBeLessThan(100);
    }
    if (r.statistic === 'mean' && r.value !== null) expect(Math.round(r.value * 10) / 10).toBe(r.value);
    expect(r.item).not.toBe('free_text');
  }
}

const cellsOf = (rows: CsvRow[], unit: string, breakdown: string, group: string, item = 'index.wellbeing') =>
  rows.filter((r) => r.unit_id === unit && r.breakdown === breakdown && r.group === group && r.item === item);
const nOf = (rows: CsvRow[], unit: string, breakdown = 'none', group = 'all', item = 'hap_1') =>
  cellsOf(rows, unit, breakdown, group, item).find((r) => r.statistic === 'n')!.value;

describe('releases and reports over HTTP', () => {
  let ctx: TestContext;
  let city: City;
  let waveId: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    ctx = await createTestApp();
    city = await reportCity(ctx.app);
    const rand = seeded(7);
    const { admin } = city;
    // Sozialraum A: two ordinary schools and one tiny one.
    const srA = await admin.sozialraum({ name: 'Sozialraum A' });
    // Sozialraum B: three schools; one with a tiny gender remainder, one with a grade of three children.
    const srB = await admin.sozialraum({ name: 'Sozialraum B' });
    const a1 = await admin.school(srA.id, { name: 'A-Schule 1', type: 'gesamtschule' });
    const a2 = await admin.school(srA.id, { name: 'A-Schule 2', type: 'gesamtschule' });
    const tiny = await admin.school(srA.id, { name: 'A-Zwergschule', type: 'gesamtschule' });
    const b1 = await admin.school(srB.id, { name: 'B-Schule Rest', type: 'gesamtschule' });
    const b2 = await admin.school(srB.id, { name: 'B-Schule Jahrgang', type: 'gesamtschule' });
    const b3 = await admin.school(srB.id, { name: 'B-Schule Gleich', type: 'gesamtschule' });
    Object.assign(ids, {
      srA: srA.id,
      srB: srB.id,
      a1: a1.id,
      a2: a2.id,
      tiny: tiny.id,
      b1: b1.id,
      b2: b2.id,
      b3: b3.id,
    });
    const wave = await admin.wave({ name: 'Welle 2026', grades: [7, 9], startsOn: '2026-02-01', endsOn: '2026-03-31' });
    waveId = wave.id;

    await city.surveyClass(waveId, a1.id, children(30, 7, rand));
    await city.surveyClass(waveId, a2.id, children(28, 7, rand));
    await city.surveyClass(waveId, tiny.id, children(4, 7, rand));
    // 24 girls and boys, 2 children who answered "divers" or nothing.
    await city.surveyClass(waveId, b1.id, [
      ...children(24, 7, rand),
      ...children(1, 7, rand, { gender: 'd' }),
      ...children(1, 7, rand, { gender: undefined }),
    ]);
    // 30 in grade 7, 3 in grade 9.
    await city.surveyClass(waveId, b2.id, children(30, 7, rand));
    await city.surveyClass(waveId, b2.id, children(3, 9, rand));
    // Everyone gave the same answer to hap_1; two children want an activity they cannot do.
    const same = children(25, 7, rand, { hap_1: 5, wish_activity: 0 }).map((c) => {
      const { wish_activity_type: _t, barriers: _b, ...rest } = c.answers;
      return { ...c, answers: rest };
    });
    for (const c of same.slice(0, 2)) {
      c.answers.wish_activity = 1;
      c.answers.wish_activity_type = ['sport'];
      c.answers.barriers = ['costs'];
    }
    await city.surveyClass(waveId, b3.id, same);
  }, 120_000);

  afterAll(async () => {
    await ctx?.app.close();
  });

  it('refuses to report before a release exists, and to build without finished responses', async () => {
    const res = await city.inject('GET', `/api/reports/waves/${waveId}/export.csv`);
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('NO_RELEASE');
    const empty = await city.admin.wave({ name: 'Leere Welle' });
    const build = await city.inject('POST', `/api/reports/waves/${empty.id}/releases`);
    expect(build.statusCode).toBe(409);
    expect(build.json().code).toBe('NO_FINISHED_RESPONSES');
    const missing = await city.inject('POST', '/api/reports/waves/00000000-0000-4000-8000-000000000000/releases');
    expect(missing.statusCode).toBe(404);
  });

  it('builds a release that publishes nearly everything, every count within D of the truth', async () => {
    const r = await city.release(waveId);
    expect(r.number).toBe(1);
    const { header, rows } = await csv(city, waveId);
    expect(header).toEqual([
      'level',
      'unit_id',
      'unit_name',
      'breakdown',
      'group',
      'item',
      'statistic',
      'category',
      'value',
      'flag',
    ]);
    expectPublishedRowsFollowTheRules(rows);
    // The class label never reaches a report.
    expect(JSON.stringify(rows)).not.toContain('Klasse 7x');
    // The city total: 30 + 28 + 4 + 26 + 33 + 25 = 146, published within D.
    const n = rows.find(
      (x) => x.level === 'city' && x.breakdown === 'none' && x.item === 'hap_1' && x.statistic === 'n',
    );
    expect(Math.abs(n!.value! - 146)).toBeLessThanOrEqual(D);
    const release = (await city.inject('GET', `/api/reports/waves/${waveId}/releases/1`)).json();
    expect(Math.abs(release.responses - 146)).toBeLessThanOrEqual(D);
    expect(release.current).toBe(true);
  });

  it('hides a tiny school, and only it: no secondary suppression (rule 5)', async () => {
    const { rows } = await csv(city, waveId);
    const tinyN = cellsOf(rows, ids.tiny!, 'none', 'all').find((r) => r.statistic === 'n')!;
    expect(tinyN).toMatchObject({ value: null, flag: 'suppressed' });
    for (const unit of [ids.srA!, ids.a1!, ids.a2!]) expect(nOf(rows, unit)).not.toBeNull();
  });

  it('shows a school by girls and boys, and the tiny gender remainder nowhere', async () => {
    const { rows } = await csv(city, waveId);
    // "Divers / keine Angabe" is a column only city-wide, where it is hidden here (2 children).
    expect(rows.some((r) => r.unit_id === ids.b1 && r.group === 'other')).toBe(false);
    expect(nOf(rows, 'city', 'gender', 'other')).toBeNull();
    for (const g of ['f', 'm']) expect(nOf(rows, ids.b1!, 'gender', g)).not.toBeNull();
    expect(nOf(rows, ids.b1!)).not.toBeNull();
  });

  it('hides a grade of three children and shows the school and its other grade', async () => {
    const { rows } = await csv(city, waveId);
    expect(nOf(rows, ids.b2!, 'grade', '9')).toBeNull();
    expect(nOf(rows, ids.b2!, 'grade', '7')).not.toBeNull();
    expect(nOf(rows, ids.b2!)).not.toBeNull();
  });

  it('gives the same set of children the same number on every route and in every item (rule 11)', async () => {
    const { rows } = await csv(city, waveId);
    // Every child of A-Schule 1 answered both questions: the same children, the same published n.
    expect(nOf(rows, ids.a1!, 'none', 'all', 'hap_1')).toBe(nOf(rows, ids.a1!, 'none', 'all', 'hap_2'));
    // The n of every choice of a multiple-choice question is the same children too.
    const choiceNs = new Set(
      ['sport', 'music_arts', 'clubs_youth_groups', 'lessons_education', 'none'].map((c) =>
        nOf(rows, ids.a1!, 'none', 'all', `activities.${c}`),
      ),
    );
    expect(choiceNs.size).toBe(1);
    const item = await city.inject('GET', `/api/reports/waves/${waveId}/items/hap_1?level=school`);
    const fromItem = (item.json() as { cells: CsvRow[] }).cells.filter((c) => c.unit_id === ids.a1);
    expect(fromItem).toEqual(rows.filter((r) => r.unit_id === ids.a1 && r.item === 'hap_1'));
  });

  it('serves exactly the CSV numbers through the report API, and the same in the XLSX', async () => {
    const { rows } = await csv(city, waveId);
    const cat = await city.inject('GET', `/api/reports/waves/${waveId}/catalogue`);
    expect(cat.statusCode).toBe(200);
    const units = (cat.json() as { units: { level: string; id: string }[] }).units;
    const viaApi: object[] = [];
    for (const u of units) {
      const res = await city.inject('GET', `/api/reports/waves/${waveId}/units/${u.level}/${u.id}`);
      if (res.statusCode === 404) continue; // a school without data in this wave
      expect(res.statusCode).toBe(200);
      viaApi.push(...(res.json() as { cells: object[] }).cells);
    }
    const key = (r: object) => JSON.stringify(r);
    expect(new Set(viaApi.map(key))).toEqual(new Set(rows.map(key)));
    expect(viaApi.length).toBe(rows.length);

    const xlsx = await city.inject('GET', `/api/reports/waves/${waveId}/export.xlsx`);
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      'Gesamtstadt',
      'Sozialräume',
      'Schulen',
      'Breit Gesamtstadt',
      'Breit Sozialräume',
      'Breit Schulen',
      'Codebuch',
      'Methoden',
    ]);
    const sheetRows = wb.worksheets.slice(0, 3).reduce((a, w) => a + w.actualRowCount - 1, 0);
    expect(sheetRows).toBe(rows.length);
    // Same first school row (exceljs leaves empty cells out), the export's columns in their order
    // with the question text and the answer label beside the codes.
    const schools = wb.getWorksheet('Schulen')!;
    const header = (schools.getRow(1).values as unknown[]).slice(1) as string[];
    const values = schools.getRow(2).values as unknown[];
    const firstSchool = Object.fromEntries(header.map((h, i) => [h, values[i + 1] ?? null]));
    const csvFirstSchool = rows.find((r) => r.level === 'school')!;
    for (const [k, v] of Object.entries(csvFirstSchool)) expect(firstSchool[k], k).toEqual(v === '' ? null : v);
  });

  it('lets monitoring staff read but not build, and keeps teachers out', async () => {
    const monitor = await createStaff(ctx.app, 'monitor');
    const teacher = await createStaff(ctx.app, 'teacher');
    const as = (cookie: string, method: 'GET' | 'POST', url: string) =>
      ctx.app.inject({ method, url, headers: { cookie, origin: 'http://localhost' } });
    expect((await as(monitor.cookie, 'GET', `/api/reports/waves/${waveId}/overview?level=school`)).statusCode).toBe(
      200,
    );
    expect((await as(monitor.cookie, 'POST', `/api/reports/waves/${waveId}/releases`)).statusCode).toBe(403);
    expect((await as(teacher.cookie, 'GET', `/api/reports/waves/${waveId}/export.csv`)).statusCode).toBe(403);
    expect((await ctx.app.inject({ method: 'GET', url: `/api/reports/waves/${waveId}/export.csv` })).statusCode).toBe(
      401,
    );
    // No class level exists in any report request.
    expect((await as(monitor.cookie, 'GET', `/api/reports/waves/${waveId}/overview?level=class`)).statusCode).toBe(400);
  });

  it('builds one release at a time per wave', async () => {
    const [first, second] = await Promise.all([
      city.inject('POST', `/api/reports/waves/${waveId}/releases`),
      city.inject('POST', `/api/reports/waves/${waveId}/releases`),
    ]);
    const codes = [first.statusCode, second.statusCode].sort();
    expect(codes).toEqual([202, 409]);
    const refused = first.statusCode === 409 ? first : second;
    expect(refused.json().code).toBe('RELEASE_IN_PROGRESS');
    const started = (first.statusCode === 202 ? first : second).json() as { number: number };
    await city.waitForRelease(waveId, started.number);
  });

  it('gives the same numbers again when nothing changed (rule 11)', async () => {
    const releases = (await city.inject('GET', `/api/reports/waves/${waveId}/releases`)).json() as { number: number }[];
    const newest = Math.max(...releases.map((r) => r.number));
    const a = await csv(city, waveId, 1);
    const b = await csv(city, waveId, newest);
    expect(b.rows).toEqual(a.rows);
  });

  it('changes in a later release only the cells whose children changed (rule 9)', async () => {
    const rand = seeded(99);
    const before = await csv(city, waveId, 1);
    // Three children of A-Schule 1 finish after the first release.
    await city.surveyClass(waveId, ids.a1!, children(3, 7, rand), 'Nachzügler');
    const r = await city.release(waveId);
    const after = await csv(city, waveId, r.number);
    expectPublishedRowsFollowTheRules(after.rows);
    // The school and the city grew by 3 and are still shown.
    expect(Math.abs(nOf(after.rows, ids.a1!)! - 33)).toBeLessThanOrEqual(D);
    expect(Math.abs(nOf(after.rows, 'city')! - 149)).toBeLessThanOrEqual(D);
    // Sozialraum B did not change: every one of its numbers is the same.
    const key = (x: CsvRow) => `${x.unit_id}|${x.breakdown}|${x.group}|${x.item}|${x.statistic}|${x.category}`;
    const old = new Map(before.rows.map((x) => [key(x), x.value]));
    const untouched = after.rows.filter((x) => [ids.srB!, ids.b1!, ids.b2!, ids.b3!, ids.a2!].includes(x.unit_id));
    expect(untouched.length).toBeGreaterThan(100);
    for (const x of untouched) expect(x.value, key(x)).toBe(old.get(key(x)));
    // No city cell published before is hidden now (version 1 hid most of them after three answers).
    const shown = (x: CsvRow | undefined) =>
      x !== undefined && (x.value !== null || (x.flag !== '' && x.flag !== 'suppressed'));
    const afterByKey = new Map(after.rows.map((x) => [key(x), x]));
    // (Categories may merge differently where a count crossed k, so this compares group sizes.)
    const cityBefore = before.rows.filter((x) => x.level === 'city' && x.statistic === 'n' && shown(x));
    expect(cityBefore.length).toBeGreaterThan(300);
    for (const x of cityBefore) expect(shown(afterByKey.get(key(x))), key(x)).toBe(true);
  });

  it('compares with an earlier wave only where both waves published the number', async () => {
    const rand = seeded(5);
    const earlier = await city.admin.wave({
      name: 'Welle 2024',
      grades: [7, 9],
      startsOn: '2024-02-01',
      endsOn: '2024-03-31',
    });
    for (const school of [ids.a1!, ids.a2!, ids.b1!, ids.b2!, ids.b3!]) {
      await city.surveyClass(earlier.id, school, children(22, 7, rand));
    }
    await city.release(earlier.id);
    const res = await city.inject('GET', `/api/reports/waves/${waveId}/comparison?level=school&unitId=${ids.a2}`);
    expect(res.statusCode, res.body).toBe(200);
    const cmp = res.json() as {
      waves: { name: string }[];
      rows: {
        item: string;
        statistic: string;
        category: string;
        values: (number | null)[];
        change: number | null;
        n: (number | null)[];
        changes: ({ change: number; clear: boolean } | null)[];
      }[];
    };
    expect(cmp.waves.map((w) => w.name)).toEqual(['Welle 2024', 'Welle 2026']);
    expect(cmp.rows.length).toBeGreaterThan(0);
    const catalogue = (await city.inject('GET', `/api/reports/waves/${waveId}/catalogue`)).json() as {
      items: { id: string; mean: { min: number; max: number } | null }[];
    };
    const meanScale = (item: string) => catalogue.items.find((i) => i.id === item)?.mean ?? undefined;
    for (const row of cmp.rows) {
      const [then, now] = row.values;
      if (then == null || now == null) expect(row.change).toBeNull();
      else expect(row.change).toBeCloseTo(now - then, 5);
      // The interval is judged on what was published: a value with its published group size.
      expect(row.changes[0]).toBeNull();
      const test = row.changes[1];
      if (then == null || now == null) expect(test).toBeNull();
      else {
        expect(row.n.every((n) => n !== null && n > 0)).toBe(true);
        expect(test!.change).toBeCloseTo(row.change!, 5);
        // Judged with the releases' own noise settings (the defaults here) on the published numbers.
        const scale = row.statistic === 'mean' ? meanScale(row.item) : undefined;
        const noise = {
          variance: DEFAULT_DISCLOSURE_CONFIG.variance,
          meanNoiseShare: DEFAULT_DISCLOSURE_CONFIG.meanNoiseShare,
          decimals: 1,
        };
        const expected = changeInterval(
          { statistic: row.statistic as 'pct' | 'mean', value: then, n: row.n[0]!, scale },
          { statistic: row.statistic as 'pct' | 'mean', value: now, n: row.n[1]!, scale },
          noise,
          noise,
        );
        expect(test!.clear, `${row.item} ${row.category}`).toBe(expected!.clear);
        // The interval's ends stay on the server (they would give away the noise variance).
        expect(Object.keys(test!).sort()).toEqual(['change', 'clear']);
      }
    }
    expect(cmp.rows.some((r) => r.change !== null)).toBe(true);
    // A school of about 20 children per wave: the noise and the small group leave most changes unclear.
    const judged = cmp.rows.flatMap((r) => (r.changes[1] ? [r.changes[1]] : []));
    expect(judged.filter((c) => !c.clear).length).toBeGreaterThan(judged.length / 2);
  });

  it('lets an admin preview a release and choose the one monitoring staff read', async () => {
    const list = async () =>
      (await city.inject('GET', `/api/reports/waves/${waveId}/releases`)).json() as {
        number: number;
        current: boolean;
        status: string;
      }[];
    const before = await list();
    const newest = Math.max(...before.map((r) => r.number));
    expect(before.find((r) => r.current)?.number).toBe(newest);

    // Nothing changed since the newest release: the preview shows no difference and stores nothing.
    const same = await city.inject('POST', `/api/reports/waves/${waveId}/releases/preview`);
    expect(same.statusCode, same.body).toBe(200);
    const preview = same.json() as {
      baseRelease: number;
      levels: { level: string; changed: number; becomeVisible: number; becomeHidden: number; unchanged: number }[];
    };
    expect(preview.baseRelease).toBe(newest);
    for (const l of preview.levels) expect([l.changed, l.becomeVisible, l.becomeHidden]).toEqual([0, 0, 0]);
    expect((await list()).length).toBe(before.length);

    // Two late children at B-Schule Rest: only Sozialraum B, that school and the city change.
    await city.surveyClass(waveId, ids.b1!, children(2, 7, seeded(3)), 'Nachzügler B');
    const changed = (
      await city.inject('POST', `/api/reports/waves/${waveId}/releases/preview`)
    ).json() as typeof preview;
    const total = (f: (l: (typeof preview.levels)[number]) => number) => changed.levels.reduce((a, l) => a + f(l), 0);
    expect(total((l) => l.changed + l.becomeVisible + l.becomeHidden)).toBeGreaterThan(0);
    expect(total((l) => l.unchanged)).toBeGreaterThan(total((l) => l.changed));

    // Monitoring staff read release 1 once an admin chooses it, whatever is built next.
    const chosen = await city.inject('PUT', `/api/reports/waves/${waveId}/current`, { release: 1 });
    expect(chosen.statusCode, chosen.body).toBe(200);
    expect(chosen.json().current).toBe(true);
    const monitor = await createStaff(ctx.app, 'monitor');
    const catalogue = async () =>
      (
        await ctx.app.inject({
          method: 'GET',
          url: `/api/reports/waves/${waveId}/catalogue`,
          headers: { cookie: monitor.cookie },
        })
      ).json();
    expect((await catalogue()).release.number).toBe(1);
    const built = await city.release(waveId, { makeCurrent: false });
    expect((await catalogue()).release.number).toBe(1);
    expect((await list()).find((r) => r.current)?.number).toBe(1);
    await city.inject('PUT', `/api/reports/waves/${waveId}/current`, { release: built.number });
    expect((await catalogue()).release).toMatchObject({ number: built.number, current: true });
    // Release 1 read by number says it is not the current one.
    const one = await ctx.app.inject({
      method: 'GET',
      url: `/api/reports/waves/${waveId}/catalogue?release=1`,
      headers: { cookie: monitor.cookie },
    });
    expect(one.json().release).toMatchObject({ number: 1, current: false });
    // The thresholds are configuration, not shown to monitoring staff (rule 12); the largest deviation is said.
    expect((await catalogue()).disclosure).toEqual({ method: 'cell_key', maxDeviation: D });

    const missing = await city.inject('PUT', `/api/reports/waves/${waveId}/current`, { release: 999 });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('NO_RELEASE');
    const byMonitor = await ctx.app.inject({
      method: 'PUT',
      url: `/api/reports/waves/${waveId}/current`,
      payload: { release: 1 },
      headers: { cookie: monitor.cookie, origin: 'http://localhost' },
    });
    expect(byMonitor.statusCode).toBe(403);
  });

  it('neutralises names a spreadsheet would run as a formula (CSV injection)', async () => {
    const sr = await city.admin.sozialraum({ name: '=HYPERLINK("http://evil.example","x")' });
    const school = await city.admin.school(sr.id, { name: '+Schule', type: 'gesamtschule' });
    const w = await city.admin.wave({ name: 'Formelwelle' });
    await city.surveyClass(w.id, school.id, children(12, 7, seeded(8)));
    await city.release(w.id);
    const res = await city.inject('GET', `/api/reports/waves/${w.id}/export.csv`);
    expect(res.body).toContain(`,'+Schule,`);
    expect(res.body).not.toMatch(/,[=+\-@]/);
  });
});

describe('what counts, and participation', () => {
  let ctx: TestContext;
  let city: City;

  beforeAll(async () => {
    // Partial responses count once the session has closed and the grace period has ended.
    ctx = await createTestApp({ UWE_SEAT_GRACE_HOURS: '0' });
    city = await reportCity(ctx.app);
  });

  afterAll(async () => {
    await ctx?.app.close();
  });

  it('builds and reports a wave of every mix of grades, without rows for questions none of its grades was asked', async () => {
    const sr = await city.admin.sozialraum({ name: 'Gradeville' });
    const primary = await city.admin.school(sr.id, { name: 'Grundschule Gradeville', type: 'grundschule' });
    const secondary = await city.admin.school(sr.id, { name: 'Gesamtschule Gradeville', type: 'gesamtschule' });
    const subsets: (4 | 7 | 9)[][] = [[4], [7], [9], [4, 7], [4, 9], [7, 9], [4, 7, 9]];
    for (const grades of subsets) {
      const w = await city.admin.wave({ name: `Jahrgänge ${grades.join('+')}`, grades });
      for (const g of grades) {
        await city.surveyClass(w.id, g === 4 ? primary.id : secondary.id, children(12, g, seeded(g)), `Klasse ${g}`);
      }
      await city.release(w.id);
      const { rows } = await csv(city, w.id);
      const items = new Set(rows.map((r) => r.item));
      // Asked in grades 7 and 9 only.
      expect(items.has('screen_time_weekend'), grades.join()).toBe(grades.some((g) => g !== 4));
      expect(items.has('hap_1')).toBe(true);
      const cityN = nOf(rows, 'city');
      expect(Math.abs(cityN! - 12 * grades.length)).toBeLessThanOrEqual(D);
      const overview = await city.inject('GET', `/api/reports/waves/${w.id}/overview?level=school`);
      expect(overview.statusCode).toBe(200);
    }
  }, 120_000);

  it('counts partial responses after the session, empty ones as participation only, withdrawn ones never', async () => {
    const sr = await city.admin.sozialraum({ name: 'Partville' });
    const school = await city.admin.school(sr.id, { name: 'Teilschule', type: 'gesamtschule' });
    const w = await city.admin.wave({ name: 'Teilwelle', grades: [7] });
    // 12 finish, 10 stop half-way (their session then closes), 3 press "Fertig" without any answer.
    const half = children(10, 7, seeded(4)).map((c) => ({
      ...c,
      answers: Object.fromEntries(Object.entries(c.answers).slice(0, 30)),
    }));
    const empty = Array.from({ length: 3 }, (): ChildSpec => ({ grade: 7, answers: {} }));
    await city.surveyClass(w.id, school.id, [...children(12, 7, seeded(5)), ...empty], 'Klasse 7p', {
      partial: half,
      enrolled: 30,
      close: true,
    });
    // A child who withdrew: joins, answers, withdraws.
    const res = await city.inject('POST', '/api/sessions', {
      waveId: w.id,
      schoolId: school.id,
      grade: 7,
      classLabel: 'Klasse 7w',
      expectedPupils: 1,
    });
    const join = await ctx.app.inject({ method: 'POST', url: '/api/pupil/join', payload: { code: res.json().code } });
    const auth = { authorization: `Bearer ${join.json().token}` };
    await ctx.app.inject({
      method: 'PUT',
      url: '/api/pupil/response',
      headers: auth,
      payload: { answers: { hap_1: 3 }, language: 'de', page: 1, revision: 1, complete: false },
    });
    expect((await ctx.app.inject({ method: 'DELETE', url: '/api/pupil/response', headers: auth })).statusCode).toBe(
      204,
    );
    await city.inject('POST', `/api/sessions/${res.json().id}/close`);

    await city.release(w.id);
    const { rows } = await csv(city, w.id);
    const cityRow = (item: string, statistic = 'n', category = '') =>
      rows.find(
        (r) =>
          r.level === 'city' &&
          r.breakdown === 'none' &&
          r.item === item &&
          r.statistic === statistic &&
          r.category === category,
      )!;
    // hap_1 is among the first answers: 12 finished + 10 partial children answered it.
    expect(Math.abs(cityRow('hap_1').value! - 22)).toBeLessThanOrEqual(D);
    // Took part: 12 + 10 + 3 empty; the withdrawn child never counts.
    expect(Math.abs(cityRow('participation').value! - 25)).toBeLessThanOrEqual(D);
    // Class sizes: 30 for the class (the withdrawn child's session has none, so no rate there) …
    expect(cityRow('participation.enrolled').value).toBeNull();
    const schoolRate = rows.find((r) => r.unit_id === school.id && r.item === 'participation' && r.statistic === 'pct');
    expect(schoolRate?.flag).toBe('suppressed');
  });

  it('publishes class sizes and response rates, with the class size entered at opening and corrected later', async () => {
    const sr = await city.admin.sozialraum({ name: 'Rateville' });
    const schools: { id: string }[] = [];
    for (const name of ['R1', 'R2', 'R3']) schools.push(await city.admin.school(sr.id, { name, type: 'gesamtschule' }));
    const w = await city.admin.wave({ name: 'Quotenwelle', grades: [7] });
    for (const [i, s] of schools.entries()) {
      await city.surveyClass(w.id, s.id, children(20, 7, seeded(20 + i)), 'Klasse 7q', { enrolled: 25 });
    }
    // A class size below the children present is refused; a correction after closing is fine.
    const sessions = (await city.inject('GET', '/api/sessions')).json() as {
      id: string;
      schoolId: string;
      enrolledPupils: number | null;
    }[];
    const s0 = sessions.find((s) => s.schoolId === schools[0]!.id)!;
    expect(s0.enrolledPupils).toBe(25);
    const tooSmall = await city.inject('PATCH', `/api/sessions/${s0.id}`, { enrolledPupils: 10 });
    expect(tooSmall.statusCode).toBe(422);
    expect(tooSmall.json().code).toBe('VALIDATION_FAILED');
    await city.inject('POST', `/api/sessions/${s0.id}/close`);
    const fixed = await city.inject('PATCH', `/api/sessions/${s0.id}`, { enrolledPupils: 40 });
    expect(fixed.statusCode, fixed.body).toBe(200);
    expect(fixed.json().enrolledPupils).toBe(40);

    await city.release(w.id);
    const { rows } = await csv(city, w.id);
    const get = (unit: string, item: string, statistic = 'n') =>
      rows.find((r) => r.unit_id === unit && r.breakdown === 'none' && r.item === item && r.statistic === statistic)!;
    expect(Math.abs(get('city', 'participation.enrolled').value! - 90)).toBeLessThanOrEqual(D);
    expect(Math.abs(get('city', 'participation').value! - 60)).toBeLessThanOrEqual(D);
    // 60 of 90: about 67 %, from the perturbed counts.
    expect(Math.abs(get('city', 'participation', 'pct').value! - 66.7)).toBeLessThan(6);
    expect(Math.abs(get(schools[0]!.id, 'participation', 'pct').value! - 50)).toBeLessThan(12);
    expect(get(sr.id, 'participation', 'pct').value).not.toBeNull();
    // The dashboard's overview carries them too.
    const overview = await city.inject('GET', `/api/reports/waves/${w.id}/overview?level=school`);
    const cells = (overview.json() as { cells: CsvRow[] }).cells;
    expect(cells.some((c) => c.item === 'participation' && c.statistic === 'pct' && c.value !== null)).toBe(true);
  });
});
