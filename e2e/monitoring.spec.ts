import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { type APIRequestContext, expect, type Locator, type Page, test } from '@playwright/test';
import { loginAsAdmin } from './support.ts';

const MONITOR = { email: 'monitoring@musterstadt.example', password: 'uwe-demo-2026' };
const ADMIN = { email: 'e2e-admin@example.org', password: 'e2e-admin-password' };
const DEMO_WAVE = 'UWE 2026 (Demo)';

type Cell = {
  level: string;
  unit_id: string;
  unit_name: string;
  breakdown: string;
  group: string;
  item: string;
  statistic: string;
  category: string;
  value: number | null;
  flag: string;
};

test.use({ viewport: { width: 1280, height: 900 } });

async function signIn(page: Page, path: string, who = MONITOR) {
  await page.goto(path);
  await page.getByLabel('E-Mail-Adresse').fill(who.email);
  await page.getByLabel('Passwort').fill(who.password);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await expect(page.getByRole('button', { name: 'Abmelden' })).toBeVisible();
}

async function shot(page: Page, name: string, fullPage = false) {
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: `test-results/screens/monitoring-${name}.png`, fullPage });
}

async function demoWave(request: APIRequestContext) {
  const waves = (await (await request.get('/api/reports/waves')).json()) as {
    id: string;
    name: string;
    release: { number: number } | null;
  }[];
  return waves.find((w) => w.name === DEMO_WAVE)!;
}

/** The export rows, by what they describe. */
function parseCsv(text: string): Map<string, Cell> {
  const rows: string[][] = [];
  let field = '';
  let row: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else if (ch !== '\r') field += ch;
  }
  const [header, ...body] = rows;
  expect(header).toEqual([
    'level',
    'unit_id',
    'unit_name',
    'breakdown',
    'group',
    'item',
    'statistic',
    'category',
    'value',
    'flag',
  ]);
  const out = new Map<string, Cell>();
  for (const r of body) {
    const c = Object.fromEntries(header!.map((h, i) => [h, r[i] ?? ''])) as Record<string, string>;
    const cell = { ...c, value: c.value === '' ? null : Number(c.value) } as Cell;
    out.set(keyOf(cell), cell);
  }
  return out;
}

const keyOf = (c: {
  level: string;
  unit_id: string;
  breakdown: string;
  group: string;
  item: string;
  statistic: string;
  category: string;
}) => [c.level, c.unit_id, c.breakdown, c.group, c.item, c.statistic, c.category].join('|');

