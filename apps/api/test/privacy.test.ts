import { Writable } from 'node:stream';
import { exampleResponse, getBuiltinInstrument } from '@uwe/schema';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp, logRedact, logSerializers } from '../src/app.ts';
import { parseConfig } from '../src/config.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { asAdmin, createStaff, createTestDatabase, TEST_SECRET } from './helpers.ts';

/**
 * A whole school day through the HTTP API, then a look at everything the server kept: every
 * column of every table and every log line. Nothing may tie an answer to a child, a device, a
 * moment or a class label.
 */

const IP_PROBE = '203.0.113.7';
const UA_PROBE = 'UWE-Privacy-Probe/1.0';
const CLASS_LABEL = 'Klasse-Geheim-7x';
const TEXT_ANSWER = 'Antwort-Geheim-Q9';
const PUPIL_HEADERS = { 'x-forwarded-for': IP_PROBE, 'user-agent': UA_PROBE, 'x-real-ip': IP_PROBE };

const instrument = getBuiltinInstrument('uwe-2026')!;
const logLines: string[] = [];
let app: App;
const seen = { tokens: [] as string[], cookies: [] as string[], codes: [] as string[] };
const finishedAnswers: Record<string, unknown>[] = [];
const paperAnswers: Record<string, unknown>[] = [];

function answersFor(seed: number) {
  let s = seed;
  const answers: Record<string, unknown> = exampleResponse(instrument, 7, (n) => {
    s = (s * 48271) % 2147483647;
    return s % n;
  });
  for (const [k, v] of Object.entries(answers)) if (typeof v === 'string' && v === 'Danke.') answers[k] = TEXT_ANSWER;
  return answers;
}

