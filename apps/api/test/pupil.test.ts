import { exampleResponse, getBuiltinInstrument } from '@uwe/schema';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classroom, createTestApp, TEST_SECRET, type TestContext } from './helpers.ts';

let ctx: TestContext;
let room: Awaited<ReturnType<typeof classroom>>;
beforeAll(async () => {
  ctx = await createTestApp();
  room = await classroom(ctx.app);
});
afterAll(() => ctx.app.close());

const instrument = getBuiltinInstrument('uwe-2026')!;

/** A valid answer to every item of the grade; `seed` varies the choices between children. */
function fullAnswers(grade: 4 | 7 | 9, seed = 1) {
  let s = seed;
  return exampleResponse(instrument, grade, (n) => {
    s = (s * 48271) % 2147483647;
    return s % n;
  });
}

const join = (code: string) => ctx.app.inject({ method: 'POST', url: '/api/pupil/join', payload: { code } });
const save = (token: string, body: Record<string, unknown>) =>
  ctx.app.inject({
    method: 'PUT',
    url: '/api/pupil/response',
    headers: { authorization: `Bearer ${token}` },
    payload: { answers: {}, language: 'de', page: 0, revision: 1, complete: false, ...body },
  });
const responseRow = (seatId: string) =>
  ctx.app.db.selectFrom('response').selectAll().where('seat_id', '=', seatId).executeTakeFirst();
const seatIdOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).sub as string;

async function seat(code: string) {
  const res = await join(code);
  expect(res.statusCode).toBe(201);
  return res.json().token as string;
}

describe('POST /api/pupil/join', () => {
  it('gives an anonymous seat token, the instrument form for the grade, and the languages', async () => {
    const s = await room.openSession({ grade: 4 });
    const res = await join(s.code);
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.instrument).toEqual({ id: 'uwe-2026', form: 'grade4' });
    expect(body.languages.map((l: { code: string }) => l.code)).toEqual(
      expect.arrayContaining(['de', 'ar', 'tr', 'uk']),
    );
    expect(body.languages.find((l: { code: string }) => l.code === 'ar').dir).toBe('rtl');
    const claims = JSON.parse(Buffer.from(body.token.split('.')[1], 'base64url').toString());
    expect(claims).toMatchObject({ aud: 'pupil', sid: s.id });
    expect(claims.sub).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    // Nothing about the child, and the token outlives the session by the grace period.
    expect(Object.keys(claims).sort()).toEqual(['aud', 'exp', 'iss', 'sid', 'sub']);
    expect(claims.exp * 1000 - Date.parse(s.closesAt)).toBeCloseTo(12 * 3_600_000, -4);
    expect(Date.parse(body.expiresAt)).toBe(claims.exp * 1000);
    const joined = await ctx.app.inject({
      method: 'GET',
      url: `/api/sessions/${s.id}`,
      headers: { cookie: room.teacher.cookie },
    });
    expect(joined.json().counts.joined).toBe(1);
  });

  it('reads the code with or without the dash and in any case', async () => {
    const s = await room.openSession();
    for (const variant of [
      s.code,
      s.code.toLowerCase(),
      s.codeDisplay,
      s.codeDisplay.toLowerCase(),
      ` ${s.codeDisplay} `,
    ]) {
      expect((await join(variant)).statusCode).toBe(201);
    }
  });

  it('answers 404 for an unknown code and 410 for a closed session', async () => {
    const unknown = await join('ZZZ-ZZZ');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('SESSION_NOT_FOUND');
    expect((await join('K7M-4Q0')).statusCode).toBe(404);
    const s = await room.openSession();
    await ctx.app.inject({
      method: 'POST',
      url: `/api/sessions/${s.id}/close`,
      headers: { cookie: room.teacher.cookie },
    });
    const closed = await join(s.code);
    expect(closed.statusCode).toBe(410);
    expect(closed.json().code).toBe('SESSION_CLOSED');
  });

  it('caps seats at the pupils present plus a margin (409 SESSION_FULL), even when all join at once', async () => {
    const s = await room.openSession({ expectedPupils: 5 });
    const results = await Promise.all(Array.from({ length: 12 }, () => join(s.code)));
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes.filter((c) => c === 201)).toHaveLength(7);
    expect(codes.filter((c) => c === 409)).toHaveLength(5);
    expect(results.find((r) => r.statusCode === 409)!.json().code).toBe('SESSION_FULL');
    // Raising the number of pupils present lets the next child in.
    await ctx.app.inject({
      method: 'PATCH',
      url: `/api/sessions/${s.id}`,
      headers: { cookie: room.teacher.cookie },
      payload: { expectedPupils: 6 },
    });
    expect((await join(s.code)).statusCode).toBe(201);
  });

  it('rate-limits wrong codes per address but never a class joining with the right one, even afterwards', async () => {
    const app = (await createTestApp()).app;
    try {
      const r = await classroom(app);
      const s = await r.openSession({ expectedPupils: 40 });
      const ok = await Promise.all(
        Array.from({ length: 40 }, () =>
          app.inject({ method: 'POST', url: '/api/pupil/join', payload: { code: s.code } }),
        ),
      );
      expect(ok.every((x) => x.statusCode === 201)).toBe(true);
      const wrong: number[] = [];
      for (let i = 0; i < 31; i++) {
        wrong.push(
          (await app.inject({ method: 'POST', url: '/api/pupil/join', payload: { code: 'QQQQQQ' } })).statusCode,
        );
      }
      expect(wrong.slice(0, 30).every((c) => c === 404)).toBe(true);
      expect(wrong[30]).toBe(429);
      // The right code still joins: a prankster cannot lock out the school behind the same address.
      const still = await app.inject({ method: 'POST', url: '/api/pupil/join', payload: { code: s.code } });
      expect(still.statusCode).toBe(201);
    } finally {
      await app.close();
    }
  });
});

