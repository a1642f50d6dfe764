import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { InjectOptions } from 'fastify';
import { SignJWT } from 'jose';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { parseConfig } from '../src/config.ts';
import { prepareDatabase } from '../src/db/roles.ts';
import { classroom, createStaff, createTestApp, createTestDatabase, TEST_SECRET, type TestContext } from './helpers.ts';

let ctx: TestContext;
let room: Awaited<ReturnType<typeof classroom>>;
beforeAll(async () => {
  ctx = await createTestApp();
  room = await classroom(ctx.app);
});
afterAll(() => ctx.app.close());

const key = new TextEncoder().encode(TEST_SECRET);
const inject = (opts: InjectOptions) => ctx.app.inject(opts);
const countRows = async () => {
  const { rows } = await sql<{ n: string }>`
    select (select count(*) from sozialraum) + (select count(*) from school) + (select count(*) from wave)
      + (select count(*) from staff_user) + (select count(*) from survey_session)
      + (select count(*) from instrument_version) as n`.execute(ctx.app.db);
  return Number(rows[0]!.n);
};

async function joinSeat(code: string) {
  const res = await inject({ method: 'POST', url: '/api/pupil/join', payload: { code } });
  expect(res.statusCode).toBe(201);
  return res.json().token as string;
}

/** Every write an admin can do, with a body that would succeed for an admin. */
function adminWrites() {
  const uid = crypto.randomUUID().slice(0, 8);
  return [
    { method: 'POST' as const, url: '/api/admin/sozialraeume', payload: { name: `Esc ${uid}` } },
    { method: 'PATCH' as const, url: `/api/admin/sozialraeume/${room.area.id}`, payload: { name: `Esc2 ${uid}` } },
    { method: 'POST' as const, url: '/api/admin/schools', payload: { name: `Esc ${uid}`, sozialraumId: room.area.id } },
    { method: 'PATCH' as const, url: `/api/admin/schools/${room.school.id}`, payload: { active: false } },
    {
      method: 'POST' as const,
      url: '/api/admin/waves',
      payload: {
        name: `Esc ${uid}`,
        instrumentId: 'uwe-2026',
        grades: [7],
        startsOn: '2026-01-01',
        endsOn: '2026-02-01',
      },
    },
    { method: 'PATCH' as const, url: `/api/admin/waves/${room.wave.id}`, payload: { status: 'closed' } },
    {
      method: 'POST' as const,
      url: '/api/admin/users',
      payload: { email: `esc-${uid}@example.org`, password: 'long enough password', role: 'admin' },
    },
    { method: 'PATCH' as const, url: `/api/admin/users/${room.teacher.user.id}`, payload: { role: 'admin' } },
    {
      method: 'POST' as const,
      url: '/api/admin/schools/import',
      payload: `name;sozialraum\nEsc ${uid};${room.area.name}`,
      headers: { 'content-type': 'text/csv' },
    },
    { method: 'POST' as const, url: '/api/instruments', payload: { id: `esc-${uid}` } },
  ];
}

