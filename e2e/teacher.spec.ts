import AxeBuilder from '@axe-core/playwright';
import { type APIRequestContext, type Browser, expect, type Page, test } from '@playwright/test';

const TEACHER = { email: 'lehrkraft@musterstadt.example', password: 'uwe-demo-2026' };
const DEMO_ADMIN = { email: 'admin@musterstadt.example', password: 'uwe-demo-2026' };

// Tests share one database per run: class labels carry a suffix so every test stands alone.
const suffix = () => Date.now().toString(36).slice(-5) + Math.floor(Math.random() * 1296).toString(36);

async function signIn(page: Page, path: string, who: { email: string; password: string }) {
  await page.goto(path);
  await page.getByLabel('E-Mail-Adresse').fill(who.email);
  await page.getByLabel('Passwort').fill(who.password);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await expect(page.getByRole('button', { name: 'Abmelden' })).toBeVisible();
}

/** A signed-in API client with its own cookies. */
async function apiAs(browser: Browser, who: { email: string; password: string }): Promise<APIRequestContext> {
  const context = await browser.newContext();
  const res = await context.request.post('/api/auth/login', { data: who });
  expect(res.status()).toBe(200);
  return context.request;
}

async function openSessionInUi(page: Page, classLabel: string, pupils = 3, enrolled = 25) {
  await page.goto('/lehrkraft');
  await expect(page.getByRole('heading', { name: 'Sitzung öffnen' })).toBeVisible();
  await page.getByLabel('Schule').selectOption({ label: 'Grundschule Sonnenschein' });
  await page.getByLabel('Befragung').selectOption({ label: 'UWE 2026 (Demo)' });
  await page.getByRole('radio', { name: 'Klasse 4' }).check();
  await page.getByLabel('Klasse', { exact: true }).fill(classLabel);
  await page.getByLabel('Anwesende Kinder').fill(String(pupils));
  await page.getByLabel('Kinder in der Klasse').fill(String(enrolled));
  await page.getByRole('button', { name: 'Sitzung öffnen' }).click();
  await expect(page).toHaveURL(/\/lehrkraft\/sitzungen\/[0-9a-f-]{36}$/);
  const code = ((await page.locator('.projector-code').textContent()) ?? '').trim();
  expect(code).toMatch(/^[A-Z0-9]{3}-[A-Z0-9]{3}$/);
  return code;
}

