import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { exampleResponse, getBuiltinInstrument } from '@uwe/schema';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../src/app.ts';
import { parseConfig } from '../src/config.ts';
import { type EmbeddedServer, startEmbeddedPostgres } from '../src/db/embedded.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { classroom, createStaff, createTestApp, TEST_SECRET, type TestContext } from './helpers.ts';

const instrument = getBuiltinInstrument('uwe-2026')!;
function answersFor(seed: number) {
  let s = seed;
  return exampleResponse(instrument, 7, (n) => {
    s = (s * 48271) % 2147483647;
    return s % n;
  });
}

describe('two tabs of one seat at the same moment', () => {
  let ctx: TestContext;
  let room: Awaited<ReturnType<typeof classroom>>;
  beforeAll(async () => {
    ctx = await createTestApp();
    room = await classroom(ctx.app);
  });
  afterAll(() => ctx.app.close());

  const seat = async (code: string) =>
    (await ctx.app.inject({ method: 'POST', url: '/api/pupil/join', payload: { code } })).json().token as string;
  const save = (token: string, answers: object, revision: number, complete: boolean) =>
    ctx.app.inject({
      method: 'PUT',
      url: '/api/pupil/response',
      headers: { authorization: `Bearer ${token}` },
      payload: { answers, language: 'de', page: revision, revision, complete },
    });

  it('finishing with different answers and revisions: one finish wins, the other is refused, never mixed', async () => {
    const s = await room.openSession({ expectedPupils: 40 });
    for (let round = 0; round < 20; round++) {
      const token = await seat(s.code);
      const a = answersFor(2 * round + 1);
      const b = answersFor(2 * round + 2);
      const [ra, rb] = await Promise.all([save(token, a, 3, true), save(token, b, 4, true)]);
      const results = [ra, rb].map((r) => [r.statusCode, r.json().code ?? r.json().applied]);
      expect(results.sort()).toEqual([
        [200, true],
        [409, 'RESPONSE_FINISHED'],
      ]);
      const winner = ra.statusCode === 200 ? a : b;
      const rows = await ctx.app.db
        .selectFrom('response')
        .select(['status', 'answers', 'revision'])
        .where('seat_id', '=', JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).sub)
        .execute();
      expect(rows).toEqual([{ status: 'finished', answers: winner, revision: ra.statusCode === 200 ? 3 : 4 }]);
    }
  });

  it('a stale autosave racing the finish never reopens or changes the finished answers', async () => {
    const s = await room.openSession({ expectedPupils: 40 });
    for (let round = 0; round < 20; round++) {
      const token = await seat(s.code);
      const done = answersFor(100 + round);
      const [finish, autosave] = await Promise.all([save(token, done, 3, true), save(token, {}, 2, false)]);
      expect(finish.json()).toMatchObject({ status: 'finished', applied: true });
      // Either it landed before the finish (and was overwritten by it) or it was refused after it.
      expect([200, 409]).toContain(autosave.statusCode);
      const row = await ctx.app.db
        .selectFrom('response')
        .select(['status', 'answers'])
        .where('seat_id', '=', JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).sub)
        .executeTakeFirst();
      expect(row).toEqual({ status: 'finished', answers: done });
    }
  });
});

