import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classroom, createStaff, createTestApp, type TestContext } from './helpers.ts';

let ctx: TestContext;
let room: Awaited<ReturnType<typeof classroom>>;
beforeAll(async () => {
  ctx = await createTestApp();
  room = await classroom(ctx.app);
});
afterAll(() => ctx.app.close());

const req = (cookie: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) =>
  ctx.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload: payload as object } : {}) });

describe('POST /api/sessions', () => {
  it('opens a session with an unambiguous six-character code, a join URL and a closing time', async () => {
    const before = Date.now();
    const res = await req(room.teacher.cookie, 'POST', '/api/sessions', {
      waveId: room.wave.id,
      schoolId: room.school.id,
      grade: 4,
      classLabel: '4a',
      expectedPupils: 24,
    });
    expect(res.statusCode).toBe(201);
    const s = res.json();
    expect(s.code).toMatch(/^[2-9A-HJKMNP-Z]{6}$/);
    expect(s.codeDisplay).toBe(`${s.code.slice(0, 3)}-${s.code.slice(3)}`);
    expect(s.joinUrl).toBe(`/?code=${s.code}`);
    expect(s).toMatchObject({
      status: 'open',
      grade: 4,
      classLabel: '4a',
      expectedPupils: 24,
      seatCap: 27,
      closedAt: null,
    });
    expect(s.counts).toEqual({ joined: 0, answering: 0, finished: 0, withdrawn: 0, paper: 0 });
    const minutes = (Date.parse(s.closesAt) - before) / 60_000;
    expect(minutes).toBeGreaterThan(89);
    expect(minutes).toBeLessThan(91);
  });

  it('gives every session its own code', async () => {
    const codes = new Set<string>();
    for (let i = 0; i < 25; i++) codes.add((await room.openSession()).code);
    expect(codes.size).toBe(25);
  });

  it('refuses a school that is not the teacher’s own with 403 and writes nothing', async () => {
    const otherSchool = await room.admin.school(room.area.id);
    const res = await req(room.teacher.cookie, 'POST', '/api/sessions', {
      waveId: room.wave.id,
      schoolId: otherSchool.id,
      grade: 7,
      classLabel: '7c',
      expectedPupils: 20,
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('FORBIDDEN');
    const count = await ctx.app.db
      .selectFrom('survey_session')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('school_id', '=', otherSchool.id)
      .executeTakeFirst();
    expect(Number(count?.n)).toBe(0);
  });

  it('refuses waves out of field, grades the wave does not survey, and impossible class sizes', async () => {
    const planned = await room.admin.wave({ status: 'planned' });
    const grade4only = await room.admin.wave({ grades: [4] });
    const base = { waveId: room.wave.id, schoolId: room.school.id, grade: 7, classLabel: '7a', expectedPupils: 20 };
    expect((await req(room.teacher.cookie, 'POST', '/api/sessions', { ...base, waveId: planned.id })).statusCode).toBe(
      409,
    );
    expect(
      (await req(room.teacher.cookie, 'POST', '/api/sessions', { ...base, waveId: grade4only.id })).statusCode,
    ).toBe(422);
    expect((await req(room.teacher.cookie, 'POST', '/api/sessions', { ...base, expectedPupils: 0 })).statusCode).toBe(
      400,
    );
    expect((await req(room.teacher.cookie, 'POST', '/api/sessions', { ...base, expectedPupils: 500 })).statusCode).toBe(
      400,
    );
    expect((await req(room.teacher.cookie, 'POST', '/api/sessions', { ...base, grade: 5 })).statusCode).toBe(400);
    expect((await req(room.teacher.cookie, 'POST', '/api/sessions', { ...base, classLabel: '' })).statusCode).toBe(400);
  });

  it('refuses a grade the school type does not have, with a stable code and a German message, and writes nothing', async () => {
    const primary = await room.admin.school(room.area.id, { name: 'Grundschule Am Bach', type: 'grundschule' });
    const gymnasium = await room.admin.school(room.area.id, { name: 'Gymnasium Am Berg', type: 'gymnasium' });
    const teacher = await createStaff(ctx.app, 'teacher', { schoolIds: [primary.id, gymnasium.id] });
    const base = { waveId: room.wave.id, classLabel: 'x', expectedPupils: 20 };
    const before = await ctx.app.db.selectFrom('survey_session').select('id').execute();

    const seventh = await req(teacher.cookie, 'POST', '/api/sessions', { ...base, schoolId: primary.id, grade: 7 });
    expect(seventh.statusCode).toBe(422);
    expect(seventh.json()).toMatchObject({
      code: 'GRADE_NOT_AT_SCHOOL',
      message:
        'Grundschule Am Bach ist eine Grundschule und hat keine Klasse 7. Bitte wählen Sie Klasse 4 oder die richtige Schule.',
    });
    const fourth = await req(teacher.cookie, 'POST', '/api/sessions', { ...base, schoolId: gymnasium.id, grade: 4 });
    expect(fourth.statusCode).toBe(422);
    expect(fourth.json().code).toBe('GRADE_NOT_AT_SCHOOL');
    expect(await ctx.app.db.selectFrom('survey_session').select('id').execute()).toHaveLength(before.length);

    // The grades each school has still open.
    for (const [schoolId, grade] of [
      [primary.id, 4],
      [gymnasium.id, 7],
      [gymnasium.id, 9],
    ] as const) {
      expect((await req(teacher.cookie, 'POST', '/api/sessions', { ...base, schoolId, grade })).statusCode).toBe(201);
    }
  });

  it('is for teachers and admins only', async () => {
    const monitor = await createStaff(ctx.app, 'monitor');
    const res = await req(monitor.cookie, 'POST', '/api/sessions', {
      waveId: room.wave.id,
      schoolId: room.school.id,
      grade: 7,
      classLabel: '7a',
      expectedPupils: 20,
    });
    expect(res.statusCode).toBe(403);
    const admin = await req(room.admin.cookie, 'POST', '/api/sessions', {
      waveId: room.wave.id,
      schoolId: room.school.id,
      grade: 7,
      classLabel: '7a',
      expectedPupils: 20,
    });
    expect(admin.statusCode).toBe(201);
  });
});

describe('a teacher of another school', () => {
  it('gets 403 for everything about this school’s sessions, and does not see them in the list', async () => {
    const s = await room.openSession();
    const otherArea = await room.admin.sozialraum();
    const otherSchool = await room.admin.school(otherArea.id);
    const stranger = await createStaff(ctx.app, 'teacher', { schoolIds: [otherSchool.id] });
    expect((await req(stranger.cookie, 'GET', `/api/sessions/${s.id}`)).statusCode).toBe(403);
    expect((await req(stranger.cookie, 'GET', `/api/sessions/${s.id}/live`)).statusCode).toBe(403);
    expect((await req(stranger.cookie, 'POST', `/api/sessions/${s.id}/close`)).statusCode).toBe(403);
    expect((await req(stranger.cookie, 'PATCH', `/api/sessions/${s.id}`, { expectedPupils: 30 })).statusCode).toBe(403);
    const list = (await req(stranger.cookie, 'GET', '/api/sessions')).json();
    expect(list.map((x: { id: string }) => x.id)).not.toContain(s.id);
    const own = (await req(room.teacher.cookie, 'GET', '/api/sessions')).json();
    expect(own.map((x: { id: string }) => x.id)).toContain(s.id);
  });
});

describe('a session', () => {
  it('takes more pupils while open, never fewer', async () => {
    const s = await room.openSession({ expectedPupils: 20 });
    const up = await req(room.teacher.cookie, 'PATCH', `/api/sessions/${s.id}`, { expectedPupils: 25 });
    expect(up.statusCode).toBe(200);
    expect(up.json()).toMatchObject({ expectedPupils: 25, seatCap: 28 });
    const down = await req(room.teacher.cookie, 'PATCH', `/api/sessions/${s.id}`, { expectedPupils: 10 });
    expect(down.statusCode).toBe(422);
  });

  it('closes on request, is then closed for good, and closing again changes nothing', async () => {
    const s = await room.openSession();
    const closed = await req(room.teacher.cookie, 'POST', `/api/sessions/${s.id}/close`);
    expect(closed.statusCode).toBe(200);
    expect(closed.json().status).toBe('closed');
    expect(closed.json().closedAt).not.toBeNull();
    const again = await req(room.teacher.cookie, 'POST', `/api/sessions/${s.id}/close`);
    expect(again.json().closedAt).toBe(closed.json().closedAt);
    const raise = await req(room.teacher.cookie, 'PATCH', `/api/sessions/${s.id}`, { expectedPupils: 30 });
    expect(raise.statusCode).toBe(410);
    expect(raise.json().code).toBe('SESSION_CLOSED');
  });

  it('closes itself when its time window has passed', async () => {
    const s = await room.openSession();
    await ctx.app.db
      .updateTable('survey_session')
      .set({ closes_at: new Date(Date.now() - 1000) })
      .where('id', '=', s.id)
      .execute();
    const res = await req(room.teacher.cookie, 'GET', `/api/sessions/${s.id}`);
    expect(res.json().status).toBe('closed');
  });

  it('is logged in the audit log when opened and closed, with no class label', async () => {
    const s = await room.openSession({ classLabel: 'Geheimklasse' });
    await req(room.teacher.cookie, 'POST', `/api/sessions/${s.id}/close`);
    const audit = (await req(room.admin.cookie, 'GET', '/api/admin/audit?entity=survey_session')).json();
    const mine = audit.filter((e: { entityId: string }) => e.entityId === s.id);
    expect(mine.map((e: { action: string }) => e.action).sort()).toEqual(['close', 'open']);
    expect(JSON.stringify(audit)).not.toContain('Geheimklasse');
  });

  it('streams its counts as Server-Sent Events until it closes', async () => {
    const s = await room.openSession();
    const stream = ctx.app.inject({
      method: 'GET',
      url: `/api/sessions/${s.id}/live`,
      headers: { cookie: room.teacher.cookie },
    });
    await new Promise((r) => setTimeout(r, 150));
    await req(room.teacher.cookie, 'POST', `/api/sessions/${s.id}/close`);
    const res = await stream;
    expect(res.headers['content-type']).toContain('text/event-stream');
    const events = res.body
      .split('\n\n')
      .filter((e) => e.startsWith('event: session'))
      .map((e) => JSON.parse(e.split('\ndata: ')[1]!));
    expect(events[0]).toMatchObject({ id: s.id, status: 'open', counts: { joined: 0 } });
    expect(events.at(-1)).toMatchObject({ id: s.id, status: 'closed' });
  });
});