/** How the page must show an export row, written independently of the app's own formatting. */
function expectedText(c: Cell | undefined): string {
  if (!c || c.value === null) {
    if (c?.flag === 'almost_all') return 'fast alle';
    if (c?.flag === '<1') return '< 1 %';
    if (c?.flag === '>99') return '> 99 %';
    return 'keine Angabe';
  }
  if (c.statistic === 'pct') return `${c.value.toFixed(1).replace('.', ',')} %`;
  if (c.statistic === 'mean') return c.value.toFixed(1).replace('.', ',');
  return String(c.value).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

const normal = (s: string) => s.replace(/\s+/g, ' ').trim();

/** Every value cell of a table with what it stands for (the `data-*` attributes) and its text. */
async function shownCells(table: Locator) {
  return table.locator('td[data-item]').evaluateAll((tds) =>
    tds.map((td) => {
      const d = (td as HTMLElement).dataset;
      return {
        key: [d.level, d.unit, d.breakdown, d.group, d.item, d.statistic, d.category].join('|'),
        text: td.querySelector('.value')?.textContent ?? '',
      };
    }),
  );
}

/** Cells of a report route, by what they describe. */
async function cellsOf(request: APIRequestContext, url: string): Promise<Map<string, Cell>> {
  const res = await request.get(url);
  expect(res.status(), url).toBe(200);
  return new Map(((await res.json()) as { cells: Cell[] }).cells.map((c) => [keyOf(c), c]));
}

/** Shown values that differ from the cells they stand for (as "key: shown …, expected …"). */
async function mismatches(table: Locator, cells: Map<string, Cell>) {
  return (await shownCells(table))
    .filter((c) => normal(c.text) !== expectedText(cells.get(c.key)))
    .map((c) => `${c.key}: shown "${normal(c.text)}", expected "${expectedText(cells.get(c.key))}"`);
}

test.describe.configure({ mode: 'serial' });

// The demo city (UWE_DEMO=1) brings synthetic finished responses and a ready release 1 in two waves.

// The worker builds the demo releases in the first minute after the start; this file run on its own
// must not start before the newest wave has its release.
test.beforeAll(async ({ request }) => {
  test.setTimeout(120_000);
  await request.post('/api/auth/login', { data: MONITOR });
  await expect
    .poll(async () => (await demoWave(request))?.release?.number ?? null, { timeout: 110_000, intervals: [1_000] })
    .not.toBeNull();
});

test('monitoring staff sign in and see the city indices of the newest release', async ({ page }) => {
  await signIn(page, '/monitoring');
  await expect(page.getByRole('heading', { name: 'Bildungsmonitoring', level: 1, exact: true })).toBeVisible();
  await expect(page.getByLabel('Befragungsrunde')).toHaveValue((await demoWave(page.request)).id);
  const wave = await demoWave(page.request);
  const city = (await (
    await page.request.get(`/api/reports/waves/${wave.id}/overview?level=city&release=${wave.release!.number}`)
  ).json()) as { cells: Cell[] };
  const thriving = city.cells.find((c) => c.item === 'index.wellbeing' && c.category === 'thriving')!;
  const assetsMean = city.cells.find((c) => c.item === 'index.assets' && c.statistic === 'mean')!;

  const wellbeing = page
    .getByRole('article')
    .filter({ has: page.getByRole('heading', { name: 'Wohlbefindensindex' }) });
  expect(normal((await wellbeing.locator('dd').first().textContent()) ?? '')).toBe(expectedText(thriving));
  const assets = page.getByRole('article').filter({ has: page.getByRole('heading', { name: 'Ressourcenindex' }) });
  await expect(assets.getByText('Durchschnitt')).toBeVisible();
  expect(normal((await assets.locator('dd').nth(3).textContent()) ?? '')).toBe(`${expectedText(assetsMean)} von 7`);
  // The breakdown rows of the city, as bars with their numbers in words.
  await expect(wellbeing.getByRole('img', { name: /^Gesamtstadt: niedriges Wohlbefinden \d+/ })).toBeVisible();
  await expect(wellbeing.getByRole('img', { name: /^Klasse \d:/ }).first()).toBeVisible();
  await shot(page, 'dashboard');
  await shot(page, 'dashboard-full', true);
});

test('the dashboard switches the Sozialräume between school location and residence', async ({ page }) => {
  await signIn(page, '/monitoring');
  const wave = await demoWave(page.request);
  await expect(page.getByRole('heading', { name: 'Karte der Sozialräume' })).toBeVisible();
  const residence = page.waitForRequest((r) => r.url().includes('geography=residence'));
  await page.getByRole('radio', { name: 'nach Wohnort' }).click();
  await expect(page.getByRole('radio', { name: 'nach Wohnort' })).toBeChecked();
  // The table and the map now read the residence tables of the release.
  expect((await residence).url()).toContain('level=sozialraum');
  await expect(page).toHaveURL(/geografie=wohnort/);
  const byResidence = (await (
    await page.request.get(
      `/api/reports/waves/${wave.id}/overview?level=sozialraum&geography=residence&release=${wave.release!.number}`,
    )
  ).json()) as { cells: Cell[] };
  // The current demo wave asks "Wo wohnst du?": its Sozialräume by residence have numbers.
  expect(byResidence.cells.some((c) => c.level === 'residence' && c.value !== null)).toBe(true);
  await expect(page.getByRole('table', { name: /Sozialräume nach Wohnort/ })).toBeVisible();
  await expect(page.getByText('Diese Befragungsrunde hat nicht gefragt')).toHaveCount(0);
  await page.getByRole('radio', { name: 'nach Schulstandort' }).click();
  await expect(page.getByRole('radio', { name: 'nach Schulstandort' })).toBeChecked();
  await expect(page).not.toHaveURL(/geografie=wohnort/);
  await expect(page.getByText('Diese Befragungsrunde hat nicht gefragt')).toHaveCount(0);
});

test('the map draws one area per Sozialraum; areas without a value are hatched, unlabelled and unclassed', async ({
  page,
}) => {
  await signIn(page, '/monitoring');
  const map = page.locator('.choropleth');
  const boundaries = (await (await page.request.get('/api/admin/sozialraeume')).json()) as {
    id: string;
    name: string;
    geometry: unknown;
  }[];
  const waves = (
    (await (await page.request.get('/api/reports/waves')).json()) as {
      id: string;
      release: { number: number } | null;
    }[]
  ).filter((w) => w.release);
  await expect(map.locator('path').first()).toBeVisible();
  const indicators = await page
    .getByLabel('Kennzahl')
    .locator('option')
    .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));

  // A wave and an indicator whose release hides some Sozialräume and shows others (rule 8 on the map).
  let pick: { waveId: string; indicator: string; values: Map<string, number | null> } | undefined;
  for (const wave of waves) {
    const q = `release=${wave.release!.number}`;
    const catalogue = (await (await page.request.get(`/api/reports/waves/${wave.id}/catalogue?${q}`)).json()) as {
      units: { level: string; id: string }[];
    };
    const overview = (await (
      await page.request.get(`/api/reports/waves/${wave.id}/overview?level=sozialraum&${q}`)
    ).json()) as { cells: Cell[] };
    const mapped = catalogue.units.filter(
      (u) => u.level === 'sozialraum' && boundaries.find((b) => b.id === u.id)?.geometry,
    );
    for (const indicator of indicators) {
      const [item, statistic, category] = indicator.split('|');
      const values = new Map(
        mapped.map((u) => {
          const c = overview.cells.find(
            (x) => x.unit_id === u.id && x.item === item && x.statistic === statistic && x.category === category,
          );
          return [u.id, c?.value ?? null];
        }),
      );
      const shown = [...values.values()].filter((v) => v !== null).length;
      if (shown > 0 && shown < values.size) {
        pick = { waveId: wave.id, indicator, values };
        break;
      }
    }
    if (pick) break;
  }
  expect(pick, 'a released indicator with hidden and shown Sozialräume').toBeDefined();
  const { waveId, indicator, values } = pick!;
  await page.getByLabel('Befragungsrunde').selectOption(waveId);
  await page.getByLabel('Kennzahl').selectOption(indicator);
  const hidden = [...values].filter(([, v]) => v === null).map(([id]) => id);

  await expect(map.locator('path.leaflet-interactive')).toHaveCount(values.size);
  for (const [id, v] of values) {
    const path = map.locator(`path[data-unit="${id}"]`);
    await expect(path).toHaveClass(v === null ? /area-none/ : /area-value/);
    await expect(path).toHaveAttribute('fill', v === null ? /^url\(#/ : /^#[0-9a-f]{6}$/);
  }
  // Every area is labelled with its name and value in text; hatched ones with "keine Angabe" only.
  const format = (v: number) => `${v.toFixed(1).replace('.', ',')}${indicator.includes('|pct|') ? ' %' : ''}`;
  const name = (id: string) => boundaries.find((b) => b.id === id)!.name;
  const labels = () =>
    map.locator('.map-label').evaluateAll((els) =>
      els.map((e) => ({
        none: e.classList.contains('map-label-none'),
        text: `${e.querySelector('.map-label-name')?.textContent} | ${e.querySelector('.map-label-value')?.textContent}`,
      })),
    );
  await expect
    .poll(async () => (await labels()).map((l) => normal(l.text)).sort())
    .toEqual([...values].map(([id, v]) => `${name(id)} | ${v === null ? 'keine Angabe' : format(v)}`).sort());
  expect((await labels()).filter((l) => l.none).length).toBe(hidden.length);
  // The legend has classes only: no entry for "keine Angabe", and its colours are the areas' colours.
  const legend = page.getByRole('list', { name: /^Klassen:/ });
  await expect(legend).not.toContainText('keine Angabe');
  const legendColors = await legend
    .locator('.swatch')
    .evaluateAll((els) => els.map((e) => getComputedStyle(e).backgroundColor));
  const areaColors = await map
    .locator('path.area-value')
    .evaluateAll((els) => els.map((e) => getComputedStyle(e).fill));
  expect(legendColors.length).toBeGreaterThan(0);
  expect(legendColors.length).toBeLessThanOrEqual(5);
  for (const c of areaColors) expect(legendColors).toContain(c);
  await map.scrollIntoViewIfNeeded();
  await page.locator('.map-layout').screenshot({ path: 'test-results/screens/monitoring-map.png' });

  // The default indicator of the newest wave: every Sozialraum drawn once.
  await page.getByLabel('Befragungsrunde').selectOption(waves[0]!.id);
  await page.getByLabel('Kennzahl').selectOption('index.wellbeing|pct|thriving');
  await expect(map.locator('path.leaflet-interactive')).toHaveCount(values.size);
});

test('a school report shows participation and indices, marks hidden numbers, and prints', async ({ page }) => {
  await signIn(page, '/monitoring');
  const schools = page.getByRole('table', { name: 'Schulen: Indizes' });
  await schools.getByRole('link', { name: 'Gesamtschule Nord' }).click();
  await expect(page.getByRole('heading', { name: 'Schulbericht: Gesamtschule Nord', level: 1 })).toBeVisible();
  // Participation: took part, class size, response rate and paper share, of the school, its grades and the city,
  // exactly as the release publishes them (hidden ones as "keine Angabe").
  const participation = page.getByRole('region', { name: '1. Beteiligung' });
  const table = participation.getByRole('table', { name: 'Beteiligung: Gesamtschule Nord' });
  await expect(table.getByRole('columnheader')).toHaveText([
    'Gruppe',
    'Teilgenommen',
    'Klassengröße',
    'Beteiligung',
    'Auf Papier',
  ]);
  await expect(table.getByRole('row', { name: /^Gesamt \d/ })).toBeVisible();
  await expect(table.getByRole('row', { name: /^Gesamtstadt \(zum Vergleich\) \d/ })).toBeVisible();
  const wave = await demoWave(page.request);
  const schoolId = new URL(page.url()).pathname.split('/').pop()!;
  const q = `release=${wave.release!.number}`;
  const published = new Map([
    ...(await cellsOf(page.request, `/api/reports/waves/${wave.id}/units/school/${schoolId}?${q}`)),
    ...(await cellsOf(page.request, `/api/reports/waves/${wave.id}/overview?level=city&${q}`)),
  ]);
  expect(await shownCells(table)).toHaveLength(4 * ((await table.getByRole('row').count()) - 1));
  expect(await mismatches(table, published)).toEqual([]);
  await expect(participation).not.toContainText('gerundet');

  const indices = page.getByRole('region', { name: '2. Indizes' });
  const wellbeing = indices.getByRole('table', { name: 'Wohlbefindensindex: Gesamtschule Nord' });
  await expect(wellbeing.getByRole('columnheader', { name: 'aufblühend' })).toBeVisible();
  await expect(wellbeing.getByRole('row', { name: /^Gesamt / })).toContainText(/\d+\s%/);
  await expect(wellbeing.getByRole('row', { name: /^Gesamtstadt/ })).toContainText(/\d+\s%/);
  for (const h of ['3. Dimensionen', '4. Einzelfragen', '5. Vergleich mit früheren Befragungsrunden']) {
    await expect(page.getByRole('heading', { name: h, level: 2 })).toBeVisible();
  }
  // Hidden numbers read "keine Angabe" with the footnote that says why.
  const missing = page.locator('td.missing').first();
  if (await missing.count()) await expect(missing).toHaveText('keine Angabe1');
  await expect(page.getByRole('heading', { name: 'Hinweise zu den Zahlen' })).toBeVisible();
  await expect(page.getByText(/^keine Angabe: Hier wird keine Zahl gezeigt/)).toBeVisible();
  await shot(page, 'report-school');

  // The button opens the browser's print dialog.
  await page.evaluate(() => {
    window.print = () => {
      (window as unknown as { printed: boolean }).printed = true;
    };
  });
  await page.getByRole('button', { name: 'Drucken / als PDF speichern' }).click();
  expect(await page.evaluate(() => (window as unknown as { printed?: boolean }).printed)).toBe(true);

  // The print stylesheet: no staff navigation, no buttons, a footer with the source.
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('button', { name: 'Drucken / als PDF speichern' })).toBeHidden();
  await expect(page.getByRole('link', { name: '← Zur Übersicht' })).toBeHidden();
  await expect(page.locator('.staff-header')).toBeHidden();
  await expect(page.locator('.report-foot')).toBeVisible();
  await expect(page.locator('.report-foot')).toContainText('Freigabe');
  await shot(page, 'report-school-print');
  const pdf = await page.pdf({ format: 'A4' });
  expect(pdf.byteLength).toBeGreaterThan(20_000);
  // Hatching drawn with CSS gradients once made a report PDF many megabytes large.
  expect(pdf.byteLength).toBeLessThan(3_000_000);
  await page.emulateMedia({ media: 'screen' });
  await expect(page.locator('.report-foot')).toBeHidden();
});