test('a teacher opens a session and watches the counts rise while a pupil answers and finishes', async ({
  page,
  browser,
}) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await signIn(page, '/lehrkraft', TEACHER);
  const classLabel = `4a-${suffix()}`;
  const code = await openSessionInUi(page, classLabel);

  // The projector view: code, QR code of the join URL, counts, time left, all on a 1280 × 720 screen.
  await expect(page.getByRole('heading', { name: `Klasse ${classLabel}` })).toBeVisible();
  await expect(
    page.getByRole('img', { name: /QR-Code mit der Adresse http:\/\/127\.0\.0\.1:\d+\/\?code=/ }),
  ).toBeVisible();
  await expect(page.getByTestId('count-joined')).toHaveText('0 von 3');
  await expect(page.getByTestId('count-finished')).toHaveText('0');
  await expect(page.getByTestId('count-time')).toHaveText(/^\d+ Minuten$/);
  await expect(page.getByText('Live-Anzeige aktiv')).toBeVisible();
  const close = await page.getByRole('button', { name: 'Sitzung beenden' }).boundingBox();
  expect(close!.y + close!.height).toBeLessThanOrEqual(720);
  await page.screenshot({ path: 'test-results/projector-1280x720.png' });

  // Proves later that the counts arrived through the live stream, not through a reload.
  await page.evaluate(() => {
    (window as unknown as { unreloaded: boolean }).unreloaded = true;
  });

  // A pupil in a second browser context joins with the code and answers.
  const pupil = await browser.newContext();
  const join = await pupil.request.post('/api/pupil/join', { data: { code } });
  expect(join.status()).toBe(201);
  const { token } = (await join.json()) as { token: string };
  const headers = { authorization: `Bearer ${token}` };
  await expect(page.getByTestId('count-joined')).toHaveText('1 von 3', { timeout: 10_000 });

  const draft = await pupil.request.put('/api/pupil/response', {
    headers,
    data: { answers: { opt_1: 4 }, language: 'de', page: 0, revision: 1, complete: false },
  });
  expect(draft.status()).toBe(200);
  await expect(page.getByTestId('count-answering')).toHaveText('1', { timeout: 10_000 });
  await expect(page.getByTestId('count-finished')).toHaveText('0');

  const finish = await pupil.request.put('/api/pupil/response', {
    headers,
    data: { answers: { opt_1: 4 }, language: 'de', page: 0, revision: 2, complete: true },
  });
  expect(finish.status()).toBe(200);
  await expect(page.getByTestId('count-finished')).toHaveText('1', { timeout: 10_000 });
  await expect(page.getByTestId('count-answering')).toHaveText('0');
  expect(await page.evaluate(() => (window as unknown as { unreloaded?: boolean }).unreloaded)).toBe(true);

  // Closing asks first; cancelling keeps the session open.
  await page.getByRole('button', { name: 'Sitzung beenden' }).click();
  const dialog = page.getByRole('dialog', { name: 'Sitzung wirklich beenden?' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Abbrechen' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.locator('.projector-code')).toHaveText(code);

  await page.getByRole('button', { name: 'Sitzung beenden' }).click();
  await dialog.getByRole('button', { name: 'Ja, Sitzung beenden' }).click();
  await expect(page.getByRole('heading', { name: /Sitzung beendet/ })).toBeVisible();
  await expect(page.locator('.projector-code')).toHaveCount(0);
  expect((await pupil.request.post('/api/pupil/join', { data: { code } })).status()).toBe(410);
  await pupil.close();

  // The teacher's own list shows the session with its counts, and nothing about answers.
  await page.getByRole('link', { name: 'Zurück zu meinen Sitzungen' }).click();
  const row = page.getByRole('row').filter({ hasText: classLabel });
  await expect(row).toContainText('Grundschule Sonnenschein');
  await expect(row).toContainText(code);
  await expect(row).toContainText('beendet');
  await expect(row.getByRole('cell').nth(5)).toHaveText('1 / 3');
  await expect(row.getByRole('cell').nth(6)).toHaveText('1');
  await expect(row.getByRole('cell').nth(7)).toHaveText('25');
});

test('a teacher enters the class size when opening a session and corrects it, also after closing', async ({ page }) => {
  await signIn(page, '/lehrkraft', TEACHER);
  const classLabel = `4e-${suffix()}`;
  await page.getByLabel('Schule').selectOption({ label: 'Grundschule Sonnenschein' });
  await page.getByLabel('Befragung').selectOption({ label: 'UWE 2026 (Demo)' });
  await page.getByRole('radio', { name: 'Klasse 4' }).check();
  await page.getByLabel('Klasse', { exact: true }).fill(classLabel);
  await page.getByLabel('Anwesende Kinder').fill('20');

  // The class size is required and at least the number present.
  const size = page.getByLabel('Kinder in der Klasse');
  await expect(size).toHaveAccessibleDescription(/auch wer heute fehlt/);
  await page.getByRole('button', { name: 'Sitzung öffnen' }).click();
  await expect(page).toHaveURL(/\/lehrkraft$/);
  expect(await size.evaluate((el) => (el as HTMLInputElement).validity.valueMissing)).toBe(true);
  await size.fill('18');
  await page.getByRole('button', { name: 'Sitzung öffnen' }).click();
  await expect(page).toHaveURL(/\/lehrkraft$/);
  expect(await size.evaluate((el) => (el as HTMLInputElement).validity.rangeUnderflow)).toBe(true);
  await size.fill('24');
  await page.getByRole('button', { name: 'Sitzung öffnen' }).click();
  await expect(page).toHaveURL(/\/lehrkraft\/sitzungen\/[0-9a-f-]{36}$/);
  const id = page.url().split('/').pop()!;
  const stored = async () =>
    ((await (await page.request.get(`/api/sessions/${id}`)).json()) as { enrolledPupils: number | null })
      .enrolledPupils;
  expect(await stored()).toBe(24);

  // On the projector: corrected while the session runs.
  await page.getByText('Klassengröße: 24').click();
  await page.getByLabel('Kinder in der Klasse').fill('26');
  await page.getByRole('button', { name: 'Speichern' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Klassengröße gespeichert' })).toHaveText(
    'Klassengröße gespeichert: 26 Kinder.',
  );
  await expect(page.getByText('Klassengröße: 26')).toBeVisible();
  expect(await stored()).toBe(26);

  // More children present than the class has: the teacher is told to correct the class size first.
  await page.getByText('Mehr Kinder zulassen').click();
  await page.getByLabel(/Anwesende Kinder \(bisher 20\)/).fill('27');
  await page.getByRole('button', { name: 'Übernehmen' }).click();
  await expect(page.getByRole('alert')).toContainText('Bitte korrigieren Sie zuerst die Klassengröße');
  await expect(page.getByTestId('count-joined')).toHaveText('0 von 20');

  // After closing, the class size can still be corrected (the session's code is gone).
  await page.getByRole('button', { name: 'Sitzung beenden' }).click();
  await page.getByRole('button', { name: 'Ja, Sitzung beenden' }).click();
  await expect(page.getByRole('heading', { name: /Sitzung beendet/ })).toBeVisible();
  await page.getByText('Klassengröße: 26').click();
  await page.getByLabel('Kinder in der Klasse').fill('19');
  await page.getByRole('button', { name: 'Speichern' }).click();
  await expect(page.getByRole('alert')).toContainText('mindestens so viele Kinder, wie heute mitmachen (20)');
  await page.getByLabel('Kinder in der Klasse').fill('25');
  await page.getByRole('button', { name: 'Speichern' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Klassengröße gespeichert' })).toHaveText(
    'Klassengröße gespeichert: 25 Kinder.',
  );
  expect(await stored()).toBe(25);
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);

  await page.getByRole('link', { name: 'Zurück zu meinen Sitzungen' }).click();
  await expect(page.getByRole('row').filter({ hasText: classLabel }).getByRole('cell').nth(7)).toHaveText('25');
});

test('the projector view shows the whole class code and QR code on every projector size, without fullscreen', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await signIn(page, '/lehrkraft', TEACHER);
  const code = await openSessionInUi(page, `7p-${suffix()}`);
  const codeBox = page.locator('.projector-code');
  for (const [width, height] of [
    [1280, 720],
    [1920, 1080],
    [2560, 1440],
    [3840, 2160],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.evaluate(() => document.fonts.ready);
    await expect(codeBox).toHaveText(code);
    // The text fits its box: nothing of the code is cut off.
    const fit = await codeBox.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
    expect(fit.scroll, `code clipped at ${width}×${height}`).toBeLessThanOrEqual(fit.client);
    // The code and the QR code are on the screen without scrolling, and the page does not scroll sideways.
    for (const target of [codeBox, page.getByRole('img', { name: /QR-Code/ })]) {
      const box = await target.boundingBox();
      expect(box, `${width}×${height}`).not.toBeNull();
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.y).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width, `right edge at ${width}×${height}`).toBeLessThanOrEqual(width);
      expect(box!.y + box!.height, `bottom edge at ${width}×${height}`).toBeLessThanOrEqual(height);
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    // The code is large enough to read from the back of the room: at least a tenth of the screen's height.
    expect((await codeBox.boundingBox())!.height).toBeGreaterThanOrEqual(height / 10);
    await page.screenshot({ path: `test-results/projector-${width}x${height}.png` });
  }
  await page.getByRole('button', { name: 'Sitzung beenden' }).click();
  await page.getByRole('button', { name: 'Ja, Sitzung beenden' }).click();
  await expect(page.getByRole('heading', { name: /Sitzung beendet/ })).toBeVisible();
});

test('the projector view fits a phone, and the teacher can admit more pupils', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, '/lehrkraft', TEACHER);
  await openSessionInUi(page, `7b-${suffix()}`, 2);
  await expect(page.getByRole('img', { name: /QR-Code/ })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  const code = await page.locator('.projector-code').boundingBox();
  expect(code!.x + code!.width).toBeLessThanOrEqual(390);
  await page.screenshot({ path: 'test-results/projector-phone.png', fullPage: true });

  await page.getByText('Mehr Kinder zulassen').click();
  await page.getByLabel(/Anwesende Kinder \(bisher 2\)/).fill('4');
  await page.getByRole('button', { name: 'Übernehmen' }).click();
  await expect(page.getByTestId('count-joined')).toHaveText('0 von 4');
  await page.getByRole('button', { name: 'Sitzung beenden' }).click();
  await page.getByRole('button', { name: 'Ja, Sitzung beenden' }).click();
  await expect(page.getByRole('heading', { name: /Sitzung beendet/ })).toBeVisible();
});

