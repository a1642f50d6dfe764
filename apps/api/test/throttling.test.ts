import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { parseConfig } from '../src/config.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { classroom, createStaff, createTestApp, createTestDatabase, TEST_SECRET, type TestContext } from './helpers.ts';

let ctx: TestContext;
beforeAll(async () => {
  // Production mode: today's deployments; the client address must still not come from a header.
  ctx = await createTestApp({ NODE_ENV: 'production' });
});
afterAll(() => ctx.app.close());

const login = (email: string, password: string, o: { remoteAddress?: string; xff?: string } = {}) =>
  ctx.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { email, password },
    remoteAddress: o.remoteAddress ?? '203.0.113.7',
    headers: o.xff ? { 'x-forwarded-for': o.xff } : {},
  });

describe('failed logins', () => {
  it('share one budget for every spelling of the same e-mail (white space of any kind, case, NFKC)', async () => {
    const { email, password } = await createStaff(ctx.app, 'admin');
    const [local, domain] = email.split('@') as [string, string];
    const spellings = [
      email,
      ` ${email}`,
      `${email} `,
      `\t${email}`,
      `${email}\n`,
      `\u00a0${email}`,
      `\u3000${email}\u3000`,
      email.toUpperCase(),
      // Full-width letters are the same letters after NFKC.
      `${[...local].map((c) => (/[a-z]/.test(c) ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : c)).join('')}@${domain}`,
      `\u2003${email.toUpperCase()}`,
    ];
    for (const spelling of spellings) {
      const res = await login(spelling, 'wrong password');
      expect(res.statusCode, JSON.stringify(spelling)).toBe(401);
    }
    // The eleventh wrong attempt, in yet another spelling, and then the right password: refused.
    expect((await login(` ${email.toUpperCase()}\t`, 'wrong again')).statusCode).toBe(429);
    const right = await login(email, password);
    expect([right.statusCode, right.json().code]).toEqual([429, 'TOO_MANY_REQUESTS']);
  });

  it('cannot be raced: 300 wrong passwords at once get at most 10 password checks', async () => {
    const { email } = await createStaff(ctx.app, 'teacher');
    const results = await Promise.all(
      Array.from({ length: 300 }, (_, i) => login(i % 2 ? email : ` ${email.toUpperCase()}`, `wrong-${i}`)),
    );
    const codes = results.map((r) => r.statusCode);
    // 401 means the password was checked; everything else must have been refused before that.
    expect(codes.filter((c) => c === 401)).toHaveLength(10);
    expect(codes.filter((c) => c === 429)).toHaveLength(290);
  });

  it('are counted by the connecting address: a made-up X-Forwarded-For resets nothing', async () => {
    const { email, password } = await createStaff(ctx.app, 'monitor');
    for (let i = 0; i < 10; i++) {
      expect((await login(email, `wrong-${i}`, { xff: `198.51.100.${i + 1}` })).statusCode).toBe(401);
    }
    for (const xff of ['198.51.100.77', '10.0.0.1, 198.51.100.78', '2001:db8::1']) {
      expect((await login(email, password, { xff })).statusCode, xff).toBe(429);
    }
  });
});