test('a Sozialraum report opens from the table and lists its schools', async ({ page }) => {
  await signIn(page, '/monitoring');
  const areas = page.getByRole('table', { name: 'Sozialräume: Indizes' });
  await areas.getByRole('link', { name: 'Kanalviertel' }).click();
  await expect(page.getByRole('heading', { name: 'Sozialraumbericht: Kanalviertel', level: 1 })).toBeVisible();
  await expect(page.getByText('Schulen in diesem Sozialraum:')).toContainText('Gesamtschule Nord');
  await expect(page.getByRole('region', { name: '2. Indizes' })).toBeVisible();
});

test('the CSV download equals the dashboard: every number of the unit tables is the matching export row', async ({
  page,
}) => {
  // Five tables compared cell by cell, on a shared two-core machine.
  test.setTimeout(60_000);
  await signIn(page, '/monitoring');
  const schools = page.getByRole('table', { name: 'Schulen: Indizes' });
  await expect(schools.locator('td[data-item]').first()).toBeVisible();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'CSV-Datei herunterladen' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^uwe-.*-freigabe-\d+\.csv$/);
  const csv = parseCsv(readFileSync((await download.path())!, 'utf8'));

  const compare = async (name: string) => {
    const table = page.getByRole('table', { name });
    await expect(table.locator('td[data-item]').first()).toBeVisible();
    const cells = await shownCells(table);
    expect(cells.length).toBeGreaterThan(20);
    const wrong = cells.filter((c) => normal(c.text) !== expectedText(csv.get(c.key)));
    expect(wrong.map((c) => `${c.key}: shown "${normal(c.text)}", CSV "${expectedText(csv.get(c.key))}"`)).toEqual([]);
    return cells;
  };
  const schoolCells = await compare('Schulen: Indizes');
  await compare('Sozialräume: Indizes');
  // Every school of the export is in the table, and the table hides some numbers and shows others.
  const exported = new Set([...csv.values()].filter((c) => c.level === 'school').map((c) => c.unit_id));
  const shownUnits = new Set(schoolCells.map((c) => c.key.split('|')[1]));
  for (const id of exported) expect(shownUnits.has(id)).toBe(true);
  expect(schoolCells.some((c) => normal(c.text) === 'keine Angabe')).toBe(true);
  expect(schoolCells.some((c) => /\d/.test(c.text))).toBe(true);

  // Participation, and the scale means of a dimension, too.
  await page.getByLabel('Spalten').selectOption({ label: 'Beteiligung' });
  await compare('Schulen: Beteiligung');
  await compare('Sozialräume: Beteiligung');
  await page.getByLabel('Spalten').selectOption({ label: 'Skalen: Verbundenheit (Mittelwerte 1–5)' });
  await compare('Schulen: Skalen: Verbundenheit (Mittelwerte 1–5)');

  // Sorting by a share never places a unit without it among the ranked ones.
  await page.getByLabel('Spalten').selectOption({ label: 'Indizes' });
  await schools.getByRole('button', { name: 'Sortieren nach Wohlbefinden: aufblühend' }).click();
  const column = await schools
    .locator('td[data-item="index.wellbeing"][data-category="thriving"] .value')
    .allTextContents();
  const values = column.map(normal);
  const share = /^\d+,\d\s%$/;
  const firstMissing = values.findIndex((v) => !share.test(v));
  if (firstMissing >= 0) expect(values.slice(firstMissing).every((v) => !share.test(v))).toBe(true);
  const numbers = values.filter((v) => share.test(v)).map((v) => Number.parseFloat(v.replace(',', '.')));
  expect(numbers).toEqual([...numbers].sort((a, b) => b - a));

  // The Excel file downloads too.
  const xlsx = await page.request.get((await page.getByRole('link', { name: /Excel-Datei/ }).getAttribute('href'))!);
  expect(xlsx.status()).toBe(200);
  expect((await xlsx.body()).subarray(0, 2).toString()).toBe('PK');
});

