import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../src/app.ts';
import { parseConfig } from '../src/config.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { classroom, createStaff, createTestDatabase, TEST_SECRET } from './helpers.ts';

let app: App;
let base: string;
let room: Awaited<ReturnType<typeof classroom>>;
beforeAll(async () => {
  const databaseUrl = await createTestDatabase();
  app = await buildApp({
    config: parseConfig({ UWE_UI_DIR: '/nonexistent' }),
    databaseUrl,
    secret: TEST_SECRET,
    livePollMs: 50,
    liveLimits: { perStaff: 5, overall: 250 },
  });
  await migrateToLatest(app.db);
  await app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  room = await classroom(app);
});
afterAll(() => app.close());

/** Opens a live stream over real HTTP; resolves once its first event arrived. */
async function openStream(sessionId: string, cookie: string) {
  const ac = new AbortController();
  const res = await fetch(`${base}/api/sessions/${sessionId}/live`, { headers: { cookie }, signal: ac.signal });
  if (res.status !== 200) return { status: res.status, body: await res.json(), close: () => ac.abort(), ended: null };
  const reader = res.body!.getReader();
  let text = '';
  const ended = (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return text;
        text += new TextDecoder().decode(value);
      }
    } catch {
      return text;
    }
  })();
  while (!text.includes('event: session')) await sleep(10);
  return { status: 200, body: null, close: () => ac.abort(), ended };
}

async function until(check: () => boolean, ms = 5_000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not reached');
    await sleep(20);
  }
}

describe('live session streams', () => {
  it('leave nothing behind when 200 clients hang up at once, before the stream even began', async () => {
    const admin = room.admin;
    const s = await room.openSession();
    const sessions = [s, ...(await Promise.all([1, 2, 3].map(() => room.openSession())))];
    // 200 requests over 40 accounts (the per-account cap is 5), each aborted right after sending.
    const accounts = await Promise.all(Array.from({ length: 40 }, () => createStaff(app, 'admin')));
    await Promise.all(
      Array.from({ length: 200 }, async (_, i) => {
        const ac = new AbortController();
        const pending = fetch(`${base}/api/sessions/${sessions[i % 4]!.id}/live`, {
          headers: { cookie: accounts[i % 40]!.cookie },
          signal: ac.signal,
        }).catch(() => null);
        await sleep(Math.random() * 5);
        ac.abort();
        await pending;
      }),
    );
    await until(() => app.live.stats().streams === 0 && app.live.stats().channels === 0);
    // And the polls stopped with them.
    const loads = app.live.stats().loads;
    await sleep(300);
    expect(app.live.stats().loads).toBe(loads);
    expect(admin.cookie).toBeTruthy();
  });

  it('poll each session once per interval, however many streams watch it', async () => {
    const s = await room.openSession();
    const streams = await Promise.all([0, 1, 2, 3, 4].map(() => openStream(s.id, room.teacher.cookie)));
    expect(app.live.stats()).toMatchObject({ streams: 5, channels: 1 });
    const before = app.live.stats().loads;
    await sleep(500);
    const polls = app.live.stats().loads - before;
    // 500 ms at 50 ms: about 10 polls for all five streams, not 50.
    expect(polls).toBeGreaterThan(3);
    expect(polls).toBeLessThanOrEqual(12);
    // A change reaches every stream.
    await fetch(`${base}/api/pupil/join`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: s.code }),
    });
    await fetch(`${base}/api/sessions/${s.id}/close`, { method: 'POST', headers: { cookie: room.teacher.cookie } });
    const bodies = await Promise.all(streams.map((x) => x.ended));
    for (const body of bodies) {
      expect(body).toContain('"joined":1');
      expect(body).toContain('"status":"closed"');
    }
    await until(() => app.live.stats().streams === 0);
  });

  it('are capped per staff account and overall', async () => {
    const s = await room.openSession();
    const teacher = await createStaff(app, 'teacher', { schoolIds: [room.school.id] });
    const open = [];
    for (let i = 0; i < 5; i++) open.push(await openStream(s.id, teacher.cookie));
    expect(open.every((x) => x.status === 200)).toBe(true);
    const sixth = await openStream(s.id, teacher.cookie);
    expect([sixth.status, (sixth.body as { code: string }).code]).toEqual([429, 'TOO_MANY_REQUESTS']);
    // Another account is not affected by this one's cap.
    const other = await openStream(s.id, room.teacher.cookie);
    expect(other.status).toBe(200);
    for (const x of [...open, other]) x.close();
    await until(() => app.live.stats().streams === 0);
    // Room again once streams closed.
    const again = await openStream(s.id, teacher.cookie);
    expect(again.status).toBe(200);
    again.close();
    await until(() => app.live.stats().streams === 0);
  });

  it('end when the account is deactivated or signs out', async () => {
    const s = await room.openSession();
    const teacher = await createStaff(app, 'teacher', { schoolIds: [room.school.id] });
    const watcher = await createStaff(app, 'teacher', { schoolIds: [room.school.id] });
    const a = await openStream(s.id, teacher.cookie);
    const b = await openStream(s.id, watcher.cookie);
    const patch = await fetch(`${base}/api/admin/users/${teacher.user.id}`, {
      method: 'PATCH',
      headers: { cookie: room.admin.cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ active: false }),
    });
    expect(patch.status).toBe(200);
    await a.ended;
    await fetch(`${base}/api/auth/logout`, { method: 'POST', headers: { cookie: watcher.cookie } });
    await b.ended;
    await until(() => app.live.stats().streams === 0);
  });
});
