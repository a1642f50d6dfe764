import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoGeometries } from '../src/seed/demo-city.ts';
import { asAdmin, createStaff, createTestApp, login, type TestContext } from './helpers.ts';

let ctx: TestContext;
let admin: Awaited<ReturnType<typeof asAdmin>>;
beforeAll(async () => {
  ctx = await createTestApp();
  admin = await asAdmin(ctx.app);
});
afterAll(() => ctx.app.close());

const as = (cookie: string) => ({
  get: (url: string) => ctx.app.inject({ method: 'GET', url, headers: { cookie } }),
  post: (url: string, payload: unknown) =>
    ctx.app.inject({ method: 'POST', url, headers: { cookie }, payload: payload as object }),
  patch: (url: string, payload: unknown) =>
    ctx.app.inject({ method: 'PATCH', url, headers: { cookie }, payload: payload as object }),
});

describe('Sozialräume', () => {
  it('are created with a boundary (201 with the new object) and listed', async () => {
    const geometry = demoGeometries()[0];
    const res = await as(admin.cookie).post('/api/admin/sozialraeume', {
      name: 'Nordstadt',
      code: 'NS1',
      district: 'Nord',
      geometry,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ name: 'Nordstadt', code: 'NS1', district: 'Nord', geometry, active: true });
    expect(res.json().id).toMatch(/^[0-9a-f-]{36}$/);
    const list = await as(admin.cookie).get('/api/admin/sozialraeume');
    expect(list.json().map((s: { name: string }) => s.name)).toContain('Nordstadt');
  });

  it('refuse a boundary that is not a WGS84 polygon, writing nothing', async () => {
    const before = (await as(admin.cookie).get('/api/admin/sozialraeume')).json().length;
    const res = await as(admin.cookie).post('/api/admin/sozialraeume', {
      name: 'UTM-Raum',
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [370000, 5710000],
            [371000, 5710000],
            [371000, 5711000],
            [370000, 5710000],
          ],
        ],
      },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().message).toContain('WGS84');
    expect((await as(admin.cookie).get('/api/admin/sozialraeume')).json().length).toBe(before);
  });

  it('refuse a duplicate name with 409, and are renamed and deactivated with PATCH', async () => {
    const a = await admin.sozialraum({ name: 'Doppelt' });
    const dup = await as(admin.cookie).post('/api/admin/sozialraeume', { name: 'doppelt' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().code).toBe('CONFLICT');
    const res = await as(admin.cookie).patch(`/api/admin/sozialraeume/${a.id}`, { name: 'Einzeln', active: false });
    expect(res.json()).toMatchObject({ name: 'Einzeln', active: false });
    const missing = await as(admin.cookie).patch('/api/admin/sozialraeume/00000000-0000-4000-8000-000000000000', {
      name: 'x',
    });
    expect(missing.statusCode).toBe(404);
  });
});

describe('roles on master data', () => {
  it('let monitoring staff read but not write, and keep teachers out of everything but their schools and the waves', async () => {
    const area = await admin.sozialraum();
    const mine = await admin.school(area.id);
    const other = await admin.school(area.id);
    const monitor = await createStaff(ctx.app, 'monitor');
    const teacher = await createStaff(ctx.app, 'teacher', { schoolIds: [mine.id] });

    expect((await as(monitor.cookie).get('/api/admin/schools')).statusCode).toBe(200);
    // Staff accounts are for admins only (least privilege).
    expect((await as(monitor.cookie).get('/api/admin/users')).statusCode).toBe(403);
    expect((await as(monitor.cookie).post('/api/admin/sozialraeume', { name: 'Nope' })).statusCode).toBe(403);
    expect((await as(monitor.cookie).patch(`/api/admin/schools/${mine.id}`, { active: false })).statusCode).toBe(403);

    const schools = (await as(teacher.cookie).get('/api/admin/schools')).json();
    expect(schools.map((s: { id: string }) => s.id)).toEqual([mine.id]);
    expect(schools.map((s: { id: string }) => s.id)).not.toContain(other.id);
    expect((await as(teacher.cookie).get('/api/admin/waves')).statusCode).toBe(200);
    expect((await as(teacher.cookie).get('/api/admin/sozialraeume')).statusCode).toBe(403);
    expect((await as(teacher.cookie).get('/api/admin/users')).statusCode).toBe(403);
    expect((await as(teacher.cookie).post('/api/admin/schools', { name: 'X', sozialraumId: area.id })).statusCode).toBe(
      403,
    );

    const anon = await ctx.app.inject({ method: 'GET', url: '/api/admin/schools' });
    expect(anon.statusCode).toBe(401);
  });
});