test('the city report opens from the overview and prints with every section', async ({ page }) => {
  await signIn(page, '/monitoring');
  await page.getByRole('link', { name: 'Stadtbericht (druckbar)' }).click();
  await expect(page).toHaveURL(/\/monitoring\/bericht\/city\/city/);
  await expect(page.getByRole('heading', { name: 'Stadtbericht', level: 1 })).toBeVisible();
  const sections = [
    '1. Beteiligung',
    '2. Indizes',
    '3. Dimensionen',
    '4. Sozialräume',
    '5. Vergleich mit früheren Befragungsrunden',
    '6. Methoden',
  ];
  for (const name of sections) await expect(page.getByRole('region', { name })).toBeVisible();
  // The city is the report's unit: no "city for comparison" row beside itself.
  const participation = page.getByRole('table', { name: 'Beteiligung: Gesamtstadt' });
  await expect(participation.getByRole('row', { name: /^Gesamt \d/ })).toBeVisible();
  await expect(participation.getByRole('row', { name: /Gesamtstadt \(zum Vergleich\)/ })).toHaveCount(0);
  // Sozialräume on the map and in a table, the same numbers the overview shows.
  const areas = page.getByRole('region', { name: '4. Sozialräume' });
  const wave = await demoWave(page.request);
  const catalogue = (await (
    await page.request.get(`/api/reports/waves/${wave.id}/catalogue?release=${wave.release!.number}`)
  ).json()) as { units: { level: string }[] };
  const sozialraeume = catalogue.units.filter((u) => u.level === 'sozialraum').length;
  await expect(areas.locator('.choropleth path.area').first()).toBeVisible();
  await expect(areas.getByRole('table', { name: 'Sozialräume: Indizes' }).locator('tbody tr')).toHaveCount(
    sozialraeume,
  );
  await expect(page.getByRole('region', { name: '6. Methoden' })).toContainText('deutlich');

  await page.evaluate(() => {
    window.print = () => {
      (window as unknown as { printed: boolean }).printed = true;
    };
  });
  await page.getByRole('button', { name: 'Drucken / als PDF speichern' }).click();
  expect(await page.evaluate(() => (window as unknown as { printed?: boolean }).printed)).toBe(true);
  await page.emulateMedia({ media: 'print' });
  for (const name of sections) await expect(page.getByRole('heading', { name, level: 2 })).toBeVisible();
  await expect(page.locator('.staff-header')).toBeHidden();
  await expect(page.locator('.report-foot')).toContainText('Stadtbericht');
  await shot(page, 'report-city-print', true);
  const pdf = await page.pdf({ format: 'A4' });
  expect(pdf.byteLength).toBeGreaterThan(20_000);
  expect(pdf.byteLength).toBeLessThan(5_000_000);
  await page.emulateMedia({ media: 'screen' });
});

