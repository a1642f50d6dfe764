// "Wo wohnst du?": how long the street suggestions take per keystroke on a tablet. Runs the tablet's
// own matcher (packages/schema/src/places-match.ts, compiled as it is) in Chromium with 4× CPU
// throttling over 3,000 synthetic street names, typing realistic prefixes letter by letter, and
// renders the suggestion list as the widget does (up to 8 buttons). Target: under 50 ms per
// keystroke. `node --import tsx bench/residence-suggest.ts`; writes bench/results/residence-suggest.{json,md}.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { CHROMIUM_ARGS } from './pupil-delivery.ts';
import { root } from './support.ts';

const STREETS = 3000;
const CPU_THROTTLING = 4;
const TARGET_MS = 50;

const source = readFileSync(path.join(root, 'packages/schema/src/places-match.ts'), 'utf8');
const js = ts
  .transpileModule(source, { compilerOptions: { target: ts.ScriptTarget.ES2022 } })
  .outputText.replace(/^export /gm, '');

const stems = [
  'Linden',
  'Eichen',
  'Ahorn',
  'Birken',
  'Bahnhof',
  'Markt',
  'Kirch',
  'Schul',
  'Mühlen',
  'Garten',
  'Wiesen',
  'Berg',
];
const kinds = ['straße', 'weg', 'allee', 'platz', 'gasse', 'ring', 'pfad'];
const prefixes = ['', 'Am ', 'An der ', 'Zum ', 'Alte '];
const names: string[] = [];
for (let i = 0; names.length < STREETS; i++) {
  const stem = stems[i % stems.length]!;
  const kind = kinds[Math.floor(i / stems.length) % kinds.length]!;
  const pre = prefixes[Math.floor(i / (stems.length * kinds.length)) % prefixes.length]!;
  names.push(`${pre}${stem}${kind} ${Math.floor(i / 420) || ''}`.trim());
}
const typed = ['lindenstraße', 'bahnhof', 'mühlenweg', 'am markt', 'strasse', 'gartenallee'];

const { chromium } = await import('@playwright/test');
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage();
  await page.setContent('<!doctype html><html><body><input id="q"><ul id="list"></ul></body></html>');
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_THROTTLING });
  await page.addScriptTag({ content: `${js}\nwindow.__m = { foldStreet, indexStreets, suggestStreets };` });
  const result = await page.evaluate(
    async ({ names, typed }) => {
      type M = {
        indexStreets: (n: string[]) => unknown;
        suggestStreets: (i: unknown, t: string) => number[];
      };
      const m = (window as unknown as { __m: M }).__m;
      const t0 = performance.now();
      const index = m.indexStreets(names);
      const indexMs = performance.now() - t0;
      const list = document.getElementById('list')!;
      const times: number[] = [];
      for (const word of typed) {
        for (let n = 1; n <= word.length; n++) {
          const start = performance.now();
          const found = m.suggestStreets(index, word.slice(0, n));
          list.replaceChildren(
            ...found.map((i) => {
              const li = document.createElement('li');
              const b = document.createElement('button');
              b.textContent = names[i]!;
              li.append(b);
              return li;
            }),
          );
          // Until the browser has laid out the new list (what the child sees).
          void list.getBoundingClientRect().height;
          await new Promise((r) => requestAnimationFrame(() => r(null)));
          times.push(performance.now() - start);
        }
      }
      return { indexMs, times };
    },
    { names, typed },
  );
  const sorted = [...result.times].sort((a, b) => a - b);
  const p = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  const round = (x: number) => Math.round(x * 10) / 10;
  const summary = {
    date: new Date().toISOString().slice(0, 10),
    streets: STREETS,
    cpuThrottling: CPU_THROTTLING,
    targetMs: TARGET_MS,
    keystrokes: result.times.length,
    indexMs: round(result.indexMs),
    medianMs: round(p(0.5)),
    p95Ms: round(p(0.95)),
    maxMs: round(sorted[sorted.length - 1]!),
  };
  mkdirSync(path.join(root, 'bench/results'), { recursive: true });
  writeFileSync(path.join(root, 'bench/results/residence-suggest.json'), `${JSON.stringify(summary, null, 2)}\n`);
  writeFileSync(
    path.join(root, 'bench/results/residence-suggest.md'),
    `# Street suggestions per keystroke ("Wo wohnst du?")\n\n${summary.date}, ${STREETS} streets, Chromium with ${CPU_THROTTLING}× CPU throttling, ${summary.keystrokes} keystrokes (match + list rendered + next frame, which includes waiting for the frame).\n\n| index once | median | p95 | max | target |\n|---|---|---|---|---|\n| ${summary.indexMs} ms | ${summary.medianMs} ms | ${summary.p95Ms} ms | ${summary.maxMs} ms | < ${TARGET_MS} ms |\n`,
  );
  console.log(JSON.stringify(summary));
} finally {
  await browser.close();
}