describe('tokens', () => {
  it('refuse a seat token, a foreign issuer, another algorithm and a token without expiry as the staff cookie', async () => {
    const { user, cookie } = await createStaff(ctx.app, 'admin');
    // A forged token must still name a real sign-in: take the one of the real cookie.
    const jti = JSON.parse(Buffer.from(cookie.split('=')[1]!.split('.')[1]!, 'base64url').toString()).jti as string;
    const s = await room.openSession();
    const seat = await joinSeat(s.code);
    const staff = (o: { iss?: string; alg?: string; exp?: boolean } = {}) => {
      const jwt = new SignJWT({ v: 0 })
        .setJti(jti)
        .setProtectedHeader({ alg: o.alg ?? 'HS256' })
        .setSubject(user.id)
        .setAudience('staff')
        .setIssuer(o.iss ?? 'uwe');
      return (o.exp === false ? jwt : jwt.setExpirationTime('1h')).sign(key);
    };
    // Sanity: the same construction with the right claims is accepted.
    const good = await inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { cookie: `uwe_session=${await staff()}` },
    });
    expect(good.statusCode).toBe(200);

    const tokens = [seat, await staff({ iss: 'not-uwe' }), await staff({ alg: 'HS512' }), await staff({ exp: false })];
    for (const t of tokens) {
      const res = await inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: `uwe_session=${t}` } });
      expect([res.statusCode, res.json().code]).toEqual([401, 'TOKEN_INVALID']);
    }
    // A staff token is only a cookie: sent as a bearer header it opens nothing.
    const bearer = await inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { authorization: `Bearer ${await staff()}` },
    });
    expect(bearer.statusCode).toBe(401);
  });

  it('refuse a staff token, a foreign issuer, another algorithm and a token without expiry as a seat', async () => {
    const s = await room.openSession();
    const seatToken = (o: { iss?: string; alg?: string; exp?: boolean } = {}) => {
      const jwt = new SignJWT({ sid: s.id })
        .setProtectedHeader({ alg: o.alg ?? 'HS256' })
        .setSubject(crypto.randomUUID())
        .setAudience('pupil')
        .setIssuer(o.iss ?? 'uwe');
      return (o.exp === false ? jwt : jwt.setExpirationTime('1h')).sign(key);
    };
    const staffCookieValue = room.teacher.cookie.split('=')[1]!;
    const save = (t: string) =>
      inject({
        method: 'PUT',
        url: '/api/pupil/response',
        headers: { authorization: `Bearer ${t}` },
        payload: { answers: {}, language: 'de', page: 0, revision: 1, complete: false },
      });
    expect((await save(await seatToken())).statusCode).toBe(200);
    for (const t of [
      staffCookieValue,
      await seatToken({ iss: 'evil' }),
      await seatToken({ alg: 'HS384' }),
      await seatToken({ exp: false }),
    ]) {
      const res = await save(t);
      expect([res.statusCode, res.json().code]).toEqual([401, 'TOKEN_INVALID']);
    }
    // Nothing was stored for any refused token.
    const rows = await ctx.app.db.selectFrom('response').select('seat_id').where('session_id', '=', s.id).execute();
    expect(rows).toHaveLength(1);
  });

  it('a seat token opens no staff route, and a staff cookie opens no pupil route', async () => {
    const s = await room.openSession();
    const seat = await joinSeat(s.code);
    const before = await countRows();
    for (const w of adminWrites()) {
      const res = await inject({ ...w, headers: { ...w.headers, authorization: `Bearer ${seat}` } });
      expect(res.statusCode, `${w.method} ${w.url}`).toBe(401);
    }
    for (const url of ['/api/sessions', `/api/sessions/${s.id}`, '/api/admin/users', '/api/auth/me']) {
      expect((await inject({ method: 'GET', url, headers: { authorization: `Bearer ${seat}` } })).statusCode).toBe(401);
    }
    // A seat token presented next to a valid staff cookie is refused too, so no token mixes roles.
    const mixed = await inject({
      method: 'GET',
      url: '/api/sessions',
      headers: { cookie: room.teacher.cookie, authorization: `Bearer ${seat}` },
    });
    expect(mixed.statusCode).toBe(401);
    for (const [method, url] of [
      ['DELETE', '/api/pupil/response'],
      ['GET', '/api/pupil/instrument/uwe-2026'],
    ] as const) {
      const res = await inject({ method, url, headers: { cookie: room.admin.cookie } });
      expect(res.statusCode).toBe(401);
    }
    expect(await countRows()).toBe(before);
  });
});

describe('roles', () => {
  it('keep teachers and monitoring staff out of every admin write, writing nothing', async () => {
    const monitor = await createStaff(ctx.app, 'monitor');
    const before = await countRows();
    const teacherBefore = await ctx.app.db
      .selectFrom('staff_user')
      .select(['role', 'session_version'])
      .where('id', '=', room.teacher.user.id)
      .executeTakeFirstOrThrow();
    for (const cookie of [room.teacher.cookie, monitor.cookie]) {
      for (const w of adminWrites()) {
        const res = await inject({ ...w, headers: { ...w.headers, cookie } });
        expect([res.statusCode, res.json().code], `${w.method} ${w.url}`).toEqual([403, 'FORBIDDEN']);
      }
    }
    expect(await countRows()).toBe(before);
    const school = await ctx.app.db
      .selectFrom('school')
      .select('active')
      .where('id', '=', room.school.id)
      .executeTakeFirstOrThrow();
    expect(school.active).toBe(true);
    expect(
      await ctx.app.db
        .selectFrom('staff_user')
        .select(['role', 'session_version'])
        .where('id', '=', room.teacher.user.id)
        .executeTakeFirstOrThrow(),
    ).toEqual(teacherBefore);
  });

  it('keep monitoring staff away from class sessions, and a teacher from another school’s session', async () => {
    const monitor = await createStaff(ctx.app, 'monitor');
    const s = await room.openSession();
    const res = await inject({
      method: 'POST',
      url: '/api/sessions',
      headers: { cookie: monitor.cookie },
      payload: { waveId: room.wave.id, schoolId: room.school.id, grade: 7, classLabel: '7c', expectedPupils: 20 },
    });
    expect(res.statusCode).toBe(403);
    const other = await createStaff(ctx.app, 'teacher', { schoolIds: [] });
    for (const r of [
      { method: 'PATCH' as const, url: `/api/sessions/${s.id}`, payload: { expectedPupils: 30 } },
      { method: 'POST' as const, url: `/api/sessions/${s.id}/close` },
    ]) {
      for (const cookie of [monitor.cookie, other.cookie]) {
        expect((await inject({ ...r, headers: { cookie } })).statusCode).toBe(403);
      }
    }
    const row = await ctx.app.db.selectFrom('survey_session').selectAll().where('id', '=', s.id).executeTakeFirst();
    expect(row?.closed_at).toBeNull();
    expect(row?.expected_pupils).toBe(20);
  });
});

