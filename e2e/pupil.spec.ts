import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import { loginAsAdmin, openSession, responsesOf } from './support.ts';

test.use({ viewport: { width: 1024, height: 768 }, hasTouch: true, isMobile: false });

async function axe(page: Page, screen: string) {
  const result = await new AxeBuilder({ page }).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${screen}: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

async function shot(page: Page, name: string) {
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: `test-results/screens/${name}.png`, fullPage: false });
}

/** Joins with the code and picks a language by its own name. */
async function start(page: Page, code: string, language = 'Deutsch') {
  await page.goto('/');
  await page.getByLabel('Gib den Code von der Tafel ein').fill(code.toLowerCase());
  await page.getByRole('button', { name: 'Weiter' }).click();
  await page.getByRole('button', { name: language, exact: true }).click();
}

/** Answers every visible single-choice question on the page with its first option. */
async function answerPage(page: Page) {
  await page.locator('.sd-question').first().waitFor();
  const groups = page.locator('.sd-question[data-name]');
  const n = await groups.count();
  const answered: string[] = [];
  for (let i = 0; i < n; i++) {
    const q = groups.nth(i);
    const radio = q.locator('.sd-radio .sd-item__control-label');
    if ((await radio.count()) > 0) {
      await radio.first().click();
      answered.push((await q.getAttribute('data-name')) ?? '');
    }
  }
  return answered;
}

async function clickNext(page: Page): Promise<boolean> {
  const next = page.locator('.sd-navigation__next-btn:visible');
  if ((await next.count()) === 0) return false;
  await next.first().click();
  return true;
}

test('a whole survey in German: join, language, intro, every page, Fertig, thanks, helpline', async ({
  page,
  request,
}) => {
  // Nothing of a child's device may reach a third party: every request stays on our origin.
  const foreign: string[] = [];
  page.on('request', (r) => {
    if (!r.url().startsWith('http://127.0.0.1:') && !r.url().startsWith('data:')) foreign.push(r.url());
  });
  // A request the Content-Security-Policy blocked never fires 'request', but Chromium reports it.
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) foreign.push(m.text());
  });
  const session = await openSession(request, { grade: 4 });
  await page.goto(`/?code=${session.code}`);
  await expect(page.getByLabel('Gib den Code von der Tafel ein')).toHaveValue(session.codeDisplay);
  await shot(page, '01-join');
  await axe(page, 'join');
  await page.getByRole('button', { name: 'Weiter' }).click();

  await expect(page.getByRole('button', { name: 'العربية' })).toBeVisible();
  await shot(page, '02-language');
  await axe(page, 'language');
  await page.getByRole('button', { name: 'Deutsch', exact: true }).click();

  await expect(page.getByText('Niemand kann sehen, was du geantwortet hast', { exact: false })).toBeVisible();
  await shot(page, '03-intro');
  await axe(page, 'intro');
  await page.getByRole('button', { name: /Los geht/ }).click();

  await expect(page.locator('.sd-question').first()).toBeVisible();
  await shot(page, '04-survey');
  await axe(page, 'survey');

  const answered: string[] = [];
  let pages = 0;
  do {
    answered.push(...(await answerPage(page)));
    pages++;
  } while ((await clickNext(page)) && pages < 60);
  await page.getByRole('button', { name: 'Fertig' }).click();

  await expect(page.getByText('Danke, dass du mitgemacht hast', { exact: false })).toBeVisible();
  await expect(page.getByText('116 111', { exact: false })).toBeVisible();
  await shot(page, '05-done');
  await axe(page, 'done');

  await expect.poll(async () => (await responsesOf(session.id)).map((r) => r.status)).toEqual(['finished']);
  const [row] = await responsesOf(session.id);
  expect(row!.language).toBe('de');
  for (const id of answered) expect(row!.answers).toHaveProperty(id);
  expect(answered.length).toBeGreaterThan(40);
  expect(foreign).toEqual([]);
});