describe('schools', () => {
  it('are created in a Sozialraum, and refused in an unknown one', async () => {
    const area = await admin.sozialraum();
    const res = await as(admin.cookie).post('/api/admin/schools', {
      name: 'Grundschule Am Teich',
      sozialraumId: area.id,
      type: 'grundschule',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      name: 'Grundschule Am Teich',
      sozialraumId: area.id,
      type: 'grundschule',
      active: true,
    });
    const bad = await as(admin.cookie).post('/api/admin/schools', {
      name: 'Irgendwo',
      sozialraumId: '00000000-0000-4000-8000-000000000000',
    });
    expect(bad.statusCode).toBe(422);
    const badType = await as(admin.cookie).post('/api/admin/schools', {
      name: 'Irgendwo',
      sozialraumId: area.id,
      type: 'uni',
    });
    expect(badType.statusCode).toBe(400);
    expect(badType.json().code).toBe('VALIDATION_FAILED');
  });

  it('import from CSV: a preview, then all at once', async () => {
    await admin.sozialraum({ name: 'Hafen', code: 'HF' });
    const csv = 'name;sozialraum;typ\nGrundschule Möwe;Hafen;Grundschule\nGesamtschule Kai;HF;gesamtschule\n';
    const preview = await ctx.app.inject({
      method: 'POST',
      url: '/api/admin/schools/import?dryRun=true',
      headers: { cookie: admin.cookie, 'content-type': 'text/csv' },
      payload: csv,
    });
    expect(preview.statusCode).toBe(200);
    expect(preview.json()).toMatchObject({ dryRun: true, created: 0 });
    expect(preview.json().schools).toHaveLength(2);
    let names = (await as(admin.cookie).get('/api/admin/schools')).json().map((s: { name: string }) => s.name);
    expect(names).not.toContain('Grundschule Möwe');

    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/admin/schools/import',
      headers: { cookie: admin.cookie, 'content-type': 'text/csv' },
      payload: csv,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().created).toBe(2);
    names = (await as(admin.cookie).get('/api/admin/schools')).json().map((s: { name: string }) => s.name);
    expect(names).toEqual(expect.arrayContaining(['Grundschule Möwe', 'Gesamtschule Kai']));
  });

  it('import nothing when one line is bad, naming each bad line by its number', async () => {
    await admin.sozialraum({ name: 'Bergfeld' });
    const csv = [
      'name,sozialraum,typ',
      'Schule Eins,Bergfeld,grundschule',
      'Schule Zwei,Mondstadt,grundschule',
      'Schule Drei,Bergfeld,zauberschule',
      ',Bergfeld,',
    ].join('\n');
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/admin/schools/import',
      headers: { cookie: admin.cookie, 'content-type': 'text/csv' },
      payload: csv,
    });
    expect(res.statusCode).toBe(422);
    const errors = res.json().errors as { line: number; message: string }[];
    expect(errors.map((e) => e.line)).toEqual([3, 4, 5]);
    expect(errors[0]!.message).toContain('Mondstadt');
    expect(res.json().message).toContain('Zeile 3');
    const names = (await as(admin.cookie).get('/api/admin/schools')).json().map((s: { name: string }) => s.name);
    expect(names).not.toContain('Schule Eins');
  });
});

describe('waves', () => {
  it('are created with an instrument version; a period ending before it starts and an unknown instrument are refused', async () => {
    const ok = await as(admin.cookie).post('/api/admin/waves', {
      name: 'Herbst 2026',
      instrumentId: 'uwe-2026',
      grades: [7, 4],
      startsOn: '2026-10-01',
      endsOn: '2026-11-30',
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ grades: [4, 7], status: 'planned', startsOn: '2026-10-01' });
    const backwards = await as(admin.cookie).post('/api/admin/waves', {
      name: 'Rückwärts',
      instrumentId: 'uwe-2026',
      grades: [4],
      startsOn: '2026-10-01',
      endsOn: '2026-09-01',
    });
    expect(backwards.statusCode).toBe(422);
    const unknown = await as(admin.cookie).post('/api/admin/waves', {
      name: 'Fremd',
      instrumentId: 'mdi-1999',
      grades: [4],
      startsOn: '2026-10-01',
      endsOn: '2026-11-01',
    });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().message).toContain('mdi-1999');
    const grade5 = await as(admin.cookie).post('/api/admin/waves', {
      name: 'G5',
      instrumentId: 'uwe-2026',
      grades: [5],
      startsOn: '2026-10-01',
      endsOn: '2026-11-01',
    });
    expect(grade5.statusCode).toBe(400);
    const patched = await as(admin.cookie).patch(`/api/admin/waves/${ok.json().id}`, { status: 'in_field' });
    expect(patched.json().status).toBe('in_field');
    // The instrument of a wave is fixed.
    const swap = await as(admin.cookie).patch(`/api/admin/waves/${ok.json().id}`, { instrumentId: 'other' });
    expect(swap.statusCode).toBe(400);
  });
});

