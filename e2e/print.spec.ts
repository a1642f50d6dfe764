import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';

test('staff print the blank form in any language, every question with its number', async ({ page }) => {
  // Signed in through the API: the browser keeps the httpOnly cookie.
  const login = await page.request.post('/api/auth/login', {
    data: { email: 'lehrkraft@musterstadt.example', password: 'uwe-demo-2026' },
  });
  expect(login.ok()).toBe(true);

  await page.goto('/druck?form=grade4&lang=tr');
  await expect(page.getByRole('heading', { name: 'Papierfragebogen', level: 1 })).toBeVisible();
  await expect(page.getByText('Leerer Fragebogen')).toBeVisible();
  const questions = page.locator('.paper [data-item]');
  // Every grade-4 question, follow-ups included, in Turkish; an empty box for the class code.
  await expect(questions).toHaveCount(75);
  await expect(page.locator('[data-item="barriers"]')).toBeVisible();
  await expect(page.locator('[data-item="free_text"]')).toBeVisible();
  await expect(page.locator('.paper')).toHaveAttribute('lang', 'tr');
  await expect(page.locator('.paper-head h2')).toHaveText('Nasılsın?');
  await expect(page.locator('.code-box')).toHaveText('');
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);

  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('button', { name: 'Drucken' })).toBeHidden();
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: 'test-results/screens/09-print.png' });
  const pdf = await page.pdf({ format: 'A4' });
  expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
});

test('the print version is for staff only', async ({ page }) => {
  await page.goto('/druck?form=grade7&lang=de');
  await expect(page.getByRole('alert')).toContainText('melden Sie sich an');
  await page.goto('/druck?session=00000000-0000-4000-8000-000000000000');
  await expect(page.getByRole('alert')).toContainText('melden Sie sich an');
});
