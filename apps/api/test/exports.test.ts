import { choicesOf } from '@uwe/schema';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from './helpers.ts';
import { answersFor, type ChildSpec, instrument, parseCsv, reportCity, seeded } from './report-scenarios.ts';

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

  it('describes every reported item and category as the instrument asks it (codebook.csv)', async () => {
    const res = await city.inject('GET', `/api/reports/waves/${waveId}/codebook.csv`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const [header, ...body] = parse(res.body) as string[][];
    expect(header).toEqual([
      'item',
      'question',
      'dimension',
      'scale',
      'code',
      'label',
      'sensitive',
      'grades',
      'filter_item',
    ]);
    const rows = body.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]!])));
    const of = (item: string) => rows.filter((r) => r.item === item);

    // German question and choice texts, read from the instrument's forms.
    const titles = new Map<string, string>();
    const choiceTexts = new Map<string, Map<string, string>>();
    for (const form of Object.values(instrument.forms)) {
      for (const page of form.pages) {
        for (const q of page.elements) {
          titles.set(q.name, q.title?.default ?? '');
          const m = choiceTexts.get(q.name) ?? new Map<string, string>();
          for (const c of q.choices ?? []) m.set(String(c.value), c.text?.default ?? '');
          choiceTexts.set(q.name, m);
        }
      }
    }
    for (const item of instrument.catalogue.items) {
      if (item.answerScale === 'text') {
        expect(of(item.id)).toEqual([]);
        continue;
      }
      const codes = choicesOf(instrument.catalogue, item).map((c) => String(c.code));
      const common = {
        dimension: item.dimension,
        scale: item.scale ?? '',
        sensitive: expect.stringMatching(item.sensitive ? /^1$/ : /^[01]$/),
        grades: item.grades.join(' '),
        filter_item: item.followUpOf ? `${item.followUpOf.itemId} = ${item.followUpOf.codes.join(' | ')}` : '',
      };
      if (item.answerScale === 'multi') {
        for (const code of codes) {
          const choice = of(`${item.id}.${code}`);
          expect(choice.map((r) => r.code)).toEqual(['0', '1']);
          for (const r of choice) {
            expect(r).toMatchObject(common);
            expect(r.question).toBe(`${titles.get(item.id)}: ${choiceTexts.get(item.id)?.get(code)}`);
          }
        }
        continue;
      }
      const rowsOfItem = of(item.id).filter((r) => r.code !== '');
      expect(
        rowsOfItem.map((r) => r.code),
        item.id,
      ).toEqual(codes);
      for (const r of rowsOfItem) {
        expect(r).toMatchObject({ ...common, question: titles.get(item.id) });
        expect(r.question).not.toBe('');
        expect(r.label).toBe(choiceTexts.get(item.id)?.get(r.code ?? ''));
      }
    }
    expect(of('participation').map((r) => r.code)).toEqual(['', 'response_rate']);
    expect(of('participation.enrolled')).toHaveLength(1);
    expect(of('index.wellbeing').map((r) => r.code)).toEqual(['low', 'medium', 'thriving']);

    // Every item of the export is in the codebook.
    const exported = parseCsv((await city.inject('GET', `/api/reports/waves/${waveId}/export.csv`)).body).rows;
    const described = new Set(rows.map((r) => r.item));
    expect([...new Set(exported.map((r) => r.item))].filter((i) => !described.has(i))).toEqual([]);

    // The same codebook as a sheet of the workbook.
    const xlsx = await city.inject('GET', `/api/reports/waves/${waveId}/export.xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('Codebuch');
    expect(sheet?.rowCount).toBe(body.length + 1);
    expect(sheet?.getRow(2).getCell(1).value).toBe(rows[0]!.item);
  });

  it('refuses an unknown dialect', async () => {
    const res = await city.inject('GET', `/api/reports/waves/${waveId}/export.csv?dialect=excel-fr`);
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('VALIDATION_FAILED');
  });
});
