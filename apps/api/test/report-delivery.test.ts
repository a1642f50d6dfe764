/**
 * Report answers on the wire: compressed once per release and encoding, and revalidated with an
 * ETag that changes when an admin switches the current release.
 */
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from './helpers.ts';
import { answersFor, reportCity, seeded } from './report-scenarios.ts';

describe('report answers on the wire', () => {
  let ctx: TestContext;
  let city: Awaited<ReturnType<typeof reportCity>>;
  let waveId: string;

  beforeAll(async () => {
    ctx = await createTestApp();
    city = await reportCity(ctx.app);
    const rand = seeded(11);
    const sr = await city.admin.sozialraum();
    const school = await city.admin.school(sr.id, { type: 'gesamtschule' });
    const wave = await city.admin.wave({ grades: [7] });
    waveId = wave.id;
    const kids = Array.from({ length: 24 }, (_, i) => ({
      grade: 7 as const,
      answers: answersFor(7, rand, { gender: i % 2 ? 'f' : 'm' }),
    }));
    await city.surveyClass(waveId, school.id, kids);
    await city.release(waveId);
    await city.release(waveId, { makeCurrent: false });
  }, 120_000);

  afterAll(() => ctx?.app.close());

  const get = (url: string, headers: Record<string, string> = {}) =>
    ctx.app.inject({ method: 'GET', url, headers: { cookie: city.admin.cookie, ...headers } });

  it('sends the same JSON as brotli, gzip or plain, and 304 to a browser that has it', async () => {
    const url = `/api/reports/waves/${waveId}/overview?level=school`;
    const plain = await get(url);
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    const br = await get(url, { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.rawPayload).toString('utf8')).toBe(plain.body);
    const gz = await get(url, { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString('utf8')).toBe(plain.body);

    const etag = plain.headers.etag as string;
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(br.headers.etag).toBe(etag);
    expect(plain.headers['cache-control']).toBe('private, no-cache');
    const again = await get(url, { 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    // Another question has another tag.
    expect((await get(`/api/reports/waves/${waveId}/overview?level=city`)).headers.etag).not.toBe(etag);
  });

  it('changes the tag when an admin makes another release the current one', async () => {
    const url = `/api/reports/waves/${waveId}/catalogue`;
    const before = await get(url);
    expect(before.json().release.number).toBe(1);
    const switched = await city.inject('PUT', `/api/reports/waves/${waveId}/current`, { release: 2 });
    expect(switched.statusCode).toBe(200);
    const after = await get(url, { 'if-none-match': before.headers.etag as string });
    expect(after.statusCode).toBe(200);
    expect(after.json().release.number).toBe(2);
    expect(after.headers.etag).not.toBe(before.headers.etag);
  });
});