test('item charts by unit with breakdowns, wave comparison and the methods page', async ({ page }) => {
  await signIn(page, '/monitoring');
  await page.getByRole('link', { name: 'Fragen und Aufteilungen' }).click();
  await page.getByLabel('Themenbereich').selectOption({ label: 'Verbundenheit' });
  await page.getByLabel('Frage, Skala oder Index').selectOption({ label: 'Erwachsene in der Schule' });
  await page.getByLabel('Ebene').selectOption({ label: 'Gesamtstadt' });
  await page.getByLabel('Aufteilung').selectOption({ label: 'nach Jahrgangsstufe' });
  const chart = page.locator('figure.bar-chart');
  await expect(chart.getByRole('img', { name: /^Gesamtstadt · Klasse \d: niedrig/ }).first()).toBeVisible();
  await page.getByLabel('Aufteilung').selectOption({ label: 'nach Geschlecht' });
  await expect(chart.getByRole('img', { name: /^Gesamtstadt · Mädchen: / })).toBeVisible();
  await page.getByLabel('Ebene').selectOption({ label: 'Schulen' });
  await expect(chart.getByRole('img', { name: /^Gesamtstadt: niedrig/ })).toBeVisible();
  await expect(chart.getByRole('img', { name: /^Gesamtschule Nord · Jungen: / })).toBeVisible();
  await chart.getByText('Zahlen als Tabelle').click();
  await expect(chart.getByRole('table')).toBeVisible();
  await shot(page, 'items');

  await page.getByRole('link', { name: 'Zeitvergleich' }).click();
  await page.getByLabel('Einheit').selectOption({ label: 'Gesamtschule Nord' });
  const comparison = page.getByRole('table', { name: 'Zeitvergleich: Gesamtschule Nord' });
  await expect(comparison).toContainText('Wohlbefindensindex');
  await expect(comparison.getByRole('row', { name: /^Anteil .*aufblühend/ })).toBeVisible();

  // The methods page explains the cell key method in words: the largest deviation, but no thresholds (rule 12).
  const wave = await demoWave(page.request);
  const catalogue = (await (
    await page.request.get(`/api/reports/waves/${wave.id}/catalogue?release=${wave.release!.number}`)
  ).json()) as { disclosure: { method: string; maxDeviation: number } };
  expect(catalogue.disclosure).toEqual({ method: 'cell_key', maxDeviation: expect.any(Number) });
  await page.getByRole('link', { name: 'Methoden' }).click();
  const methods = page.getByRole('article');
  await expect(
    page.getByRole('heading', { name: 'Wie die Zahlen geschützt sind: das Zellschlüsselverfahren' }),
  ).toBeVisible();
  await expect(methods).toContainText('Zensus 2022');
  await expect(methods).toContainText(
    `Zahlen können um bis zu ${catalogue.disclosure.maxDeviation} von der wahren Zahl abweichen, meist um 0 oder 1.`,
  );
  await expect(methods).toContainText('Dieselben Kinder ergeben immer dieselbe Zahl.');
  await expect(methods).toContainText('Anteile kommen aus den veränderten Zahlen.');
  await expect(page.getByRole('heading', { name: 'Warum manche Zahlen fehlen („keine Angabe“)' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Was als Antwort zählt' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Beteiligung', exact: true })).toBeVisible();
  await expect(methods).not.toContainText(/mindestens \d+ Kinder|weniger als \d|gerundet auf \d|auf \d+ gerundet/);
  await shot(page, 'methods', true);
});