test('opening a grade the school does not have is refused with a clear message', async ({ page }) => {
  await signIn(page, '/lehrkraft', TEACHER);
  await expect(page.getByRole('heading', { name: 'Sitzung öffnen' })).toBeVisible();
  await page.getByLabel('Schule').selectOption({ label: 'Grundschule Sonnenschein' });
  await page.getByLabel('Befragung').selectOption({ label: 'UWE 2026 (Demo)' });
  await page.getByRole('radio', { name: 'Klasse 7' }).check();
  await page.getByLabel('Klasse', { exact: true }).fill(`7x-${suffix()}`);
  await page.getByLabel('Anwesende Kinder').fill('20');
  await page.getByLabel('Kinder in der Klasse').fill('22');
  await page.getByRole('button', { name: 'Sitzung öffnen' }).click();
  await expect(page.getByRole('alert')).toHaveText(
    'Grundschule Sonnenschein ist eine Grundschule und hat keine Klasse 7. Bitte wählen Sie Klasse 4 oder die richtige Schule.',
  );
  await expect(page).toHaveURL(/\/lehrkraft$/);
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
});

test('the live counts show a child who stopped, and the close dialog says what happens to unfinished answers', async ({
  page,
  browser,
}) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await signIn(page, '/lehrkraft', TEACHER);
  const code = await openSessionInUi(page, `4w-${suffix()}`);
  await expect(page.getByTestId('count-withdrawn')).toHaveText('0');

  const pupils = await browser.newContext();
  const seat = async () => {
    const join = await pupils.request.post('/api/pupil/join', { data: { code } });
    return { authorization: `Bearer ${((await join.json()) as { token: string }).token}` };
  };
  const stopper = await seat();
  await pupils.request.put('/api/pupil/response', {
    headers: stopper,
    data: { answers: { opt_1: 4 }, language: 'de', page: 0, revision: 1, complete: false },
  });
  expect((await pupils.request.delete('/api/pupil/response', { headers: stopper })).status()).toBe(204);
  await expect(page.getByTestId('count-withdrawn')).toHaveText('1', { timeout: 10_000 });
  const busy = await seat();
  await pupils.request.put('/api/pupil/response', {
    headers: busy,
    data: { answers: { opt_1: 3 }, language: 'de', page: 0, revision: 1, complete: false },
  });
  await expect(page.getByTestId('count-answering')).toHaveText('1', { timeout: 10_000 });
  await expect(page.getByText('Noch dabei')).toBeVisible();

  await page.getByRole('button', { name: 'Sitzung beenden' }).click();
  const dialog = page.getByRole('dialog', { name: 'Sitzung wirklich beenden?' });
  await expect(dialog).toContainText('Ein Kind ist noch nicht fertig.');
  await expect(dialog).toContainText('einige Stunden nach dem Ende');
  await expect(dialog).toContainText('zählt mit den Antworten, die bis dahin gegeben wurden');
  await dialog.getByRole('button', { name: 'Ja, Sitzung beenden' }).click();
  await expect(page.getByRole('heading', { name: /Sitzung beendet/ })).toBeVisible();
  await expect(page.getByTestId('count-withdrawn')).toHaveText('1');

  // As the dialog said: the unfinished child may still answer and finish after the close.
  const late = await pupils.request.put('/api/pupil/response', {
    headers: busy,
    data: { answers: { opt_1: 3, opt_2: 2 }, language: 'de', page: 1, revision: 2, complete: true },
  });
  expect(late.status()).toBe(200);
  await pupils.close();
});

