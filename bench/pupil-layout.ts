// How much a child scrolls and taps (issue 17): for grade 4 and grade 7, one child on a 1024×768
// tablet answers every question of every page (the first choice, as the delivery bench does) and
// turns every page; per page the height of the whole document once each question has been
// rendered, summed over the form in screen heights (768 px), and the taps: one per answered
// question plus one per "Weiter" and the final "Fertig" (joining, language and intro are the same
// three taps for every form and not counted). Starts its own ephemeral PostgreSQL and the compiled
// API in production mode; writes bench/results/pupil-layout.json and .md and the section
// "Scrolling and taps per form" of summary.md. `pnpm bench:layout`; BENCH_SKIP_BUILD=1 reuses the
// built UI and API.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { startEmbeddedPostgres } from '../apps/api/scripts/start-embedded-postgres.mjs';
import { CHROMIUM_ARGS, KEEP_NAMES_SHIM } from './pupil-delivery.ts';
import { buildApi, freePort, root, waitFor } from './support.ts';

const resultsDir = path.join(root, 'bench/results');
const ADMIN = { email: 'bench-admin@example.org', password: 'bench-admin-password' };
const VIEWPORT = { width: 1024, height: 768 };
/**
 * The issue's goal, "grade 7 ≤ 25 screen heights of scrolling": the distance a child scrolls, i.e.
 * what lies below the first screen of each page, summed over the form.
 */
export const LAYOUT_TARGETS = { grade7ScrollScreens: 25 };
const t0 = Date.now();
const log = (m: string) => console.log(`[layout ${((Date.now() - t0) / 1000).toFixed(1).padStart(5)} s] ${m}`);

/**
 * The stacked layout every form had before issue 17 (commit 5810953), measured by this script on
 * that commit's build: kept here so each run prints its change against it.
 */
const BEFORE = {
  commit: '5810953',
  grade4: { screenHeights: 50, scrollScreens: 26, taps: 98 },
  grade7: { screenHeights: 78.6, scrollScreens: 53.6, taps: 158 },
};

const children = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of children) c.kill('SIGTERM');
});
setTimeout(() => {
  console.error('bench layout: time limit (10 min) reached, stopping');
  process.exit(1);
}, 10 * 60_000).unref();

interface FormMeasures {
  pages: number;
  questionsAnswered: number;
  /** Questions shown as one row of five (the compact layout). */
  rowScales: number;
  pageHeightsPx: number[];
  /** Sum of the page heights over the viewport height. */
  screenHeights: number;
  /** What lies below the first screen of each page, summed: the distance a child scrolls. */
  scrollScreens: number;
  answerTaps: number;
  turnTaps: number;
  taps: number;
}

const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

function buildUi() {
  if (process.env.BENCH_SKIP_BUILD === '1') return;
  const r = spawnSync(path.join(root, 'apps/survey-ui/node_modules/.bin/vite'), ['build', '--logLevel', 'warn'], {
    cwd: path.join(root, 'apps/survey-ui'),
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (r.status !== 0) throw new Error(`UI build failed (${r.status ?? r.error})`);
}

async function startApi(databaseUrl: string, dataDir: string) {
  const port = process.env.BENCH_PORT ? Number(process.env.BENCH_PORT) : await freePort();
  const child = spawn(process.execPath, ['--enable-source-maps', 'dist/server.js'], {
    cwd: path.join(root, 'apps/api'),
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      UWE_DATA_DIR: dataDir,
      UWE_SECRET: randomBytes(36).toString('base64url'),
      UWE_DEMO: '1',
      UWE_ADMIN_EMAIL: ADMIN.email,
      UWE_ADMIN_PASSWORD: ADMIN.password,
    },
  });
  children.add(child);
  const base = `http://127.0.0.1:${port}`;
  await waitFor(`${base}/api/health`, 240_000);
  return base;
}

/** A class session of the demo wave for each form, opened as the admin. */
async function openSessions(base: string) {
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  });
  if (!login.ok) throw new Error(`admin login failed: ${login.status}`);
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const get = async <T>(p: string) => (await (await fetch(`${base}${p}`, { headers: { cookie } })).json()) as T;
  const waves = await get<{ id: string; name: string }[]>('/api/admin/waves');
  const schools = await get<{ id: string; name: string }[]>('/api/admin/schools');
  const wave = waves.find((w) => w.name === 'UWE 2026 (Demo)');
  if (!wave) throw new Error('demo wave missing');
  const open = async (grade: 4 | 7, schoolName: string) => {
    const school = schools.find((s) => s.name === schoolName);
    if (!school) throw new Error(`demo school ${schoolName} missing`);
    const r = await fetch(`${base}/api/sessions`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({
        waveId: wave.id,
        schoolId: school.id,
        grade,
        classLabel: `Layout ${grade}`,
        expectedPupils: 5,
      }),
    });
    if (r.status !== 201) throw new Error(`open session failed: ${r.status} ${await r.text()}`);
    return ((await r.json()) as { code: string }).code;
  };
  return { grade4: await open(4, 'Grundschule Sonnenschein'), grade7: await open(7, 'Gesamtschule Nord') };
}