describe('cross-site requests', () => {
  it('refuse a state-changing staff request from a foreign Origin with 403, and write nothing', async () => {
    const before = await countRows();
    const body = { waveId: room.wave.id, schoolId: room.school.id, grade: 7, classLabel: '7x', expectedPupils: 20 };
    for (const origin of [
      'https://evil.example',
      'http://localhost:80.evil.example',
      'null',
      'http://localhost:8080',
    ]) {
      const res = await inject({
        method: 'POST',
        url: '/api/sessions',
        headers: { cookie: room.teacher.cookie, origin },
        payload: body,
      });
      expect([res.statusCode, res.json().code], origin).toEqual([403, 'FORBIDDEN']);
      const admin = await inject({
        method: 'POST',
        url: '/api/admin/sozialraeume',
        headers: { cookie: room.admin.cookie, origin },
        payload: { name: `CSRF ${origin}` },
      });
      expect(admin.statusCode).toBe(403);
    }
    expect(await countRows()).toBe(before);
    // The app's own origin is welcome.
    const own = await inject({
      method: 'POST',
      url: '/api/sessions',
      headers: { cookie: room.teacher.cookie, host: 'uwe.example', origin: 'https://uwe.example' },
      payload: body,
    });
    expect(own.statusCode).toBe(201);
  });
});

describe('SQL injection', () => {
  const evil = [
    "'); drop table school; --",
    "x' or '1'='1",
    'Robert"); DROP TABLE response;--',
    "\\'; select pg_sleep(5); --",
  ];

  it('stores hostile strings verbatim in every text field and executes none of them', async () => {
    for (const [i, s] of evil.entries()) {
      const area = await room.admin.sozialraum({ name: s, district: s });
      expect(area.name).toBe(s);
      const school = await room.admin.school(area.id, { name: `${s} ${i}` });
      expect(school.name).toBe(`${s} ${i}`);
      const wave = await room.admin.wave({ name: `${s} ${i}` });
      expect(wave.name).toBe(`${s} ${i}`);
      const session = await room.openSession({ classLabel: s.slice(0, 40) });
      const got = await inject({
        method: 'GET',
        url: `/api/sessions/${session.id}`,
        headers: { cookie: room.teacher.cookie },
      });
      expect(got.json().classLabel).toBe(s.slice(0, 40));
      const user = await inject({
        method: 'POST',
        url: '/api/admin/users',
        headers: { cookie: room.admin.cookie },
        payload: { email: `o'hara${i}@example.org`, password: 'long enough password', role: 'monitor', displayName: s },
      });
      expect(user.statusCode).toBe(201);
      expect(user.json().displayName).toBe(s);
      // Where the format forbids them, they are refused with a client error.
      const code = await inject({
        method: 'POST',
        url: '/api/admin/sozialraeume',
        headers: { cookie: room.admin.cookie },
        payload: { name: `with code ${i}`, code: s },
      });
      expect(code.statusCode).toBe(400);
      for (const [url, payload] of [
        ['/api/auth/login', { email: s, password: s }],
        ['/api/pupil/join', { code: s.slice(0, 20) }],
      ] as const) {
        const res = await inject({ method: 'POST', url, payload, remoteAddress: `10.0.0.${i + 1}` });
        expect(res.statusCode).toBeGreaterThanOrEqual(400);
        expect(res.statusCode).toBeLessThan(500);
      }
      const audit = await inject({
        method: 'GET',
        url: `/api/admin/audit?action=${encodeURIComponent(s)}&entity=${encodeURIComponent(s)}`,
        headers: { cookie: room.admin.cookie },
      });
      expect([audit.statusCode, audit.json()]).toEqual([200, []]);
    }
    const csv = `name;sozialraum;typ\n"${evil[0]!.replaceAll('"', '""')} CSV";${room.area.name};grundschule\n`;
    const imported = await inject({
      method: 'POST',
      url: '/api/admin/schools/import',
      headers: { cookie: room.admin.cookie, 'content-type': 'text/csv' },
      payload: csv,
    });
    expect(imported.statusCode).toBe(201);
    expect(imported.json().schools[0].name).toBe(`${evil[0]} CSV`);

    const tables = await sql<{ table_name: string }>`
      select table_name from information_schema.tables where table_schema = 'public'`.execute(ctx.app.db);
    expect(tables.rows.map((r) => r.table_name)).toEqual(
      expect.arrayContaining(['school', 'response', 'sozialraum', 'survey_session', 'staff_user', 'audit_log']),
    );
    const stored = await ctx.app.db.selectFrom('school').select('name').where('name', '=', `${evil[0]} CSV`).execute();
    expect(stored).toHaveLength(1);
  });
});