test('the text to read aloud covers the essentials and prints without the navigation', async ({ page }) => {
  await signIn(page, '/lehrkraft/vorlesetext', TEACHER);
  const script = page.locator('.script-text');
  for (const phrase of [
    'anonym',
    'freiwillig',
    'überspringen',
    'jederzeit aufhören',
    'Oben auf jeder Seite',
    'Wort nicht verstehst',
    // Only what the device can do: not every tablet reads aloud.
    'Nicht jedes Tablet kann das',
  ]) {
    await expect(script).toContainText(phrase);
  }
  await page.evaluate(() => {
    window.print = () => {
      (window as unknown as { printed: boolean }).printed = true;
    };
  });
  await page.getByRole('button', { name: 'Drucken' }).click();
  expect(await page.evaluate(() => (window as unknown as { printed?: boolean }).printed)).toBe(true);
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('navigation', { name: 'Bereiche' })).toBeHidden();
  await expect(page.getByRole('button', { name: 'Drucken' })).toBeHidden();
  await expect(page.getByRole('heading', { name: 'Text zum Vorlesen' })).toBeVisible();
});

test('a teacher cannot reach admin pages or another school’s sessions (UI and API)', async ({ page, browser }) => {
  // The demo admin opens a session at a school that is not the teacher's.
  const admin = await apiAs(browser, DEMO_ADMIN);
  const schools = (await (await admin.get('/api/admin/schools')).json()) as { id: string; name: string }[];
  const waves = (await (await admin.get('/api/admin/waves')).json()) as { id: string; name: string }[];
  const other = schools.find((s) => s.name === 'Grundschule Regenbogen')!;
  const opened = await admin.post('/api/sessions', {
    data: {
      schoolId: other.id,
      waveId: waves.find((w) => w.name === 'UWE 2026 (Demo)')!.id,
      grade: 4,
      classLabel: `4c-${suffix()}`,
      expectedPupils: 20,
    },
  });
  expect(opened.status()).toBe(201);
  const foreign = (await opened.json()) as { id: string };

  // UI: no admin link, a clear message on every admin page, and the foreign session refused.
  await signIn(page, '/admin', TEACHER);
  await expect(page.getByRole('alert')).toContainText('nicht freigegeben');
  await expect(page.getByRole('navigation', { name: 'Bereiche' }).getByRole('link')).toHaveText(['Lehrkräfte']);
  await page.goto('/admin/konten');
  await expect(page.getByRole('alert')).toContainText('nicht freigegeben');
  await expect(page.getByRole('table')).toHaveCount(0);
  await page.goto(`/lehrkraft/sitzungen/${foreign.id}`);
  await expect(page.getByRole('alert')).toContainText('nicht freigegeben');
  await expect(page.locator('.projector-code')).toHaveCount(0);

  // The teacher's form offers only the teacher's own schools.
  await page.goto('/lehrkraft');
  await expect(page.getByLabel('Schule').locator('option')).toHaveText([
    'Bitte wählen',
    'Gesamtschule Nord',
    'Grundschule Sonnenschein',
  ]);

  // API: with the teacher's cookie.
  const api = page.request;
  expect((await api.get(`/api/sessions/${foreign.id}`)).status()).toBe(403);
  expect((await api.get(`/api/sessions/${foreign.id}/live`)).status()).toBe(403);
  expect((await api.post(`/api/sessions/${foreign.id}/close`)).status()).toBe(403);
  expect((await api.patch(`/api/sessions/${foreign.id}`, { data: { expectedPupils: 30 } })).status()).toBe(403);
  const own = (await (await api.get('/api/sessions')).json()) as { id: string }[];
  expect(own.map((s) => s.id)).not.toContain(foreign.id);
  expect((await api.get('/api/admin/users')).status()).toBe(403);
  expect((await api.get('/api/admin/audit')).status()).toBe(403);
  expect((await api.post('/api/admin/schools', { data: { name: 'X', sozialraumId: other.id } })).status()).toBe(403);
  const mine = await api.post('/api/sessions', {
    data: { schoolId: other.id, waveId: waves[0]!.id, grade: 4, classLabel: 'x', expectedPupils: 5 },
  });
  expect(mine.status()).toBe(403);
  expect(((await mine.json()) as { message: string }).message).toContain('nicht zu Ihren Schulen');

  expect((await admin.post(`/api/sessions/${foreign.id}/close`)).status()).toBe(200);
});

test('the teacher pages pass an automated accessibility check', async ({ page }) => {
  await signIn(page, '/lehrkraft', TEACHER);
  await expect(page.getByRole('heading', { name: 'Meine Sitzungen' })).toBeVisible();
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
  await openSessionInUi(page, `4d-${suffix()}`);
  await expect(page.getByRole('img', { name: /QR-Code/ })).toBeVisible();
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
  await page.getByRole('button', { name: 'Sitzung beenden' }).click();
  await page.getByRole('button', { name: 'Ja, Sitzung beenden' }).click();
  await expect(page.getByRole('heading', { name: /Sitzung beendet/ })).toBeVisible();
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
  await page.getByRole('link', { name: 'Text zum Vorlesen' }).click();
  await expect(page.getByRole('heading', { name: 'Text zum Vorlesen' })).toBeVisible();
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
});
