import { DEFAULT_DISCLOSURE_CONFIG } from '@uwe/disclosure';
import { exampleResponse, getBuiltinInstrument, paperForm } from '@uwe/schema';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classroom, createStaff, createTestApp, type TestContext } from './helpers.ts';
import { answersFor, parseCsv, reportCity, seeded } from './report-scenarios.ts';

let ctx: TestContext;
let room: Awaited<ReturnType<typeof classroom>>;
beforeAll(async () => {
  ctx = await createTestApp();
  room = await classroom(ctx.app);
});
afterAll(() => ctx.app.close());

const instrument = getBuiltinInstrument('uwe-2026')!;
const numberOf = (id: string) => paperForm(instrument.forms.grade7).questions.find((q) => q.itemId === id)!.number;

function fullAnswers(grade: 4 | 7 | 9, seed = 1) {
  let s = seed;
  return exampleResponse(instrument, grade, (n) => {
    s = (s * 48271) % 2147483647;
    return s % n;
  });
}

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
const call = (cookie: string, method: Method, url: string, payload?: unknown) =>
  ctx.app.inject({
    method,
    url,
    headers: { cookie },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
const sheet = (cookie: string, sessionId: string, answers: unknown, language = 'de') =>
  call(cookie, 'POST', `/api/sessions/${sessionId}/paper`, { answers, language });

const rowsOf = (sessionId: string) =>
  ctx.app.db.selectFrom('response').selectAll().where('session_id', '=', sessionId).execute();
const auditCount = async () =>
  Number((await sql<{ n: string }>`select count(*) as n from audit_log`.execute(ctx.app.db)).rows[0]!.n);

describe('POST /api/sessions/:id/paper', () => {
  it('stores a sheet as a finished paper response of the session, counted like a tablet response', async () => {
    const s = await room.openSession({ enrolledPupils: 25 });
    const answers = fullAnswers(7, 3);
    const res = await sheet(room.teacher.cookie, s.id, answers);
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.sheetId).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.status).toMatchObject({
      sessionId: s.id,
      form: 'grade7',
      grade: 7,
      codeDisplay: s.codeDisplay,
      enrolledPupils: 25,
      limit: 25,
      counts: { paper: 1, tablet: 0, pending: 0 },
      entry: { open: true, until: null },
    });

    const [row] = await rowsOf(s.id);
    expect(row).toMatchObject({
      seat_id: body.sheetId,
      mode: 'paper',
      status: 'finished',
      language: 'de',
      grade: 7,
      school_id: room.school.id,
      wave_id: room.wave.id,
      answers,
    });
    // Dates only, the day of entry; a record key like every response.
    expect(row!.finished_on).toBe(row!.started_on);
    expect(Number(row!.record_key)).toBeGreaterThanOrEqual(0);

    const session = await call(room.teacher.cookie, 'GET', `/api/sessions/${s.id}`);
    expect(session.json().counts).toMatchObject({ finished: 1, paper: 1, joined: 0 });
  });

  it('keeps nothing that ties a sheet to the person who typed it or to the order of typing', async () => {
    const s = await room.openSession();
    for (let i = 0; i < 4; i++)
      expect((await sheet(room.teacher.cookie, s.id, fullAnswers(7, i + 10))).statusCode).toBe(201);
    const ids = (await rowsOf(s.id)).map((r) => r.seat_id);
    const audit = await ctx.app.db.selectFrom('audit_log').selectAll().where('entity_id', '=', s.id).execute();
    expect(audit.filter((a) => a.action === 'paper_sheet')).toHaveLength(4);
    const everything = JSON.stringify(audit);
    for (const id of ids) expect(everything).not.toContain(id);
    // All paper rows of the session were rewritten together: one transaction id for all of them.
    const { rows } = await sql<{ xmin: string }>`
      select distinct xmin::text as xmin from response where session_id = ${s.id}`.execute(ctx.app.db);
    expect(rows).toHaveLength(1);
  });

  it('refuses invalid answers with 422, the item, its number on the sheet and a German message', async () => {
    const s = await room.openSession();
    const res = await sheet(room.teacher.cookie, s.id, { hap_1: 6, opt_1: 'x' });
    expect(res.statusCode).toBe(422);
    const body = res.json();
    expect(body).toMatchObject({ statusCode: 422, code: 'INVALID_ANSWERS', error: 'Unprocessable Entity' });
    expect(body.items).toEqual([
      { itemId: 'hap_1', reason: 'out_of_range', number: numberOf('hap_1') },
      { itemId: 'opt_1', reason: 'wrong_type', number: numberOf('opt_1') },
    ]);
    expect(body.message).toContain(`Frage ${numberOf('hap_1')}: Diese Antwort gibt es nicht.`);
    expect(await rowsOf(s.id)).toEqual([]);
  });

  it('applies the routing: a follow-up without its filter answer is refused with a clear message', async () => {
    const s = await room.openSession();
    const disc = numberOf('disc_experienced');
    for (const filter of [{}, { disc_experienced: 0 }]) {
      const res = await sheet(room.teacher.cookie, s.id, { ...filter, disc_reason: ['origin'] });
      expect(res.statusCode).toBe(422);
      expect(res.json()).toMatchObject({
        code: 'FOLLOW_UP_WITHOUT_FILTER',
        items: [{ itemId: 'disc_reason', reason: 'filter_not_given', number: `${disc}a` }],
      });
      expect(res.json().message).toBe(
        `Frage ${disc}a gilt nur, wenn bei Frage ${disc} „Ja“ angekreuzt ist – auf diesem Bogen ist das nicht so. Bitte lassen Sie Frage ${disc}a leer.`,
      );
    }
    // A multiple-choice filter is named by what it is not.
    const res = await sheet(room.teacher.cookie, s.id, { activities: ['none'], activity_days: 3 });
    expect(res.json().message).toContain(`wenn bei Frage ${numberOf('activities')} etwas anderes als „Nichts davon“`);
    expect(await rowsOf(s.id)).toEqual([]);

    const ok = await sheet(room.teacher.cookie, s.id, { disc_experienced: 1, disc_reason: ['origin'] });
    expect(ok.statusCode).toBe(201);
  });

  it('checks the session’s grade and the instrument’s languages', async () => {
    const s = await room.openSession({ grade: 4 });
    const notAsked = await sheet(room.teacher.cookie, s.id, { opt_4: 3 });
    expect(notAsked.statusCode).toBe(422);
    expect(notAsked.json().message).toContain('„opt_4“ wird in Jahrgangsstufe 4 nicht gefragt.');
    const language = await sheet(room.teacher.cookie, s.id, { opt_1: 3 }, 'fr');
    expect(language.statusCode).toBe(400);
    expect(language.json().code).toBe('VALIDATION_FAILED');
    const schema = await call(room.teacher.cookie, 'POST', `/api/sessions/${s.id}/paper`, { answers: [] });
    expect(schema.statusCode).toBe(400);
    expect((await sheet(room.teacher.cookie, s.id, fullAnswers(4), 'ar')).statusCode).toBe(201);
    expect((await rowsOf(s.id)).map((r) => r.language)).toEqual(['ar']);
  });

  it('is for the teachers of the session’s school and admins only', async () => {
    const s = await room.openSession();
    const otherSchool = await room.admin.school(room.area.id);
    const otherTeacher = await createStaff(ctx.app, 'teacher', { schoolIds: [otherSchool.id] });
    const monitor = await createStaff(ctx.app, 'monitor');
    const answers = { opt_1: 4 };
    const forbidden = [
      await sheet(otherTeacher.cookie, s.id, answers),
      await sheet(monitor.cookie, s.id, answers),
      await call(otherTeacher.cookie, 'GET', `/api/sessions/${s.id}/paper`),
      await call(monitor.cookie, 'GET', `/api/sessions/${s.id}/paper/double`),
      await call(otherTeacher.cookie, 'PUT', `/api/sessions/${s.id}/paper/double/1/1`, { answers, language: 'de' }),
    ];
    for (const res of forbidden) {
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('FORBIDDEN');
    }
    expect(
      (
        await ctx.app.inject({
          method: 'POST',
          url: `/api/sessions/${s.id}/paper`,
          payload: { answers, language: 'de' },
        })
      ).statusCode,
    ).toBe(401);
    const unknown = await sheet(room.teacher.cookie, '00000000-0000-4000-8000-000000000000', answers);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('SESSION_NOT_FOUND');
    expect(await rowsOf(s.id)).toEqual([]);
    expect((await sheet(room.admin.cookie, s.id, answers)).statusCode).toBe(201);
  });

  it('never takes more sheets than the class has children, even when typed in at the same moment', async () => {
    const s = await room.openSession({ expectedPupils: 2, enrolledPupils: 3 });
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => sheet(room.teacher.cookie, s.id, fullAnswers(7, i + 1))),
    );
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(3);
    const refused = results.filter((r) => r.statusCode !== 201);
    expect(refused).toHaveLength(3);
    for (const r of refused) {
      expect(r.statusCode).toBe(409);
      expect(r.json().code).toBe('SESSION_FULL');
      expect(r.json().message).toContain('laut Klassengröße 3 Kinder');
    }
    expect(await rowsOf(s.id)).toHaveLength(3);
  });

  it('writes nothing at all for a refused sheet: no row, no audit entry', async () => {
    const s = await room.openSession({ enrolledPupils: 20 });
    const before = await auditCount();
    expect((await sheet(room.teacher.cookie, s.id, { disc_reason: ['origin'] })).statusCode).toBe(422);
    expect((await sheet(room.teacher.cookie, s.id, { free_text: 'x'.repeat(1001) })).statusCode).toBe(422);
    expect((await sheet(room.teacher.cookie, s.id, { hap_1: 3 }, 'xx')).statusCode).toBe(400);
    expect(await rowsOf(s.id)).toEqual([]);
    expect(await auditCount()).toBe(before);
  });
});

