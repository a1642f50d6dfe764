import { expect, test } from '@playwright/test';
import { loginAsAdmin } from './support.ts';

test('the pupil start page loads and asks for the class code', async ({ page }) => {
  await page.goto('/?code=k7m-4qx');
  await expect(page.getByRole('heading', { name: "Wie geht's dir?" })).toBeVisible();
  // The code from the QR link is taken over, upper-cased and grouped.
  await expect(page.getByLabel('Gib den Code von der Tafel ein')).toHaveValue('K7M-4QX');
});

test('the admin from UWE_ADMIN_* signs in and sees the admin area; a wrong password is refused', async ({ page }) => {
  await page.goto('/admin');
  await page.getByLabel('E-Mail-Adresse').fill('e2e-admin@example.org');
  await page.getByLabel('Passwort').fill('falsch');
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await expect(page.getByRole('alert')).toContainText('E-Mail-Adresse oder Passwort ist falsch');

  await page.getByLabel('Passwort').fill('e2e-admin-password');
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await expect(page.getByRole('heading', { name: 'Verwaltung' })).toBeVisible();
  await expect(page.getByText('e2e-admin@example.org (Administration)')).toBeVisible();

  // The session survives a reload (httpOnly cookie), and logging out ends it.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Verwaltung' })).toBeVisible();
  await page.getByRole('button', { name: 'Abmelden' }).click();
  await expect(page.getByRole('heading', { name: /Anmeldung/ })).toBeVisible();
});

test('a teacher from the demo city cannot enter the admin area', async ({ page }) => {
  await page.goto('/admin');
  await page.getByLabel('E-Mail-Adresse').fill('lehrkraft@musterstadt.example');
  await page.getByLabel('Passwort').fill('uwe-demo-2026');
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await expect(page.getByRole('alert')).toContainText('nicht freigegeben');
  await expect(page.getByRole('navigation', { name: 'Bereiche' }).getByRole('link')).toHaveText(['Lehrkräfte']);
});

test('the API and security headers are served with the page', async ({ page, request }) => {
  const res = await page.goto('/lehrkraft');
  expect(res?.headers()['content-security-policy']).toContain("script-src 'self'");
  const health = await request.get('/api/health');
  expect(await health.json()).toEqual({ status: 'ok', db: 'ok' });
});

test('files and API answers are sent compressed, hashed files cached for good, the shell and service worker revalidated', async ({
  request,
}) => {
  const br = { 'accept-encoding': 'br, gzip' };
  const shell = await request.get('/', { headers: br });
  expect(shell.headers()['content-encoding']).toBe('br');
  expect(shell.headers().vary).toContain('accept-encoding');
  expect(shell.headers()['cache-control']).toBe('no-cache');

  const entry = /src="(\/assets\/index-[\w-]+\.js)"/.exec(await shell.text())?.[1];
  expect(entry).toBeTruthy();
  const asset = await request.get(entry!, { headers: br });
  expect(asset.headers()['content-encoding']).toBe('br');
  expect(asset.headers().vary).toContain('accept-encoding');
  expect(asset.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
  // A browser without brotli gets the gzip copy; one without either the plain file.
  const gzip = await request.get(entry!, { headers: { 'accept-encoding': 'gzip' } });
  expect(gzip.headers()['content-encoding']).toBe('gzip');
  expect(await gzip.body()).toEqual(await asset.body());
  const plain = await request.get(entry!, { headers: { 'accept-encoding': 'identity' } });
  expect(plain.headers()['content-encoding']).toBeUndefined();
  expect(await plain.body()).toEqual(await asset.body());

  const sw = await request.get('/sw.js', { headers: br });
  expect(sw.headers()['cache-control']).toBe('no-cache');
  expect(sw.headers()['content-encoding']).toBe('br');
  // A client-side route is the shell too, never cached without asking.
  expect((await request.get('/lehrkraft', { headers: br })).headers()['cache-control']).toBe('no-cache');

  // API answers: compressed above 1 kB, small ones as they are.
  await loginAsAdmin(request);
  const schools = await request.get('/api/admin/schools', { headers: br });
  expect(schools.ok()).toBe(true);
  expect(schools.headers()['content-encoding']).toBe('br');
  expect(schools.headers().vary).toContain('accept-encoding');
  expect((await schools.json()).length).toBeGreaterThan(10);
  const health = await request.get('/api/health', { headers: br });
  expect(health.headers()['content-encoding']).toBeUndefined();
});
