import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaff, createTestApp, TEST_SECRET, type TestContext } from './helpers.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(() => ctx.app.close());

describe('POST /api/auth/login', () => {
  it('sets an httpOnly SameSite=Strict cookie and returns the user and role', async () => {
    const { email, password } = await createStaff(ctx.app, 'monitor');
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: email.toUpperCase(), password },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ email, role: 'monitor', schoolIds: [] });
    const cookie = res.cookies.find((c) => c.name === 'uwe_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api' });
    expect(cookie?.secure).toBeFalsy();
  });

  it('answers a wrong e-mail and a wrong password the same way', async () => {
    const { email } = await createStaff(ctx.app, 'admin');
    const wrongPw = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email, password: 'nope' },
    });
    const wrongMail = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'nobody@example.org', password: 'nope' },
    });
    expect(wrongPw.statusCode).toBe(401);
    expect(wrongMail.statusCode).toBe(401);
    expect(wrongPw.json()).toEqual(wrongMail.json());
    expect(wrongPw.json().code).toBe('INVALID_CREDENTIALS');
    expect(wrongPw.cookies).toHaveLength(0);
  });

  it('refuses deactivated accounts', async () => {
    const { email, password } = await createStaff(ctx.app, 'teacher', { active: false });
    const res = await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
    expect(res.statusCode).toBe(401);
  });

  it('throttles repeated failures, then refuses even the right password for a while', async () => {
    const { email, password } = await createStaff(ctx.app, 'admin');
    const codes: number[] = [];
    for (let i = 0; i < 11; i++) {
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email, password: `wrong${i}` },
      });
      codes.push(res.statusCode);
    }
    expect(codes.slice(0, 10).every((c) => c === 401)).toBe(true);
    expect(codes[10]).toBe(429);
    const right = await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
    expect(right.statusCode).toBe(429);
    expect(right.json().code).toBe('TOO_MANY_REQUESTS');
    expect(right.headers['retry-after']).toBeDefined();
  });

  it('does not count successful logins against the limit', async () => {
    const { email, password } = await createStaff(ctx.app, 'admin');
    for (let i = 0; i < 15; i++) {
      const res = await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
      expect(res.statusCode).toBe(200);
    }
  });

  it.each([
    [{}, 'VALIDATION_FAILED'],
    [{ email: 'a@b.de' }, 'VALIDATION_FAILED'],
    [{ email: 'a@b.de', password: 'x', admin: true }, 'VALIDATION_FAILED'],
  ])('refuses the malformed body %o with 400', async (payload, code) => {
    const res = await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe(code);
  });

  it('refuses a body that is not JSON with a stable code', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"email": ',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'BAD_REQUEST', statusCode: 400, error: 'Bad Request' });
  });
});

describe('GET /api/auth/me and logout', () => {
  it('knows who is signed in, and nobody after logout', async () => {
    const { cookie, email } = await createStaff(ctx.app, 'admin');
    const me = await ctx.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    expect(me.statusCode).toBe(200);
    expect(me.json().email).toBe(email);

    const out = await ctx.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } });
    expect(out.statusCode).toBe(204);
    const cleared = out.cookies.find((c) => c.name === 'uwe_session');
    expect(cleared?.value).toBe('');

    const anon = await ctx.app.inject({ method: 'GET', url: '/api/auth/me' });
    expect(anon.statusCode).toBe(401);
    expect(anon.json().code).toBe('UNAUTHENTICATED');
  });

  it('tells an expired session from a forged one', async () => {
    const { user } = await createStaff(ctx.app, 'admin');
    const key = new TextEncoder().encode(TEST_SECRET);
    const expired = await new SignJWT({ v: 0 })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(user.id)
      .setAudience('staff')
      .setIssuer('uwe')
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(key);
    const forged = await new SignJWT({ v: 0 })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(user.id)
      .setAudience('staff')
      .setIssuer('uwe')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('another-secret-another-secret-another'));
    const noneAlg = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(
      JSON.stringify({ sub: user.id, aud: 'staff', iss: 'uwe', v: 0, exp: 9999999999 }),
    ).toString('base64url')}.`;

    const r1 = await ctx.app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { cookie: `uwe_session=${expired}` },
    });
    const r2 = await ctx.app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { cookie: `uwe_session=${forged}` },
    });
    const r3 = await ctx.app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { cookie: `uwe_session=${noneAlg}` },
    });
    expect([r1.statusCode, r1.json().code]).toEqual([401, 'TOKEN_EXPIRED']);
    expect([r2.statusCode, r2.json().code]).toEqual([401, 'TOKEN_INVALID']);
    expect([r3.statusCode, r3.json().code]).toEqual([401, 'TOKEN_INVALID']);
  });

  it('stops a session cookie once the account is deactivated', async () => {
    const { cookie, user } = await createStaff(ctx.app, 'monitor');
    await ctx.app.db.updateTable('staff_user').set({ active: false }).where('id', '=', user.id).execute();
    const res = await ctx.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    expect(res.statusCode).toBe(401);
  });
});

describe('login and logout from another site', () => {
  it('are refused with 403 and set no cookie; the same origin works', async () => {
    const { email, password } = await createStaff(ctx.app, 'admin');
    const foreign = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { origin: 'https://evil.example', host: 'uwe.example' },
      payload: { email, password },
    });
    expect(foreign.statusCode).toBe(403);
    expect(foreign.cookies).toHaveLength(0);
    const same = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { origin: 'https://uwe.example', host: 'uwe.example' },
      payload: { email, password },
    });
    expect(same.statusCode).toBe(200);
    const out = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { origin: 'https://evil.example', host: 'uwe.example' },
    });
    expect(out.statusCode).toBe(403);
  });
});
