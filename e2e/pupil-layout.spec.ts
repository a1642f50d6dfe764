// The compact answer layout (issue 17): grade 7's five-step scales in one row on a tablet, stacked
// on a phone, grade 4 stacked; still one tab stop per question and arrow keys, right to left in Arabic.
import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page, test } from '@playwright/test';
import { openSession } from './support.ts';

test.use({ viewport: { width: 1024, height: 768 }, hasTouch: true, isMobile: false });

/** Joins, picks a language by its own name and starts the survey. */
async function start(page: Page, code: string, language = 'Deutsch') {
  await page.goto('/');
  await page.getByLabel('Gib den Code von der Tafel ein').fill(code.toLowerCase());
  await page.getByRole('button', { name: 'Weiter' }).click();
  await page.getByRole('button', { name: language, exact: true }).click();
  // The intro's start button, in the child's language.
  await page.locator('main.intro button.primary').click();
  await page.locator('.sd-question').first().waitFor();
}

/** The boxes of a question's five options (the whole label, which is what a child taps). */
async function optionBoxes(question: Locator) {
  const labels = question.locator('.sd-selectbase__label');
  await expect(labels).toHaveCount(5);
  const boxes = [];
  for (let i = 0; i < 5; i++) {
    const box = await labels.nth(i).boundingBox();
    if (!box) throw new Error(`option ${i + 1} has no box`);
    boxes.push(box);
  }
  return boxes;
}

/** The page's height once every question on it has been laid out (content-visibility skips unseen ones). */
function pageHeight(page: Page) {
  return page.evaluate(async () => {
    const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    for (let y = 0; y < document.documentElement.scrollHeight; y += window.innerHeight) {
      window.scrollTo(0, y);
      await frame();
    }
    window.scrollTo(0, 0);
    await frame();
    return document.documentElement.scrollHeight;
  });
}

async function axe(page: Page, screen: string) {
  const result = await new AxeBuilder({ page }).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${screen}: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

test('grade 7 on a tablet: a scale’s five options on one row, large targets, one tab stop, arrow keys', async ({
  page,
  request,
}) => {
  const session = await openSession(request, { grade: 7 });
  await start(page, session.code);
  const first = page.locator('.sd-question[data-name="hap_1"]');
  const boxes = await optionBoxes(first);
  // One row, left to right, each option at least 44 × 44 px.
  for (const [i, b] of boxes.entries()) {
    expect(Math.abs(b.y - boxes[0]!.y)).toBeLessThanOrEqual(2);
    if (i > 0) expect(b.x).toBeGreaterThan(boxes[i - 1]!.x + boxes[i - 1]!.width - 1);
    expect(b.width).toBeGreaterThanOrEqual(44);
    expect(b.height).toBeGreaterThanOrEqual(44);
  }
  // Every option is named for a screen reader, inside one radiogroup.
  const group = first.getByRole('radiogroup');
  await expect(group.getByRole('radio')).toHaveCount(5);
  for (const name of ['Stimmt gar nicht', 'Stimmt genau'])
    await expect(group.getByRole('radio', { name })).toHaveCount(1);

  // Keyboard: into the group from the element before it, arrows choose, one Tab leaves the question.
  const radios = first.locator('input[type="radio"]');
  await radios.first().focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(radios.nth(2)).toBeChecked();
  await expect(radios.nth(2)).toBeFocused();
  await expect(first.locator('.sd-item--checked')).toHaveCount(1);
  // The focused option is visibly outlined.
  const outline = await first
    .locator('.sd-item--checked .sd-selectbase__label')
    .evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(outline).toBe('solid');
  await page.keyboard.press('Tab');
  const next = await page.evaluate(() => ({
    question: document.activeElement?.closest('.sd-question')?.getAttribute('data-name'),
    type: (document.activeElement as HTMLInputElement | null)?.type,
  }));
  // Tab leaves hap_1 for the next question (its read-aloud button, or its radiogroup on a tablet without a voice).
  expect(next.question).not.toBe('hap_1');
  expect(next.question).toBeTruthy();
  await page.keyboard.press('Shift+Tab');
  await expect(radios.nth(2)).toBeFocused();
  await axe(page, 'row scales');
});

test('grade 7: the first scale page fits in two screen heights (stacked it needed 3.1)', async ({ page, request }) => {
  const session = await openSession(request, { grade: 7 });
  await start(page, session.code);
  // Stacked, this page (six five-step items) was 2370 px high at 1024×768, about 3.1 screens.
  expect(await pageHeight(page)).toBeLessThanOrEqual(2 * 768);
});

test('grade 4 keeps its options stacked, each label beside its circle', async ({ page, request }) => {
  const session = await openSession(request, { grade: 4 });
  await start(page, session.code);
  const boxes = await optionBoxes(page.locator('.sd-question[data-name="hap_1"]'));
  for (let i = 1; i < 5; i++) expect(boxes[i]!.y).toBeGreaterThan(boxes[i - 1]!.y);
});

test('on a narrow phone grade 7’s options stack again', async ({ page, request }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const session = await openSession(request, { grade: 7 });
  await start(page, session.code);
  const boxes = await optionBoxes(page.locator('.sd-question[data-name="hap_1"]'));
  // One under the other, as stacked everywhere: 44 px or more from one option to the next.
  for (let i = 1; i < 5; i++) expect(boxes[i]!.y - boxes[i - 1]!.y).toBeGreaterThanOrEqual(44);
  // Nothing runs off the side of the screen.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
});

test('Arabic: the row runs right to left and the arrow keys follow it', async ({ page, request }) => {
  const session = await openSession(request, { grade: 7 });
  await start(page, session.code, 'العربية');
  const first = page.locator('.sd-question[data-name="hap_1"]');
  const boxes = await optionBoxes(first);
  // The first option ("not true at all") is on the right, the last on the left, all on one row.
  for (let i = 1; i < 5; i++) {
    expect(Math.abs(boxes[i]!.y - boxes[0]!.y)).toBeLessThanOrEqual(2);
    expect(boxes[i]!.x).toBeLessThan(boxes[i - 1]!.x);
  }
  const radios = first.locator('input[type="radio"]');
  await radios.first().focus();
  // In a right-to-left row the next option is to the left.
  await page.keyboard.press('ArrowLeft');
  await expect(radios.nth(1)).toBeChecked();
  await axe(page, 'row scales ar');
});