describe('PUT /api/pupil/response', () => {
  it('autosaves, and a stale revision never overwrites newer answers', async () => {
    const s = await room.openSession();
    const token = await seat(s.code);
    const r2 = await save(token, { answers: { opt_1: 4, hap_1: 5 }, page: 2, revision: 2 });
    expect(r2.json()).toEqual({ status: 'in_progress', revision: 2, applied: true });
    const r1 = await save(token, { answers: { opt_1: 1 }, page: 1, revision: 1 });
    expect(r1.statusCode).toBe(200);
    expect(r1.json()).toEqual({ status: 'in_progress', revision: 2, applied: false });
    const same = await save(token, { answers: { opt_1: 2 }, revision: 2 });
    expect(same.json().applied).toBe(false);
    const row = await responseRow(seatIdOf(token));
    expect(row).toMatchObject({
      answers: { opt_1: 4, hap_1: 5 },
      page: 2,
      revision: 2,
      status: 'in_progress',
      grade: 7,
      finished_on: null,
    });
    expect(row!.started_on).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('finishes once; the same finish again is confirmed, any change afterwards is refused', async () => {
    const s = await room.openSession();
    const token = await seat(s.code);
    const answers = fullAnswers(7);
    const done = await save(token, { answers, revision: 5, complete: true, page: 20 });
    expect(done.json()).toEqual({ status: 'finished', revision: 5, applied: true });
    const again = await save(token, { answers, revision: 5, complete: true, page: 20 });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ status: 'finished', revision: 5, applied: false });
    const later = await save(token, { answers: { ...answers, opt_1: 1 }, revision: 6, complete: true });
    expect(later.statusCode).toBe(409);
    expect(later.json().code).toBe('RESPONSE_FINISHED');
    const autosave = await save(token, { answers, revision: 7 });
    expect(autosave.statusCode).toBe(409);
    const row = await responseRow(seatIdOf(token));
    expect(row).toMatchObject({ status: 'finished', revision: 5, answers });
    expect(row!.finished_on).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('leaves exactly one finished row when 50 identical finishes arrive at once', async () => {
    const s = await room.openSession();
    const token = await seat(s.code);
    const answers = fullAnswers(7, 3);
    const results = await Promise.all(
      Array.from({ length: 50 }, () => save(token, { answers, revision: 9, complete: true })),
    );
    expect(results.map((r) => r.statusCode)).toEqual(Array(50).fill(200));
    expect(results.filter((r) => r.json().applied)).toHaveLength(1);
    const rows = await ctx.app.db.selectFrom('response').selectAll().where('session_id', '=', s.id).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'finished', answers });
  });

  it('keeps 200 seats finishing at the same moment as 200 finished rows', async () => {
    const s = await room.openSession({ expectedPupils: 40 });
    // 200 seats: five classes' worth of seat tokens, signed directly (the join cap is tested above).
    const tokens: string[] = [];
    for (let i = 0; i < 200; i++)
      tokens.push((await ctx.app.tokens.signSeat(s.id, new Date(Date.now() + 3_600_000))).token);
    const results = await Promise.all(
      tokens.map((t, i) => save(t, { answers: fullAnswers(7, i + 1), revision: 3, complete: true })),
    );
    expect(results.every((r) => r.statusCode === 200 && r.json().applied)).toBe(true);
    const n = await ctx.app.db
      .selectFrom('response')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('session_id', '=', s.id)
      .where('status', '=', 'finished')
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(200);
  });

  it('accepts uploads from seats of a closed session until the token expires', async () => {
    const s = await room.openSession();
    const token = await seat(s.code);
    await ctx.app.inject({
      method: 'POST',
      url: `/api/sessions/${s.id}/close`,
      headers: { cookie: room.teacher.cookie },
    });
    expect((await join(s.code)).statusCode).toBe(410);
    const res = await save(token, { answers: { opt_1: 3 }, revision: 1, complete: true });
    expect(res.statusCode).toBe(200);
    expect(res.json().status).toBe('finished');
  });

  it('refuses invalid answers with 422 naming every offending item, and writes nothing', async () => {
    const s = await room.openSession({ grade: 4 });
    const token = await seat(s.code);
    const grade7only = instrument.catalogue.items.find((i) => !i.grades.includes(4))!.id;
    const res = await save(token, {
      answers: { opt_1: 9, hap_1: 'viel', no_such_item: 1, [grade7only]: 1 },
      revision: 1,
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('INVALID_ANSWERS');
    const ids = res
      .json()
      .items.map((e: { itemId: string }) => e.itemId)
      .sort();
    expect(ids).toEqual(['hap_1', 'no_such_item', 'opt_1', grade7only].sort());
    expect(await responseRow(seatIdOf(token))).toBeUndefined();
  });

  it('refuses a follow-up answer whose filter answer was not given', async () => {
    const s = await room.openSession();
    const token = await seat(s.code);
    const followUp = instrument.catalogue.items.find((i) => i.followUpOf && i.grades.includes(7))!;
    const res = await save(token, {
      answers: { [followUp.id]: followUp.answerScale === 'multi' ? [followUp.choices![0]!.code] : 1 },
      revision: 1,
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().items[0].itemId).toBe(followUp.id);
  });

  it('refuses unknown languages, malformed bodies and oversized bodies with stable codes', async () => {
    const s = await room.openSession();
    const token = await seat(s.code);
    expect((await save(token, { language: 'xx' })).json().code).toBe('VALIDATION_FAILED');
    expect((await save(token, { revision: 0 })).statusCode).toBe(400);
    expect((await save(token, { revision: 'eins' })).statusCode).toBe(400);
    expect((await save(token, { extra: true })).statusCode).toBe(400);
    const huge = await save(token, { answers: { free_text: 'x'.repeat(70_000) } });
    expect(huge.statusCode).toBe(413);
    expect(huge.json().code).toBe('PAYLOAD_TOO_LARGE');
    expect(await responseRow(seatIdOf(token))).toBeUndefined();
  });

  it('refuses forged, expired, foreign-audience and alg:none tokens with 401, and staff cookies', async () => {
    const s = await room.openSession();
    const key = new TextEncoder().encode(TEST_SECRET);
    const base = () =>
      new SignJWT({ sid: s.id }).setProtectedHeader({ alg: 'HS256' }).setSubject(crypto.randomUUID()).setIssuer('uwe');
    const expired = await base()
      .setAudience('pupil')
      .setExpirationTime(Math.floor(Date.now() / 1000) - 10)
      .sign(key);
    const staffAud = await base().setAudience('staff').setExpirationTime('1h').sign(key);
    const forged = await base()
      .setAudience('pupil')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('x'.repeat(40)));
    const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(
      JSON.stringify({ sid: s.id, sub: crypto.randomUUID(), aud: 'pupil', iss: 'uwe', exp: 9999999999 }),
    ).toString('base64url')}.`;
    expect((await save(expired, {})).json().code).toBe('TOKEN_EXPIRED');
    for (const t of [staffAud, forged, none, 'garbage']) {
      const r = await save(t, {});
      expect(r.statusCode).toBe(401);
    }
    const cookieOnly = await ctx.app.inject({
      method: 'PUT',
      url: '/api/pupil/response',
      headers: { cookie: room.teacher.cookie },
      payload: { answers: {}, language: 'de', page: 0, revision: 1, complete: false },
    });
    expect(cookieOnly.statusCode).toBe(401);
    // And a seat token is no key to staff routes.
    const token = await seat(s.code);
    const staff = await ctx.app.inject({
      method: 'GET',
      url: '/api/sessions',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(staff.statusCode).toBe(401);
  });
});

describe('DELETE /api/pupil/response', () => {
  it('deletes the answers and counts the seat as withdrawn; nothing can be saved afterwards', async () => {
    const s = await room.openSession();
    const token = await seat(s.code);
    await save(token, { answers: { opt_1: 2, sad_1: 5 }, revision: 3 });
    const del = await ctx.app.inject({
      method: 'DELETE',
      url: '/api/pupil/response',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(del.statusCode).toBe(204);
    const row = await responseRow(seatIdOf(token));
    expect(row).toMatchObject({ status: 'withdrawn', answers: {} });
    const again = await ctx.app.inject({
      method: 'DELETE',
      url: '/api/pupil/response',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(again.statusCode).toBe(204);
    const late = await save(token, { answers: { opt_1: 2 }, revision: 4 });
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe('RESPONSE_WITHDRAWN');
    const counts = (
      await ctx.app.inject({ method: 'GET', url: `/api/sessions/${s.id}`, headers: { cookie: room.teacher.cookie } })
    ).json().counts;
    expect(counts).toMatchObject({ joined: 1, answering: 0, finished: 0, withdrawn: 1 });
  });

  it('works before anything was saved, and not after finishing', async () => {
    const s = await room.openSession();
    const early = await seat(s.code);
    expect(
      (
        await ctx.app.inject({
          method: 'DELETE',
          url: '/api/pupil/response',
          headers: { authorization: `Bearer ${early}` },
        })
      ).statusCode,
    ).toBe(204);
    const finished = await seat(s.code);
    await save(finished, { answers: { opt_1: 2 }, revision: 1, complete: true });
    const del = await ctx.app.inject({
      method: 'DELETE',
      url: '/api/pupil/response',
      headers: { authorization: `Bearer ${finished}` },
    });
    expect(del.statusCode).toBe(409);
  });
});
