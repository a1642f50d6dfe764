import { readFileSync } from 'node:fs';
import type { APIRequestContext } from '@playwright/test';
import pg from 'pg';

/** The e2e server's database (written by e2e/server.ts), to check what really reached it. */
export async function query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
  const { url } = JSON.parse(readFileSync('test-results/e2e-db.json', 'utf8')) as { url: string };
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

export async function loginAsAdmin(request: APIRequestContext): Promise<void> {
  const login = await request.post('/api/auth/login', {
    data: { email: 'e2e-admin@example.org', password: 'e2e-admin-password' },
  });
  if (!login.ok()) throw new Error(`login failed: ${login.status()}`);
}

/** Opens a class session as the e2e admin through the API, as a teacher would on the projector page. */
export async function openSession(
  request: APIRequestContext,
  opts: { grade?: 4 | 7 | 9; expectedPupils?: number; waveId?: string } = {},
): Promise<{ id: string; code: string; codeDisplay: string }> {
  await loginAsAdmin(request);
  const waves = (await (await request.get('/api/admin/waves')).json()) as { id: string; name: string }[];
  const schools = (await (await request.get('/api/admin/schools')).json()) as { id: string; name: string }[];
  const grade = opts.grade ?? 7;
  const school = schools.find((s) => s.name === (grade === 4 ? 'Grundschule Sonnenschein' : 'Gesamtschule Nord'))!;
  const res = await request.post('/api/sessions', {
    data: {
      waveId: opts.waveId ?? waves.find((w) => w.name === 'UWE 2026 (Demo)')!.id,
      schoolId: school.id,
      grade,
      classLabel: `E2E ${Date.now()}`,
      expectedPupils: opts.expectedPupils ?? 10,
    },
  });
  if (res.status() !== 201) throw new Error(`open session failed: ${res.status()} ${await res.text()}`);
  return res.json();
}

export async function responsesOf(sessionId: string) {
  return query<{ status: string; answers: Record<string, unknown>; language: string; revision: number }>(
    'select status, answers, language, revision from response where session_id = $1',
    [sessionId],
  );
}
