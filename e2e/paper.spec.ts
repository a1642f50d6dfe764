import AxeBuilder from '@axe-core/playwright';
import { type Browser, expect, type Page, test } from '@playwright/test';
import { query } from './support.ts';

const TEACHER = { email: 'lehrkraft@musterstadt.example', password: 'uwe-demo-2026' };
const DEMO_ADMIN = { email: 'admin@musterstadt.example', password: 'uwe-demo-2026' };

// Tests share one database per run: class labels carry a suffix so every test stands alone.
const suffix = () => Date.now().toString(36).slice(-5) + Math.floor(Math.random() * 1296).toString(36);

/** Pages of a PDF as Chromium writes it: one page object each (the page tree is "/Type /Pages"). */
const pdfPages = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;

async function signIn(page: Page, path: string, who: { email: string; password: string }) {
  await page.goto(path);
  await page.getByLabel('E-Mail-Adresse').fill(who.email);
  await page.getByLabel('Passwort').fill(who.password);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await expect(page.getByRole('button', { name: 'Abmelden' })).toBeVisible();
}

const SCHOOL = { 4: 'Grundschule Sonnenschein', 7: 'Gesamtschule Nord' } as const;

/** Opens a session on the teacher page, as a teacher does; returns its id and code. */
async function openSession(page: Page, classLabel: string, grade: 4 | 7, enrolled = 25) {
  await page.goto('/lehrkraft');
  await expect(page.getByRole('heading', { name: 'Sitzung öffnen' })).toBeVisible();
  await page.getByLabel('Schule').selectOption({ label: SCHOOL[grade] });
  await page.getByLabel('Befragung').selectOption({ label: 'UWE 2026 (Demo)' });
  await page.getByRole('radio', { name: grade === 4 ? 'Klasse 4' : 'Klasse 7' }).check();
  await page.getByLabel('Klasse', { exact: true }).fill(classLabel);
  await page.getByLabel('Anwesende Kinder').fill('20');
  await page.getByLabel('Kinder in der Klasse').fill(String(enrolled));
  await page.getByRole('button', { name: 'Sitzung öffnen' }).click();
  await expect(page).toHaveURL(/\/lehrkraft\/sitzungen\/[0-9a-f-]{36}$/);
  const code = ((await page.locator('.projector-code').textContent()) ?? '').trim();
  return { id: page.url().split('/').pop()!, code };
}

/** The entry page of a session, with the cursor at question 1. */
async function openEntry(page: Page, sessionId: string) {
  await page.goto(`/lehrkraft/sitzungen/${sessionId}/papier`);
  await expect(page.getByRole('heading', { name: /^Papierfragebögen erfassen/ })).toBeVisible();
  await expect(page.getByLabel(/^1 /)).toBeFocused();
}

const numberOf = async (page: Page, itemId: string) =>
  ((await page.locator(`.paper-row[data-item="${itemId}"] .paper-num`).textContent()) ?? '').trim();

async function axe(page: Page) {
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
}

async function apiAs(browser: Browser, who: { email: string; password: string }) {
  const context = await browser.newContext();
  expect((await context.request.post('/api/auth/login', { data: who })).status()).toBe(200);
  return context;
}

