import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classroom, createTestApp, type TestContext } from './helpers.ts';

let ctx: TestContext;
let room: Awaited<ReturnType<typeof classroom>>;
beforeAll(async () => {
  ctx = await createTestApp();
  room = await classroom(ctx.app);
  await room.admin.sozialraum({ name: 'Lindenviertel', code: 'LV' });
  await room.admin.sozialraum({ name: 'Bahnhofsquartier', code: 'BQ' });
});
afterAll(() => ctx.app.close());

const importCsv = (csv: string, query: string) =>
  ctx.app.inject({
    method: 'POST',
    url: `/api/admin/streets/import?${query}`,
    headers: { cookie: room.admin.cookie, 'content-type': 'text/csv' },
    payload: csv,
  });

const GOOD = [
  'strasse;hausnummern;sozialraum',
  'Lindenstraße;;LV',
  'Bahnhofstraße;1-49 ungerade;LV',
  'Bahnhofstraße;2-50 gerade;BQ',
  'Grenzweg;;LV',
  'Grenzweg;;Bahnhofsquartier',
].join('\n');

describe('the street list', () => {
  it('is previewed, then imported; a street in two Sozialräume without numbers is marked ambiguous', async () => {
    const preview = await importCsv(GOOD, 'dryRun=true&city=Musterstadt');
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json()).toMatchObject({ dryRun: true, streets: 3, rows: 5, ambiguous: ['Grenzweg'] });
    expect(preview.json().preview[1]).toEqual({
      line: 3,
      street: 'Bahnhofstraße',
      houseNumbers: '1–49 ungerade',
      sozialraum: 'Lindenviertel',
    });
    const summaryBefore = await ctx.app.inject({
      method: 'GET',
      url: '/api/admin/streets',
      headers: { cookie: room.admin.cookie },
    });
    expect(summaryBefore.json().streets).toBe(0);

    expect((await importCsv(GOOD, 'city=Musterstadt')).statusCode).toBe(201);
    const summary = await ctx.app.inject({
      method: 'GET',
      url: '/api/admin/streets',
      headers: { cookie: room.admin.cookie },
    });
    expect(summary.json()).toMatchObject({ cityName: 'Musterstadt', streets: 3, rows: 5, ambiguous: ['Grenzweg'] });
  });

  it('imports nothing when a line is bad, naming each bad line by its number', async () => {
    const csv = [
      'strasse;hausnummern;sozialraum',
      'Eichenweg;;LV',
      ';;LV',
      'Ahornweg;10-2;LV',
      'Birkenweg;;Mondviertel',
      'Eichenweg;;LV',
    ].join('\n');
    const res = await importCsv(csv, 'city=Musterstadt');
    expect(res.statusCode).toBe(422);
    const errors = res.json().errors as { line: number; message: string }[];
    expect(errors.map((e) => e.line)).toEqual([3, 4, 5, 6]);
    expect(errors[2]!.message).toContain('Mondviertel');
    expect(errors[3]!.message).toContain('Zeile 2');
    const summary = await ctx.app.inject({
      method: 'GET',
      url: '/api/admin/streets',
      headers: { cookie: room.admin.cookie },
    });
    expect(summary.json().streets).toBe(3);
  });

  it('reaches a tablet with the codes; a save carries a code and is refused with anything else', async () => {
    const wave = await room.admin.wave({ instrumentId: 'uwe-2026-r2' });
    const session = await room.openSession({ waveId: wave.id, grade: 4, classLabel: '4a' });
    const join = await ctx.app.inject({ method: 'POST', url: '/api/pupil/join', payload: { code: session.code } });
    const token = join.json().token as string;
    const auth = { authorization: `Bearer ${token}` };
    const places = await ctx.app.inject({ method: 'GET', url: '/api/pupil/places', headers: auth });
    expect(places.statusCode).toBe(200);
    expect(places.json().city).toBe('Musterstadt');
    expect(places.json().streets).toContainEqual({
      name: 'Bahnhofstraße',
      parts: [
        { code: 'LV', from: 1, to: 49, parity: 'odd' },
        { code: 'BQ', from: 2, to: 50, parity: 'even' },
      ],
    });
    const save = (residence: unknown, revision: number) =>
      ctx.app.inject({
        method: 'PUT',
        url: '/api/pupil/response',
        headers: auth,
        payload: { answers: { residence }, language: 'de', page: 0, revision, complete: false },
      });
    expect((await save('LV', 1)).statusCode).toBe(200);
    expect((await save('weiss_nicht', 2)).statusCode).toBe(200);
    expect((await save('Lindenstrasse', 3)).statusCode).toBe(422);
    expect((await save('Lindenstraße 4', 4)).statusCode).toBe(422);
  });
});