describe('DELETE /api/sessions/:id/paper/:sheetId (undo)', () => {
  it('removes the sheet just entered, once', async () => {
    const s = await room.openSession();
    const first = (await sheet(room.teacher.cookie, s.id, fullAnswers(7, 5))).json();
    const second = (await sheet(room.teacher.cookie, s.id, fullAnswers(7, 6))).json();
    expect(second.status.counts.paper).toBe(2);
    const undo = await call(room.teacher.cookie, 'DELETE', `/api/sessions/${s.id}/paper/${second.sheetId}`);
    expect(undo.statusCode).toBe(200);
    expect(undo.json().counts.paper).toBe(1);
    expect((await rowsOf(s.id)).map((r) => r.seat_id)).toEqual([first.sheetId]);
    const again = await call(room.teacher.cookie, 'DELETE', `/api/sessions/${s.id}/paper/${second.sheetId}`);
    expect(again.statusCode).toBe(404);
    expect(again.json().code).toBe('SHEET_NOT_FOUND');
  });

  it('never removes a tablet response, nor a sheet of another session', async () => {
    const s = await room.openSession();
    const other = await room.openSession();
    const join = await ctx.app.inject({ method: 'POST', url: '/api/pupil/join', payload: { code: s.code } });
    const token = join.json().token as string;
    await ctx.app.inject({
      method: 'PUT',
      url: '/api/pupil/response',
      headers: { authorization: `Bearer ${token}` },
      payload: { answers: { opt_1: 2 }, language: 'de', page: 0, revision: 1, complete: true },
    });
    const [tablet] = await rowsOf(s.id);
    const paper = (await sheet(room.teacher.cookie, other.id, { opt_1: 1 })).json();
    expect(
      (await call(room.teacher.cookie, 'DELETE', `/api/sessions/${s.id}/paper/${tablet!.seat_id}`)).statusCode,
    ).toBe(404);
    expect((await call(room.teacher.cookie, 'DELETE', `/api/sessions/${s.id}/paper/${paper.sheetId}`)).statusCode).toBe(
      404,
    );
    expect(await rowsOf(s.id)).toHaveLength(1);
    expect(await rowsOf(other.id)).toHaveLength(1);
  });
});