test('a teacher prints the class’s form: every question with its number, the code on each page, few A4 pages', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await signIn(page, '/lehrkraft', TEACHER);
  for (const [grade, maxPages] of [
    [7, 16],
    [4, 12],
  ] as const) {
    const label = `Druck${grade}-${suffix()}`;
    const { code } = await openSession(page, label, grade);

    // The print button of the session list opens the form with the class code filled in.
    await page.goto('/lehrkraft');
    await page.getByRole('link', { name: `Papierfragebogen drucken: Klasse ${label}` }).click();
    await expect(page).toHaveURL(/\/druck\?session=/);
    await expect(page.getByRole('heading', { name: 'Papierfragebogen', level: 1 })).toBeVisible();
    await expect(page.locator('.code-box')).toHaveText(code);
    // … and in the page margin of every printed page.
    expect(await page.locator('main.print-page > style').textContent()).toContain(`Klassen-Code: ${code}`);

    // Every question of the form, follow-ups included, in order and with its number.
    const form = (await (await page.request.get(`/api/instruments/uwe-2026/forms/grade${grade}`)).json()) as {
      survey: { pages: { elements: { name: string; visibleIf?: string }[] }[] };
    };
    const elements = form.survey.pages.flatMap((p) => p.elements);
    const printed = await page.locator('.paper [data-item]').evaluateAll((els) =>
      els.map((e) => ({
        id: (e as HTMLElement).dataset.item,
        number: (e as HTMLElement).dataset.number ?? '',
        text: e.textContent ?? '',
      })),
    );
    expect(printed.map((p) => p.id)).toEqual(elements.map((e) => e.name));
    expect(new Set(printed.map((p) => p.number)).size).toBe(printed.length);
    printed.forEach((p, i) => {
      expect(p.number, p.id).toMatch(elements[i]?.visibleIf ? /^\d+[a-z]$/ : /^\d+$/);
      expect(p.text.startsWith(p.number), p.id).toBe(true);
    });
    expect(elements.filter((e) => e.visibleIf).length).toBe(grade === 7 ? 5 : 3);

    // Routing a child can follow.
    const wish = printed.find((p) => p.id === 'wish_activity')!.number;
    await expect(page.locator('.paper')).toContainText(
      `Wenn du Ja angekreuzt hast, beantworte auch die Fragen ${wish}a und ${wish}b. Sonst mach weiter mit Frage ${Number(wish) + 1}.`,
    );
    if (grade === 7) {
      const disc = printed.find((p) => p.id === 'disc_experienced')!.number;
      await expect(page.locator('.paper')).toContainText(
        `Wenn du Ja angekreuzt hast, beantworte auch die Fragen ${disc}a und ${disc}b. Sonst mach weiter mit Frage ${Number(disc) + 1}.`,
      );
      await expect(page.locator(`[data-item="disc_reason"]`)).toContainText(
        `Nur wenn du bei Frage ${disc} Ja angekreuzt hast.`,
      );
    }
    // Rating items in grids: one row per item under shared answer columns.
    const life = page.getByRole('table', { name: /^Dein Leben: 1, 2, 3/ });
    await expect(life.getByRole('columnheader', { name: /Stimmt genau/ })).toBeVisible();
    await axe(page);

    await page.emulateMedia({ media: 'print' });
    await expect(page.getByRole('button', { name: 'Drucken' })).toBeHidden();
    await page.evaluate(() => document.fonts.ready);
    await page.screenshot({ path: `test-results/screens/paper-form-grade${grade}.png` });
    const pages = pdfPages(await page.pdf({ format: 'A4', path: `test-results/paper-form-grade${grade}.pdf` }));
    expect(pages).toBeGreaterThanOrEqual(4);
    expect(pages).toBeLessThanOrEqual(maxPages);

    // Arabic: right to left, the same questions, within the same page budget.
    await page.emulateMedia({ media: 'screen' });
    await page.getByLabel('Sprache').selectOption({ label: 'العربية' });
    await expect(page.locator('.paper')).toHaveAttribute('dir', 'rtl');
    await expect(page.locator('.paper [data-item]')).toHaveCount(elements.length);
    await page.emulateMedia({ media: 'print' });
    await page.evaluate(() => document.fonts.ready);
    expect(pdfPages(await page.pdf({ format: 'A4' }))).toBeLessThanOrEqual(maxPages);
    await page.emulateMedia({ media: 'screen' });
  }
});

