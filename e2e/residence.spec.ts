import { expect, type Page, test } from '@playwright/test';
import { loginAsAdmin, query, responsesOf } from './support.ts';

test.use({ viewport: { width: 1024, height: 768 }, hasTouch: true, isMobile: false });

const STREETS = [
  'strasse;hausnummern;sozialraum',
  'Lindenstraße;;SR01',
  'Lindenweg;;SR02',
  'Bahnhofstraße;1-49 ungerade;SR03',
  'Bahnhofstraße;2-50 gerade;SR04',
].join('\n');

/** A grade-4 session of a wave on "uwe-2026-r2" (the version that asks where a child lives). */
async function residenceSession(page: Page) {
  const request = page.request;
  await loginAsAdmin(request);
  const imported = await request.post('/api/admin/streets/import?city=Musterstadt', {
    data: STREETS,
    headers: { 'content-type': 'text/csv' },
  });
  expect(imported.status()).toBe(201);
  const waves = (await (await request.get('/api/admin/waves')).json()) as { id: string; name: string }[];
  let wave = waves.find((w) => w.name === 'E2E Wohnort');
  if (!wave) {
    const res = await request.post('/api/admin/waves', {
      data: {
        name: 'E2E Wohnort',
        instrumentId: 'uwe-2026-r2',
        grades: [4],
        startsOn: '2026-01-01',
        endsOn: '2026-12-31',
        status: 'in_field',
      },
    });
    expect(res.status()).toBe(201);
    wave = (await res.json()) as { id: string; name: string };
  }
  const schools = (await (await request.get('/api/admin/schools')).json()) as { id: string; name: string }[];
  const school = schools.find((s) => s.name === 'Grundschule Sonnenschein')!;
  const res = await request.post('/api/sessions', {
    data: { waveId: wave.id, schoolId: school.id, grade: 4, classLabel: `E2E ${Date.now()}`, expectedPupils: 10 },
  });
  expect(res.status()).toBe(201);
  return (await res.json()) as { id: string; code: string };
}

/** Joins in German and turns pages (without answering) until "Wo wohnst du?" is shown. */
async function toResidence(page: Page, code: string) {
  await page.goto(`/?code=${code}`);
  await page.getByRole('button', { name: 'Weiter' }).click();
  await page.getByRole('button', { name: 'Deutsch', exact: true }).click();
  await page.getByRole('button', { name: /Los geht/ }).click();
  const question = page.locator('.sd-question[data-name="residence"]');
  for (let i = 0; i < 40 && !(await question.isVisible()); i++) {
    await page.locator('.sd-navigation__next-btn:visible').first().click();
  }
  await expect(question.getByText('Wo wohnst du?')).toBeVisible();
  return question;
}

/** Every request body the tablet sends, to prove the street never leaves it. */
function bodies(page: Page) {
  const sent: string[] = [];
  page.on('request', (r) => {
    const body = r.postData();
    if (body) sent.push(body);
    sent.push(r.url());
  });
  return sent;
}

test('a grade-4 child finds "Lindenstraße" by typing "lind"; only the Sozialraum code reaches the server', async ({
  page,
}) => {
  const session = await residenceSession(page);
  const sent = bodies(page);
  const q = await toResidence(page, session.code);
  await q.getByLabel('Deine Straße').fill('lind');
  await expect(q.getByRole('button', { name: 'Lindenstraße' })).toBeVisible();
  await expect(q.getByRole('button', { name: 'Lindenweg' })).toBeVisible();
  await q.getByRole('button', { name: 'Lindenstraße' }).click();
  await expect(q.getByText('Du wohnst in:')).toBeVisible();
  await page.getByRole('button', { name: 'Fertig' }).click();
  await expect(page.getByText('Danke, dass du mitgemacht hast', { exact: false })).toBeVisible();
  await expect.poll(async () => (await responsesOf(session.id))[0]?.status).toBe('finished');
  const [response] = await responsesOf(session.id);
  expect(response?.answers.residence).toBe('SR01');
  for (const body of sent) expect(body.toLowerCase()).not.toMatch(/lind|stra(ss|ß)e/);
  // Nothing in the answers table names a street.
  const rows = await query<{ t: string }>('select answers::text as t from response');
  for (const r of rows) expect(r.t).not.toMatch(/Linden|straße|strasse/i);
  // Nor does any other table, but the city's own street list (every row of every table, as text;
  // the stored export files are compressed copies of report_cell, which is read).
  test.setTimeout(120_000);
  const tables = await query<{ name: string }>(
    `select quote_ident(table_schema) || '.' || quote_ident(table_name) as name from information_schema.tables
     where table_schema in ('public', 'pgboss') and table_type = 'BASE TABLE'
       and table_name not in ('street_segment', 'street_list', 'release_file_part')`,
  );
  expect(tables.length).toBeGreaterThan(10);
  for (const { name } of tables) {
    const [hit] = await query<{ n: string }>(`select count(*) as n from ${name} t where t::text ~* 'lindenstr'`);
    expect(hit?.n, name).toBe('0');
  }
});

test('a child picks "Weiß ich nicht"', async ({ page }) => {
  const session = await residenceSession(page);
  const q = await toResidence(page, session.code);
  await q.getByRole('button', { name: 'Weiß ich nicht' }).click();
  await expect(q.getByText('Du wohnst in: Weiß ich nicht')).toBeVisible();
  await expect(q.getByRole('button', { name: 'Nicht in Musterstadt' })).toHaveCount(0);
  await expect.poll(async () => (await responsesOf(session.id))[0]?.answers.residence).toBe('weiss_nicht');
});

test('a street in two Sozialräume asks for the house-number side', async ({ page }) => {
  const session = await residenceSession(page);
  const q = await toResidence(page, session.code);
  await q.getByLabel('Deine Straße').fill('bahnhof');
  await q.getByRole('button', { name: 'Bahnhofstraße' }).click();
  await expect(q.getByText('Welche Hausnummer hast du?')).toBeVisible();
  await q.getByRole('button', { name: 'Nummer 2 bis 50, gerade Nummern' }).click();
  await expect.poll(async () => (await responsesOf(session.id))[0]?.answers.residence).toBe('SR04');
});
