// What a tablet gets from the production server, measured in Chromium (issue 20):
// - bytes transferred for the join page, up to the first question, a whole survey of one child and
//   a repeat visit on the same tablet, counted on the wire by a TCP proxy between Chromium and the
//   API (headers and encoded bodies, every request of the page and of its service worker);
// - page turns from the click on "Weiter" to the frame painted after the next page's first
//   question title is in the DOM, at 4x CPU throttling, grade 4 and grade 7.
import net from 'node:net';
import type { Browser, Page } from '@playwright/test';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const DELIVERY_TARGETS = {
  joinKB: 100,
  firstQuestionKB: 400,
  wholeSurveyKB: 600,
  repeatVisitKB: 20,
  turnMeanMs: 100,
  turnP95Ms: 150,
};

const CPU_THROTTLING = 4;

/**
 * tsx compiles these modules with esbuild's keepNames, which wraps named functions in a call of a
 * module-level helper, `__name(fn, "name")`. Functions handed to page.evaluate run in the page,
 * where that helper does not exist: every browser context gets a no-op one first.
 */
export const KEEP_NAMES_SHIM = 'globalThis.__name = (fn) => fn;';

interface Counter {
  down: number;
  up: number;
}

export interface CountingProxy {
  base: string;
  counter: Counter;
  close(): Promise<void>;
}

/** One page turn as measured inside the page (armTurn). */
type Turn = { clickAt: number; domMs: number; paintedMs: number; title: string; error?: undefined } | { error: string };

declare global {
  interface Window {
    __turn?: Promise<Turn>;
  }
}

interface FileTransfer {
  url: string;
  kB: number;
}

export interface ChildMeasures {
  bytes: {
    joinKB: number;
    firstQuestionKB: number;
    wholeSurveyKB: number;
    wholeSurveyUploadKB: number;
    repeatVisitKB: number;
  };
  largestJoinFiles: FileTransfer[];
  largestFiles: FileTransfer[];
  turns: {
    count: number;
    meanMs: number;
    /** null without turns */
    p95Ms: number | null;
    maxMs: number;
    meanDomMs: number;
    paintedMs: number[];
  };
}

export interface Delivery {
  cpuThrottling: number;
  targets: typeof DELIVERY_TARGETS;
  grade7: ChildMeasures;
  grade4: ChildMeasures;
  grade7NoServiceWorker: ChildMeasures | null;
}

/** A TCP proxy in front of the API that counts every byte in both directions. */
export function countingProxy(targetPort: number, port = 0): Promise<CountingProxy> {
  const counter: Counter = { down: 0, up: 0 };
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    sockets.add(client);
    sockets.add(upstream);
    client.on('data', (d) => {
      counter.up += d.length;
    });
    upstream.on('data', (d) => {
      counter.down += d.length;
    });
    client.pipe(upstream);
    upstream.pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', end);
    upstream.on('error', end);
    client.on('close', end);
    upstream.on('close', end);
  });
  return new Promise((resolve) => {
    server.listen(port, '127.0.0.1', () => {
      resolve({
        base: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
        counter,
        close: () =>
          new Promise<void>((r) => {
            for (const s of sockets) s.destroy();
            server.close(() => r());
          }),
      });
    });
  });
}

/** Waits until nothing has crossed the wire for `quietMs` (at most `maxMs`). */
async function quiet(counter: Counter, quietMs = 1500, maxMs = 20_000): Promise<void> {
  const end = Date.now() + maxMs;
  let last = counter.down + counter.up;
  let since = Date.now();
  while (Date.now() < end) {
    await new Promise((r) => setTimeout(r, 100));
    const now = counter.down + counter.up;
    if (now !== last) {
      last = now;
      since = Date.now();
    } else if (Date.now() - since >= quietMs) return;
  }
}

const pct = (xs: readonly number[], p: number): number | null => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? null;
};
function round(x: number, d?: number): number;
function round(x: number | null | undefined, d?: number): number | null;
function round(x: number | null | undefined, d = 1): number | null {
  return x == null ? null : Math.round(x * 10 ** d) / 10 ** d;
}
const kB = (b: number) => round(b / 1024, 1);

/** Sets up, inside the page, the measurement of the next page turn; resolves on `window.__turn`. */
export function armTurn() {
  const firstTitle = () => document.querySelector('.sd-question .sd-question__title')?.textContent ?? '';
  const firstQuestion = () => document.querySelector('.sd-question');
  const oldEl = firstQuestion();
  const oldTitle = firstTitle();
  window.__turn = new Promise<Turn>((resolve) => {
    let clickAt = 0;
    // The click's own time stamp: when the input event happened, before any handler ran.
    window.addEventListener(
      'click',
      (e) => {
        clickAt = e.timeStamp;
      },
      { capture: true, once: true },
    );
    const timer = setTimeout(() => {
      obs.disconnect();
      resolve({ error: 'page did not turn within 10 s' });
    }, 10_000);
    const obs = new MutationObserver(() => {
      const q = firstQuestion();
      const title = firstTitle();
      if (!q || !title || (q === oldEl && title === oldTitle)) return;
      obs.disconnect();
      clearTimeout(timer);
      const inDom = performance.now();
      // The frame that shows the new page: rendering runs after this rAF callback; a message
      // posted from it runs once that frame has been produced.
      requestAnimationFrame(() => {
        const ch = new MessageChannel();
        ch.port1.onmessage = () =>
          resolve({ clickAt, domMs: inDom - clickAt, paintedMs: performance.now() - clickAt, title });
        ch.port2.postMessage(null);
      });
    });
    obs.observe(document.body, { subtree: true, childList: true, characterData: true });
  });
}