test('a trend chart shows the city and a Sozialraum across two waves, changes judged by their interval', async ({
  page,
}) => {
  await signIn(page, '/monitoring');
  await page.getByRole('link', { name: 'Zeitvergleich' }).click();
  await page.getByLabel('Einheit').selectOption({ label: 'Kanalviertel' });
  await page.getByLabel('Kennzahl im Diagramm').selectOption({ label: 'Anteil aufblühend' });
  const figure = page.getByRole('figure', { name: /^Entwicklung: Wohlbefindensindex – Anteil aufblühend/ });
  const chart = figure.locator('.recharts-wrapper > svg.recharts-surface');
  await expect(chart).toBeVisible();
  // Two waves on the x axis, a line for the city and one for the Sozialraum.
  await expect(chart.locator('.recharts-cartesian-axis-tick-value')).toContainText(['UWE 2024 (Demo)', DEMO_WAVE]);
  await expect(chart.locator('.recharts-line')).toHaveCount(2);
  await expect(figure.locator('.recharts-legend-item-text')).toHaveText(['Gesamtstadt', 'Kanalviertel']);
  // The table beside the chart: one row per wave, the published values and the judged change.
  const table = figure.getByRole('table');
  await expect(table.locator('tbody tr')).toHaveCount(2);
  const wave = await demoWave(page.request);
  const comparison = (await (
    await page.request.get(`/api/reports/waves/${wave.id}/comparison?level=city&unitId=city`)
  ).json()) as {
    rows: { item: string; category: string; values: (number | null)[]; changes: ({ clear: boolean } | null)[] }[];
  };
  const row = comparison.rows.find((r) => r.item === 'index.wellbeing' && r.category === 'thriving')!;
  const now = row.values[1]!;
  await expect(table.locator('tbody tr').nth(1).locator('td').first()).toContainText(
    `${now.toLocaleString('de-DE', { minimumFractionDigits: 1 })}\u00a0%`,
  );
  await expect(table.locator('tbody tr').nth(1).locator('td').nth(2)).toContainText(
    row.changes[1]!.clear ? '(deutlich)' : '(nicht deutlich)',
  );
  // A clear change is ringed in the chart, and only then.
  const clearDots = await chart.locator('.trend-dot-clear').count();
  expect(clearDots).toBe(await table.locator('td.change-clear').count());
  await shot(page, 'trend');
});

/** Clicks every "SVG herunterladen" button of the page; each gives an SVG file. Returns how many. */
async function downloadEverySvg(page: Page): Promise<number> {
  const buttons = page.getByRole('button', { name: /^SVG herunterladen/ });
  const count = await buttons.count();
  for (let i = 0; i < count; i++) {
    const [download] = await Promise.all([page.waitForEvent('download'), buttons.nth(i).click()]);
    expect(download.suggestedFilename()).toMatch(/\.svg$/);
    const text = readFileSync((await download.path())!, 'utf8');
    expect(text.startsWith('<svg'), download.suggestedFilename()).toBe(true);
    expect(text).toContain('</svg>');
  }
  return count;
}