describe('TRUST_PROXY', () => {
  async function appWith(trust: string) {
    const databaseUrl = await createTestDatabase();
    const app = await buildApp({
      config: parseConfig({ UWE_UI_DIR: '/nonexistent', NODE_ENV: 'production', TRUST_PROXY: trust }),
      databaseUrl,
      secret: TEST_SECRET,
    });
    await migrateToLatest(app.db);
    await app.ready();
    return app;
  }

  it('takes the client address from X-Forwarded-For only when the peer is a configured proxy', async () => {
    const app = await appWith('10.0.0.5');
    // The address shows in the failed-login budget: one budget per address and e-mail.
    const { email } = await createStaff(app, 'admin');
    const attempt = (remoteAddress: string, xff: string) =>
      app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email, password: 'wrong' },
        remoteAddress,
        headers: { 'x-forwarded-for': xff },
      });
    // Through the proxy: each real client has its own budget.
    for (let i = 0; i < 10; i++) expect((await attempt('10.0.0.5', '198.51.100.1')).statusCode).toBe(401);
    expect((await attempt('10.0.0.5', '198.51.100.1')).statusCode).toBe(429);
    expect((await attempt('10.0.0.5', '198.51.100.2')).statusCode).toBe(401);
    // Straight from somewhere else: the header is ignored, the peer's address counts.
    for (let i = 0; i < 10; i++) expect((await attempt('192.0.2.9', `198.51.100.${50 + i}`)).statusCode).toBe(401);
    expect((await attempt('192.0.2.9', '198.51.100.99')).statusCode).toBe(429);
    await app.close();
  });
});

describe('wrong class codes', () => {
  it('never lock out a school: after many wrong codes from its address, the right code still joins', async () => {
    const room = await classroom(ctx.app);
    const s = await room.openSession({ expectedPupils: 30 });
    const school = { remoteAddress: '192.0.2.44' };
    const wrong: number[] = [];
    for (let i = 0; i < 60; i++) {
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/api/pupil/join',
        payload: { code: 'QQQQQQ' },
        ...school,
      });
      wrong.push(res.statusCode);
    }
    expect(wrong.filter((c) => c === 404)).toHaveLength(30);
    expect(wrong.slice(30).every((c) => c === 429)).toBe(true);
    const joins = await Promise.all(
      Array.from({ length: 25 }, () =>
        ctx.app.inject({ method: 'POST', url: '/api/pupil/join', payload: { code: s.code }, ...school }),
      ),
    );
    expect(joins.map((r) => r.statusCode)).toEqual(Array(25).fill(201));
  });
});

describe('guessing class codes', () => {
  let small: TestContext;
  beforeAll(async () => {
    const databaseUrl = await createTestDatabase();
    const app = await buildApp({
      config: parseConfig({ UWE_UI_DIR: '/nonexistent' }),
      databaseUrl,
      secret: TEST_SECRET,
      joinLimits: { perAddress: 5, overall: 20, perAddressUnderAttack: 1 },
    });
    await migrateToLatest(app.db);
    await app.ready();
    small = { app, databaseUrl, config: parseConfig({}) };
  });
  afterAll(() => small.app.close());

  const guess = (remoteAddress: string, code = 'QQQQQQ') =>
    small.app.inject({ method: 'POST', url: '/api/pupil/join', payload: { code }, remoteAddress });

  it('stays bounded per address and overall, even from many addresses', async () => {
    const room = await classroom(small.app);
    const s = await room.openSession({ expectedPupils: 30 });
    // One address: 5 answered guesses, then 429.
    const one = [];
    for (let i = 0; i < 8; i++) one.push((await guess('198.51.100.1')).statusCode);
    expect(one).toEqual([404, 404, 404, 404, 404, 429, 429, 429]);
    // Many addresses together use up the overall budget of 20 wrong codes.
    let answered = 0;
    for (let a = 2; a <= 12; a++) {
      for (let i = 0; i < 5; i++) if ((await guess(`198.51.100.${a}`)).statusCode === 404) answered++;
    }
    // 5 + 15 = 20 wrong codes reach the overall budget; from then on each address has 1 guess.
    expect(answered).toBeLessThanOrEqual(15 + 11);
    const fresh = [];
    for (let i = 0; i < 3; i++) fresh.push((await guess('198.51.100.200')).statusCode);
    expect(fresh).toEqual([404, 429, 429]);
    // Under attack, an address over its budget is not even told whether a code is right.
    expect((await guess('198.51.100.200', s.code)).statusCode).toBe(429);
    // An address that typed no wrong code still joins.
    expect((await guess('198.51.100.201', s.code)).statusCode).toBe(201);
  });
});