/**
 * Answers each visible, unanswered choice question of the page with its first choice, until none is
 * left (an answer may show a follow-up). Free text is typed, not tapped, and left empty.
 */
async function answerPage(page: Page): Promise<number> {
  let taps = 0;
  const done = new Set<string>();
  for (;;) {
    const names = await page
      .locator('.sd-page .sd-question[data-name]')
      .evaluateAll((els) =>
        els
          .filter((e) => (e as HTMLElement).offsetParent !== null && e.querySelector('.sd-item__control-label'))
          .map((e) => e.getAttribute('data-name') ?? ''),
      );
    const name = names.find((n) => !done.has(n));
    if (name === undefined) return taps;
    done.add(name);
    await page.locator(`.sd-page .sd-question[data-name="${name}"] .sd-item__control-label`).first().click();
    taps++;
  }
}

/** The page's full height once every question has been laid out (content-visibility skips unseen ones). */
async function pageHeight(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const step = window.innerHeight;
    const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    for (let y = 0; y < document.documentElement.scrollHeight; y += step) {
      window.scrollTo(0, y);
      await frame();
    }
    window.scrollTo(0, 0);
    await frame();
    return document.documentElement.scrollHeight;
  });
}

async function oneForm(browser: Browser, base: string, code: string): Promise<FormMeasures> {
  const ctx = await browser.newContext({ viewport: VIEWPORT, hasTouch: true });
  await ctx.addInitScript(KEEP_NAMES_SHIM);
  const page = await ctx.newPage();
  await page.goto(`${base}/`);
  await page.getByLabel('Gib den Code von der Tafel ein').fill(code.toLowerCase());
  await page.getByRole('button', { name: 'Weiter' }).click();
  await page.getByRole('button', { name: 'Deutsch', exact: true }).click();
  await page.getByRole('button', { name: /Los geht/ }).click();
  await page.locator('.sd-question').first().waitFor({ timeout: 30_000 });

  const heights: number[] = [];
  let answerTaps = 0;
  let turnTaps = 0;
  let rowScales = 0;
  for (let p = 0; p < 60; p++) {
    answerTaps += await answerPage(page);
    rowScales += await page.locator('.sd-page .sd-selectbase--multi-column .sv-q-column-5').count();
    heights.push(await pageHeight(page));
    turnTaps++;
    const finish = page.getByRole('button', { name: 'Fertig' });
    if (await finish.isVisible()) {
      await finish.click();
      break;
    }
    const title = await page.locator('.sd-page .sd-question__title').first().textContent();
    await page.getByRole('button', { name: 'Weiter' }).click();
    await page.waitForFunction(
      (old) => document.querySelector('.sd-page .sd-question__title')?.textContent !== old,
      title,
    );
  }
  await page.locator('main.done').waitFor({ timeout: 30_000 });
  await ctx.close();
  const screens = heights.reduce((a, h) => a + h, 0) / VIEWPORT.height;
  const below = heights.reduce((a, h) => a + Math.max(0, h - VIEWPORT.height), 0) / VIEWPORT.height;
  return {
    pages: heights.length,
    questionsAnswered: answerTaps,
    // Each row scale has five columns.
    rowScales: rowScales / 5,
    pageHeightsPx: heights,
    screenHeights: round(screens),
    scrollScreens: round(below),
    answerTaps,
    turnTaps,
    taps: answerTaps + turnTaps,
  };
}