/** Answers the questions on the current page as a child would: the first choice of each. */
export async function answerPage(page: Page): Promise<void> {
  const questions = page.locator('.sd-page .sd-question');
  const n = await questions.count();
  for (let i = 0; i < n; i++) {
    const q = questions.nth(i);
    if (!(await q.isVisible())) continue;
    const choice = q.locator('.sd-item__control-label').first();
    if ((await choice.count()) === 0) continue;
    await choice.click();
  }
}

/**
 * One child on a fresh tablet: join page, code, language, intro, every page answered and turned,
 * "Fertig", then the page opened again on the same tablet. Returns bytes per phase and the turns.
 */
async function oneChild(
  browser: Browser,
  proxy: CountingProxy,
  code: string,
  { serviceWorkers = 'allow', label }: { serviceWorkers?: 'allow' | 'block'; label: string },
): Promise<ChildMeasures> {
  const ctx = await browser.newContext({ viewport: { width: 1024, height: 768 }, hasTouch: true, serviceWorkers });
  await ctx.addInitScript(KEEP_NAMES_SHIM);
  const page = await ctx.newPage();
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_THROTTLING });
  const { counter } = proxy;
  const files: { url: string; bytes: number }[] = [];
  page.on('requestfinished', async (req) => {
    try {
      const s = await req.sizes();
      files.push({ url: new URL(req.url()).pathname, bytes: s.responseBodySize + s.responseHeadersSize });
    } catch {}
  });
  const mark = () => ({ down: counter.down, up: counter.up });
  const since = (m: Counter) => ({ down: counter.down - m.down, up: counter.up - m.up });
  await quiet(counter, 500);
  const start = mark();

  await page.goto(`${proxy.base}/`, { waitUntil: 'load' });
  await page.getByLabel('Gib den Code von der Tafel ein').waitFor();
  if (serviceWorkers === 'allow') {
    await page.evaluate(() =>
      Promise.race([navigator.serviceWorker?.ready, new Promise((r) => setTimeout(r, 10_000))]),
    );
  }
  await quiet(counter);
  const join = since(start);
  const joinFiles = [...files];

  await page.getByLabel('Gib den Code von der Tafel ein').fill(code.toLowerCase());
  await page.getByRole('button', { name: 'Weiter' }).click();
  await page.getByRole('button', { name: 'Deutsch', exact: true }).click();
  await page.getByRole('button', { name: /Los geht/ }).click();
  await page.locator('.sd-question').first().waitFor({ timeout: 30_000 });
  await quiet(counter);
  const firstQuestion = since(start);

  const turns: Exclude<Turn, { error: string }>[] = [];
  for (let p = 0; p < 60; p++) {
    await answerPage(page);
    // A child reads before turning; the autosave of the answers goes out meanwhile.
    await page.waitForTimeout(400);
    const done = page.getByRole('button', { name: 'Fertig' });
    if (await done.isVisible()) {
      await done.click();
      break;
    }
    await page.evaluate(armTurn);
    await page.getByRole('button', { name: 'Weiter' }).click();
    const t = await page.evaluate(() => window.__turn);
    if (!t || t.error !== undefined) throw new Error(`${label}: turn ${turns.length + 1}: ${t?.error ?? 'not armed'}`);
    turns.push(t);
  }
  await page.locator('main.done').waitFor({ timeout: 30_000 });
  await page.locator('.sync-saved').waitFor({ timeout: 30_000 });
  await quiet(counter);
  const wholeSurvey = since(start);

  // The same tablet opens the page again (the next lesson, a reload): what crosses the wire before
  // the code field is ready.
  const again = mark();
  await page.goto(`${proxy.base}/`, { waitUntil: 'load' });
  await page.getByLabel('Gib den Code von der Tafel ein').waitFor();
  await quiet(counter);
  const repeatVisit = since(again);
  await ctx.close();

  const painted = turns.map((t) => t.paintedMs);
  const largest = (list: { url: string; bytes: number }[]): FileTransfer[] =>
    Object.entries(
      list.reduce<Record<string, number>>((acc, f) => {
        acc[f.url] = (acc[f.url] ?? 0) + f.bytes;
        return acc;
      }, {}),
    )
      .sort((a, b) => b[1] - a[1])
      .slice(0, 6)
      .map(([url, bytes]) => ({
        url: url.replace(/^\/api\/pupil\/instrument\/.*/, '/api/pupil/instrument/…'),
        kB: kB(bytes),
      }));
  return {
    bytes: {
      joinKB: kB(join.down),
      firstQuestionKB: kB(firstQuestion.down),
      wholeSurveyKB: kB(wholeSurvey.down),
      wholeSurveyUploadKB: kB(wholeSurvey.up),
      repeatVisitKB: kB(repeatVisit.down),
    },
    largestJoinFiles: largest(joinFiles),
    largestFiles: largest(files),
    turns: {
      count: turns.length,
      meanMs: round(painted.reduce((a, x) => a + x, 0) / Math.max(1, painted.length)),
      p95Ms: round(pct(painted, 95)),
      maxMs: round(Math.max(...painted)),
      meanDomMs: round(turns.reduce((a, t) => a + t.domMs, 0) / Math.max(1, turns.length)),
      paintedMs: painted.map((x) => round(x)),
    },
  };
}

