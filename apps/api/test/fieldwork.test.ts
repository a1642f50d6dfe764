import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaff, createTestApp, type TestContext } from './helpers.ts';
import { answersFor, reportCity, seeded } from './report-scenarios.ts';

type City = Awaited<ReturnType<typeof reportCity>>;

describe('fieldwork for admins', () => {
  let ctx: TestContext;
  let city: City;
  let waveId: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    ctx = await createTestApp();
    city = await reportCity(ctx.app);
    const sr = await city.admin.sozialraum({ name: 'Altstadt-Süd' });
    const held = await city.admin.school(sr.id, { name: 'Gesamtschule Markt', type: 'gesamtschule' });
    const idle = await city.admin.school(sr.id, { name: 'Gesamtschule Ohne', type: 'gesamtschule' });
    const primary = await city.admin.school(sr.id, { name: 'Grundschule Ohne', type: 'grundschule' });
    Object.assign(ids, { held: held.id, idle: idle.id, primary: primary.id });
    const wave = await city.admin.wave({ name: 'Feldwelle', grades: [7, 9] });
    waveId = wave.id;
    const rand = seeded(5);
    // Two finish; one begins and stops; the class has 20 children.
    await city.surveyClass(
      waveId,
      held.id,
      [
        { grade: 7, answers: answersFor(7, rand) },
        { grade: 7, answers: answersFor(7, rand) },
      ],
      '7a',
      {
        enrolled: 20,
        partial: [{ grade: 7, answers: { hap_1: 3, free_text: 'Ich wünsche mir einen Bolzplatz.' } }],
      },
    );
    // A child joins another class and withdraws; this session has no class size.
    const res = await city.inject('POST', '/api/sessions', {
      waveId,
      schoolId: held.id,
      grade: 7,
      classLabel: '7b',
      expectedPupils: 5,
    });
    const join = await ctx.app.inject({ method: 'POST', url: '/api/pupil/join', payload: { code: res.json().code } });
    const token = join.json().token as string;
    const auth = { authorization: `Bearer ${token}` };
    await ctx.app.inject({
      method: 'PUT',
      url: '/api/pupil/response',
      headers: auth,
      payload: { answers: { hap_1: 2 }, language: 'de', page: 1, revision: 1, complete: false },
    });
    const del = await ctx.app.inject({ method: 'DELETE', url: '/api/pupil/response', headers: auth });
    expect(del.statusCode, del.body).toBeLessThan(300);
  }, 60_000);

  afterAll(async () => {
    await ctx?.app.close();
  });

  it('counts sessions, class sizes, seats, finished, partial and withdrawn per school and grade', async () => {
    const res = await city.inject('GET', `/api/admin/waves/${waveId}/fieldwork`);
    expect(res.statusCode, res.body).toBe(200);
    const rows = res.json().rows as Record<string, unknown>[];
    const mine = rows.filter((r) => Object.values(ids).includes(r.schoolId as string));
    expect(mine.filter((r) => r.schoolId === ids.held)).toEqual([
      {
        schoolId: ids.held,
        schoolName: 'Gesamtschule Markt',
        sozialraumName: 'Altstadt-Süd',
        grade: 7,
        sessions: 2,
        enrolled: null,
        joined: 4,
        finished: 2,
        partial: 1,
        withdrawn: 1,
        withoutSessions: false,
      },
      expect.objectContaining({ schoolId: ids.held, grade: 9, sessions: 0, enrolled: 0, withoutSessions: false }),
    ]);
    // A school of the wave's grades without any session is listed first, with zeros and flagged.
    expect(rows[0]!.withoutSessions).toBe(true);
    expect(mine.filter((r) => r.schoolId === ids.idle)).toEqual([
      expect.objectContaining({ grade: 7, sessions: 0, joined: 0, finished: 0, withoutSessions: true }),
      expect.objectContaining({ grade: 9, sessions: 0, withoutSessions: true }),
    ]);
    // A primary school does not teach grades 7 and 9.
    expect(mine.filter((r) => r.schoolId === ids.primary)).toEqual([]);
  });

  it('downloads the table as CSV for German Excel', async () => {
    const res = await city.inject('GET', `/api/admin/waves/${waveId}/fieldwork.csv`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body.charCodeAt(0)).toBe(0xfeff);
    expect(res.body).toContain('Sozialraum;Schule;Jahrgang;Sitzungen;');
    expect(res.body).toContain('Altstadt-Süd;Gesamtschule Ohne;7;0;0;0;0;0;0;1\r\n');
  });

  it('shows an admin the free texts city-wide, without school, class or date, and never a withdrawn one', async () => {
    const res = await city.inject('GET', `/api/admin/waves/${waveId}/free-texts`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.texts).toContainEqual({
      id: expect.stringMatching(/^[\w-]{22}$/),
      item: 'free_text',
      text: 'Ich wünsche mir einen Bolzplatz.',
    });
    for (const t of body.texts) expect(Object.keys(t).sort()).toEqual(['id', 'item', 'text']);
    expect(JSON.stringify(body)).not.toContain(ids.held!);
  });

  it('lets an admin delete a text that names a person; the audit log records that, never the text', async () => {
    const before = (await city.inject('GET', `/api/admin/waves/${waveId}/free-texts`)).json().texts as {
      id: string;
      text: string;
    }[];
    const target = before.find((t) => t.text === 'Ich wünsche mir einen Bolzplatz.')!;
    const monitor = await createStaff(ctx.app, 'monitor');
    const denied = await ctx.app.inject({
      method: 'DELETE',
      url: `/api/admin/waves/${waveId}/free-texts/${target.id}`,
      headers: { cookie: monitor.cookie },
    });
    expect(denied.statusCode).toBe(403);

    const res = await ctx.app.inject({
      method: 'DELETE',
      url: `/api/admin/waves/${waveId}/free-texts/${target.id}`,
      headers: { cookie: city.admin.cookie },
    });
    expect(res.statusCode, res.body).toBe(204);
    const after = (await city.inject('GET', `/api/admin/waves/${waveId}/free-texts`)).json().texts as { id: string }[];
    expect(after.map((t) => t.id).sort()).toEqual(
      before
        .filter((t) => t !== target)
        .map((t) => t.id)
        .sort(),
    );
    // Gone from the answers, the rest of the response kept.
    const rows = await ctx.app.db.selectFrom('response').select('answers').where('wave_id', '=', waveId).execute();
    expect(JSON.stringify(rows)).not.toContain('Bolzplatz');
    expect(rows.some((r) => Object.keys(r.answers as object).length > 1)).toBe(true);
    const audit = (await city.inject('GET', '/api/admin/audit?entity=free_text')).json();
    expect(audit[0]).toMatchObject({
      action: 'delete',
      entity: 'free_text',
      entityId: null,
      details: { item: 'free_text' },
    });
    expect(JSON.stringify(audit)).not.toContain('Bolzplatz');

    const again = await ctx.app.inject({
      method: 'DELETE',
      url: `/api/admin/waves/${waveId}/free-texts/${target.id}`,
      headers: { cookie: city.admin.cookie },
    });
    expect(again.statusCode).toBe(404);
    expect(again.json().code).toBe('NOT_FOUND');
  });

  it('is for admins only: monitoring staff and teachers get 403, an unknown wave 404', async () => {
    const monitor = await createStaff(ctx.app, 'monitor');
    const teacher = await createStaff(ctx.app, 'teacher');
    for (const who of [monitor, teacher]) {
      for (const path of ['fieldwork', 'fieldwork.csv', 'free-texts']) {
        const res = await ctx.app.inject({
          method: 'GET',
          url: `/api/admin/waves/${waveId}/${path}`,
          headers: { cookie: who.cookie },
        });
        expect(res.statusCode).toBe(403);
        expect(res.json().code).toBe('FORBIDDEN');
      }
    }
    const unknown = await city.inject('GET', '/api/admin/waves/00000000-0000-4000-8000-000000000000/fieldwork');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().message).toBe('Diese Befragungsrunde gibt es nicht.');
  });
});
