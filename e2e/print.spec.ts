import { expect, test } from '@playwright/test';

test('staff print a form in any language with every question on one page', async ({ page }) => {
  // Signed in through the API: the browser keeps the httpOnly cookie.
  const login = await page.request.post('/api/auth/login', {
    data: { email: 'lehrkraft@musterstadt.example', password: 'uwe-demo-2026' },
  });
  expect(login.ok()).toBe(true);

  await page.goto('/druck?form=grade4&lang=tr');
  await expect(page.getByRole('heading', { name: 'Papierfassung des Fragebogens' })).toBeVisible();
  const questions = page.locator('.sd-question');
  await expect(questions.first()).toBeVisible();
  // Every grade-4 question that needs no filter answer is on the one page, in Turkish.
  expect(await questions.count()).toBeGreaterThan(60);
  await expect(page.locator('[data-name="free_text"]')).toBeVisible();
  await expect(page.locator('.sd-question__title').first()).toContainText(/[çğışöüÇĞİŞÖÜ]|[a-z]/);
  await expect(page.locator('.sd-navigation__next-btn')).toHaveCount(0);

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
});
