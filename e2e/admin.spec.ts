import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import { loginAsAdmin } from './support.ts';

const ADMIN = { email: 'e2e-admin@example.org', password: 'e2e-admin-password' };

// Tests share one database per run: names carry a suffix so every test stands alone.
const unique = (prefix: string) => `${prefix} ${Date.now().toString(36).slice(-5)}${Math.floor(Math.random() * 1296)}`;

async function signIn(page: Page, path: string) {
  await page.goto(path);
  await page.getByLabel('E-Mail-Adresse').fill(ADMIN.email);
  await page.getByLabel('Passwort').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await expect(page.getByRole('heading', { name: 'Verwaltung', level: 1, exact: true })).toBeVisible();
}

/** A small square in Musterstadt, as a FeatureCollection with one feature (the usual GIS export). */
function boundaryFile(lon = 7.15, lat = 51.45, size = 0.02) {
  const ring = [
    [lon, lat],
    [lon + size, lat],
    [lon + size, lat + size],
    [lon, lat + size],
    [lon, lat],
  ];
  const json = {
    type: 'FeatureCollection',
    features: [{ type: 'Feature', properties: { name: 'Test' }, geometry: { type: 'Polygon', coordinates: [ring] } }],
  };
  return { name: 'grenze.geojson', mimeType: 'application/geo+json', buffer: Buffer.from(JSON.stringify(json)) };
}

