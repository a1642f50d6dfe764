import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from './helpers.ts';
import { answersFor, type ChildSpec, parseCsv, reportCity, seeded } from './report-scenarios.ts';

type City = Awaited<ReturnType<typeof reportCity>>;

function children(n: number, grade: 4 | 7 | 9, seed: number): ChildSpec[] {
  const rand = seeded(seed);
  return Array.from({ length: n }, (_, i) => ({
    grade,
    answers: answersFor(grade, rand, { gender: i % 2 === 0 ? 'f' : 'm' }),
  }));
}

describe('exports for German users and analysts', () => {
  let ctx: TestContext;
  let city: City;
  let waveId: string;

  beforeAll(async () => {
    ctx = await createTestApp();
    city = await reportCity(ctx.app);
    const sr = await city.admin.sozialraum({ name: 'Altstadt-Süd' });
    const a = await city.admin.school(sr.id, { name: 'Grundschule Altstadt-Süd; Am Markt', type: 'gesamtschule' });
    const b = await city.admin.school(sr.id, { name: 'Schule "Überm Berg", Nord', type: 'gesamtschule' });
    const wave = await city.admin.wave({ name: 'Welle Ü 2026', grades: [7] });
    waveId = wave.id;
    await city.surveyClass(waveId, a.id, children(14, 7, 3), 'Klasse 7a', { enrolled: 20 });
    await city.surveyClass(waveId, b.id, children(13, 7, 4), 'Klasse 7b', { enrolled: 25 });
    await city.release(waveId);
  }, 120_000);

  afterAll(async () => {
    await ctx?.app.close();
  });

  it('writes the same rows for German Excel: ";", decimal comma, UTF-8 with BOM, CRLF, umlauts kept', async () => {
    const plain = await city.inject('GET', `/api/reports/waves/${waveId}/export.csv`);
    const de = await city.inject('GET', `/api/reports/waves/${waveId}/export.csv?dialect=excel-de`);
    expect(de.statusCode, de.body).toBe(200);
    expect(de.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(de.headers['content-disposition']).toMatch(/-excel-de\.csv"$/);

    // The default stays RFC 4180 with ',' and '.', no BOM, LF.
    expect(plain.rawPayload.subarray(0, 3).toString('hex')).not.toBe('efbbbf');
    expect(plain.body.startsWith('level,unit_id,unit_name,breakdown,group,item,statistic,category,value,flag\n')).toBe(
      true,
    );
    expect(plain.body).not.toContain('\r');

    const bytes = de.rawPayload;
    expect(bytes.subarray(0, 3).toString('hex')).toBe('efbbbf');
    const text = bytes.subarray(3).toString('utf8');
    expect(text.startsWith('level;unit_id;unit_name;breakdown;group;item;statistic;category;value;flag\r\n')).toBe(
      true,
    );
    expect(text.replaceAll('\r\n', '')).not.toContain('\n');
    expect(text).toContain(';Altstadt-Süd;');

    const [header, ...body] = parse(text, { delimiter: ';' }) as string[][];
    const { header: plainHeader, rows } = parseCsv(plain.body);
    expect(header).toEqual(plainHeader);
    expect(body).toHaveLength(rows.length);
    let decimals = 0;
    body.forEach((r, i) => {
      const expected = rows[i]!;
      expect(r).toHaveLength(10);
      expect(r[2]).toBe(expected.unit_name);
      expect(r[5]).toBe(expected.item);
      expect(r[7]).toBe(expected.category);
      expect(r[8]).not.toContain('.');
      if (r[8]!.includes(',')) decimals++;
      expect(r[8] === '' ? null : Number(r[8]!.replace(',', '.'))).toBe(expected.value);
    });
    expect(decimals).toBeGreaterThan(0);
    expect(body.some((r) => r[2] === 'Grundschule Altstadt-Süd; Am Markt')).toBe(true);
    expect(body.some((r) => r[2] === 'Schule "Überm Berg", Nord')).toBe(true);
  });

  it('refuses an unknown dialect', async () => {
    const res = await city.inject('GET', `/api/reports/waves/${waveId}/export.csv?dialect=excel-fr`);
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('VALIDATION_FAILED');
  });
});