describe('a closed session', () => {
  const closeDaysAgo = (id: string, days: number) =>
    sql`update survey_session set closed_at = now() - make_interval(days => ${days}),
          closes_at = now() - make_interval(days => ${days}) where id = ${id}`.execute(ctx.app.db);

  it('takes sheets from its teacher for 14 days after it ended, then only from an admin', async () => {
    const s = await room.openSession();
    await call(room.teacher.cookie, 'POST', `/api/sessions/${s.id}/close`);
    const status = (await call(room.teacher.cookie, 'GET', `/api/sessions/${s.id}/paper`)).json();
    expect(status.sessionStatus).toBe('closed');
    expect(status.entry.open).toBe(true);
    expect(Date.parse(status.entry.until) - Date.now()).toBeGreaterThan(13.9 * 86_400_000);
    expect((await sheet(room.teacher.cookie, s.id, { opt_1: 4 })).statusCode).toBe(201);

    await closeDaysAgo(s.id, 15);
    const late = await sheet(room.teacher.cookie, s.id, { opt_1: 4 });
    expect(late.statusCode).toBe(410);
    expect(late.json().code).toBe('PAPER_ENTRY_CLOSED');
    expect(late.json().message).toContain('nur noch die Verwaltung');
    const [row] = await rowsOf(s.id);
    expect((await call(room.teacher.cookie, 'DELETE', `/api/sessions/${s.id}/paper/${row!.seat_id}`)).statusCode).toBe(
      410,
    );
    expect((await call(room.teacher.cookie, 'GET', `/api/sessions/${s.id}/paper`)).json().entry.open).toBe(false);

    expect((await sheet(room.admin.cookie, s.id, { opt_1: 4 })).statusCode).toBe(201);
    expect(await rowsOf(s.id)).toHaveLength(2);
  });

  it('takes no sheets once its wave is released', async () => {
    const wave = await room.admin.wave();
    const s = await room.openSession({ waveId: wave.id });
    await ctx.app.inject({
      method: 'PATCH',
      url: `/api/admin/waves/${wave.id}`,
      headers: { cookie: room.admin.cookie },
      payload: { status: 'released' },
    });
    const res = await sheet(room.admin.cookie, s.id, { opt_1: 4 });
    expect(res.statusCode).toBe(410);
    expect(res.json().code).toBe('PAPER_ENTRY_CLOSED');
  });
});