test('Arabic runs right to left', async ({ page, request }) => {
  const session = await openSession(request, { grade: 7 });
  await start(page, session.code, 'العربية');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ar');
  await page
    .getByRole('button', { name: /.+/ })
    .filter({ hasText: /[\u0600-\u06FF]/ })
    .first()
    .click();
  const title = page.locator('.sd-question__title').first();
  await expect(title).toContainText(/[\u0600-\u06FF]/);
  const direction = await page
    .locator('.sd-question')
    .first()
    .evaluate((el) => getComputedStyle(el).direction);
  expect(direction).toBe('rtl');
  await shot(page, '06-arabic');
  await axe(page, 'survey-ar');
});

test('the read-aloud button speaks the question in the child’s language, or says why it cannot', async ({
  page,
  request,
}) => {
  // Observe the real browser API: record each call, then let it through.
  await page.addInitScript(() => {
    const w = window as unknown as { __spoken: string[] };
    w.__spoken = [];
    const synth = window.speechSynthesis;
    const speak = synth.speak.bind(synth);
    synth.speak = (u: SpeechSynthesisUtterance) => {
      w.__spoken.push(`${u.lang}|${u.text}`);
      speak(u);
    };
  });
  const session = await openSession(request, { grade: 7 });
  await start(page, session.code);
  await page.getByRole('button', { name: /Los geht/ }).click();
  const firstTitle = (await page.locator('.sd-question__title .sv-string-viewer').first().textContent())?.trim() ?? '';
  // Chromium lists its voices asynchronously: wait as long as the app does (one second).
  await page.waitForTimeout(1200);
  const voices = await page.evaluate(() => speechSynthesis.getVoices().filter((v) => v.lang.startsWith('de')).length);
  if (voices > 0) {
    await page.getByRole('button', { name: 'Vorlesen' }).first().click();
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { __spoken: string[] }).__spoken))
      .toHaveLength(1);
    const [spoken] = await page.evaluate(() => (window as unknown as { __spoken: string[] }).__spoken);
    expect(spoken).toMatch(/^de/);
    expect(spoken).toContain(firstTitle);
  } else {
    // A device without a German voice: the child is told once in words, the buttons go, nothing is spoken.
    await expect(page.getByRole('alert')).toContainText('Dieses Tablet kann nicht vorlesen');
    await expect(page.getByRole('button', { name: 'Vorlesen' })).toHaveCount(0);
    expect(await page.evaluate(() => (window as unknown as { __spoken: string[] }).__spoken)).toEqual([]);
    await clickNext(page);
    await expect(page.locator('.sd-question').first()).toBeVisible();
    await expect(page.getByText('Dieses Tablet kann nicht vorlesen')).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Vorlesen' })).toHaveCount(0);
  }
});

test('network cut half-way, reload while offline, network back: one finished response with every answer', async ({
  page,
  context,
  request,
}) => {
  const session = await openSession(request, { grade: 7 });
  await start(page, session.code);
  await page.getByRole('button', { name: /Los geht/ }).click();
  const answered = await answerPage(page);
  await clickNext(page);
  await expect(page.getByRole('status')).toHaveText('gespeichert');

  // The service worker and its cache are ready before the Wi-Fi drops.
  await page.evaluate(() => navigator.serviceWorker.ready);
  await expect
    .poll(() =>
      page.evaluate(async () =>
        (await (await caches.open('uwe-assets')).keys()).some((r) => r.url.includes('SurveyView')),
      ),
    )
    .toBe(true);
  await context.setOffline(true);
  answered.push(...(await answerPage(page)));
  await clickNext(page);
  answered.push(...(await answerPage(page)));
  await expect(page.getByRole('status')).toHaveText('wird gesendet, sobald Internet da ist');
  const title = page.locator('.sd-question__title .sv-title-actions__title').first();
  const titleBefore = (await title.textContent())?.trim() ?? '';

  await page.reload();
  // Same seat, same page, same answers, without network.
  await expect(title).toHaveText(titleBefore);
  const checked = await page.locator('.sd-item--checked').count();
  expect(checked).toBeGreaterThan(0);
  await shot(page, '07-offline-reload');

  while (await clickNext(page)) answered.push(...(await answerPage(page)));
  await page.getByRole('button', { name: 'Fertig' }).click();
  await expect(page.getByText('Danke, dass du mitgemacht hast', { exact: false })).toBeVisible();
  await page.getByRole('button', { name: /nächste Kind/ }).click();
  await expect(page.getByText('1 fertiger Fragebogen wartet noch auf Internet.')).toBeVisible();
  expect((await responsesOf(session.id))[0]?.status).not.toBe('finished');

  await context.setOffline(false);
  await expect(page.getByText('wartet noch auf Internet')).toHaveCount(0, { timeout: 40_000 });
  const rows = await responsesOf(session.id);
  expect(rows).toHaveLength(1);
  expect(rows[0]!.status).toBe('finished');
  for (const id of answered) expect(rows[0]!.answers).toHaveProperty(id);
});

