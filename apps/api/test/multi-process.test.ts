/**
 * Several processes on one PostgreSQL, as a large city runs it: two API processes (A and B) with
 * no worker of their own and one worker process. A school day runs across them: the session opens
 * on A, children join on B, their saves alternate between A and B, A's live stream shows the
 * counts saved through B, the release is built by the worker, and the report is read on B.
 * Nothing may be lost or doubled.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { exampleResponse, getBuiltinInstrument } from '@uwe/schema';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from './helpers.ts';

const apiDir = fileURLToPath(new URL('..', import.meta.url));
const instrument = getBuiltinInstrument('uwe-2026')!;
const SECRET = 'multi-process-secret-0123456789-abcdefgh';
const ADMIN = { email: 'admin@multi.example', password: 'multi-admin-password' };

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
});

/** Starts src/server.ts or src/worker.ts and resolves once it says it is ready. */
function start(file: string, env: Record<string, string>, ready: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', file], {
    cwd: apiDir,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      NODE_ENV: 'production',
      LOG_LEVEL: 'error',
      UWE_SECRET: SECRET,
      UWE_DEMO: '0',
      UWE_UI_DIR: '/nonexistent',
      UWE_ADMIN_EMAIL: ADMIN.email,
      UWE_ADMIN_PASSWORD: ADMIN.password,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (out += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${file} did not start:\n${out}`)), 60_000);
    child.stdout?.on('data', () => {
      if (out.includes(ready)) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.once('exit', (code) => reject(new Error(`${file} exited with ${code}:\n${out}`)));
  });
}

let databaseUrl: string;
let A: string;
let B: string;

async function call(base: string, method: string, url: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}${url}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, json: json as Record<string, unknown>, headers: res.headers };
}

async function login(base: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  expect(res.status).toBe(200);
  const cookie = res.headers.get('set-cookie') ?? '';
  return cookie.split(';')[0]!;
}

beforeAll(async () => {
  databaseUrl = await createTestDatabase();
  const [portA, portB] = [await freePort(), await freePort()];
  // A migrates the database and creates the admin; B and the worker start on the ready database.
  // A's live view never polls during the test: the counts saved through B can only reach it as
  // notifications from PostgreSQL (LISTEN/NOTIFY).
  await start(
    'src/server.ts',
    { DATABASE_URL: databaseUrl, PORT: String(portA), UWE_WORKER: 'off', UWE_LIVE_POLL_SECONDS: '3600' },
    'running at',
  );
  await Promise.all([
    start('src/server.ts', { DATABASE_URL: databaseUrl, PORT: String(portB), UWE_WORKER: 'off' }, 'running at'),
    start('src/worker.ts', { DATABASE_URL: databaseUrl }, 'worker started'),
  ]);
  A = `http://127.0.0.1:${portA}`;
  B = `http://127.0.0.1:${portB}`;
}, 120_000);

/** Reads `session` events of a live stream until `done` says so. */
async function watch(base: string, cookie: string, sessionId: string, done: (s: SessionCounts) => boolean) {
  const ac = new AbortController();
  const res = await fetch(`${base}/api/sessions/${sessionId}/live`, { headers: { cookie }, signal: ac.signal });
  expect(res.status).toBe(200);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const seen: SessionCounts[] = [];
  return {
    seen,
    until: (async () => {
      for (;;) {
        const { value, done: ended } = await reader.read();
        if (ended) throw new Error('live stream ended early');
        buffer += decoder.decode(value, { stream: true });
        for (let i = buffer.indexOf('\n\n'); i >= 0; i = buffer.indexOf('\n\n')) {
          const event = buffer.slice(0, i);
          buffer = buffer.slice(i + 2);
          const data = event.split('\n').find((l) => l.startsWith('data: '));
          if (!event.startsWith('event: session') || !data) continue;
          const session = JSON.parse(data.slice(6)) as SessionCounts;
          seen.push(session);
          if (done(session)) {
            ac.abort();
            return session;
          }
        }
      }
    })(),
  };
}

interface SessionCounts {
  status: string;
  counts: { joined: number; answering: number; finished: number };
}