describe('PostgreSQL restarting while a class saves and finishes', () => {
  let dir: string;
  let server: EmbeddedServer | undefined;
  let app: App | undefined;
  afterAll(async () => {
    await app?.close().catch(() => {});
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('loses no answer and doubles none: 100 seats, each retried through the outage', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'uwe-faults-pg-'));
    // Not ephemeral: the restart must find the same cluster (and, since it is free, the same port).
    server = await startEmbeddedPostgres(dir);
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    await admin.query('create database faults');
    await admin.end();
    const url = new URL(server.url);
    url.pathname = '/faults';
    app = await buildApp({
      config: parseConfig({ UWE_UI_DIR: '/nonexistent' }),
      databaseUrl: url.toString(),
      secret: TEST_SECRET,
    });
    await migrateToLatest(app.db);
    await app.ready();
    const a = app;

    const room = await classroom(a);
    const sessions = await Promise.all([0, 1, 2].map(() => room.openSession({ expectedPupils: 34 })));
    const seats: string[] = [];
    for (let i = 0; i < 100; i++) {
      const res = await a.inject({ method: 'POST', url: '/api/pupil/join', payload: { code: sessions[i % 3]!.code } });
      expect(res.statusCode).toBe(201);
      seats.push(res.json().token);
    }

    const unexpected: string[] = [];
    let outageErrors = 0;
    const deadline = Date.now() + 30_000;
    /** A tablet: send, and on 5xx wait a little and send the same again. */
    async function send(token: string, body: object) {
      for (let attempt = 0; ; attempt++) {
        const res = await a.inject({
          method: 'PUT',
          url: '/api/pupil/response',
          headers: { authorization: `Bearer ${token}` },
          payload: body,
        });
        if (res.statusCode < 500) {
          if (res.statusCode !== 200) unexpected.push(`${res.statusCode} ${res.body}`);
          return res.json();
        }
        if (res.statusCode === 503 && res.json().code === 'DATABASE_UNAVAILABLE') outageErrors++;
        else unexpected.push(`${res.statusCode} ${res.body}`);
        if (Date.now() > deadline) throw new Error('gave up retrying');
        await sleep(Math.min(50 * 2 ** attempt, 500) + Math.random() * 50);
      }
    }
    const expected = seats.map((_, i) => answersFor(i + 1));
    const clients = seats.map(async (token, i) => {
      const answers = expected[i]!;
      const first = Object.fromEntries(Object.entries(answers).slice(0, 5));
      await sleep(Math.random() * 400);
      await send(token, { answers: first, language: 'de', page: 1, revision: 1, complete: false });
      await sleep(Math.random() * 400);
      await send(token, { answers, language: 'de', page: 2, revision: 2, complete: false });
      await sleep(Math.random() * 400);
      return send(token, { answers, language: 'de', page: 3, revision: 3, complete: true });
    });

    // Mid-way the database goes away and comes back on the same data.
    await sleep(300);
    await server.stop();
    await sleep(1_000);
    const before = server.url;
    server = await startEmbeddedPostgres(dir);
    expect(server.url).toBe(before);

    const results = await Promise.all(clients);
    expect(unexpected).toEqual([]);
    expect(results.every((r) => r.status === 'finished')).toBe(true);
    // The outage really happened while clients were saving.
    expect(outageErrors).toBeGreaterThan(0);

    const rows = await a.db.selectFrom('response').select(['seat_id', 'status', 'revision', 'answers']).execute();
    expect(rows).toHaveLength(100);
    expect(rows.every((r) => r.status === 'finished' && r.revision === 3)).toBe(true);
    const bySeat = new Map(rows.map((r) => [r.seat_id, r.answers]));
    seats.forEach((token, i) => {
      const seatId = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).sub as string;
      expect(bySeat.get(seatId)).toEqual(expected[i]);
    });
  }, 60_000);
});

/** The PostgreSQL server of a cluster folder and the backends it started. */
function clusterProcesses(dataDir: string): number[] {
  const postmaster = Number(readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
  const children = readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .filter((p) => {
      try {
        return Number(readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1]?.split(' ')[1]) === postmaster;
      } catch {
        return false;
      }
    })
    .map(Number);
  return [postmaster, ...children];
}

