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
  const config = parseConfig({ UWE_UI_DIR: '/nonexistent', ...env });
  const app = await buildApp({ config, databaseUrl, secret: TEST_SECRET });
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