describe('two API processes and a worker on one PostgreSQL', () => {
  it('run a school day across them with nothing lost or doubled', { timeout: 180_000 }, async () => {
    const adminA = await login(A, ADMIN.email, ADMIN.password);
    // A staff sign-in made on A is valid on B (shared secret, sessions in PostgreSQL).
    expect((await call(B, 'GET', '/api/auth/me', undefined, { cookie: adminA })).status).toBe(200);

    const area = await call(A, 'POST', '/api/admin/sozialraeume', { name: 'Mitte' }, { cookie: adminA });
    expect(area.status).toBe(201);
    const school = await call(
      B,
      'POST',
      '/api/admin/schools',
      { name: 'Gesamtschule Mitte', sozialraumId: area.json.id, type: 'gesamtschule' },
      { cookie: adminA },
    );
    expect(school.status).toBe(201);
    const wave = await call(
      A,
      'POST',
      '/api/admin/waves',
      {
        name: 'Welle Mehrprozess',
        instrumentId: 'uwe-2026',
        grades: [7],
        startsOn: '2026-01-01',
        endsOn: '2026-12-31',
        status: 'in_field',
      },
      { cookie: adminA },
    );
    expect(wave.status).toBe(201);
    const teacherUser = await call(
      B,
      'POST',
      '/api/admin/users',
      {
        email: 'lehrkraft@multi.example',
        password: 'lehrkraft-password-1',
        role: 'teacher',
        displayName: 'Lehrkraft',
        schoolIds: [school.json.id],
      },
      { cookie: adminA },
    );
    expect(teacherUser.status).toBe(201);
    const teacher = await login(B, 'lehrkraft@multi.example', 'lehrkraft-password-1');

    // The session opens on A; A's live stream watches it.
    const pupils = 24;
    const session = await call(
      A,
      'POST',
      '/api/sessions',
      {
        waveId: wave.json.id,
        schoolId: school.json.id,
        grade: 7,
        classLabel: '7a',
        expectedPupils: pupils,
        enrolledPupils: 26,
      },
      { cookie: teacher },
    );
    expect(session.status).toBe(201);
    const sessionId = session.json.id as string;
    const live = await watch(A, teacher, sessionId, (s) => s.counts.finished === pupils);

    // Children join on B and save alternately on A and B: three saves each, the last one finishing.
    const tokens: string[] = [];
    for (let i = 0; i < pupils; i++) {
      const joined = await call(B, 'POST', '/api/pupil/join', { code: session.json.code });
      expect(joined.status).toBe(201);
      tokens.push(joined.json.token as string);
    }
    const finalAnswers = tokens.map((_, i) => {
      let s = i + 1;
      return exampleResponse(instrument, 7, (n) => {
        s = (s * 48271) % 2147483647;
        return s % n;
      });
    });
    await Promise.all(
      tokens.map(async (token, i) => {
        const answers = finalAnswers[i]!;
        const keys = Object.keys(answers);
        const partial = Object.fromEntries(keys.slice(0, Math.floor(keys.length / 2)).map((k) => [k, answers[k]]));
        const steps = [
          { answers: partial, revision: 1, complete: false },
          { answers, revision: 2, complete: false },
          { answers, revision: 3, complete: true },
        ];
        for (const [n, step] of steps.entries()) {
          const base = (i + n) % 2 === 0 ? A : B;
          const res = await call(
            base,
            'PUT',
            '/api/pupil/response',
            { ...step, language: 'de', page: n },
            { authorization: `Bearer ${token}` },
          );
          expect(res.status, JSON.stringify(res.json)).toBe(200);
        }
      }),
    );

    // A heard of every finish saved through B (LISTEN/NOTIFY), without waiting for its slow poll.
    const last = await live.until;
    expect(last.counts).toMatchObject({ joined: pupils, answering: 0, finished: pupils });

    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      const { rows } = await db.query<{ answers: Record<string, unknown>; revision: number; status: string }>(
        'select answers, revision, status from response where session_id = $1',
        [sessionId],
      );
      expect(rows).toHaveLength(pupils);
      expect(rows.every((r) => r.status === 'finished' && r.revision === 3)).toBe(true);
      const stored = rows.map((r) => JSON.stringify(Object.entries(r.answers).sort())).sort();
      const sent = finalAnswers.map((a) => JSON.stringify(Object.entries(a).sort())).sort();
      expect(stored).toEqual(sent);
    } finally {
      await db.end();
    }

    // Closed on B; the release is asked for on A and built by the worker; the report is read on B.
    expect((await call(B, 'POST', `/api/sessions/${sessionId}/close`, {}, { cookie: teacher })).status).toBe(200);
    const build = await call(A, 'POST', `/api/reports/waves/${wave.json.id}/releases`, undefined, {
      cookie: adminA,
    });
    expect(build.status).toBe(202);
    const number = build.json.number as number;
    let release: Record<string, unknown> = {};
    for (let i = 0; i < 240 && release.status !== 'ready'; i++) {
      await new Promise((r) => setTimeout(r, 500));
      release = (
        await call(B, 'GET', `/api/reports/waves/${wave.json.id}/releases/${number}`, undefined, {
          cookie: adminA,
        })
      ).json;
      expect(release.status).not.toBe('failed');
    }
    expect(release.status).toBe('ready');
    const overview = await call(B, 'GET', `/api/reports/waves/${wave.json.id}/overview?level=city`, undefined, {
      cookie: adminA,
    });
    expect(overview.status).toBe(200);
    const cells = overview.json.cells as { item: string; statistic: string; breakdown: string; value: number }[];
    const took = cells.find((c) => c.item === 'participation' && c.statistic === 'n' && c.breakdown === 'none');
    // Perturbed by the cell key method: at most D = 2 away from the 24 children who took part.
    expect(Math.abs((took?.value ?? -99) - pupils)).toBeLessThanOrEqual(2);

    // The export file was written by the worker and is served by A as stored bytes.
    const csv = await fetch(`${A}/api/reports/waves/${wave.json.id}/export.csv`, { headers: { cookie: adminA } });
    expect(csv.status).toBe(200);
    const text = await csv.text();
    expect(text.split('\n')[0]).toBe('level,unit_id,unit_name,breakdown,group,item,statistic,category,value,flag');
    expect(text).toContain('city,city,Gesamtstadt,none,all,participation,n,');
  });
});