test('a teacher types in three sheets by keyboard only, undoes one, and sees them counted in the session and in a release', async ({
  page,
  browser,
}) => {
  test.setTimeout(240_000);
  await signIn(page, '/lehrkraft', TEACHER);
  const label = `Papier-${suffix()}`;
  const session = await openSession(page, label, 7);
  await openEntry(page, session.id);
  await axe(page);
  const disc = await numberOf(page, 'disc_experienced');
  const counted = page.getByTestId('paper-count');
  const saved = page.getByRole('status').filter({ hasText: 'Bogen gespeichert' });

  // Sheet 1: the first five ratings, one digit each (the cursor moves on by itself), Enter saves.
  await page.keyboard.type('54321');
  await expect(page.getByLabel(/^6 /)).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(counted).toHaveText('1');
  await expect(saved).toBeVisible();
  await expect(page.getByLabel(/^1 /)).toBeFocused();

  // Sheet 2: Tab leaves a question empty; Esc and a number jump to a question; the filter answer
  // "Ja" leads on to its follow-ups, where several boxes are typed as "13".
  await page.keyboard.type('3333');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await page.keyboard.type('2');
  await page.keyboard.press('Escape');
  await expect(page.getByLabel('Frage Nr. (Esc)')).toBeFocused();
  await page.keyboard.type(disc);
  await page.keyboard.press('Enter');
  await expect(page.getByLabel(new RegExp(`^${disc} `))).toBeFocused();
  await page.keyboard.type('1');
  await expect(page.getByLabel(new RegExp(`^${disc}a `))).toBeFocused();
  await page.keyboard.type('13');
  await expect(page.locator('.paper-row[data-item="disc_reason"] .paper-echo')).toHaveText(
    'Wegen meiner Herkunft oder der Herkunft meiner Familie · Wegen meiner Religion',
  );
  await page.keyboard.press('Tab');
  await page.keyboard.type('1');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(counted).toHaveText('2');

  // Sheet 3, then undo it (Shift+Tab from question 1 reaches the undo button) and save it again.
  await page.keyboard.type('1');
  await page.keyboard.press('Enter');
  await expect(counted).toHaveText('3');
  await page.keyboard.press('Shift+Tab');
  await expect(page.getByRole('button', { name: 'Letzten Bogen zurücknehmen' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(counted).toHaveText('2');
  await expect(page.getByLabel(/^1 /)).toHaveValue('1');
  await expect(page.getByLabel(/^1 /)).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(counted).toHaveText('3');
  await expect(page.getByTestId('total-count')).toContainText('3 von 25');
  await page.screenshot({ path: 'test-results/screens/paper-entry.png' });

  // What reached the database: three finished paper responses, exactly as typed.
  const rows = await query<{ answers: Record<string, unknown>; status: string; mode: string; language: string }>(
    'select answers, status, mode, language from response where session_id = $1',
    [session.id],
  );
  expect(rows.map((r) => [r.status, r.mode, r.language])).toEqual(Array(3).fill(['finished', 'paper', 'de']));
  expect(rows.map((r) => r.answers)).toEqual(
    expect.arrayContaining([
      { hap_1: 5, hap_2: 4, hap_3: 3, hap_4: 2, hap_5: 1 },
      {
        hap_1: 3,
        hap_2: 3,
        hap_3: 3,
        hap_4: 3,
        opt_2: 2,
        disc_experienced: 1,
        disc_reason: ['origin', 'religion'],
        disc_where: ['school'],
      },
      { hap_1: 1 },
    ]),
  );

  // Counted in the session: the teacher's list and the session page.
  await page.goto('/lehrkraft');
  const row = page.getByRole('row').filter({ hasText: label });
  await expect(row.getByRole('cell').nth(6)).toHaveText('3');
  await row.getByRole('link', { name: `Anzeigen: Klasse ${label}` }).click();
  await expect(page.getByTestId('count-finished')).toHaveText('3');

  // Counted in a release: the admin builds one; the school report shows the paper share.
  const admin = await apiAs(browser, DEMO_ADMIN);
  const { waveId, schoolId } = (await (await admin.request.get(`/api/sessions/${session.id}`)).json()) as {
    waveId: string;
    schoolId: string;
  };
  const paperN = async (release: number) => {
    const res = await admin.request.get(`/api/reports/waves/${waveId}/units/school/${schoolId}?release=${release}`);
    const { cells } = (await res.json()) as {
      cells: { item: string; statistic: string; breakdown: string; value: number | null }[];
    };
    return cells.find((c) => c.item === 'participation.paper' && c.statistic === 'n' && c.breakdown === 'none')?.value;
  };
  const started = await admin.request.post(`/api/reports/waves/${waveId}/releases`);
  expect(started.status()).toBe(202);
  const { number } = (await started.json()) as { number: number };
  await expect
    .poll(
      async () =>
        (
          (await (await admin.request.get(`/api/reports/waves/${waveId}/releases/${number}`)).json()) as {
            status: string;
          }
        ).status,
      {
        timeout: 180_000,
      },
    )
    .toBe('ready');
  // Three sheets, perturbed by at most 2 and never to 0.
  const n = await paperN(number);
  expect(n).toBeGreaterThanOrEqual(1);
  expect(n).toBeLessThanOrEqual(5);

  const monitor = await admin.newPage();
  await monitor.goto('/monitoring');
  await monitor.getByRole('table', { name: 'Schulen: Indizes' }).getByRole('link', { name: SCHOOL[7] }).click();
  const participation = monitor
    .getByRole('region', { name: '1. Beteiligung' })
    .getByRole('table', { name: `Beteiligung: ${SCHOOL[7]}` });
  await expect(participation.getByRole('columnheader', { name: 'Auf Papier' })).toBeVisible();
  const whole = participation.getByRole('row', { name: /^Gesamt \d/ });
  await expect(whole.locator('td[data-item="participation.paper"]')).toHaveText(/%/);
  await admin.close();
});

test('a follow-up answer without its filter answer is refused with a clear message, and nothing is saved', async ({
  page,
}) => {
  await signIn(page, '/lehrkraft', TEACHER);
  const session = await openSession(page, `Filter-${suffix()}`, 7);
  await openEntry(page, session.id);
  const disc = await numberOf(page, 'disc_experienced');

  // "Nein" at the filter question: the cursor skips the follow-ups …
  await page.keyboard.press('Escape');
  await page.keyboard.type(disc);
  await page.keyboard.press('Enter');
  await page.keyboard.type('0');
  await expect(page.getByLabel(new RegExp(`^${Number(disc) + 1} `))).toBeFocused();
  // … and whoever goes there anyway and types an answer is warned at once and refused on saving.
  await page.keyboard.press('Escape');
  await page.keyboard.type(`${disc}a`);
  await page.keyboard.press('Enter');
  await page.keyboard.type('2');
  await expect(page.locator('.paper-row[data-item="disc_reason"] .paper-echo')).toHaveText(
    `Gilt nur, wenn bei Frage ${disc} „Ja“ angekreuzt ist – bitte leer lassen.`,
  );
  await page.keyboard.press('Enter');
  await expect(page.getByRole('alert')).toHaveText(
    `Frage ${disc}a gilt nur, wenn bei Frage ${disc} „Ja“ angekreuzt ist – auf diesem Bogen ist das nicht so. Bitte lassen Sie Frage ${disc}a leer.`,
  );
  await expect(page.getByLabel(new RegExp(`^${disc}a `))).toBeFocused();
  await expect(page.getByTestId('paper-count')).toHaveText('0');
  expect(await query('select 1 from response where session_id = $1', [session.id])).toEqual([]);

  // Emptied, the sheet is saved.
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('paper-count')).toHaveText('1');
});

test('double entry: sheets count once both entries agree; a mismatch is listed item by item and resolved', async ({
  page,
}) => {
  await signIn(page, '/lehrkraft', TEACHER);
  const session = await openSession(page, `Doppelt-${suffix()}`, 4);
  await openEntry(page, session.id);
  await page.getByRole('radio', { name: /^Doppelerfassung/ }).check();
  await expect(page.getByRole('heading', { name: 'Abgleich der Doppelerfassung' })).toBeVisible();

  const typeSheet = async (keys: string) => {
    await page.getByLabel(/^1 /).focus();
    await page.keyboard.type(keys);
    await page.keyboard.press('Enter');
    await expect(page.getByRole('status').filter({ hasText: /Eingabe gespeichert/ })).toBeVisible();
  };
  // First person: sheets 1 and 2.
  await typeSheet('543');
  await typeSheet('111');
  // Second person: the same sheets, one box read differently on sheet 2.
  await page.getByRole('combobox', { name: 'Eingabe', exact: true }).selectOption({ label: '2. Eingabe' });
  await page.getByLabel('Bogen-Nr.').fill('1');
  await typeSheet('543');
  await typeSheet('121');
  await expect(page.getByRole('status').filter({ hasText: '1 Unterschied zur anderen Eingabe' })).toBeVisible();

  // Nothing counts before the comparison.
  await expect(page.getByTestId('paper-count')).toHaveText('0');
  await expect(page.getByTestId('pending-count')).toHaveText('2');
  const mismatch = page.getByRole('form', { name: 'Bogen 2: 1 Unterschied' });
  const item = mismatch.getByRole('group', { name: /^Frage 2: / });
  await expect(item.getByRole('radio')).toHaveCount(3);
  await expect(item).toContainText('1. Eingabe: 1 = Stimmt gar nicht');
  await expect(item).toContainText('2. Eingabe: 2 = Stimmt eher nicht');
  await axe(page);
  await mismatch.screenshot({ path: 'test-results/screens/paper-double-entry.png' });

  await page.getByRole('button', { name: 'Übereinstimmende Bögen übernehmen (1)' }).click();
  await expect(page.getByTestId('paper-count')).toHaveText('1');
  await item.getByRole('radio', { name: /^2\. Eingabe/ }).check();
  await mismatch.getByRole('button', { name: 'Bogen 2 übernehmen' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Bogen 2 abgeglichen' })).toBeVisible();
  await expect(page.getByTestId('paper-count')).toHaveText('2');
  await expect(page.getByText('Gezählt: Bögen 1, 2.')).toBeVisible();

  const rows = await query<{ answers: Record<string, unknown> }>(
    "select answers from response where session_id = $1 and mode = 'paper'",
    [session.id],
  );
  expect(rows.map((r) => r.answers)).toEqual(
    expect.arrayContaining([
      { hap_1: 5, hap_2: 4, hap_3: 3 },
      { hap_1: 1, hap_2: 2, hap_3: 1 },
    ]),
  );
  expect(await query('select 1 from paper_entry where session_id = $1', [session.id])).toEqual([]);
});