test('two children one after another on one device: the second sees nothing of the first', async ({
  page,
  request,
}) => {
  const session = await openSession(request, { grade: 4 });
  await start(page, session.code);
  await page.getByRole('button', { name: /Los geht/ }).click();
  await answerPage(page);
  while (await clickNext(page)) await answerPage(page);
  await page.getByRole('button', { name: 'Fertig' }).click();
  await page.getByRole('button', { name: /nächste Kind/ }).click();

  await expect(page.getByLabel('Gib den Code von der Tafel ein')).toHaveValue('');
  await start(page, session.code);
  await page.getByRole('button', { name: /Los geht/ }).click();
  await expect(page.locator('.sd-question').first()).toBeVisible();
  expect(await page.locator('.sd-item--checked').count()).toBe(0);
  await answerPage(page);
  while (await clickNext(page)) await answerPage(page);
  await page.getByRole('button', { name: 'Fertig' }).click();
  await expect.poll(async () => (await responsesOf(session.id)).map((r) => r.status)).toEqual(['finished', 'finished']);
});

test('a child who withdraws from the top of a page sees that the answers are deleted, and nothing is left', async ({
  page,
  request,
}) => {
  const session = await openSession(request, { grade: 7 });
  await start(page, session.code, 'English');
  await page.getByRole('button', { name: "Let's start" }).click();
  await answerPage(page);
  await clickNext(page);
  await expect.poll(async () => (await responsesOf(session.id))[0]?.status).toBe('in_progress');

  // The button is at the top of the page, above the first question, without scrolling.
  const withdraw = page.locator('.withdraw button');
  const box = await withdraw.boundingBox();
  const firstQuestion = await page.locator('.sd-question').first().boundingBox();
  expect(box!.y + box!.height).toBeLessThanOrEqual(768);
  expect(box!.y).toBeLessThan(firstQuestion!.y);
  await withdraw.click();

  // Focus moves into the confirmation, onto the safe answer.
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  const focused = await page.evaluate(() => ({
    inDialog: document.activeElement?.closest('dialog') != null,
    text: document.activeElement?.textContent ?? '',
  }));
  expect(focused.inDialog).toBe(true);
  expect(focused.text).toMatch(/^No/);
  await shot(page, '08-withdraw');
  await axe(page, 'withdraw');
  await dialog.getByRole('button', { name: 'Yes, stop and delete' }).click();

  // A short screen in the child's language says the answers are gone, then the next child's code screen.
  await expect(page.getByRole('heading', { name: 'Your answers have been deleted.' })).toBeVisible();
  await axe(page, 'withdrawn');
  await page.getByRole('button', { name: /next child/ }).click();
  await expect(page.getByLabel('Gib den Code von der Tafel ein')).toBeVisible();

  await expect.poll(async () => (await responsesOf(session.id))[0]?.status).toBe('withdrawn');
  expect((await responsesOf(session.id))[0]!.answers).toEqual({});
  const onDevice = await page.evaluate(
    () =>
      new Promise<unknown[]>((resolve) => {
        const open = indexedDB.open('uwe-pupil');
        open.onsuccess = () => {
          const tx = open.result.transaction(['seat', 'outbox'], 'readonly');
          const seat = tx.objectStore('seat').getAll();
          const outbox = tx.objectStore('outbox').getAll();
          tx.oncomplete = () => resolve([...seat.result, ...outbox.result]);
        };
      }),
  );
  expect(onDevice).toEqual([]);
});