describe('double entry', () => {
  const put = (cookie: string, id: string, n: number, pass: number, answers: unknown, language = 'de') =>
    call(cookie, 'PUT', `/api/sessions/${id}/paper/double/${n}/${pass}`, { answers, language });

  it('counts a sheet only when both entries agree, and lists differences item by item', async () => {
    const s = await room.openSession();
    const a = fullAnswers(7, 21);
    const b = fullAnswers(7, 22);
    expect((await put(room.teacher.cookie, s.id, 1, 1, a)).json()).toEqual({
      sheet: 1,
      first: true,
      second: false,
      differences: [],
      languages: null,
    });
    // Multiple choice in another order is the same answer.
    const reordered = { ...a, time_where: [...(a.time_where as string[])].reverse() };
    expect((await put(room.teacher.cookie, s.id, 1, 2, reordered)).json().differences).toEqual([]);
    const mismatch = { ...b, hap_1: b.hap_1 === 1 ? 2 : 1 };
    await put(room.teacher.cookie, s.id, 2, 1, b);
    const second = (await put(room.teacher.cookie, s.id, 2, 2, mismatch)).json();
    expect(second.differences).toEqual([
      { itemId: 'hap_1', number: numberOf('hap_1'), first: b.hap_1, second: mismatch.hap_1 },
    ]);
    await put(room.teacher.cookie, s.id, 3, 1, a);

    // Nothing counts yet.
    expect(await rowsOf(s.id)).toEqual([]);
    const list = (await call(room.teacher.cookie, 'GET', `/api/sessions/${s.id}/paper/double`)).json();
    expect(list.sheets.map((x: { sheet: number }) => x.sheet)).toEqual([1, 2, 3]);
    expect(list.status.counts).toEqual({ paper: 0, tablet: 0, pending: 3 });

    const commit = (await call(room.teacher.cookie, 'POST', `/api/sessions/${s.id}/paper/double/commit`)).json();
    expect(commit.committed).toBe(1);
    expect(commit.list.counted).toEqual([1]);
    expect(commit.list.sheets.map((x: { sheet: number }) => x.sheet)).toEqual([2, 3]);
    expect((await rowsOf(s.id)).map((r) => r.answers)).toEqual([a]);

    // The resolution names the value on the paper for every difference, nothing else.
    const path = `/api/sessions/${s.id}/paper/double/2/resolve`;
    const missing = await call(room.teacher.cookie, 'POST', path, { values: {} });
    expect(missing.statusCode).toBe(422);
    expect(missing.json().message).toContain(`Für Frage ${numberOf('hap_1')} fehlt die Entscheidung.`);
    const extra = await call(room.teacher.cookie, 'POST', path, { values: { hap_1: 1, opt_1: 2 } });
    expect(extra.statusCode).toBe(422);
    const resolved = await call(room.teacher.cookie, 'POST', path, { values: { hap_1: 5 } });
    expect(resolved.statusCode).toBe(201);
    expect(resolved.json().status.counts).toEqual({ paper: 2, tablet: 0, pending: 1 });
    const stored = (await rowsOf(s.id)).find((r) => r.seat_id === resolved.json().sheetId);
    expect(stored?.answers).toEqual({ ...b, hap_1: 5 });
    expect(stored?.mode).toBe('paper');

    // Sheet 3 has one entry only; a counted sheet number cannot be typed again.
    const incomplete = await call(room.teacher.cookie, 'POST', `/api/sessions/${s.id}/paper/double/3/resolve`, {
      values: {},
    });
    expect(incomplete.statusCode).toBe(409);
    expect(incomplete.json().code).toBe('DOUBLE_ENTRY_INCOMPLETE');
    const again = await put(room.teacher.cookie, s.id, 1, 1, a);
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('SHEET_ALREADY_COUNTED');

    // Undo of one entry that does not count yet.
    const removed = await call(room.teacher.cookie, 'DELETE', `/api/sessions/${s.id}/paper/double/3/1`);
    expect(removed.statusCode).toBe(200);
    expect(removed.json().sheets).toEqual([]);
    expect((await call(room.teacher.cookie, 'DELETE', `/api/sessions/${s.id}/paper/double/3/1`)).statusCode).toBe(404);
  });

  it('checks each entry like a sheet and keeps the resolution’s routing too', async () => {
    const s = await room.openSession();
    const refused = await put(room.teacher.cookie, s.id, 1, 1, { disc_reason: ['origin'] });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().code).toBe('FOLLOW_UP_WITHOUT_FILTER');
    await put(room.teacher.cookie, s.id, 1, 1, { disc_experienced: 1, disc_reason: ['origin'] });
    await put(room.teacher.cookie, s.id, 1, 2, { disc_experienced: 0 });
    const list = (await call(room.teacher.cookie, 'GET', `/api/sessions/${s.id}/paper/double`)).json();
    expect(list.sheets[0].differences.map((d: { itemId: string }) => d.itemId)).toEqual([
      'disc_experienced',
      'disc_reason',
    ]);
    const path = `/api/sessions/${s.id}/paper/double/1/resolve`;
    const wrong = await call(room.teacher.cookie, 'POST', path, {
      values: { disc_experienced: 0, disc_reason: ['origin'] },
    });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().code).toBe('FOLLOW_UP_WITHOUT_FILTER');
    expect(await rowsOf(s.id)).toEqual([]);
    const right = await call(room.teacher.cookie, 'POST', path, {
      values: { disc_experienced: 0 },
      empty: ['disc_reason'],
    });
    expect(right.statusCode, right.body).toBe(201);
    expect((await rowsOf(s.id))[0]?.answers).toEqual({ disc_experienced: 0 });
  });
});

