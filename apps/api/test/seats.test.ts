import { exampleResponse, getBuiltinInstrument } from '@uwe/schema';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shuffleClosedSessions } from '../src/sessions/sessions.service.ts';
import { classroom, createTestApp, type TestContext } from './helpers.ts';

let ctx: TestContext;
let room: Awaited<ReturnType<typeof classroom>>;
beforeAll(async () => {
  ctx = await createTestApp();
  room = await classroom(ctx.app);
});
afterAll(() => ctx.app.close());

const instrument = getBuiltinInstrument('uwe-2026')!;
const join = (code: string) => ctx.app.inject({ method: 'POST', url: '/api/pupil/join', payload: { code } });
const save = (token: string, answers: object, revision: number, complete: boolean) =>
  ctx.app.inject({
    method: 'PUT',
    url: '/api/pupil/response',
    headers: { authorization: `Bearer ${token}` },
    payload: { answers, language: 'de', page: revision, revision, complete },
  });
const staff = (method: 'POST' | 'GET', url: string) =>
  ctx.app.inject({ method, url, headers: { cookie: room.teacher.cookie } });
const seatIdOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).sub as string;

describe('a seat', () => {
  it('stops at the session’s actual close plus the grace period, not at the planned end', async () => {
    const s = await room.openSession();
    const token = (await join(s.code)).json().token as string;
    expect((await save(token, { opt_1: 1 }, 1, false)).statusCode).toBe(200);
    await staff('POST', `/api/sessions/${s.id}/close`);
    // Within the grace period (12 h) after the close: still fine.
    expect((await save(token, { opt_1: 2 }, 2, false)).statusCode).toBe(200);
    // The teacher closed early; the grace period counts from then. Move the close 13 h back.
    await sql`update survey_session set closes_at = now() - interval '13 hours', closed_at = now() - interval '13 hours'
      where id = ${s.id}`.execute(ctx.app.db);
    const late = await save(token, { opt_1: 3 }, 3, true);
    expect([late.statusCode, late.json().code]).toEqual([401, 'SEAT_EXPIRED']);
    const del = await ctx.app.inject({
      method: 'DELETE',
      url: '/api/pupil/response',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(del.statusCode).toBe(401);
    // The token's own expiry (planned end + grace) is still in the future: the session decided.
    const exp = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).exp as number;
    expect(exp * 1000).toBeGreaterThan(Date.now());
    const row = await ctx.app.db
      .selectFrom('response')
      .select(['answers', 'status'])
      .where('seat_id', '=', seatIdOf(token))
      .executeTakeFirst();
    expect(row).toEqual({ answers: { opt_1: 2 }, status: 'in_progress' });
  });
});

describe('"Code sperren"', () => {
  it('stops the code from giving seats while the seats already taken keep working', async () => {
    const s = await room.openSession({ expectedPupils: 20 });
    const inside = (await join(s.code)).json().token as string;
    const locked = await staff('POST', `/api/sessions/${s.id}/lock`);
    expect(locked.statusCode).toBe(200);
    expect(locked.json()).toMatchObject({ status: 'open', codeLockedAt: expect.any(String) });
    const outsider = await join(s.code);
    expect([outsider.statusCode, outsider.json().code]).toEqual([410, 'CODE_LOCKED']);
    expect(outsider.json().message).toMatch(/gesperrt/);
    expect((await save(inside, { opt_1: 1 }, 1, true)).statusCode).toBe(200);
    // Locking twice changes nothing; another school's teacher may not lock it.
    expect((await staff('POST', `/api/sessions/${s.id}/lock`)).json().codeLockedAt).toBe(locked.json().codeLockedAt);
    const other = await ctx.app.inject({
      method: 'POST',
      url: `/api/sessions/${s.id}/lock`,
      headers: { cookie: room.admin.cookie },
    });
    expect(other.statusCode).toBe(200);
    const audit = await ctx.app.inject({
      method: 'GET',
      url: '/api/admin/audit?action=lock_code',
      headers: { cookie: room.admin.cookie },
    });
    expect(audit.json().filter((e: { entityId: string }) => e.entityId === s.id)).toHaveLength(1);
  });
});

describe('the order in which children finished', () => {
  /** Ten children finishing one after another, each in its own transaction. */
  async function finishInOrder(sessionCode: string) {
    const order: string[] = [];
    for (let i = 0; i < 10; i++) {
      const token = (await join(sessionCode)).json().token as string;
      expect((await save(token, {}, 1, false)).statusCode).toBe(200);
      order.push(token);
    }
    for (const [i, token] of order.entries()) {
      const answers = exampleResponse(instrument, 7, (n) => (i * 7 + 3) % n);
      expect((await save(token, answers, 2, true)).statusCode).toBe(200);
    }
    return order.map(seatIdOf);
  }
  const physical = (sessionId: string) =>
    sql<{ seat_id: string; xmin: string }>`
      select seat_id, xmin::text as xmin from response where session_id = ${sessionId} order by ctid`
      .execute(ctx.app.db)
      .then((r) => r.rows);

  it('is gone from the table once the session is closed: neither ctid order nor xmin tells it', async () => {
    const s = await room.openSession();
    const finished = await finishInOrder(s.code);
    // Before the close the table gives it away (this is what the shuffle is for).
    const before = await physical(s.id);
    const byXmin = [...before].sort((a, b) => Number(a.xmin) - Number(b.xmin)).map((r) => r.seat_id);
    expect(byXmin).toEqual(finished);

    await staff('POST', `/api/sessions/${s.id}/close`);
    const after = await physical(s.id);
    expect(after.map((r) => r.seat_id).sort()).toEqual([...finished].sort());
    expect(after.map((r) => r.seat_id)).not.toEqual(finished);
    // One transaction wrote them all: xmin is the same for every row.
    expect(new Set(after.map((r) => r.xmin)).size).toBe(1);
    // Nothing else changed.
    const rows = await ctx.app.db.selectFrom('response').select('status').where('session_id', '=', s.id).execute();
    expect(rows.every((r) => r.status === 'finished')).toBe(true);
  });

  it('is also scrambled for sessions that closed by running out of time, and again after the grace period', async () => {
    const s = await room.openSession();
    const finished = await finishInOrder(s.code);
    await sql`update survey_session set closes_at = now() - interval '1 minute' where id = ${s.id}`.execute(ctx.app.db);
    expect(await shuffleClosedSessions(ctx.app.db, 12)).toBeGreaterThanOrEqual(1);
    const after = await physical(s.id);
    expect(after.map((r) => r.seat_id)).not.toEqual(finished);
    expect(new Set(after.map((r) => r.xmin)).size).toBe(1);
    // Done once; nothing to do until the grace period is over.
    expect(await shuffleClosedSessions(ctx.app.db, 12)).toBe(0);
    // 13 hours later: the first shuffle happened right after the close, the grace period is over.
    await sql`update survey_session set closes_at = now() - interval '13 hours',
      responses_shuffled_at = now() - interval '13 hours' + interval '1 minute' where id = ${s.id}`.execute(ctx.app.db);
    expect(await shuffleClosedSessions(ctx.app.db, 12)).toBe(1);
    expect(await shuffleClosedSessions(ctx.app.db, 12)).toBe(0);
  });
});