test('an admin imports schools from CSV: a bad line is named with its number, nothing is written, then all is', async ({
  page,
}) => {
  await signIn(page, '/admin/schulen');
  const a = unique('Grundschule Import');
  const b = unique('Gymnasium Import');
  const bad = ['name;sozialraum;typ', `${a};Am Stadtpark;grundschule`, `${b};Mondstadt;gymnasium`].join('\n');

  const schools = page.getByRole('table', { name: /von \d+ Schulen/ });
  await page.getByRole('button', { name: 'CSV-Import' }).click();
  await expect(page.getByRole('heading', { name: 'Schulen aus CSV importieren' })).toBeFocused();
  await page.getByLabel('oder CSV-Text').fill(bad);
  await page.getByRole('button', { name: 'Vorschau' }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Nichts importiert: 1 fehlerhafte Zeile');
  await expect(alert.getByRole('listitem')).toHaveText(['Zeile 3: Sozialraum "Mondstadt" unbekannt']);
  await expect(page.getByRole('button', { name: /^Importieren/ })).toHaveCount(0);
  await expect(schools.getByRole('row').filter({ hasText: a })).toHaveCount(0);

  // Fixed (the Sozialraum by its code this time), previewed, imported.
  await page.getByLabel('oder CSV-Text').fill(bad.replace('Mondstadt', 'SR02'));
  await page.getByRole('button', { name: 'Vorschau' }).click();
  const preview = page.getByRole('table', { name: /Vorschau: 2 Schulen/ });
  await expect(preview.getByRole('row')).toHaveCount(3);
  await expect(preview).toContainText(b);
  await expect(schools.getByRole('row').filter({ hasText: a })).toHaveCount(0);
  await page.getByRole('button', { name: 'Importieren (2)' }).click();
  await expect(page.getByRole('status')).toHaveText('2 Schulen importiert.');
  await expect(page.getByRole('heading', { name: 'Schulen aus CSV importieren' })).toHaveCount(0);
  await expect(schools.getByRole('row').filter({ hasText: a })).toContainText('Am Stadtpark');
  await expect(schools.getByRole('row').filter({ hasText: b })).toContainText('Kanalviertel');

  // Filter, then deactivate one of them.
  await page.getByLabel('Name enthält').fill(b);
  await expect(page.getByRole('table', { name: /1 von \d+ Schulen/ })).toBeVisible();
  await page.getByRole('button', { name: `Deaktivieren: ${b}` }).click();
  await expect(page.getByRole('status')).toContainText('deaktiviert');
  await expect(schools.getByRole('row').filter({ hasText: b })).toContainText('deaktiviert');
  await page.getByLabel('Status').selectOption('true');
  await expect(schools.getByRole('row').filter({ hasText: b })).toHaveCount(0);
});

test('an admin uploads a GeoJSON boundary and sees it on the map', async ({ page }) => {
  await signIn(page, '/admin/sozialraeume');
  const name = unique('Auenviertel');
  await page.getByRole('button', { name: 'Neuer Sozialraum' }).click();
  await expect(page.getByRole('heading', { name: 'Neuer Sozialraum' })).toBeFocused();
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Bezirk (optional)').fill('Nord');

  // A file in metres (UTM) is refused before anything is sent.
  const upload = page.getByLabel(/Grenze als GeoJSON-Datei/);
  await upload.setInputFiles({
    name: 'utm.geojson',
    mimeType: 'application/geo+json',
    buffer: Buffer.from(
      JSON.stringify({
        type: 'Polygon',
        coordinates: [
          [
            [360000, 5710000],
            [361000, 5710000],
            [361000, 5711000],
            [360000, 5710000],
          ],
        ],
      }),
    ),
  });
  await expect(page.getByRole('alert')).toContainText('außerhalb von WGS84');

  await upload.setInputFiles(boundaryFile());
  await expect(page.getByRole('alert')).toHaveCount(0);
  const preview = page.getByRole('region', { name: 'Vorschau der Grenze' });
  await expect(preview.locator('path.leaflet-interactive')).toHaveCount(1);
  await expect(page.getByText('Vorschau der hochgeladenen Grenze')).toBeVisible();
  await page.getByRole('button', { name: 'Speichern' }).click();
  await expect(page.getByRole('status')).toHaveText(`Sozialraum „${name}“ angelegt.`);
  await expect(page.getByRole('row').filter({ hasText: name })).toContainText('vorhanden');

  // The overview map draws it with the 12 demo Sozialräume; editing shows the stored boundary.
  const overview = page.getByRole('region', { name: 'Karte aller Sozialräume mit Grenze' });
  await expect(overview.locator('path.leaflet-interactive')).toHaveCount(await countWithBoundary(page));
  await page.getByRole('button', { name: `Bearbeiten: ${name}` }).click();
  await expect(page.getByText('Gespeicherte Grenze.')).toBeVisible();
  await expect(preview.locator('path.leaflet-interactive')).toHaveCount(1);
  await page.screenshot({ path: 'test-results/admin-map.png', fullPage: true });

  // The server's own check speaks too: an open ring passes the quick check here but not there.
  const open = boundaryFile();
  const json = JSON.parse(open.buffer.toString());
  json.features[0].geometry.coordinates[0].pop();
  await upload.setInputFiles({ ...open, buffer: Buffer.from(JSON.stringify(json)) });
  await page.getByRole('button', { name: 'Speichern' }).click();
  await expect(page.getByRole('alert')).toContainText('nicht geschlossen');
});

async function countWithBoundary(page: Page) {
  const res = await page.request.get('/api/admin/sozialraeume');
  return ((await res.json()) as { geometry: unknown }[]).filter((s) => s.geometry).length;
}

test('an admin creates a wave, a teacher account with a school, resets its password, deactivates it, and finds it all in the audit log', async ({
  page,
}) => {
  await signIn(page, '/admin/wellen');
  const wave = unique('UWE Test');
  await page.getByRole('button', { name: 'Neue Welle' }).click();
  await page.getByLabel('Name', { exact: true }).fill(wave);
  // A new wave gets the newest built-in version.
  await expect(page.getByLabel('Instrument-Version')).toHaveValue('uwe-2026-r2');
  await page.getByRole('checkbox', { name: 'Klasse 7' }).check();
  await page.getByRole('checkbox', { name: 'Klasse 9' }).check();
  await page.getByLabel('Beginn der Feldphase').fill('2027-02-01');
  await page.getByLabel('Ende der Feldphase').fill('2027-03-15');
  await page.getByRole('button', { name: 'Speichern' }).click();
  await expect(page.getByRole('status')).toHaveText(`Welle „${wave}“ angelegt.`);
  const waveRow = page.getByRole('row').filter({ hasText: wave });
  await expect(waveRow).toContainText('7, 9');
  await expect(waveRow).toContainText('geplant');
  await page.getByRole('button', { name: `Bearbeiten: ${wave}` }).click();
  await expect(page.getByLabel('Instrument-Version')).toBeDisabled();
  // Not "im Feld": other tests open sessions in the demo wave and expect it to be the only one.
  await page.getByLabel('Status').selectOption({ label: 'abgeschlossen' });
  await page.getByRole('button', { name: 'Speichern' }).click();
  await expect(waveRow).toContainText('abgeschlossen');

  await page.getByRole('link', { name: 'Konten' }).click();
  const email = `${unique('lk').replace(' ', '-')}@schule.example`;
  await page.getByRole('button', { name: 'Neues Konto' }).click();
  await page.getByLabel('E-Mail-Adresse').fill(email);
  await page.getByLabel('Name (optional)').fill('Frau Test');
  await expect(page.getByLabel('Rolle')).toHaveValue('teacher');
  const first = await page.getByLabel(/Erstes Passwort/).inputValue();
  expect(first).toHaveLength(14);
  await page.getByLabel('Schulen filtern').fill('Regenbogen');
  await page.getByRole('checkbox', { name: 'Grundschule Regenbogen' }).check();
  await page.getByRole('button', { name: 'Konto anlegen' }).click();
  await expect(page.getByRole('status')).toContainText(`Konto ${email} angelegt. Erstes Passwort: ${first}`);
  const userRow = page.getByRole('row').filter({ hasText: email });
  await expect(userRow).toContainText('Grundschule Regenbogen');

  await page.getByRole('button', { name: `Passwort zurücksetzen: ${email}` }).click();
  const fresh = await page.getByLabel(/Neues Passwort/).inputValue();
  await page.getByRole('button', { name: 'Passwort setzen' }).click();
  await expect(page.getByRole('status')).toContainText(`Neues Passwort für ${email}: ${fresh}`);

  // The new account can sign in with the new password, until it is deactivated.
  const teacher = await page.context().browser()!.newContext();
  expect((await teacher.request.post('/api/auth/login', { data: { email, password: fresh } })).status()).toBe(200);
  await page.getByRole('button', { name: `Deaktivieren: ${email}` }).click();
  await expect(userRow).toContainText('deaktiviert');
  expect((await teacher.request.get('/api/auth/me')).status()).toBe(401);
  await teacher.close();

  await page.getByRole('link', { name: 'Protokoll' }).click();
  await page.getByRole('combobox', { name: 'Bereich', exact: true }).selectOption({ label: 'Konto' });
  await page.getByLabel('Aktion').selectOption({ label: 'geändert' });
  const rows = page.getByRole('table').getByRole('row');
  await expect(rows.nth(1)).toContainText('e2e-admin@example.org');
  await expect(rows.nth(1)).toContainText('active');
  await expect(rows.nth(2)).toContainText('password (reset)');
  // The account is named by its e-mail, not by an id.
  await expect(rows.nth(1).getByRole('cell').nth(4)).toHaveText(/@/);
  await expect(page.getByRole('table')).not.toContainText('Befragungswelle');
});

test('the admin pages pass an automated accessibility check, forms open included', async ({ page }) => {
  // Five axe scans; on a loaded two-core machine (the worker builds the demo releases meanwhile)
  // they took longer than the default 30 s.
  test.setTimeout(90_000);
  await signIn(page, '/admin');
  const pages: [string, string][] = [
    ['Sozialräume', 'Neuer Sozialraum'],
    ['Schulen', 'CSV-Import'],
    ['Befragungswellen', 'Neue Welle'],
    ['Konten', 'Neues Konto'],
    ['Protokoll', ''],
  ];
  for (const [link, open] of pages) {
    await page.getByRole('navigation', { name: 'Seiten der Verwaltung' }).getByRole('link', { name: link }).click();
    await expect(page.getByRole('heading', { name: link, level: 2 })).toBeVisible();
    await expect(page.getByRole('table').first()).toBeVisible();
    if (open) await page.getByRole('button', { name: open }).click();
    expect((await new AxeBuilder({ page }).analyze()).violations, link).toEqual([]);
  }
});

test('an admin previews a release, builds one without showing it, and chooses which release monitoring reads', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await signIn(page, '/admin/freigaben');
  type ReportWave = { id: string; name: string; release: { number: number } | null };
  const demoWave = async () => {
    const res = await page.request.get('/api/reports/waves');
    expect(res.status(), await res.text()).toBe(200);
    return ((await res.json()) as ReportWave[]).find((w) => w.name === 'UWE 2026 (Demo)');
  };
  // The worker builds the demo release in the first minute after the start (this file may run first).
  await expect
    .poll(async () => (await demoWave())?.release?.number ?? null, { timeout: 110_000, intervals: [1_000] })
    .not.toBeNull();
  const wave = (await demoWave())!;
  const shown = wave.release!.number;
  await page.getByLabel('Befragungsrunde').selectOption(wave.id);
  const releases = page.getByRole('table', { name: `Freigaben: ${wave.name}` });
  const releaseRow = (n: number) =>
    releases.getByRole('row').filter({ has: page.getByRole('rowheader', { name: String(n), exact: true }) });
  await expect(releaseRow(shown)).toContainText('für Monitoring sichtbar');

  // The preview: per level what would become visible, hidden or different, before anything is built.
  await page.getByRole('button', { name: 'Vorschau' }).click();
  await expect(page.getByRole('status')).toHaveText('Die Vorschau ist fertig.', { timeout: 60_000 });
  const preview = page.getByRole('region', { name: `Vorschau: neue Freigabe gegenüber Freigabe ${shown}` });
  const table = preview.getByRole('table', { name: 'Vorschau je Ebene' });
  // The demo wave asks where children live: its Sozialräume by residence are a level of their own.
  await expect(table.getByRole('rowheader')).toHaveText([
    'Gesamtstadt',
    'Sozialräume',
    'Sozialräume nach Wohnort',
    'Schulen',
  ]);
  const api = (await (await page.request.post(`/api/reports/waves/${wave.id}/releases/preview`)).json()) as {
    baseRelease: number;
    levels: {
      cells: number;
      published: number;
      becomeVisible: number;
      becomeHidden: number;
      changed: number;
      unchanged: number;
    }[];
  };
  expect(api.baseRelease).toBe(shown);
  const de = (v: number) => v.toLocaleString('de-DE');
  const rows = await table.getByRole('row').evaluateAll((trs) =>
    trs.slice(1).map((tr) =>
      Array.from(tr.querySelectorAll('td'))
        .slice(0, 6)
        .map((td) => td.textContent),
    ),
  );
  expect(rows).toEqual(
    api.levels.map((l) => [l.cells, l.published, l.becomeVisible, l.becomeHidden, l.changed, l.unchanged].map(de)),
  );
  // Nothing changed in the wave since that release: the same records give the same numbers (rule 11).
  await page.screenshot({ path: 'test-results/screens/admin-release-preview.png', fullPage: true });
  for (const l of api.levels)
    expect([l.becomeVisible, l.becomeHidden, l.changed, l.unchanged]).toEqual([0, 0, 0, l.published]);
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);

  // Built without becoming visible: monitoring keeps reading the release it had.
  await page.getByLabel('Neue Freigabe gleich für Monitoring sichtbar machen').uncheck();
  await page.getByRole('button', { name: 'Neue Freigabe erstellen' }).click();
  await expect(preview).toHaveCount(0);
  const built = shown + 1;
  await expect(page.getByRole('status')).toHaveText(
    `Freigabe ${built} ist fertig. Das Monitoring zeigt weiterhin Freigabe ${shown}.`,
    { timeout: 120_000 },
  );
  await expect(releaseRow(shown)).toContainText('für Monitoring sichtbar');
  await expect(releaseRow(built)).toContainText('fertig');
  await expect(releaseRow(built)).not.toContainText('für Monitoring sichtbar');
  const current = async () =>
    ((await (await page.request.get('/api/reports/waves')).json()) as ReportWave[]).find((w) => w.id === wave.id)!
      .release!.number;
  expect(await current()).toBe(shown);

  // Switched: the new release becomes the one monitoring reads, and back again.
  await page.getByRole('button', { name: `Freigabe ${built} für Monitoring sichtbar machen` }).click();
  await expect(page.getByRole('status')).toHaveText(`Freigabe ${built} ist jetzt für das Monitoring sichtbar.`);
  await expect(releaseRow(built)).toContainText('für Monitoring sichtbar');
  await expect(releases.getByText('für Monitoring sichtbar', { exact: true })).toHaveCount(1);
  expect(await current()).toBe(built);
  await page.screenshot({ path: 'test-results/screens/admin-releases.png', fullPage: true });
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);

  await page.getByRole('link', { name: 'Zahlen im Bildungsmonitoring ansehen' }).click();
  await expect(page.getByText(`Freigabe ${built} vom`)).toBeVisible();

  await page.goto('/admin/freigaben');
  await page.getByLabel('Befragungsrunde').selectOption(wave.id);
  await page.getByRole('button', { name: `Freigabe ${shown} für Monitoring sichtbar machen` }).click();
  await expect(page.getByRole('status')).toHaveText(`Freigabe ${shown} ist jetzt für das Monitoring sichtbar.`);
  expect(await current()).toBe(shown);
});

