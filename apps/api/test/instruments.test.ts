import { getBuiltinInstrument, uwe2026 } from '@uwe/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classroom, createStaff, createTestApp, type TestContext } from './helpers.ts';

let ctx: TestContext;
let room: Awaited<ReturnType<typeof classroom>>;
beforeAll(async () => {
  ctx = await createTestApp();
  room = await classroom(ctx.app);
});
afterAll(() => ctx.app.close());

async function seatFor(grade: 4 | 7) {
  const s = await room.openSession({ grade });
  const res = await ctx.app.inject({ method: 'POST', url: '/api/pupil/join', payload: { code: s.code } });
  return res.json() as { token: string; instrument: { id: string; form: string } };
}

/** An uploaded version: the built-in one under a new id and title, as a city would upload its licensed text. */
function licensedCopy(id: string) {
  return { ...structuredClone(uwe2026), id, title: 'UWE (lizenzierte Fassung)' };
}

describe('GET /api/pupil/instrument/:id', () => {
  it('serves the seat’s form in every language, cacheable by URL and revalidated by ETag', async () => {
    const seat = await seatFor(4);
    const url = `/api/pupil/instrument/uwe-2026?form=${seat.instrument.form}`;
    const res = await ctx.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${seat.token}` } });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.form).toBe('grade4');
    expect(body.survey).toEqual(getBuiltinInstrument('uwe-2026')!.forms.grade4);
    expect(Object.keys(body.ui)).toEqual(body.languages.map((l: { code: string }) => l.code));
    expect(body.ui.ar['withdraw.button']).toBeTruthy();
    expect(res.headers['cache-control']).toContain('immutable');
    const etag = res.headers.etag as string;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await ctx.app.inject({
      method: 'GET',
      url,
      headers: { authorization: `Bearer ${seat.token}`, 'if-none-match': etag },
    });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
  });

  it('serves the form in the child’s language only, with every language listed, compressed', async () => {
    const seat = await seatFor(7);
    const auth = { authorization: `Bearer ${seat.token}` };
    const url = '/api/pupil/instrument/uwe-2026?form=grade7&lang=tr';
    const res = await ctx.app.inject({ method: 'GET', url, headers: auth });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    const full = getBuiltinInstrument('uwe-2026')!.forms.grade7;
    expect(body.language).toBe('tr');
    expect(body.survey.pages[0].elements[0].title).toBe(full.pages[0]!.elements[0]!.title.tr);
    expect(body.languages.map((l: { code: string }) => l.code)).toContain('ar');
    expect(Object.keys(body.ui)).toEqual(['tr']);
    expect(res.headers['cache-control']).toContain('immutable');
    // An eighth of the form in all languages; on the wire a few kB.
    const all = await ctx.app.inject({
      method: 'GET',
      url: '/api/pupil/instrument/uwe-2026?form=grade7',
      headers: auth,
    });
    expect(res.body.length).toBeLessThan(all.body.length / 5);
    const br = await ctx.app.inject({ method: 'GET', url, headers: { ...auth, 'accept-encoding': 'br, gzip' } });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toContain('accept-encoding');
    expect(br.rawPayload.length).toBeLessThan(res.body.length / 4);
    const unknown = await ctx.app.inject({ method: 'GET', url: `${url.slice(0, -2)}xx`, headers: auth });
    expect(unknown.statusCode).toBe(404);
  });

  it('never serves another grade’s form or another instrument to a seat, nor anything without a seat', async () => {
    const seat = await seatFor(4);
    const auth = { authorization: `Bearer ${seat.token}` };
    expect(
      (await ctx.app.inject({ method: 'GET', url: '/api/pupil/instrument/uwe-2026?form=grade7', headers: auth }))
        .statusCode,
    ).toBe(404);
    expect(
      (await ctx.app.inject({ method: 'GET', url: '/api/pupil/instrument/other', headers: auth })).statusCode,
    ).toBe(404);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/pupil/instrument/uwe-2026' })).statusCode).toBe(401);
    const noForm = await ctx.app.inject({ method: 'GET', url: '/api/pupil/instrument/uwe-2026', headers: auth });
    expect(noForm.json().form).toBe('grade4');
    expect(noForm.headers['cache-control']).toContain('no-cache');
  });
});

describe('instrument versions', () => {
  it('lists the built-in version with its languages and review status', async () => {
    const monitor = await createStaff(ctx.app, 'monitor');
    const res = await ctx.app.inject({ method: 'GET', url: '/api/instruments', headers: { cookie: monitor.cookie } });
    expect(res.statusCode).toBe(200);
    const v = res.json().find((i: { id: string }) => i.id === 'uwe-2026');
    expect(v).toMatchObject({ builtin: true, forms: ['grade4', 'grade7'] });
    expect(v.languages.find((l: { code: string }) => l.code === 'de').review).toBe('source');
    expect(v.languages.find((l: { code: string }) => l.code === 'tr').review).toBe('needs_review');
    expect(v.languages).toHaveLength(9);
  });

  it('are uploaded by admins, checked first, never overwritten, and then bound to a wave', async () => {
    const upload = (body: unknown, cookie = room.admin.cookie) =>
      ctx.app.inject({ method: 'POST', url: '/api/instruments', headers: { cookie }, payload: body as object });

    const broken = licensedCopy('uwe-herne-2027');
    const firstPage = broken.forms.grade7.pages[0]!;
    (firstPage.elements[0] as { isRequired?: boolean }).isRequired = true;
    const refused = await upload(broken);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().message).toContain(String((firstPage.elements[0] as { name: string }).name));

    expect((await upload(licensedCopy('uwe-2026'))).statusCode).toBe(409);
    expect((await upload(licensedCopy('uwe-herne-2027'), room.teacher.cookie)).statusCode).toBe(403);

    const ok = await upload(licensedCopy('uwe-herne-2027'));
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ id: 'uwe-herne-2027', builtin: false });
    expect((await upload(licensedCopy('uwe-herne-2027'))).statusCode).toBe(409);

    const wave = await room.admin.wave({ instrumentId: 'uwe-herne-2027' });
    const s = await room.openSession({ waveId: wave.id });
    const join = await ctx.app.inject({ method: 'POST', url: '/api/pupil/join', payload: { code: s.code } });
    expect(join.json().instrument).toEqual({ id: 'uwe-herne-2027', form: 'grade7' });
    const saved = await ctx.app.inject({
      method: 'PUT',
      url: '/api/pupil/response',
      headers: { authorization: `Bearer ${join.json().token}` },
      payload: { answers: { opt_1: 9 }, language: 'de', page: 0, revision: 1, complete: false },
    });
    expect(saved.statusCode).toBe(422);
  });
});

describe('GET /api/instruments/:id/forms/:form', () => {
  it('gives staff every form in every language for the print version, and nobody else', async () => {
    const res = await ctx.app.inject({
      method: 'GET',
      url: '/api/instruments/uwe-2026/forms/grade7',
      headers: { cookie: room.teacher.cookie },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().survey).toEqual(uwe2026.forms.grade7);
    expect(
      (
        await ctx.app.inject({
          method: 'GET',
          url: '/api/instruments/uwe-2026/forms/grade5',
          headers: { cookie: room.teacher.cookie },
        })
      ).statusCode,
    ).toBe(404);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/instruments/uwe-2026/forms/grade7' })).statusCode).toBe(
      401,
    );
  });
});
