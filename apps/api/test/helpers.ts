import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { type App, buildApp } from '../src/app.ts';
import { type Config, parseConfig } from '../src/config.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import type { Role } from '../src/db/types.ts';
import { hashPassword } from '../src/lib/passwords.ts';
import { insertUser, setUserSchools } from '../src/users/users.repository.ts';

export const TEST_SECRET = 'test-secret-that-is-long-enough-0123456789';

/** Creates a fresh database on the run's PostgreSQL server and returns its URL. */
export async function createTestDatabase(): Promise<string> {
  const baseUrl = inject('pgUrl');
  const name = `t_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: baseUrl });
  await client.connect();
  try {
    await client.query(`create database ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export interface TestContext {
  app: App;
  databaseUrl: string;
  config: Config;
}

/** A migrated database of its own and the app built on it, as server.ts builds it (no port). */
export async function createTestApp(env: Record<string, string> = {}): Promise<TestContext> {
  const databaseUrl = await createTestDatabase();
  // The jobs (release builds, export files) run in the test's own process.
  const config = parseConfig({ UWE_UI_DIR: '/nonexistent', UWE_WORKER: 'inline', ...env });
  const app = await buildApp({ config, databaseUrl, secret: TEST_SECRET, livePollMs: 50 });
  await migrateToLatest(app.db);
  await app.ready();
  return { app, databaseUrl, config };
}

let userCounter = 0;

/** Creates a staff account and returns it with a logged-in cookie header. */
export async function createStaff(
  app: App,
  role: Role,
  overrides: { email?: string; password?: string; schoolIds?: string[]; active?: boolean } = {},
) {
  const email = overrides.email ?? `${role}${++userCounter}-${randomBytes(3).toString('hex')}@example.org`;
  const password = overrides.password ?? 'correct horse battery';
  const user = await insertUser(app.db, {
    email,
    password_hash: await hashPassword(password),
    role,
    active: overrides.active ?? true,
  });
  if (overrides.schoolIds) await setUserSchools(app.db, user.id, overrides.schoolIds);
  return { user, email, password, cookie: await login(app, email, password) };
}

export async function login(app: App, email: string, password: string): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
  if (res.statusCode !== 200) return '';
  const cookie = res.cookies.find((c) => c.name === 'uwe_session');
  return cookie ? `uwe_session=${cookie.value}` : '';
}

/** Factories through the HTTP API, as an admin would do it. */
export async function asAdmin(app: App) {
  const admin = await createStaff(app, 'admin');
  const post = async <T = Record<string, unknown>>(url: string, payload: unknown): Promise<T> => {
    const res = await app.inject({
      method: 'POST',
      url,
      payload: payload as object,
      headers: { cookie: admin.cookie },
    });
    if (res.statusCode !== 201) throw new Error(`${url} → ${res.statusCode} ${res.body}`);
    return res.json() as T;
  };
  let n = 0;
  const uid = () => `${++n}-${randomBytes(3).toString('hex')}`;
  return {
    ...admin,
    sozialraum: (o: Record<string, unknown> = {}) =>
      post<{ id: string; name: string }>('/api/admin/sozialraeume', { name: `Raum ${uid()}`, ...o }),
    school: (sozialraumId: string, o: Record<string, unknown> = {}) =>
      // 'sonstige' teaches every grade; tests that care about the school type name it.
      post<{ id: string; name: string }>('/api/admin/schools', {
        name: `Schule ${uid()}`,
        sozialraumId,
        type: 'sonstige',
        ...o,
      }),
    wave: (o: Record<string, unknown> = {}) =>
      post<{ id: string; name: string }>('/api/admin/waves', {
        name: `Welle ${uid()}`,
        instrumentId: 'uwe-2026',
        grades: [4, 7, 9],
        startsOn: '2026-01-01',
        endsOn: '2026-12-31',
        status: 'in_field',
        ...o,
      }),
  };
}

/** A school with a teacher, an in-field wave, and helpers to open sessions there. */
export async function classroom(app: App) {
  const admin = await asAdmin(app);
  const area = await admin.sozialraum();
  const school = await admin.school(area.id);
  const wave = await admin.wave();
  const teacher = await createStaff(app, 'teacher', { schoolIds: [school.id] });
  const openSession = async (o: Record<string, unknown> = {}) => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/sessions',
      headers: { cookie: teacher.cookie },
      payload: { waveId: wave.id, schoolId: school.id, grade: 7, classLabel: '7b', expectedPupils: 20, ...o },
    });
    if (res.statusCode !== 201) throw new Error(`open session → ${res.statusCode} ${res.body}`);
    return res.json() as { id: string; code: string; codeDisplay: string; closesAt: string };
  };
  return { admin, area, school, wave, teacher, openSession };
}