/**
 * Runs grade 7 and grade 4, each as a fresh tablet with its service worker (what schools have),
 * and grade 7 once more without a service worker (the browser's HTTP cache alone).
 */
export async function measureDelivery({
  apiPort,
  proxyPort = 0,
  grade7Code,
  grade4Code,
  grade7CodeNoSw,
  log = () => {},
}: {
  apiPort: number;
  proxyPort?: number;
  grade7Code: string;
  grade4Code: string;
  grade7CodeNoSw?: string;
  log?: (message: string) => void;
}): Promise<Delivery> {
  const { chromium } = await import('@playwright/test');
  const proxy = await countingProxy(apiPort, proxyPort);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS, timeout: 60_000 });
  try {
    log('delivery: grade 7, fresh tablet …');
    const grade7 = await oneChild(browser, proxy, grade7Code, { label: 'grade 7' });
    log('delivery: grade 4, fresh tablet …');
    const grade4 = await oneChild(browser, proxy, grade4Code, { label: 'grade 4' });
    let grade7NoServiceWorker = null;
    if (grade7CodeNoSw) {
      log('delivery: grade 7 without a service worker …');
      grade7NoServiceWorker = await oneChild(browser, proxy, grade7CodeNoSw, {
        serviceWorkers: 'block',
        label: 'grade 7 (no service worker)',
      });
    }
    return { cpuThrottling: CPU_THROTTLING, targets: DELIVERY_TARGETS, grade7, grade4, grade7NoServiceWorker };
  } finally {
    await browser.close();
    await proxy.close();
  }
}

/** Markdown rows: measure | result | target | met. */
export function deliveryRows(d: Delivery): string[][] {
  const T = d.targets;
  const met = (ok: boolean) => (ok ? 'yes' : '**no**');
  const rows: string[][] = [];
  for (const [name, r] of [
    ['grade 7', d.grade7],
    ['grade 4', d.grade4],
  ] as const) {
    const b = r.bytes;
    rows.push(
      [
        `Join page, transferred (${name}, fresh tablet)`,
        `${b.joinKB} kB`,
        `≤ ${T.joinKB} kB`,
        met(b.joinKB <= T.joinKB),
      ],
      [
        `Up to the first question, transferred (${name}, from opening the page)`,
        `${b.firstQuestionKB} kB`,
        `≤ ${T.firstQuestionKB} kB`,
        met(b.firstQuestionKB <= T.firstQuestionKB),
      ],
      [
        `Whole survey of one child, transferred (${name}, every page answered, until uploaded)`,
        `${b.wholeSurveyKB} kB (sent: ${b.wholeSurveyUploadKB} kB)`,
        `≤ ${T.wholeSurveyKB} kB`,
        met(b.wholeSurveyKB <= T.wholeSurveyKB),
      ],
      [
        `Repeat visit on the same tablet, transferred before the code screen (${name})`,
        `${b.repeatVisitKB} kB`,
        `< ${T.repeatVisitKB} kB`,
        met(b.repeatVisitKB < T.repeatVisitKB),
      ],
      [
        `Page turn, click → painted frame, ${d.cpuThrottling}× CPU throttling (${name}), mean over ${r.turns.count} turns`,
        `${r.turns.meanMs} ms (DOM ready ${r.turns.meanDomMs} ms, max ${r.turns.maxMs} ms)`,
        `< ${T.turnMeanMs} ms`,
        met(r.turns.meanMs < T.turnMeanMs),
      ],
      [
        `Page turn p95 (${name})`,
        `${r.turns.p95Ms} ms`,
        `< ${T.turnP95Ms} ms`,
        met((r.turns.p95Ms ?? 0) < T.turnP95Ms),
      ],
    );
  }
  const n = d.grade7NoServiceWorker;
  if (n) {
    rows.push([
      'Without a service worker (HTTP cache only, grade 7): join / first question / whole survey / repeat visit',
      `${n.bytes.joinKB} / ${n.bytes.firstQuestionKB} / ${n.bytes.wholeSurveyKB} / ${n.bytes.repeatVisitKB} kB`,
      '—',
      '',
    ]);
  }
  return rows;
}