test('admin-entered names are text on the maps, never markup, and no page needs a style attribute', async ({
  page,
  request,
}) => {
  const csp: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) csp.push(m.text());
  });
  await signIn(page, '/admin/sozialraeume');
  const name = `<img src=x onerror="window.__xss=1"><b>${unique('Fett')}</b>`;
  const geometry = JSON.parse(boundaryFile(7.3, 51.3).buffer.toString()).features[0].geometry;
  await loginAsAdmin(request);
  const created = await request.post('/api/admin/sozialraeume', { data: { name, geometry } });
  expect(created.status(), await created.text()).toBe(201);
  await page.reload();
  await page.getByRole('button', { name: `Bearbeiten: ${name}` }).click();
  const preview = page.getByRole('region', { name: 'Vorschau der Grenze' });
  await preview.locator('path.leaflet-interactive').hover();
  const tooltip = page.locator('.leaflet-tooltip');
  await expect(tooltip).toHaveText(name);
  await expect(tooltip.locator('img, b')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();

  // The monitoring map with its labels, under the same policy.
  await page.goto('/monitoring');
  await expect(page.locator('.choropleth path.leaflet-interactive').first()).toBeVisible();
  await expect(page.locator('.map-label-name').first()).not.toBeEmpty();
  expect(csp).toEqual([]);
});