beforeAll(async () => {
  const stream = new Writable({
    write(chunk, _enc, done) {
      logLines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const databaseUrl = await createTestDatabase();
  app = await buildApp({
    config: parseConfig({ UWE_UI_DIR: '/nonexistent' }),
    databaseUrl,
    secret: TEST_SECRET,
    livePollMs: 50,
    // As server.ts logs, but everything down to trace and into memory.
    logger: { level: 'trace', stream, serializers: logSerializers, redact: logRedact },
  });
  await migrateToLatest(app.db);
  await app.ready();

  // Morning: the admin sets up master data, a teacher signs in and opens the class session.
  const admin = await asAdmin(app);
  const area = await admin.sozialraum();
  const school = await admin.school(area.id);
  const wave = await admin.wave();
  const teacher = await createStaff(app, 'teacher', { schoolIds: [school.id] });
  seen.cookies.push(admin.cookie.split('=')[1]!, teacher.cookie.split('=')[1]!);
  const opened = await app.inject({
    method: 'POST',
    url: '/api/sessions',
    headers: { cookie: teacher.cookie },
    payload: { waveId: wave.id, schoolId: school.id, grade: 7, classLabel: CLASS_LABEL, expectedPupils: 11 },
  });
  expect(opened.statusCode).toBe(201);
  const session = opened.json() as { id: string; code: string; codeDisplay: string };
  seen.codes.push(session.code, session.codeDisplay);

  // Eleven pupils join; ten answer and finish, one changes their mind and withdraws.
  const pupil = (token: string, method: 'PUT' | 'DELETE' | 'GET', url: string, payload?: object) =>
    app.inject({
      method,
      url,
      headers: { ...PUPIL_HEADERS, authorization: `Bearer ${token}` },
      remoteAddress: IP_PROBE,
      ...(payload ? { payload } : {}),
    });
  for (let i = 0; i < 11; i++) {
    const joined = await app.inject({
      method: 'POST',
      url: '/api/pupil/join',
      headers: PUPIL_HEADERS,
      // With a trusted proxy this would be the client; untrusted, it is the socket address.
      remoteAddress: IP_PROBE,
      payload: { code: i % 2 ? session.codeDisplay.toLowerCase() : session.code },
    });
    expect(joined.statusCode).toBe(201);
    const token = joined.json().token as string;
    seen.tokens.push(token);
    expect((await pupil(token, 'GET', '/api/pupil/instrument/uwe-2026')).statusCode).toBe(200);
    const answers = answersFor(i + 1);
    const save = (revision: number, a: object, complete: boolean) =>
      pupil(token, 'PUT', '/api/pupil/response', { answers: a, language: 'de', page: revision, revision, complete });
    const [firstItem, firstValue] = Object.entries(answers)[0]!;
    expect((await save(1, { [firstItem]: firstValue }, false)).statusCode).toBe(200);
    expect((await save(2, answers, false)).statusCode).toBe(200);
    if (i === 10) {
      expect((await pupil(token, 'DELETE', '/api/pupil/response')).statusCode).toBe(204);
    } else {
      expect((await save(3, answers, true)).json()).toMatchObject({ status: 'finished' });
      finishedAnswers.push(answers);
    }
  }

  // Afternoon: the teacher looks at the counts and closes the session.
  const got = await app.inject({
    method: 'GET',
    url: `/api/sessions/${session.id}`,
    headers: { cookie: teacher.cookie },
  });
  expect(got.json()).toMatchObject({ counts: { finished: 10, withdrawn: 1 } });
  const closed = await app.inject({
    method: 'POST',
    url: `/api/sessions/${session.id}/close`,
    headers: { cookie: teacher.cookie },
  });
  expect(closed.statusCode).toBe(200);
  // Evening: two children without a tablet answered on paper. The teacher types the sheets in (one
  // mistyped and undone, one typed twice as double entry), from the same address as the tablets.
  const paperUrl = `/api/sessions/${session.id}/paper`;
  const staff = (method: 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) =>
    app.inject({
      method,
      url,
      headers: { ...PUPIL_HEADERS, cookie: teacher.cookie },
      remoteAddress: IP_PROBE,
      ...(payload ? { payload } : {}),
    });
  const typed = answersFor(20);
  expect((await staff('POST', paperUrl, { answers: typed, language: 'de' })).statusCode).toBe(201);
  const mistyped = await staff('POST', paperUrl, { answers: answersFor(21), language: 'de' });
  expect((await staff('DELETE', `${paperUrl}/${mistyped.json().sheetId}`)).statusCode).toBe(200);
  const twice = answersFor(22);
  for (const pass of [1, 2]) {
    expect((await staff('PUT', `${paperUrl}/double/1/${pass}`, { answers: twice, language: 'de' })).statusCode).toBe(
      200,
    );
  }
  expect((await staff('POST', `${paperUrl}/double/commit`)).json()).toMatchObject({ committed: 1 });
  paperAnswers.push(typed, twice);
  // A wrong code and a refused save leave traces in the log too; they must be as clean.
  await app.inject({ method: 'POST', url: '/api/pupil/join', headers: PUPIL_HEADERS, payload: { code: 'ZZZ-ZZZ' } });
  await pupil(seen.tokens[0]!, 'PUT', '/api/pupil/response', {
    answers: { x: TEXT_ANSWER },
    language: 'de',
    page: 0,
    revision: 9,
    complete: false,
  });
}, 60_000);

afterAll(() => app?.close());

/** Every value of every column of every table, as text, with where it was found. */
async function everyValue() {
  const columns = await sql<{ table_name: string; column_name: string }>`
    select c.table_name, c.column_name from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
    order by c.table_name, c.ordinal_position`.execute(app.db);
  const values: { where: string; value: string }[] = [];
  for (const { table_name: t, column_name: c } of columns.rows) {
    const { rows } = await sql.raw<{ v: string | null }>(`select "${c}"::text as v from "${t}"`).execute(app.db);
    for (const r of rows) if (r.v !== null) values.push({ where: `${t}.${c}`, value: r.v });
  }
  return values;
}

const IPV4 = /(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.])/;
const IPV6 = /(?:^|[^0-9a-f:])(?:[0-9a-f]{1,4}:){3,7}[0-9a-f]{1,4}(?:$|[^0-9a-f:])|::(?:ffff|1)\b/i;

describe('after a school day, the database', () => {
  it('holds all ten finished responses, the withdrawal and the two paper sheets, and nothing more', async () => {
    const all = await app.db.selectFrom('response').select(['status', 'answers', 'mode']).execute();
    const paper = all.filter((r) => r.mode === 'paper');
    expect(paper.map((r) => r.answers)).toEqual(expect.arrayContaining(paperAnswers));
    expect(paper.map((r) => r.status)).toEqual(['finished', 'finished']);
    expect(await app.db.selectFrom('paper_entry').selectAll().execute()).toEqual([]);
    const rows = all.filter((r) => r.mode === 'tablet').map(({ status, answers }) => ({ status, answers }));
    expect(rows.filter((r) => r.status === 'finished')).toHaveLength(10);
    expect(rows.filter((r) => r.status === 'withdrawn')).toEqual([{ status: 'withdrawn', answers: {} }]);
    expect(rows.filter((r) => r.status === 'finished').map((r) => r.answers)).toEqual(
      expect.arrayContaining(finishedAnswers),
    );
  });

  it('stores no client address, user agent or seat token anywhere', async () => {
    const values = await everyValue();
    expect(values.length).toBeGreaterThan(100);
    const hits = values.filter(
      ({ value }) =>
        value.includes(IP_PROBE) ||
        value.includes('127.0.0.1') ||
        value.includes(UA_PROBE) ||
        value.includes('eyJ') ||
        IPV4.test(value) ||
        IPV6.test(value),
    );
    expect(hits).toEqual([]);
  });

  it('keeps the class label in survey_session.class_label only', async () => {
    const hits = (await everyValue()).filter(({ value }) => value.includes(CLASS_LABEL)).map((h) => h.where);
    expect(hits).toEqual(['survey_session.class_label']);
  });

  it('keeps no time of day next to answers: the response table has dates only', async () => {
    const { rows } = await sql<{ column_name: string; data_type: string }>`
      select column_name, data_type from information_schema.columns
      where table_schema = 'public' and table_name = 'response'`.execute(app.db);
    const types = rows.map((r) => r.data_type);
    expect(types).toContain('date');
    expect(types.filter((t) => /time/i.test(t))).toEqual([]);
    // And no other table keys a timestamp to a seat: the seat id lives only in response.
    const seatIds = (await app.db.selectFrom('response').select('seat_id').execute()).map((r) => r.seat_id);
    const elsewhere = (await everyValue()).filter(
      ({ where, value }) => where !== 'response.seat_id' && seatIds.some((id) => value.includes(id)),
    );
    expect(elsewhere).toEqual([]);
  });
});

describe('after a school day, the logs', () => {
  it('were written at all (so the checks below mean something)', () => {
    expect(logLines.length).toBeGreaterThan(50);
    expect(logLines.some((l) => l.includes('/api/pupil/response'))).toBe(true);
  });

  it('contain no address, user agent, token, cookie, class code, class label or answer', () => {
    const forbidden = [
      IP_PROBE,
      '127.0.0.1',
      UA_PROBE,
      CLASS_LABEL,
      TEXT_ANSWER,
      'eyJ',
      ...seen.tokens,
      ...seen.cookies,
      ...seen.codes,
      seen.codes[1]!.toLowerCase(),
    ];
    const hits = logLines.flatMap((line) => forbidden.filter((f) => line.includes(f)).map((f) => `${f} in ${line}`));
    expect(hits).toEqual([]);
    // No body at all: neither the answers object nor its items.
    const items = Object.keys(finishedAnswers[0]!).map((id) => `"${id}"`);
    expect(logLines.filter((l) => l.includes('"answers"') || items.some((id) => l.includes(id)))).toEqual([]);
  });
});