describe('static files', () => {
  let root: string;
  let ui: TestContext;
  const SECRET = 'TOP-SECRET-do-not-serve-4711';
  beforeAll(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'uwe-static-'));
    mkdirSync(path.join(root, 'ui', 'assets'), { recursive: true });
    writeFileSync(path.join(root, 'ui', 'index.html'), '<!doctype html><title>UWE</title><div id="root"></div>');
    writeFileSync(path.join(root, 'ui', 'assets', 'app-abc123.js'), 'console.log("app")');
    writeFileSync(path.join(root, 'secret.txt'), SECRET);
    ui = await createTestApp({ UWE_UI_DIR: path.join(root, 'ui') });
  });
  afterAll(async () => {
    await ui.app.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('never serve a file outside the front end’s folder', async () => {
    const urls = [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/%2E%2E/secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/assets/%2e%2e/%2e%2e/secret.txt',
      '/assets/..%5c..%5csecret.txt',
      '/..%2fsecret.txt',
      '/%2e%2e%2fsecret.txt',
      '/assets/....//....//secret.txt',
      '/..;/secret.txt',
      '//secret.txt',
      '/%252e%252e/secret.txt',
      '/assets/%00../../secret.txt',
      '/ui/../secret.txt',
    ];
    for (const url of urls) {
      const res = await ui.app.inject({ method: 'GET', url });
      expect(res.body, url).not.toContain(SECRET);
      expect(res.statusCode, url).toBeLessThan(500);
    }
    // The folder itself is served.
    const asset = await ui.app.inject({ method: 'GET', url: '/assets/app-abc123.js' });
    expect(asset.statusCode).toBe(200);
  });

  it('send the security headers with the app shell: a strict CSP, nosniff, no referrer, no framing', async () => {
    for (const url of ['/', '/lehrkraft', '/admin/sozialraeume', '/monitoring?wave=1', '/druck']) {
      const res = await ui.app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('text/html');
      const csp = String(res.headers['content-security-policy']);
      const directives = Object.fromEntries(
        csp.split(';').map((d) => {
          const [name, ...values] = d.trim().split(/\s+/);
          return [name, values];
        }),
      );
      expect(directives['script-src']).toEqual(["'self'"]);
      expect(directives['default-src']).toEqual(["'self'"]);
      expect(directives['frame-ancestors']).toEqual(["'none'"]);
      expect(directives['object-src']).toEqual(["'none'"]);
      expect(csp).not.toMatch(/script-src[^;]*unsafe-(inline|eval)/);
      // Styles: stylesheets only from us; inline only what SurveyJS needs, on the pages that load it.
      expect(directives['style-src']).toEqual(["'self'"]);
      expect(directives['style-src-elem']).toEqual(["'self'", "'unsafe-inline'"]);
      expect(directives['style-src-attr']).toEqual([
        url === '/' || url.startsWith('/druck') ? "'unsafe-inline'" : "'none'",
      ]);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    }
    // API answers carry them too (a JSON error page is no place for a script either).
    const api = await ui.app.inject({ method: 'GET', url: '/api/nothing-here' });
    expect(api.headers['x-content-type-options']).toBe('nosniff');
    expect(String(api.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
  });
});

describe('school imports of any size', () => {
  it('import thousands of schools in batches, and refuse more than the documented maximum with 413, never a 500', async () => {
    const area = await room.admin.sozialraum();
    const csv = (n: number, prefix: string) =>
      `name;sozialraum;typ\n${Array.from({ length: n }, (_, i) => `${prefix} ${i};${area.name};grundschule`).join('\n')}\n`;
    const post = (payload: string) =>
      inject({
        method: 'POST',
        url: '/api/admin/schools/import',
        headers: { cookie: room.admin.cookie, 'content-type': 'text/csv' },
        payload,
      });
    const big = await post(csv(4_500, 'Massenschule'));
    expect(big.statusCode).toBe(201);
    expect(big.json().created).toBe(4_500);
    // 30,000 rows: 90,000 parameters in one INSERT was a 500 from PostgreSQL.
    const huge = await post(csv(30_000, 'Riesenschule'));
    expect([huge.statusCode, huge.json().code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    expect(huge.json().message).toContain('5000');
    const tooBig = await post(`name;sozialraum\n${'x'.repeat(3 * 1024 * 1024)};${area.name}\n`);
    expect([tooBig.statusCode, tooBig.json().code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    const stored = await ctx.app.db
      .selectFrom('school')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('name', 'like', 'Riesenschule%')
      .executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBe(0);
  });
});

describe('least privilege', () => {
  it('keeps the list of staff accounts from monitoring staff', async () => {
    const monitor = await createStaff(ctx.app, 'monitor');
    const res = await inject({ method: 'GET', url: '/api/admin/users', headers: { cookie: monitor.cookie } });
    expect([res.statusCode, res.json().code]).toEqual([403, 'FORBIDDEN']);
    expect(
      (await inject({ method: 'GET', url: '/api/admin/users', headers: { cookie: room.admin.cookie } })).statusCode,
    ).toBe(200);
  });

  it('switches /api/docs off when told (UWE_API_DOCS=0)', async () => {
    const off = await createTestApp({ NODE_ENV: 'production', UWE_API_DOCS: '0' });
    try {
      for (const url of ['/api/docs', '/api/docs/json', '/api/docs/static/index.html']) {
        expect((await off.app.inject({ method: 'GET', url })).statusCode, url).toBe(404);
      }
    } finally {
      await off.app.close();
    }
  });

  it('runs requests as a role that is no superuser, owns nothing and can only read and write the tables', async () => {
    const ownerUrl = await createTestDatabase();
    const prepared = await prepareDatabase(ownerUrl, TEST_SECRET);
    expect(prepared.role).toBe('uwe_app');
    expect(new URL(prepared.appUrl).username).toBe('uwe_app');
    const client = new pg.Client({ connectionString: prepared.appUrl });
    await client.connect();
    try {
      const me = await client.query(
        'select rolsuper, rolcreatedb, rolcreaterole, rolbypassrls from pg_roles where rolname = current_user',
      );
      expect(me.rows[0]).toEqual({ rolsuper: false, rolcreatedb: false, rolcreaterole: false, rolbypassrls: false });
      const owned = await client.query(
        `select count(*)::int as n from pg_class c join pg_roles r on r.oid = c.relowner where r.rolname = current_user`,
      );
      expect(owned.rows[0].n).toBe(0);
      // Reading and writing the app's tables works…
      await client.query(`insert into sozialraum (name) values ('Rollen-Test')`);
      await client.query(`delete from sozialraum where name = 'Rollen-Test'`);
      // …changing the schema, the migration bookkeeping or other roles does not.
      for (const statement of [
        'create table evil (x int)',
        'drop table response',
        'alter table response add column ip text',
        'truncate audit_log',
        'select * from kysely_migration',
        'create role evil',
        'alter role uwe_app superuser',
      ]) {
        await expect(client.query(statement), statement).rejects.toThrow(
          /permission denied|must be|not have|privilege/i,
        );
      }
    } finally {
      await client.end();
    }
    // And the app works on it: health, login, a class joining and saving.
    const app = await buildApp({
      config: parseConfig({ UWE_UI_DIR: '/nonexistent' }),
      databaseUrl: prepared.appUrl,
      secret: TEST_SECRET,
    });
    try {
      await app.ready();
      expect((await app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
      const r = await classroom(app);
      const s = await r.openSession();
      const join = await app.inject({ method: 'POST', url: '/api/pupil/join', payload: { code: s.code } });
      expect(join.statusCode).toBe(201);
      const save = await app.inject({
        method: 'PUT',
        url: '/api/pupil/response',
        headers: { authorization: `Bearer ${join.json().token}` },
        payload: { answers: { opt_1: 1 }, language: 'de', page: 0, revision: 1, complete: true },
      });
      expect(save.statusCode).toBe(200);
      const close = await app.inject({
        method: 'POST',
        url: `/api/sessions/${s.id}/close`,
        headers: { cookie: r.teacher.cookie },
      });
      expect(close.statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });
});