test('every chart and the map download as SVG and PNG; the map colours can diverge around the city value', async ({
  page,
}) => {
  await signIn(page, '/monitoring');
  await expect(page.locator('.choropleth path').first()).toBeVisible();
  // Overview: the two index charts and the map.
  expect(await downloadEverySvg(page)).toBe(3);
  const mapTitle = /^SVG herunterladen: Wohlbefindensindex: Anteil aufblühend je Sozialraum/;
  const [mapFile] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: mapTitle }).click(),
  ]);
  const map = readFileSync((await mapFile.path())!, 'utf8');
  expect(map).toContain('Kanalviertel');
  expect(map.match(/<path /g)?.length).toBeGreaterThan(1);
  const [png] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: /^PNG herunterladen: Wohlbefindensindex: Anteil aufblühend/ }).click(),
  ]);
  expect(png.suggestedFilename()).toMatch(/\.png$/);
  expect(
    readFileSync((await png.path())!)
      .subarray(1, 4)
      .toString('latin1'),
  ).toBe('PNG');

  // Diverging colours: the legend says where the city value lies.
  // The choice travels in the address (?farben=stadtwert), so the box is ticked once the page has it.
  await page.getByLabel('Farben um den Stadtwert').click();
  await expect(page.getByLabel('Farben um den Stadtwert')).toBeChecked();
  await expect(page.locator('.map-legend')).toContainText('unter dem Stadtwert');
  await expect(page.locator('.map-legend li')).toHaveCount(5);

  // The item chart, the trend chart and every chart of the city report.
  await page.getByRole('link', { name: 'Fragen und Aufteilungen' }).click();
  await expect(page.locator('figure.bar-chart')).toBeVisible();
  expect(await downloadEverySvg(page)).toBe(1);
  await page.getByRole('link', { name: 'Zeitvergleich' }).click();
  await expect(page.locator('.recharts-wrapper > svg')).toBeVisible();
  expect(await downloadEverySvg(page)).toBe(1);
  await page.goto('/monitoring/bericht/city/city');
  await expect(page.locator('.recharts-wrapper > svg').first()).toBeVisible();
  await expect(page.locator('.choropleth path').first()).toBeVisible();
  // Two index charts, the map and the trend charts.
  expect(await downloadEverySvg(page)).toBeGreaterThanOrEqual(4);
});