function markdown(r: { date: string; commit: string; grade4: FormMeasures; grade7: FormMeasures }): string {
  const T = LAYOUT_TARGETS;
  const row = (name: 'grade4' | 'grade7', label: string) => {
    const m = r[name];
    const before = BEFORE[name];
    return [
      `| Scrolling, ${label} (${m.pages} pages at 1024×768, what lies below each page's first screen) | ${m.scrollScreens} screen heights (before: ${before.scrollScreens}) | ${name === 'grade7' ? `≤ ${T.grade7ScrollScreens}` : '—'} | ${name === 'grade7' ? (m.scrollScreens <= T.grade7ScrollScreens ? 'yes' : '**no**') : ''} |`,
      `| Page heights summed, ${label} | ${m.screenHeights} screen heights (before: ${before.screenHeights}) | — |  |`,
      `| Taps, ${label} (answers + page turns) | ${m.taps} (${m.answerTaps} + ${m.turnTaps}; before: ${before.taps}) | — |  |`,
      `| Questions shown as one row of five, ${label} | ${m.rowScales} of ${m.questionsAnswered} answered | — |  |`,
    ];
  };
  return [
    '## Scrolling and taps per form',
    '',
    `${r.date} · commit ${r.commit} · bench/pupil-layout.ts: one child per form in Chromium at 1024×768 against the production server answers every choice question (first choice) and turns every page. A page's height is the document's once every question on it has been laid out; "before" is the stacked layout of commit ${BEFORE.commit}, measured by the same script.`,
    '',
    '| Measure | Result | Target | Met? |',
    '|---|---|---|---|',
    ...row('grade7', 'grade 7'),
    ...row('grade4', 'grade 4'),
    '',
  ].join('\n');
}

async function main() {
  buildUi();
  buildApi();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'uwe-bench-layout-'));
  chmodSync(dataDir, 0o755);
  const pg = await startEmbeddedPostgres(path.join(dataDir, 'db'), { ephemeral: true });
  children.add(pg.process);
  log('database up; starting the API (seeding the demo city) …');
  const base = await startApi(pg.url, dataDir);
  log(`API at ${base}; opening a grade-4 and a grade-7 session …`);
  const codes = await openSessions(base);
  const { chromium } = await import('@playwright/test');
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS, timeout: 60_000 });
  let grade4: FormMeasures;
  let grade7: FormMeasures;
  try {
    log('grade 7 …');
    grade7 = await oneForm(browser, base, codes.grade7);
    log('grade 4 …');
    grade4 = await oneForm(browser, base, codes.grade4);
  } finally {
    await browser.close();
  }
  // The API first, so its pool does not see the database go away under it.
  for (const c of children) {
    if (c === pg.process) continue;
    const exited = new Promise((r) => c.once('exit', r));
    c.kill('SIGTERM');
    await exited;
    children.delete(c);
  }
  await pg.stop();
  rmSync(dataDir, { recursive: true, force: true });

  const commit = spawnSync('git', ['rev-parse', '--short=10', 'HEAD'], { cwd: root, encoding: 'utf8' }).stdout.trim();
  const result = {
    date: new Date().toISOString(),
    commit,
    viewport: VIEWPORT,
    targets: LAYOUT_TARGETS,
    before: BEFORE,
    grade7,
    grade4,
  };
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(path.join(resultsDir, 'pupil-layout.json'), `${JSON.stringify(result, null, 2)}\n`);
  const md = markdown(result);
  writeFileSync(path.join(resultsDir, 'pupil-layout.md'), md);
  const summaryFile = path.join(resultsDir, 'summary.md');
  const summary = readFileSync(summaryFile, 'utf8');
  const heading = '## Scrolling and taps per form';
  const [head, rest = ''] = summary.split(heading);
  const after = rest.includes('\n## ') ? rest.slice(rest.indexOf('\n## ') + 1) : '';
  writeFileSync(summaryFile, `${head!.trimEnd()}\n\n${md}${after ? `\n${after}` : ''}`);
  log('written bench/results/pupil-layout.json and .md');
  console.log(`\n${md}`);
  process.exit(0);
}

await main();
