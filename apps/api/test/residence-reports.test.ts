// Sozialräume by where the children live (issue 19): a second geography of the same release,
// protected like every other table, and never crossed with schools.
import { DEFAULT_DISCLOSURE_CONFIG } from '@uwe/disclosure';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from './helpers.ts';
import { answersFor, type CsvRow, parseCsv, reportCity, seeded } from './report-scenarios.ts';

type City = Awaited<ReturnType<typeof reportCity>>;
interface Cell {
  level: string;
  unit_id: string;
  breakdown: string;
  group: string;
  item: string;
  statistic: string;
  value: number | null;
  flag: string;
}

describe('reports by residence', () => {
  let ctx: TestContext;
  let city: City;
  let waveId = '';
  const ids: Record<string, string> = {};
  let rows: CsvRow[] = [];

  beforeAll(async () => {
    ctx = await createTestApp();
    city = await reportCity(ctx.app);
    const { admin } = city;
    const rand = seeded(19);
    const x = await admin.sozialraum({ name: 'Schulviertel', code: 'SV' });
    const y = await admin.sozialraum({ name: 'Lindenviertel', code: 'LV' });
    const z = await admin.sozialraum({ name: 'Bahnhofsquartier', code: 'BQ' });
    Object.assign(ids, { x: x.id, y: y.id, z: z.id });
    for (const n of [1, 2, 3]) ids[`s${n}`] = (await admin.school(x.id, { name: `Schule ${n}`, type: 'sonstige' })).id;
    waveId = (
      await admin.wave({
        name: 'Wohnortwelle',
        instrumentId: 'uwe-2026-r2',
        grades: [7],
        startsOn: '2026-02-01',
        endsOn: '2026-03-31',
      })
    ).id;
    const kids = (n: number, residence?: string) =>
      Array.from({ length: n }, () => ({
        grade: 7 as const,
        answers: answersFor(7, rand, residence ? { residence } : {}),
      })).map((c) => {
        if (!residence) delete c.answers.residence;
        return c;
      });
    // All three schools stand in the Schulviertel; their children live elsewhere or do not say.
    await city.surveyClass(waveId, ids.s1!, [...kids(20, 'LV'), ...kids(10, 'weiss_nicht')]);
    await city.surveyClass(waveId, ids.s2!, [...kids(6, 'BQ'), ...kids(24)]);
    await city.surveyClass(waveId, ids.s3!, kids(25, 'LV'));
    await city.release(waveId);
    const csv = await city.inject('GET', `/api/reports/waves/${waveId}/export.csv`);
    expect(csv.statusCode).toBe(200);
    rows = parseCsv(csv.body).rows;
  }, 180_000);

  afterAll(async () => {
    await ctx?.app.close();
  });

  const overview = async (geography?: string) => {
    const q = geography ? `&geography=${geography}` : '';
    const res = await city.inject('GET', `/api/reports/waves/${waveId}/overview?level=sozialraum${q}`);
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { cells: Cell[] }).cells;
  };
  const participation = (cells: Cell[], unit: string) =>
    cells.find(
      (c) => c.unit_id === unit && c.item === 'participation' && c.statistic === 'n' && c.breakdown === 'none',
    );

  it('publish the Sozialräume where the children live, with their own participation', async () => {
    const cells = await overview('residence');
    expect(new Set(cells.map((c) => c.level))).toEqual(new Set(['residence']));
    // 45 children named the Lindenviertel (± D = 2), six the Bahnhofsquartier, none the Schulviertel.
    expect(Math.abs(participation(cells, ids.y!)!.value! - 45)).toBeLessThanOrEqual(2);
    expect(participation(cells, ids.z!)).toBeDefined();
    expect(cells.some((c) => c.unit_id === ids.x)).toBe(false);
    // By school location, everything is in the Schulviertel.
    const byLocation = await overview();
    expect(Math.abs(participation(byLocation, ids.x!)!.value! - 85)).toBeLessThanOrEqual(2);
    expect(byLocation.some((c) => c.unit_id === ids.y)).toBe(false);
  });

  it('protect small residence groups like any other group (six children: no item numbers)', async () => {
    const res = await city.inject('GET', `/api/reports/waves/${waveId}/units/sozialraum/${ids.z}?geography=residence`);
    expect(res.statusCode, res.body).toBe(200);
    const cells = (res.json() as { cells: Cell[] }).cells;
    const items = cells.filter((c) => !c.item.startsWith('participation'));
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((c) => c.value === null)).toBe(true);
    const lv = await city.inject('GET', `/api/reports/waves/${waveId}/units/sozialraum/${ids.y}?geography=residence`);
    expect((lv.json() as { cells: Cell[] }).cells.some((c) => c.item === 'index.wellbeing' && c.value !== null)).toBe(
      true,
    );
  });

  it('never cross residence with schools: no school by residence, no residence item in any table', async () => {
    const res = await city.inject('GET', `/api/reports/waves/${waveId}/units/school/${ids.s1}?geography=residence`);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'NO_RESIDENCE_FOR_SCHOOLS' });
    expect(rows.some((r) => r.level === 'residence')).toBe(true);
    const schools = new Set([ids.s1, ids.s2, ids.s3]);
    expect(rows.filter((r) => r.level === 'residence').every((r) => !schools.has(r.unit_id))).toBe(true);
    expect(rows.some((r) => r.item === 'residence' || r.item.startsWith('residence.'))).toBe(false);
  });

  it('count children without a residence answer at city level only', async () => {
    const cityCells = rows.filter((r) => r.level === 'city' && r.item === 'participation' && r.statistic === 'n');
    const all = cityCells.find((r) => r.breakdown === 'none')!;
    expect(Math.abs(Number(all.value) - 85)).toBeLessThanOrEqual(2);
    const named = rows
      .filter(
        (r) => r.level === 'residence' && r.item === 'participation' && r.statistic === 'n' && r.breakdown === 'none',
      )
      .reduce((a, r) => a + Number(r.value), 0);
    // 51 named a Sozialraum of the city (each count off by at most 2).
    expect(Math.abs(named - 51)).toBeLessThanOrEqual(4);
  });
});