test('the dashboard and a report pass an accessibility scan', async ({ page }) => {
  // axe over the whole dashboard (44 schools, map, charts) takes about 25 s on two busy shared cores.
  test.setTimeout(60_000);
  await signIn(page, '/monitoring');
  await expect(page.locator('.choropleth path').first()).toBeVisible();
  const check = async (screen: string) => {
    const result = await new AxeBuilder({ page }).analyze();
    expect(
      result.violations.map((v) => `${screen}: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    ).toEqual([]);
  };
  await check('dashboard');
  await page.getByRole('table', { name: 'Schulen: Indizes' }).getByRole('link', { name: 'Gesamtschule Nord' }).click();
  await expect(page.getByRole('heading', { name: 'Hinweise zu den Zahlen' })).toBeVisible();
  await check('report');
});

test('the map and trend sections of the city report pass an accessibility scan', async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, '/monitoring/bericht/city/city');
  await expect(page.locator('.recharts-wrapper > svg').first()).toBeVisible();
  await expect(page.locator('.choropleth path').first()).toBeVisible();
  // Only the sections new to this report: the others are the school report's, scanned above.
  const result = await new AxeBuilder({ page })
    .include('section[aria-labelledby="r-sozialraeume"]')
    .include('section[aria-labelledby="r-vergleich"]')
    .analyze();
  expect(result.violations.map((v) => `${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
});

test('once teachers entered class sizes, monitoring sees the response rate in the school table and report', async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  // The demo sessions carry no class size. As an admin, through the API: class sizes for every
  // session of one school, then a new release (it becomes the current one).
  const adminContext = await browser.newContext();
  const api = adminContext.request;
  await loginAsAdmin(api);
  const wave = await demoWave(api);
  const schools = (await (await api.get('/api/admin/schools')).json()) as { id: string; name: string }[];
  const school = schools.find((s) => s.name === 'Gesamtschule Nord')!;
  const sessions = (
    (await (await api.get('/api/sessions')).json()) as {
      id: string;
      waveId: string;
      schoolId: string;
      expectedPupils: number;
    }[]
  ).filter((s) => s.waveId === wave.id && s.schoolId === school.id);
  expect(sessions.length).toBeGreaterThan(0);
  for (const s of sessions) {
    const res = await api.patch(`/api/sessions/${s.id}`, { data: { enrolledPupils: s.expectedPupils + 3 } });
    expect(res.status(), await res.text()).toBe(200);
  }
  const started = await api.post(`/api/reports/waves/${wave.id}/releases`, { data: {} });
  expect(started.status()).toBe(202);
  const { number } = (await started.json()) as { number: number };
  await expect
    .poll(
      async () =>
        ((await (await api.get(`/api/reports/waves/${wave.id}/releases/${number}`)).json()) as { status: string })
          .status,
      { timeout: 150_000, intervals: [1000] },
    )
    .toBe('ready');
  await adminContext.close();

  await signIn(page, '/monitoring');
  await expect(page.getByText(`Freigabe ${number} vom`)).toBeVisible();
  const q = `release=${number}`;
  const published = new Map([
    ...(await cellsOf(page.request, `/api/reports/waves/${wave.id}/overview?level=school&${q}`)),
    ...(await cellsOf(page.request, `/api/reports/waves/${wave.id}/overview?level=city&${q}`)),
  ]);
  const rate = published.get(
    keyOf({
      level: 'school',
      unit_id: school.id,
      breakdown: 'none',
      group: 'all',
      item: 'participation',
      statistic: 'pct',
      category: 'response_rate',
    }),
  );
  expect(rate?.value ?? rate?.flag, 'a response rate for the school').toBeTruthy();

  // The school table, participation columns.
  await page.getByLabel('Spalten').selectOption({ label: 'Beteiligung' });
  const table = page.getByRole('table', { name: 'Schulen: Beteiligung' });
  const row = table.getByRole('row').filter({ has: page.getByRole('link', { name: 'Gesamtschule Nord' }) });
  await expect(row.locator('td[data-item="participation"][data-statistic="pct"]')).toHaveText(/^(\d+,\d|>\s99)\s%$/);
  expect(await mismatches(table, published)).toEqual([]);

  // The school report: took part, class size and the rate computed from those two published counts.
  await row.getByRole('link', { name: 'Gesamtschule Nord' }).click();
  const participation = page
    .getByRole('region', { name: '1. Beteiligung' })
    .getByRole('table', { name: 'Beteiligung: Gesamtschule Nord' });
  const whole = participation.getByRole('row', { name: /^Gesamt \d/ });
  await expect(whole).toBeVisible();
  const [took, enrolled, shownRate] = (await whole.getByRole('cell').allTextContents()).map(normal);
  expect(took).toMatch(/^[\d.]+$/);
  expect(enrolled).toMatch(/^[\d.]+$/);
  const count = (text: string) => Number(text.replaceAll('.', ''));
  const expectedRate = Math.round((1000 * count(took!)) / count(enrolled!)) / 10;
  expect(shownRate).toBe(expectedRate >= 100 ? '> 99 %' : `${expectedRate.toFixed(1).replace('.', ',')} %`);
  const unit = await cellsOf(page.request, `/api/reports/waves/${wave.id}/units/school/${school.id}?${q}`);
  expect(await mismatches(participation, new Map([...published, ...unit]))).toEqual([]);
  await shot(page, 'report-participation');
});

test('an admin builds a new release on the Freigaben page and sees it become ready', async ({ page, request }) => {
  test.setTimeout(120_000);
  await signIn(page, '/admin/freigaben', ADMIN);
  await expect(page.getByRole('heading', { name: 'Freigaben', level: 2 })).toBeVisible();
  await page.getByLabel('Befragungsrunde').selectOption((await demoWave(page.request)).id);
  const table = page.getByRole('table', { name: `Freigaben: ${DEMO_WAVE}` });
  await expect(table.getByRole('row').nth(1)).toBeVisible();
  const before = await table.getByRole('row').count();

  await page.getByRole('button', { name: 'Neue Freigabe erstellen' }).click();
  await expect(table.getByRole('row')).toHaveCount(before + 1);
  await expect(page.getByRole('status')).toHaveText(/^Freigabe \d+ wird erstellt/);
  await shot(page, 'releases-building');
  await expect(page.getByRole('status')).toHaveText(/^Freigabe \d+ ist fertig und für das Monitoring sichtbar\.$/, {
    timeout: 90_000,
  });
  const newest = table.getByRole('row').nth(1);
  await expect(newest).toContainText('fertig');
  await expect(newest).toContainText('für Monitoring sichtbar');
  await expect(table.getByText('für Monitoring sichtbar')).toHaveCount(1);
  await expect(newest.locator('progress')).toHaveCount(0);
  await shot(page, 'releases-ready');
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);

  // A wave without finished questionnaires: the refusal in words, and monitoring says it has no release.
  await loginAsAdmin(request);
  const name = `Leere Welle ${Date.now().toString(36)}`;
  const created = await request.post('/api/admin/waves', {
    data: { name, instrumentId: 'uwe-2026', grades: [7], startsOn: '2027-03-01', endsOn: '2027-03-31' },
  });
  expect(created.status()).toBe(201);
  await page.reload();
  await page.getByLabel('Befragungsrunde').selectOption({ label: `${name} (geplant)` });
  await expect(page.getByText('Für diese Befragungsrunde gibt es noch keine Freigabe.')).toBeVisible();
  await page.getByRole('button', { name: 'Neue Freigabe erstellen' }).click();
  await expect(page.getByRole('alert')).toHaveText(/noch keinen Fragebogen, der zählt/);

  await page.getByRole('link', { name: 'Bildungsmonitoring' }).click();
  await expect(page.getByText('Noch ohne Freigabe und deshalb ohne Zahlen:')).toContainText(`„${name}“`);
});
