import { expect, test } from '@playwright/test';

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