test('Fertig without any answer asks once; such a response is stored as finished with no answers', async ({
  page,
  request,
}) => {
  const session = await openSession(request, { grade: 4 });
  await start(page, session.code);
  await page.getByRole('button', { name: /Los geht/ }).click();
  await page.locator('.sd-question').first().waitFor();
  while (await clickNext(page)) await page.locator('.sd-question').first().waitFor();
  await page.getByRole('button', { name: 'Fertig' }).click();

  const dialog = page.getByRole('dialog', { name: /Du hast noch keine Frage beantwortet/ });
  await expect(dialog).toBeVisible();
  expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Nein, zurück zu den Fragen');
  await axe(page, 'empty-finish');
  // Back to the questions: the first page, nothing sent as finished.
  await dialog.getByRole('button', { name: 'Nein, zurück zu den Fragen' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.locator('.sd-progress__text:visible')).toContainText(/Seite 1 von/);
  expect((await responsesOf(session.id)).filter((r) => r.status === 'finished')).toEqual([]);

  // Asked once: this time "Fertig" finishes.
  while (await clickNext(page)) await page.locator('.sd-question').first().waitFor();
  await page.getByRole('button', { name: 'Fertig' }).click();
  await expect(page.getByText('Danke', { exact: false })).toBeVisible();
  await expect.poll(async () => (await responsesOf(session.id)).map((r) => r.status)).toEqual(['finished']);
  expect((await responsesOf(session.id))[0]!.answers).toEqual({});
});

test('the code and language screens greet in every offered language', async ({ page, request }) => {
  const session = await openSession(request, { grade: 4 });
  await page.goto('/');
  for (const [lang, words] of [
    ['en', 'Hello! Type in the code from the board.'],
    ['tr', 'Merhaba!'],
    ['ar', 'مرحبًا!'],
    ['uk', 'Привіт!'],
    ['pl', 'Cześć!'],
    ['ro', 'Bună!'],
    ['bg', 'Здравей!'],
  ] as const) {
    await expect(page.locator(`.greetings [lang="${lang}"]`)).toContainText(words);
  }
  await expect(page.locator('.greetings [lang="ar"]')).toHaveAttribute('dir', 'rtl');
  await page.getByLabel('Gib den Code von der Tafel ein').fill(session.code);
  await page.getByRole('button', { name: 'Weiter' }).click();
  await expect(page.getByRole('heading', { name: 'Wähle deine Sprache' })).toBeVisible();
  await expect(page.locator('.greetings [lang="en"]')).toHaveText('Hello! Choose your language');
  await expect(page.locator('.greetings [lang="ar"]')).toContainText('اختر لغتك');
  // Each language by its own name in its own script.
  for (const name of ['Deutsch', 'English', 'Türkçe', 'العربية', 'Українська', 'Polski', 'Română', 'Български']) {
    await expect(page.getByRole('button', { name, exact: true })).toBeVisible();
  }
  await axe(page, 'language-greetings');
});

test('an unselected answer circle has a ring of at least 3:1 against its background (WCAG 1.4.11)', async ({
  page,
  request,
}) => {
  const session = await openSession(request, { grade: 7 });
  await start(page, session.code);
  await page.getByRole('button', { name: /Los geht/ }).click();
  const decorator = page.locator('.sd-item:not(.sd-item--checked) .sd-radio__decorator').first();
  await decorator.waitFor();
  const ratio = await decorator.evaluate((el) => {
    const rgb = (c: string) => (c.match(/\d+(\.\d+)?/g) ?? []).map(Number);
    const luminance = ([r, g, b]: number[]) => {
      const lin = (v: number) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * lin(r!) + 0.7152 * lin(g!) + 0.0722 * lin(b!);
    };
    // The ring is an inset box-shadow; its colour comes first in the computed value.
    const ring = rgb(getComputedStyle(el).boxShadow.match(/rgba?\([^)]*\)/)?.[0] ?? '');
    // The background the ring sits on: the first ancestor with an opaque background.
    let bg = [255, 255, 255];
    for (let e = el.parentElement; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c.length >= 3 && (c.length === 3 || c[3]! > 0.99)) {
        bg = c.slice(0, 3);
        break;
      }
    }
    if (ring.length === 4 && ring[3]! < 1) {
      const a = ring[3]!;
      for (let i = 0; i < 3; i++) ring[i] = ring[i]! * a + bg[i]! * (1 - a);
    }
    const [l1, l2] = [luminance(ring), luminance(bg)].sort((x, y) => y - x);
    return (l1! + 0.05) / (l2! + 0.05);
  });
  expect(ratio).toBeGreaterThanOrEqual(3);
});

