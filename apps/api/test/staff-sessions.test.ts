import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaff, createTestApp, login, type TestContext } from './helpers.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(() => ctx.app.close());

const me = (cookie: string) => ctx.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });

describe('signing out', () => {
  it('ends the sign-in on the server: a copy of the cookie stops working at once', async () => {
    const { cookie, email, password } = await createStaff(ctx.app, 'teacher');
    const copy = cookie;
    const other = await login(ctx.app, email, password);
    expect((await me(copy)).statusCode).toBe(200);

    const out = await ctx.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } });
    expect(out.statusCode).toBe(204);
    const res = await me(copy);
    expect([res.statusCode, res.json().code]).toEqual([401, 'TOKEN_INVALID']);
    // Only this sign-in ended: the same person on another device stays signed in.
    expect((await me(other)).statusCode).toBe(200);
  });
});

describe('an admin ending a staff member’s sessions', () => {
  it('ends every sign-in of that account at once, and the person can sign in again', async () => {
    const admin = await createStaff(ctx.app, 'admin');
    const teacher = await createStaff(ctx.app, 'teacher');
    const second = await login(ctx.app, teacher.email, teacher.password);
    const bystander = await createStaff(ctx.app, 'teacher');

    const end = await ctx.app.inject({
      method: 'DELETE',
      url: `/api/admin/users/${teacher.user.id}/sessions`,
      headers: { cookie: admin.cookie },
    });
    expect(end.statusCode).toBe(204);
    for (const cookie of [teacher.cookie, second]) expect((await me(cookie)).statusCode).toBe(401);
    expect((await me(bystander.cookie)).statusCode).toBe(200);
    expect((await me(await login(ctx.app, teacher.email, teacher.password))).statusCode).toBe(200);

    // Only admins may, and unknown accounts are a 404.
    const byTeacher = await ctx.app.inject({
      method: 'DELETE',
      url: `/api/admin/users/${admin.user.id}/sessions`,
      headers: { cookie: bystander.cookie },
    });
    expect(byTeacher.statusCode).toBe(403);
    expect((await me(admin.cookie)).statusCode).toBe(200);
    const missing = await ctx.app.inject({
      method: 'DELETE',
      url: '/api/admin/users/00000000-0000-4000-8000-000000000000/sessions',
      headers: { cookie: admin.cookie },
    });
    expect(missing.statusCode).toBe(404);
    const audit = await ctx.app.inject({
      method: 'GET',
      url: '/api/admin/audit?action=end_sessions',
      headers: { cookie: admin.cookie },
    });
    expect(audit.json()[0]).toMatchObject({ entityId: teacher.user.id, details: { ended: 2 } });
  });
});