describe('reports', () => {
  it('count paper sheets like tablet responses and publish the paper share, perturbed', async () => {
    const D = DEFAULT_DISCLOSURE_CONFIG.maxDeviation;
    const city = await reportCity(ctx.app);
    const sr = await city.admin.sozialraum();
    const school = await city.admin.school(sr.id, { type: 'gesamtschule' });
    const wave = await city.admin.wave({ grades: [7] });
    const rand = seeded(18);
    await city.surveyClass(
      wave.id,
      school.id,
      Array.from({ length: 12 }, () => ({ grade: 7 as const, answers: answersFor(7, rand) })),
      'Tablets',
    );
    const paperClass = await city.inject('POST', '/api/sessions', {
      waveId: wave.id,
      schoolId: school.id,
      grade: 7,
      classLabel: 'Papier',
      expectedPupils: 12,
      enrolledPupils: 12,
    });
    const id = paperClass.json().id as string;
    for (let i = 0; i < 12; i++) {
      const res = await sheet(city.admin.cookie, id, answersFor(7, rand));
      expect(res.statusCode, res.body).toBe(201);
    }
    await city.release(wave.id);
    const { rows } = parseCsv((await city.inject('GET', `/api/reports/waves/${wave.id}/export.csv`)).body);
    const at = (unit: string, item: string, statistic = 'n', category = '') =>
      rows.find(
        (r) =>
          (r.level === unit || r.unit_id === unit) &&
          r.breakdown === 'none' &&
          r.item === item &&
          r.statistic === statistic &&
          r.category === category,
      );
    for (const unit of ['city', school.id]) {
      expect(Math.abs(at(unit, 'participation')!.value! - 24)).toBeLessThanOrEqual(D);
      expect(Math.abs(at(unit, 'hap_1')!.value! - 24)).toBeLessThanOrEqual(D);
      expect(Math.abs(at(unit, 'participation.paper')!.value! - 12)).toBeLessThanOrEqual(D);
      const share = at(unit, 'participation.paper', 'pct', 'paper_share')!;
      expect(share.value).toBe(
        Math.round((1000 * at(unit, 'participation.paper')!.value!) / at(unit, 'participation')!.value!) / 10,
      );
    }
  });
});