test('a wrong code and a closed session get clear messages', async ({ page, request }) => {
  await page.goto('/');
  await page.getByLabel('Gib den Code von der Tafel ein').fill('ZZZZZZ');
  await page.getByRole('button', { name: 'Weiter' }).click();
  await expect(page.getByRole('alert')).toContainText('Diesen Code gibt es nicht');
  const session = await openSession(request);
  await request.post(`/api/sessions/${session.id}/close`);
  await page.getByLabel('Gib den Code von der Tafel ein').fill(session.code);
  await page.getByRole('button', { name: 'Weiter' }).click();
  await expect(page.getByRole('alert')).toContainText('schon beendet');
});

test('a seat is open in one tab only', async ({ page, context, request }) => {
  const session = await openSession(request, { grade: 7 });
  await start(page, session.code);
  const second = await context.newPage();
  await second.goto('/');
  await expect(second.getByRole('alert')).toContainText('schon in einem anderen Fenster offen');
  await expect(second.getByLabel('Gib den Code von der Tafel ein')).toHaveCount(0);
  // Once the first tab is gone, the survey can continue in another one, on the same seat.
  await page.close();
  await second.reload();
  await expect(second.getByRole('button', { name: /Los geht/ })).toBeVisible();
});

test('a recorded question is played instead of the device voice', async ({ page, request }) => {
  const { uwe2026 } = await import('../packages/schema/src/index.ts');
  // A city's version with a recording of the first question in German.
  const id = `uwe-audio-${Date.now()}`;
  await loginAsAdmin(request);
  const upload = await request.post('/api/instruments', {
    data: { ...structuredClone(uwe2026), id, title: 'Mit Aufnahmen', audio: { hap_1: { de: '/audio/hap_1.de.mp3' } } },
  });
  expect(upload.status()).toBe(201);
  const wave = await request.post('/api/admin/waves', {
    data: {
      name: `Audio ${id}`,
      instrumentId: id,
      grades: [4, 7],
      startsOn: '2026-01-01',
      endsOn: '2026-12-31',
      status: 'in_field',
    },
  });
  expect(wave.status()).toBe(201);
  const session = await openSession(request, { grade: 7, waveId: (await wave.json()).id });

  await page.addInitScript(() => {
    const w = window as unknown as { __played: string[] };
    w.__played = [];
    const play = HTMLMediaElement.prototype.play;
    HTMLMediaElement.prototype.play = function (this: HTMLMediaElement) {
      w.__played.push(this.src);
      return play.call(this);
    };
  });
  await start(page, session.code);
  await page.getByRole('button', { name: /Los geht/ }).click();
  await page.locator('[data-name="hap_1"]').getByRole('button', { name: 'Vorlesen' }).click();
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { __played: string[] }).__played))
    .toEqual([expect.stringMatching(/\/audio\/hap_1\.de\.mp3$/)]);
});
