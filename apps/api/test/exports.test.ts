import { gunzipSync } from 'node:zlib';
import { choicesOf } from '@uwe/schema';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../src/lib/errors.ts';
import { createExportServer } from '../src/reports/exports.ts';
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

  it('writes the workbook for analysts: labels beside the codes, frozen header with filter, codebook and a wide sheet per level', async () => {
    const xlsx = await city.inject('GET', `/api/reports/waves/${waveId}/export.xlsx`);
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheetRows = (name: string) => {
      const ws = wb.getWorksheet(name)!;
      const header = (ws.getRow(1).values as unknown[]).slice(1) as string[];
      const out: Record<string, unknown>[] = [];
      ws.eachRow((row, i) => {
        if (i === 1) return;
        const v = row.values as unknown[];
        out.push(Object.fromEntries(header.map((h, j) => [h, v[j + 1] ?? null])));
      });
      return { ws, header, rows: out };
    };
    const codebook = sheetRows('Codebuch');
    expect(codebook.header).toEqual([
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
    const question = new Map(codebook.rows.map((r) => [r.item, r.question]));
    const label = new Map(codebook.rows.map((r) => [`${r.item}|${r.code ?? ''}`, r.label]));

    const schools = sheetRows('Schulen');
    expect(schools.header).toEqual([
      'level',
      'unit_id',
      'unit_name',
      'breakdown',
      'group',
      'item',
      'question',
      'statistic',
      'category',
      'category_label',
      'value',
      'flag',
    ]);
    // The header stays in view and every column can be filtered, over the whole table.
    expect(schools.ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(schools.ws.autoFilter).toBe(`A1:L${schools.rows.length + 1}`);
    expect(schools.rows.some((r) => r.unit_name === 'Grundschule Altstadt-Süd; Am Markt')).toBe(true);
    // The German question text and the answer label beside each code, as the codebook has them.
    let labelled = 0;
    for (const r of schools.rows) {
      expect(r.question, String(r.item)).toBe(question.get(r.item) ?? null);
      if (r.category && !String(r.category).includes('+')) {
        expect(r.category_label, `${r.item}|${r.category}`).toBe(label.get(`${r.item}|${r.category}`));
        labelled++;
      }
    }
    expect(labelled).toBeGreaterThan(100);
    const merged = schools.rows.find((r) => String(r.category ?? '').includes('+'));
    if (merged) {
      expect(merged.category_label).toBe(
        String(merged.category)
          .split('+')
          .map((c) => label.get(`${merged.item}|${c}`))
          .join(' / '),
      );
    }

    // Wide: one row per school, one column per whole-group number, the same value as the long sheet.
    const wide = sheetRows('Breit Schulen');
    expect(wide.ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const schoolIds = new Set(schools.rows.map((r) => r.unit_id));
    expect(new Set(wide.rows.map((r) => r.unit_id))).toEqual(schoolIds);
    const column = wide.header.find((h) => h.endsWith('[index.wellbeing pct thriving]'))!;
    expect(column).toMatch(/^Wohlbefindensindex: .+ \(%\)/);
    for (const w of wide.rows) {
      const long = schools.rows.find(
        (r) =>
          r.unit_id === w.unit_id &&
          r.breakdown === 'none' &&
          r.item === 'index.wellbeing' &&
          r.statistic === 'pct' &&
          r.category === 'thriving',
      );
      const expected = long?.value ?? (long?.flag === '<1' ? '< 1 %' : long?.flag === '>99' ? '> 99 %' : null);
      expect(w[column] ?? null, String(w.unit_name)).toEqual(expected ?? null);
    }
    // Nothing but whole groups: no grade or gender column sneaks into the wide sheet.
    expect(wide.rows.length).toBe(schoolIds.size);
    expect(sheetRows('Breit Gesamtstadt').rows).toHaveLength(1);
  });

  it('refuses an unknown dialect', async () => {
    const res = await city.inject('GET', `/api/reports/waves/${waveId}/export.csv?dialect=excel-fr`);
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('VALIDATION_FAILED');
  });

  it('serves the files the worker stored once: gzip as stored, unpacked for a client without gzip', async () => {
    const release = await ctx.app.db
      .selectFrom('report_release')
      .select('id')
      .where('wave_id', '=', waveId)
      .executeTakeFirstOrThrow();
    // Each file is written before anyone asks for it (the worker, right after the build).
    for (let i = 0; i < 100; i++) {
      const n = await ctx.app.db
        .selectFrom('release_file')
        .select('kind')
        .where('release_id', '=', release.id)
        .execute();
      if (n.length === 3) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const stored = await ctx.app.db
      .selectFrom('release_file')
      .select(['kind', 'encoding', 'parts'])
      .where('release_id', '=', release.id)
      .orderBy('kind')
      .execute();
    expect(stored.map((f) => [f.kind, f.encoding])).toEqual([
      ['csv', 'gzip'],
      ['csv-excel-de', 'gzip'],
      ['xlsx', 'identity'],
    ]);

    const zipped = await ctx.app.inject({
      method: 'GET',
      url: `/api/reports/waves/${waveId}/export.csv`,
      headers: { cookie: city.admin.cookie, 'accept-encoding': 'gzip, deflate, br' },
    });
    expect(zipped.statusCode).toBe(200);
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(Number(zipped.headers['content-length'])).toBe(zipped.rawPayload.length);
    const plain = await city.inject('GET', `/api/reports/waves/${waveId}/export.csv`);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(gunzipSync(zipped.rawPayload).toString('utf8')).toBe(plain.body);

    // A file that is missing (a release from before files were stored) is written on demand and waited for.
    await ctx.app.db.deleteFrom('release_file').where('release_id', '=', release.id).execute();
    const again = await ctx.app.inject({
      method: 'GET',
      url: `/api/reports/waves/${waveId}/export.xlsx`,
      headers: { cookie: city.admin.cookie },
    });
    expect(again.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(again.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toContain('Methoden');
  });

  it('serves a few downloads at once per process, lets a few wait, and turns the rest away with 429', async () => {
    const open = createExportServer(ctx.app.db, { concurrent: 1, waiting: 1, waitForFileMs: 60_000 });
    // The first download holds its slot until its last byte is read.
    const first = await open(waveId, undefined, 'xlsx');
    let secondStarted = false;
    const second = open(waveId, undefined, 'csv').then((f) => {
      secondStarted = true;
      return f;
    });
    while (open.stats().waiting < 1) await new Promise((r) => setTimeout(r, 10));
    const third = await open(waveId, undefined, 'csv').catch((err: AppError) => err);
    expect(third).toBeInstanceOf(AppError);
    expect(third).toMatchObject({ statusCode: 429, code: 'TOO_MANY_REQUESTS', details: { retryAfterSeconds: 30 } });
    expect(secondStarted).toBe(false);

    const bytes = Buffer.concat(await first.stream.toArray());
    expect(bytes.length).toBe(first.bytes);
    const next = await second;
    expect(gunzipSync(Buffer.concat(await next.stream.toArray())).toString('utf8')).toMatch(/^level,unit_id,/);
  });
});