describe('an attacker with both geographies', () => {
  let ctx: TestContext;
  let rows: CsvRow[] = [];
  const ids: Record<string, string> = {};
  const D = DEFAULT_DISCLOSURE_CONFIG.maxDeviation;

  beforeAll(async () => {
    ctx = await createTestApp();
    const city = await reportCity(ctx.app);
    const { admin } = city;
    const rand = seeded(23);
    const x = await admin.sozialraum({ name: 'Mitte', code: 'MI' });
    const lv = await admin.sozialraum({ name: 'Nord', code: 'NO' });
    const bq = await admin.sozialraum({ name: 'Süd', code: 'SU' });
    Object.assign(ids, { x: x.id, lv: lv.id, bq: bq.id });
    const schools: string[] = [];
    for (const n of [1, 2, 3]) schools.push((await admin.school(x.id, { name: `Mitte ${n}`, type: 'sonstige' })).id);
    const wave = await admin.wave({
      name: 'Differenzwelle',
      instrumentId: 'uwe-2026-r2',
      grades: [7],
      startsOn: '2026-02-01',
      endsOn: '2026-03-31',
    });
    const kids = (n: number, residence: string, hap1?: number) =>
      Array.from({ length: n }, () => ({
        grade: 7 as const,
        answers: answersFor(7, rand, { residence, ...(hap1 === undefined ? {} : { hap_1: hap1 }) }),
      }));
    // Every child of the three schools names where it lives: 85 in Nord, five in Süd, who all
    // gave hap_1 the answer 1. Süd is hidden (five children); Mitte by location and Nord by
    // residence are published, and their difference is exactly Süd.
    await city.surveyClass(wave.id, schools[0]!, kids(30, 'NO', 3));
    await city.surveyClass(wave.id, schools[1]!, kids(30, 'NO', 3));
    await city.surveyClass(wave.id, schools[2]!, [...kids(25, 'NO', 3), ...kids(5, 'SU', 1)]);
    await city.release(wave.id);
    const csv = await city.inject('GET', `/api/reports/waves/${wave.id}/export.csv`);
    rows = parseCsv(csv.body).rows;
  }, 180_000);

  afterAll(async () => {
    await ctx?.app.close();
  });

  it('cannot read a hidden residence group as location minus residence: more than one value stays possible', () => {
    const cell = (level: string, unit: string, statistic: string, category = '') =>
      rows.find(
        (r) =>
          r.level === level &&
          r.unit_id === unit &&
          r.breakdown === 'none' &&
          r.item === 'hap_1' &&
          r.statistic === statistic &&
          r.category === category,
      );
    // Süd itself publishes no number for the item.
    expect(rows.filter((r) => r.unit_id === ids.bq && r.item === 'hap_1').every((r) => r.value === null)).toBe(true);
    const xN = Number(cell('sozialraum', ids.x!, 'n')!.value);
    const lvN = Number(cell('residence', ids.lv!, 'n')!.value);
    const estimate = xN - lvN;
    // Two perturbed counts: the difference is off by up to 2·D; Süd is known to hold fewer than 10.
    const candidates: number[] = [];
    for (let h = Math.max(1, estimate - 2 * D); h <= Math.min(9, estimate + 2 * D); h++) candidates.push(h);
    expect(candidates).toContain(5);
    expect(candidates.length).toBeGreaterThan(1);
    process.stdout.write(
      `\n  location Mitte n − residence Nord n (hidden Süd: 5): estimate ${estimate}, consistent ${candidates[0]}–${candidates.at(-1)}\n`,
    );
  });
});