describe('PostgreSQL frozen (every process stopped, connections open but silent)', () => {
  let dir: string;
  let server: EmbeddedServer | undefined;
  let app: App | undefined;
  let frozen: number[] = [];
  afterAll(async () => {
    for (const pid of frozen) {
      try {
        process.kill(pid, 'SIGCONT');
      } catch {}
    }
    await app?.close().catch(() => {});
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('health answers 503 within 1 s and a save fails fast with the retryable 503; both recover', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'uwe-frozen-pg-'));
    server = await startEmbeddedPostgres(dir, { ephemeral: true });
    app = await buildApp({
      config: parseConfig({ UWE_UI_DIR: '/nonexistent' }),
      databaseUrl: server.url,
      secret: TEST_SECRET,
    });
    await migrateToLatest(app.db);
    await app.ready();
    const a = app;
    const room = await classroom(a);
    const s = await room.openSession();
    const token = (await a.inject({ method: 'POST', url: '/api/pupil/join', payload: { code: s.code } })).json().token;
    const save = (revision: number) =>
      a.inject({
        method: 'PUT',
        url: '/api/pupil/response',
        headers: { authorization: `Bearer ${token}` },
        payload: { answers: { opt_1: 3 }, language: 'de', page: 0, revision, complete: false },
      });
    expect((await save(1)).statusCode).toBe(200);
    expect((await a.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);

    frozen = clusterProcesses(dir);
    for (const pid of frozen) process.kill(pid, 'SIGSTOP');

    let t = Date.now();
    const health = await a.inject({ method: 'GET', url: '/api/health' });
    expect(health.statusCode).toBe(503);
    expect(Date.now() - t).toBeLessThan(1_000);

    t = Date.now();
    const saved = await save(2);
    expect([saved.statusCode, saved.json().code]).toEqual([503, 'DATABASE_UNAVAILABLE']);
    expect(Date.now() - t).toBeLessThan(8_000);

    for (const pid of frozen) process.kill(pid, 'SIGCONT');
    frozen = [];
    const until = Date.now() + 20_000;
    let again = await save(3);
    while (again.statusCode !== 200 && Date.now() < until) {
      await sleep(200);
      again = await save(3);
    }
    expect(again.statusCode).toBe(200);
    expect((await a.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
  }, 60_000);
});

describe('a request body trickling in', () => {
  it('is cut off after the request timeout instead of holding the connection forever', async () => {
    const ctx = await createTestApp();
    const app = await buildApp({
      config: parseConfig({ UWE_UI_DIR: '/nonexistent' }),
      databaseUrl: ctx.databaseUrl,
      secret: TEST_SECRET,
      httpTimeouts: { requestMs: 1_500, headersMs: 1_000, checkIntervalMs: 250 },
    });
    await ctx.app.close();
    await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const { port } = app.server.address() as AddressInfo;
      const socket = net.connect(port, '127.0.0.1');
      await new Promise((r) => socket.once('connect', r));
      let answer = '';
      socket.on('data', (d) => (answer += d));
      const closed = new Promise<number>((r) => socket.once('close', () => r(Date.now())));
      const start = Date.now();
      socket.write(
        'POST /api/pupil/join HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{',
      );
      // One byte every 300 ms: never idle long enough for an idle timeout, never done.
      const drip = setInterval(() => socket.writable && socket.write(' '), 300);
      const end = await Promise.race([closed, sleep(6_000).then(() => -1)]);
      clearInterval(drip);
      socket.destroy();
      expect(end).toBeGreaterThan(0);
      expect(end - start).toBeLessThan(4_000);
      expect(answer).toMatch(/^HTTP\/1.1 408/);
    } finally {
      await app.close();
    }
  });

  it('has timeouts by default: the whole request within 60 s, headers within 15 s', async () => {
    const ctx = await createTestApp();
    try {
      await ctx.app.listen({ port: 0, host: '127.0.0.1' });
      expect(ctx.app.server.requestTimeout).toBe(60_000);
      expect(ctx.app.server.headersTimeout).toBe(15_000);
    } finally {
      await ctx.app.close();
    }
  });
});

describe('the embedded PostgreSQL killed with SIGKILL', () => {
  let dir: string;
  let server: EmbeddedServer | undefined;
  let app: App | undefined;
  afterAll(async () => {
    await app?.close().catch(() => {});
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('is restarted by its supervisor, and the API recovers without anybody doing anything', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'uwe-killed-pg-'));
    // Kept data with PostgreSQL's safe durability settings, as users run it (the throw-away test
    // settings, synchronous_commit=off, may lose the last commits in a crash).
    server = await startEmbeddedPostgres(dir);
    app = await buildApp({
      config: parseConfig({ UWE_UI_DIR: '/nonexistent' }),
      databaseUrl: server.url,
      secret: TEST_SECRET,
    });
    await migrateToLatest(app.db);
    await app.ready();
    const a = app;
    expect((await a.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
    await createStaff(a, 'admin', { email: 'before-the-kill@example.org' });
    const [postmaster] = clusterProcesses(dir);
    process.kill(postmaster!, 'SIGKILL');

    // Down for a moment…
    const deadline = Date.now() + 45_000;
    let sawDown = false;
    let status = 0;
    while (Date.now() < deadline) {
      status = (await a.inject({ method: 'GET', url: '/api/health' })).statusCode;
      if (status === 503) sawDown = true;
      if (sawDown && status === 200) break;
      await sleep(200);
    }
    // …and back, on the same data, without a restart of the API.
    expect(sawDown).toBe(true);
    expect(status).toBe(200);
    const [again] = clusterProcesses(dir);
    expect(again).not.toBe(postmaster);
    // The data survived: an account created before the kill is still there.
    const users = await a.db.selectFrom('staff_user').select('email').execute();
    expect(users.map((u) => u.email)).toContain('before-the-kill@example.org');
  }, 60_000);
});
