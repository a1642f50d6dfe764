import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { exampleResponse, getBuiltinInstrument } from '@uwe/schema';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from './helpers.ts';

const apiDir = fileURLToPath(new URL('..', import.meta.url));
const instrument = getBuiltinInstrument('uwe-2026')!;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

let api: ChildProcess | undefined;
afterAll(() => {
  api?.kill('SIGKILL');
});

/** Starts the real server process on a database of its own and resolves once it listens. */
function startApi(databaseUrl: string, port: number): Promise<ChildProcess> {
  // One process (no tsx wrapper), so SIGKILL really kills the server.
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: apiDir,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      NODE_ENV: 'production',
      LOG_LEVEL: 'error',
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      UWE_SECRET: 'process-fault-secret-0123456789-abcdef',
      UWE_DEMO: '1',
      UWE_UI_DIR: '/nonexistent',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (out += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`API did not start:\n${out}`)), 45_000);
    child.stdout?.on('data', () => {
      if (out.includes('running at')) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.once('exit', (code) => reject(new Error(`API exited with ${code}:\n${out}`)));
  });
}

let retries = 0;

/** A tablet's client: retries on anything but an answer, with a little backoff, for up to 40 s. */
async function send(base: string, method: string, url: string, body: unknown, headers: Record<string, string> = {}) {
  const deadline = Date.now() + 40_000;
  for (let attempt = 0; ; attempt++) {
    try {
      const res = await fetch(`${base}${url}`, {
        method,
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
      if (res.status < 500)
        return { status: res.status, body: (await res.json().catch(() => null)) as Record<string, string> };
    } catch {
      // The server is away (killed): try again.
    }
    if (Date.now() > deadline) throw new Error(`${method} ${url} kept failing`);
    retries++;
    await sleep(Math.min(2000, 100 * 2 ** attempt));
  }
}

describe('the API process killed and restarted under load', () => {
  it('loses and doubles nothing: 100 seats finish exactly once with their answers', async () => {
    const databaseUrl = await createTestDatabase();
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    api = await startApi(databaseUrl, port);

    // Three demo-city classes of 40 through the real HTTP API, as a teacher would open them.
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@musterstadt.example', password: 'uwe-demo-2026' }),
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const get = async (url: string) =>
      (await (await fetch(`${base}${url}`, { headers: { cookie } })).json()) as { id: string; type?: string }[];
    const wave = (await get('/api/admin/waves'))[0]!;
    // Grade 7 below: a school that has it (not a Grundschule).
    const school = (await get('/api/admin/schools')).find((s) => s.type !== 'grundschule')!;
    const codes: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await send(
        base,
        'POST',
        '/api/sessions',
        { waveId: wave.id, schoolId: school.id, grade: 7, classLabel: `K${i}`, expectedPupils: 40 },
        { cookie },
      );
      codes.push(res.body.code!);
    }
    const tokens: string[] = [];
    for (let i = 0; i < 100; i++)
      tokens.push((await send(base, 'POST', '/api/pupil/join', { code: codes[i % 3] })).body.token!);

    const answers = tokens.map((_, i) => {
      let s = i + 7;
      return exampleResponse(instrument, 7, (n) => {
        s = (s * 48271) % 2147483647;
        return s % n;
      });
    });
    const pupils = tokens.map(async (token, i) => {
      const auth = { authorization: `Bearer ${token}` };
      const statuses: number[] = [];
      for (const [revision, complete] of [
        [1, false],
        [2, false],
        [3, true],
      ] as const) {
        await sleep(Math.random() * 300);
        const res = await send(
          base,
          'PUT',
          '/api/pupil/response',
          { answers: answers[i], language: 'de', page: revision, revision, complete },
          auth,
        );
        statuses.push(res.status);
      }
      return statuses;
    });

    // Mid-lesson the process dies without warning and comes back on the same port.
    await sleep(250);
    api.kill('SIGKILL');
    await new Promise((r) => api!.once('exit', r));
    await sleep(500);
    api = await startApi(databaseUrl, port);

    const statuses = await Promise.all(pupils);
    expect(statuses.flat().every((s) => s === 200)).toBe(true);
    // The outage really hit requests in flight.
    expect(retries).toBeGreaterThan(0);

    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ status: string; answers: unknown; revision: number }>(
        `select r.status, r.answers, r.revision from response r join survey_session s on s.id = r.session_id where s.class_label like 'K%'`,
      );
      expect(rows).toHaveLength(100);
      expect(rows.every((r) => r.status === 'finished' && r.revision === 3)).toBe(true);
      // jsonb orders keys its own way: compare with sorted keys.
      const canon = (o: object) =>
        JSON.stringify(Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b))));
      const stored = rows.map((r) => canon(r.answers as object)).sort();
      expect(stored).toEqual(answers.map(canon).sort());
    } finally {
      await client.end();
    }
  }, 120_000);
});