describe('staff accounts', () => {
  it('are created with role and schools; a password reset ends the old session; deactivated accounts cannot sign in', async () => {
    const area = await admin.sozialraum();
    const school = await admin.school(area.id);
    const res = await as(admin.cookie).post('/api/admin/users', {
      email: 'neu@schule.example',
      password: 'anfangs-passwort',
      role: 'teacher',
      schoolIds: [school.id],
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      email: 'neu@schule.example',
      role: 'teacher',
      schoolIds: [school.id],
      active: true,
    });
    expect(JSON.stringify(res.json())).not.toContain('anfangs-passwort');
    const id = res.json().id;

    const dup = await as(admin.cookie).post('/api/admin/users', {
      email: 'NEU@schule.example',
      password: 'x'.repeat(12),
      role: 'monitor',
    });
    expect(dup.statusCode).toBe(409);

    const oldCookie = await login(ctx.app, 'neu@schule.example', 'anfangs-passwort');
    expect((await as(oldCookie).get('/api/auth/me')).statusCode).toBe(200);
    expect((await as(admin.cookie).patch(`/api/admin/users/${id}`, { password: 'neues-passwort-1' })).statusCode).toBe(
      200,
    );
    expect((await as(oldCookie).get('/api/auth/me')).statusCode).toBe(401);
    expect(await login(ctx.app, 'neu@schule.example', 'neues-passwort-1')).not.toBe('');

    await as(admin.cookie).patch(`/api/admin/users/${id}`, { active: false });
    expect(await login(ctx.app, 'neu@schule.example', 'neues-passwort-1')).toBe('');
  });

  it('never let an admin lock themselves out', async () => {
    const res = await as(admin.cookie).patch(`/api/admin/users/${admin.user.id}`, { active: false });
    expect(res.statusCode).toBe(409);
  });

  it('refuse schools for roles that have none, and unknown schools', async () => {
    const area = await admin.sozialraum();
    const school = await admin.school(area.id);
    const monitor = await as(admin.cookie).post('/api/admin/users', {
      email: 'm2@example.org',
      password: 'x'.repeat(12),
      role: 'monitor',
      schoolIds: [school.id],
    });
    expect(monitor.statusCode).toBe(400);
    const ghost = await as(admin.cookie).post('/api/admin/users', {
      email: 't2@example.org',
      password: 'x'.repeat(12),
      role: 'teacher',
      schoolIds: ['00000000-0000-4000-8000-000000000000'],
    });
    expect(ghost.statusCode).toBe(422);
  });
});

describe('audit log', () => {
  it('records who changed which master data, and holds no passwords', async () => {
    const area = await admin.sozialraum({ name: 'Protokollraum' });
    await as(admin.cookie).post('/api/admin/users', {
      email: 'audit@example.org',
      password: 'geheimes-passwort',
      role: 'monitor',
    });
    const res = await as(admin.cookie).get('/api/admin/audit?entity=sozialraum');
    expect(res.statusCode).toBe(200);
    const entry = res.json().find((e: { entityId: string }) => e.entityId === area.id);
    expect(entry).toMatchObject({
      action: 'create',
      entity: 'sozialraum',
      actorId: admin.user.id,
      actorEmail: admin.email,
      // Readable: the name of the thing, not only its id.
      entityName: 'Protokollraum',
    });
    const all = await as(admin.cookie).get('/api/admin/audit?limit=500');
    const account = all
      .json()
      .find((e: { entity: string; action: string }) => e.entity === 'staff_user' && e.action === 'create');
    expect(account.entityName).toBe('audit@example.org');
    expect(all.body).not.toContain('geheimes-passwort');
    const monitor = await createStaff(ctx.app, 'monitor');
    expect((await as(monitor.cookie).get('/api/admin/audit')).statusCode).toBe(403);
  });
});
