import { expect, test } from '@playwright/test';
import { loginAsAdmin } from './support.ts';

test('the Feldphase page flags a school that has not opened a session', async ({ page }) => {
  const suffix = `${Date.now().toString(36).slice(-5)}${Math.floor(Math.random() * 1296)}`;
  await loginAsAdmin(page.request);
  const area = await (
    await page.request.post('/api/admin/sozialraeume', { data: { name: `Feldraum ${suffix}` } })
  ).json();
  const school = await page.request.post('/api/admin/schools', {
    data: { name: `Gesamtschule Ohne ${suffix}`, sozialraumId: area.id, type: 'gesamtschule' },
  });
  expect(school.status()).toBe(201);
  const wave = await page.request.post('/api/admin/waves', {
    data: {
      name: `Feldwelle ${suffix}`,
      instrumentId: 'uwe-2026',
      grades: [7, 9],
      startsOn: '2026-01-01',
      endsOn: '2026-12-31',
      status: 'in_field',
    },
  });
  expect(wave.status()).toBe(201);

  await page.goto('/admin/feldphase');
  await expect(page.getByRole('heading', { name: 'Feldphase' })).toBeVisible();
  await page.getByLabel('Befragungsrunde').selectOption({ label: `Feldwelle ${suffix}` });
  const rows = page.getByRole('row', { name: new RegExp(`Gesamtschule Ohne ${suffix}`) });
  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toHaveAttribute('data-without-sessions', 'true');
  await expect(rows.first()).toContainText('noch keine Sitzung');
  await expect(page.getByText(/noch keine Sitzung geöffnet/)).toBeVisible();
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Als CSV herunterladen' }).click();
  expect((await download).suggestedFilename()).toBe('uwe-feldphase.csv');
});

test('the Freitexte page tells an admin what to do if a text suggests a child is at risk', async ({ page }) => {
  await loginAsAdmin(page.request);
  await page.goto('/admin/freitexte');
  await expect(page.getByRole('heading', { name: 'Freitexte' })).toBeVisible();
  await expect(page.getByText(/Die Befragung ist anonym/)).toBeVisible();
  await expect(page.getByText(/ohne Schule, Klasse und Datum/)).toBeVisible();
});

test('an admin reads the free texts and deletes one that names a person', async ({ page }) => {
  await loginAsAdmin(page.request);
  await page.goto('/admin/freitexte');
  // The demo wave has synthetic free texts (other tests add waves without any).
  await page.getByLabel('Befragungsrunde').selectOption({ label: 'UWE 2026 (Demo)' });
  const items = page.locator('ul.free-texts > li');
  await expect(items.first()).toBeVisible();
  const before = await items.count();
  const first = (await items.first().locator('span').textContent()) ?? '';
  expect(first.length).toBeGreaterThan(0);

  await items
    .first()
    .getByRole('button', { name: /^Text löschen/ })
    .click();
  const dialog = page.getByRole('dialog', { name: 'Diesen Text löschen?' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Ja, löschen' }).click();
  await expect(page.getByText('Der Text wurde gelöscht.')).toBeVisible();
  await expect(items).toHaveCount(before - 1);

  // Gone on the server too.
  await page.reload();
  await page.getByLabel('Befragungsrunde').selectOption({ label: 'UWE 2026 (Demo)' });
  await expect(items).toHaveCount(before - 1);
});
