import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { parseConfig } from '../src/config.ts';
import { createTestApp, TEST_SECRET, type TestContext } from './helpers.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(() => ctx.app.close());

describe('GET /api/health', () => {
  it('is ok with a reachable database', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', db: 'ok' });
  });

  it('answers 503 while the database is unreachable', async () => {
    const app = await buildApp({
      config: parseConfig({ UWE_UI_DIR: '/nonexistent' }),
      // Nothing listens on port 1.
      databaseUrl: 'postgres://nobody:nothing@127.0.0.1:1/none',
      secret: TEST_SECRET,
    });
    try {
      const res = await app.inject({ method: 'GET', url: '/api/health' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toEqual({ status: 'unavailable', db: 'unreachable' });
      // Any other route that needs the database says so with a stable code, not a 500.
      const login = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: 'a@b.de', password: 'x' },
      });
      expect(login.statusCode).toBe(503);
      expect(login.json().code).toBe('DATABASE_UNAVAILABLE');
    } finally {
      await app.close();
    }
  });

  it('serves the OpenAPI description at /api/docs', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(res.statusCode).toBe(200);
    expect(res.json().paths).toHaveProperty('/api/auth/login');
  });

  it('documents the error body of every API operation, from one hook', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/docs/json' });
    type Responses = Record<
      string,
      { description: string; content?: Record<string, { schema: { required?: string[] } }> }
    >;
    const paths = res.json().paths as Record<string, Record<string, { responses: Responses }>>;
    let operations = 0;
    for (const [url, methods] of Object.entries(paths)) {
      for (const [method, op] of Object.entries(methods)) {
        operations++;
        for (const status of ['400', '401', '403', '404', '409', '413', '422', '429', '500', '503']) {
          expect(op.responses[status], `${method} ${url} ${status}`).toBeDefined();
        }
        // Under the operation's media type (text/event-stream for the live stream).
        expect(Object.values(op.responses['401']?.content ?? {})[0]?.schema.required).toEqual([
          'statusCode',
          'code',
          'error',
          'message',
        ]);
      }
    }
    expect(operations).toBeGreaterThan(40);
    // A route's own answer for a status stays: the health check's 503 is not an error body.
    const health = paths['/api/health']?.get?.responses['503']?.content?.['application/json']?.schema;
    expect(health?.required).toEqual(['status', 'db']);
  });

  it('keeps the extra fields of an error body (the invalid fields of a request)', async () => {
    const res = await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'a@b.de' } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      statusCode: 400,
      code: 'VALIDATION_FAILED',
      error: 'Bad Request',
      fields: ['body/password'],
    });
  });

  it('answers unknown API paths with a 404 in the error shape', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ statusCode: 404, code: 'NOT_FOUND', error: 'Not Found' });
  });
});
