import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DISCLOSURE_CONFIG, type Hierarchy, type PublishedCell, rankCheck } from '../src/reports/disclosure.ts';
import { reportItems, toItemInfo } from '../src/reports/report-items.ts';
import { createStaff, createTestApp, type TestContext } from './helpers.ts';
import {
  answersFor,
  type ChildSpec,
  type CsvRow,
  instrument,
  parseCsv,
  reportCity,
  seeded,
} from './report-scenarios.ts';

const items = reportItems(instrument);
const itemInfos = items.map(toItemInfo);

type City = Awaited<ReturnType<typeof reportCity>>;

function children(n: number, grade: 7 | 9, rand: () => number, override: Record<string, unknown> = {}): ChildSpec[] {
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

/** The test's own attacker: every hidden number that is a linear combination of published ones. */
function attack(rows: CsvRow[], hierarchy: Hierarchy) {
  return rankCheck(rows as PublishedCell[], hierarchy, itemInfos, DEFAULT_DISCLOSURE_CONFIG);
}

/** Rules that hold for every published row. */
function expectPublishedRowsFollowTheRules(rows: CsvRow[]) {
  for (const r of rows) {
    if (r.value === null) expect(r.flag).not.toBe('');
    if (r.statistic === 'n' && r.value !== null) expect(r.value % 5).toBe(0);
    if (r.statistic === 'pct' && r.value !== null && r.level !== 'city') {
      expect(r.value).toBeGreaterThan(0);
      expect(r.value).toBeLessThan(100);
    }
    if (r.statistic === 'mean' && r.value !== null) expect(Math.round(r.value * 10) / 10).toBe(r.value);
    expect(r.item).not.toBe('free_text');
  }
}

describe('releases and reports over HTTP', () => {
  let ctx: TestContext;
  let city: City;
  let waveId: string;
  let hierarchy: Hierarchy;
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

    const schoolsGrades: [string, string, string[]][] = [
      [a1.id, srA.id, ['7']],
      [a2.id, srA.id, ['7']],
      [tiny.id, srA.id, ['7']],
      [b1.id, srB.id, ['7']],
      [b2.id, srB.id, ['7', '9']],
      [b3.id, srB.id, ['7']],
    ];
    hierarchy = {
      city: { id: 'city', name: 'Gesamtstadt' },
      sozialraeume: [
        { id: srA.id, name: srA.name, schoolsWithData: 3 },
        { id: srB.id, name: srB.name, schoolsWithData: 3 },
      ],
      schools: schoolsGrades.map(([id, sr, grades]) => ({ id, name: id, sozialraumId: sr, grades })),
      genders: ['f', 'm', 'other'],
    };
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

  it('builds a release that no combination of published numbers can undo', async () => {
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
    expect(attack(rows, hierarchy)).toEqual([]);
    // The class label never reaches a report.
    expect(JSON.stringify(rows)).not.toContain('Klasse 7x');
    // The city total is published: 30 + 28 + 4 + 26 + 33 + 25 = 146 → 145.
    const n = rows.find(
      (x) => x.level === 'city' && x.breakdown === 'none' && x.item === 'hap_1' && x.statistic === 'n',
    );
    expect(n?.value).toBe(145);
  });

  const cellsOf = (rows: CsvRow[], unit: string, breakdown: string, group: string, item = 'index.wellbeing') =>
    rows.filter((r) => r.unit_id === unit && r.breakdown === breakdown && r.group === group && r.item === item);

  it('hides a tiny school and protects it from subtraction within its Sozialraum', async () => {
    const { rows } = await csv(city, waveId);
    const tinyN = cellsOf(rows, ids.tiny!, 'none', 'all').find((r) => r.statistic === 'n')!;
    expect(tinyN).toMatchObject({ value: null, flag: 'suppressed' });
    // Either the Sozialraum or another of its schools is hidden too.
    const shown = (unit: string) => cellsOf(rows, unit, 'none', 'all').find((r) => r.statistic === 'n')!.value !== null;
    expect([shown(ids.srA!), shown(ids.a1!), shown(ids.a2!)].filter(Boolean).length).toBeLessThan(3);
  });

  it('hides a tiny gender remainder together with a complement', async () => {
    const { rows } = await csv(city, waveId);
    const n = (group: string) => cellsOf(rows, ids.b1!, 'gender', group).find((r) => r.statistic === 'n')!;
    expect(n('other').value).toBeNull();
    const total = cellsOf(rows, ids.b1!, 'none', 'all').find((r) => r.statistic === 'n')!;
    // Shown: the total and at most one of girls/boys; never total, girls and boys together.
    expect([total.value, n('f').value, n('m').value].filter((v) => v !== null).length).toBeLessThan(3);
  });

  it('hides a grade of three children and whatever would reveal it', async () => {
    const { rows } = await csv(city, waveId);
    const n = (group: string) => cellsOf(rows, ids.b2!, 'grade', group).find((r) => r.statistic === 'n')!;
    expect(n('9').value).toBeNull();
    const total = cellsOf(rows, ids.b2!, 'none', 'all').find((r) => r.statistic === 'n')!;
    expect(total.value === null || n('7').value === null).toBe(true);
  });

  it('never shows that everyone gave the same answer: a band instead of 100 %, no mean', async () => {
    const { rows } = await csv(city, waveId);
    const hap = cellsOf(rows, ids.b3!, 'none', 'all', 'hap_1');
    expect(hap.find((r) => r.statistic === 'n')!.value).not.toBeNull();
    const pct = hap.filter((r) => r.statistic === 'pct');
    expect(pct.filter((r) => r.value !== null)).toEqual([]);
    expect(pct.find((r) => r.category === '5')!.flag).toBe('almost_all');
  });

  it('hides a follow-up item that only two children answered', async () => {
    const { rows } = await csv(city, waveId);
    for (const item of ['wish_activity_type.sport', 'barriers.costs']) {
      const cells = cellsOf(rows, ids.b3!, 'none', 'all', item);
      expect(cells.length).toBeGreaterThan(0);
      expect(cells.every((r) => r.value === null)).toBe(true);
    }
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
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Gesamtstadt', 'Sozialräume', 'Schulen', 'Methoden']);
    const sheetRows = wb.worksheets.slice(0, 3).reduce((a, w) => a + w.actualRowCount - 1, 0);
    expect(sheetRows).toBe(rows.length);
    // Same first school row (exceljs leaves empty cells out).
    const values = wb.getWorksheet('Schulen')!.getRow(2).values as unknown[];
    const firstSchool = Array.from({ length: 10 }, (_, i) => values[i + 1] ?? null);
    const csvFirstSchool = rows.find((r) => r.level === 'school')!;
    expect(firstSchool).toEqual(Object.values(csvFirstSchool).map((v) => (v === '' ? null : v)));
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

  it('checks a later release against the earlier one: a few late answers cannot be isolated (rule 9)', async () => {
    const rand = seeded(99);
    const before = await csv(city, waveId, 1);
    // Three children of A-Schule 1 finish after the first release.
    await city.surveyClass(waveId, ids.a1!, children(3, 7, rand), 'Nachzügler');
    const r = await city.release(waveId);
    const after = await csv(city, waveId, r.number);
    expectPublishedRowsFollowTheRules(after.rows);
    expect(attack(after.rows, hierarchy)).toEqual([]);
    const n = (rows: CsvRow[], unit: string, breakdown = 'none', group = 'all') =>
      cellsOf(rows, unit, breakdown, group, 'hap_1').find((x) => x.statistic === 'n')!.value;
    // The school and the city grew by 3: not shown again (or it would tell what the three answered).
    expect(n(before.rows, ids.a1!)).not.toBeNull();
    expect(n(after.rows, ids.a1!)).toBeNull();
    expect(n(after.rows, 'city')).toBeNull();
    // The other Sozialraum did not change and keeps its numbers.
    for (const unit of [ids.srB!, ids.b2!, ids.b3!]) expect(n(after.rows, unit)).toBe(n(before.rows, unit));
    expect(n(after.rows, ids.b3!)).not.toBeNull();
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
      rows: { item: string; statistic: string; values: (number | null)[]; change: number | null }[];
    };
    expect(cmp.waves.map((w) => w.name)).toEqual(['Welle 2024', 'Welle 2026']);
    expect(cmp.rows.length).toBeGreaterThan(0);
    for (const row of cmp.rows) {
      const [then, now] = row.values;
      if (then == null || now == null) expect(row.change).toBeNull();
      else expect(row.change).toBeCloseTo(now - then, 5);
    }
    expect(cmp.rows.some((r) => r.change !== null)).toBe(true);
  });
});
