// Profiles page turns of the pupil survey in Chromium at 4x CPU throttling against a running
// server: `node --import tsx bench/profile-turn.ts <base URL> <class code> [turns]`. Prints the functions with
// the main thread's time per kind (script, style, layout, paint) from the click until the next frames
// are painted, from a Chromium trace, and keeps the last turn's trace in test-results/turn-trace.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { CHROMIUM_ARGS, KEEP_NAMES_SHIM } from './pupil-delivery.ts';

/** A Chromium trace event (the fields used here). */
interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { data?: { type?: string; functionName?: string; url?: string; lineNumber?: number } };
}

const [base, code, turnsArg] = process.argv.slice(2);
if (!base || !code) {
  console.error('usage: node --import tsx bench/profile-turn.ts <base URL> <class code> [turns]');
  process.exit(2);
}
const turns = Number(turnsArg ?? 8);
const { chromium } = await import('@playwright/test');
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
const ctx = await browser.newContext({ viewport: { width: 1024, height: 768 }, hasTouch: true });
await ctx.addInitScript(KEEP_NAMES_SHIM);
const page = await ctx.newPage();
const cdp = await ctx.newCDPSession(page);
await page.goto(`${base}/`);
await page.getByLabel('Gib den Code von der Tafel ein').fill(code);
await page.getByRole('button', { name: 'Weiter' }).click();
await page.getByRole('button', { name: 'Deutsch', exact: true }).click();
await page.getByRole('button', { name: /Los geht/ }).click();
await page.locator('.sd-question').first().waitFor();
await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
const byName = new Map<string, number>();
const byJs = new Map<string, number>();
let windowMs = 0;
let cpuMs = 0;
for (let t = 0; t < turns; t++) {
  await page.locator('.sd-page .sd-question .sd-item__control-label').first().click();
  await page.waitForTimeout(1200);
  await page.locator('.sd-navigation__next-btn').scrollIntoViewIfNeeded();
  await page.waitForTimeout(300);
  const next = await page.locator('.sd-navigation__next-btn').boundingBox();
  if (!next) throw new Error('no "Weiter" button on the page');
  await browser.startTracing(page, {
    categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'blink.user_timing'],
  });
  await page.mouse.click(next.x + next.width / 2, next.y + next.height / 2);
  await page.evaluate(
    () => new Promise<void>((r) => requestAnimationFrame(() => setTimeout(() => requestAnimationFrame(() => r()), 0))),
  );
  const trace = JSON.parse((await browser.stopTracing()).toString());
  const events: TraceEvent[] = trace.traceEvents ?? trace;
  // The renderer main thread: where the click was dispatched.
  const click = events.find((e) => e.name === 'EventDispatch' && e.args?.data?.type === 'click');
  if (!click) continue;
  const main = events.filter((e) => e.pid === click.pid && e.tid === click.tid && e.ph === 'X');
  const end = Math.max(...main.map((e) => e.ts + (e.dur ?? 0)));
  windowMs += (end - click.ts) / 1000;
  // Top-level slices only (those not inside another slice of the same thread): their thread time
  // is the CPU the turn took, which other load on the machine disturbs far less than wall time.
  main.sort((x, y) => x.ts - y.ts);
  let until = 0;
  for (const e of main) {
    if (e.ts < click.ts - 1000) continue;
    if (e.ts >= until) {
      until = e.ts + (e.dur ?? 0);
      cpuMs += (e.tdur ?? 0) / 1000;
    }
    if (
      [
        'UpdateLayoutTree',
        'Layout',
        'Paint',
        'PrePaint',
        'Layerize',
        'HitTest',
        'ParseHTML',
        'MajorGC',
        'MinorGC',
        'FunctionCall',
        'EventDispatch',
        'TimerFire',
        'FireAnimationFrame',
        'RunMicrotasks',
        'V8.GCScavenger',
        'IntersectionObserverController::computeIntersections',
        'UpdateLayer',
        'Commit',
        'UpdateLayerTree',
      ].includes(e.name)
    ) {
      const data = e.args?.data ?? {};
      const key =
        e.name === 'FunctionCall'
          ? `FunctionCall ${data.functionName ?? ''} ${String(data.url ?? '')
              .split('/')
              .pop()}:${data.lineNumber ?? ''}`
          : e.name === 'EventDispatch'
            ? `EventDispatch ${data.type}`
            : e.name;
      const map = e.name === 'FunctionCall' ? byJs : byName;
      map.set(key, (map.get(key) ?? 0) + (e.dur ?? 0));
    }
  }
  if (t === turns - 1) {
    mkdirSync('test-results', { recursive: true });
    writeFileSync('test-results/turn-trace.json', JSON.stringify(events));
  }
}
console.log(
  `${turns} turns at 4x throttling; click → two frames later: ${(windowMs / turns).toFixed(1)} ms wall, main-thread CPU ${(cpuMs / turns).toFixed(1)} ms per turn (unthrottled)`,
);
console.log('inclusive time per turn (ms), by kind:');
for (const [k, us] of [...byName.entries()].sort((a, b) => b[1] - a[1]))
  console.log(`${(us / 1000 / turns).toFixed(1).padStart(7)}  ${k}`);
console.log('script entry points:');
for (const [k, us] of [...byJs.entries()].sort((a, b) => b[1] - a[1]).slice(0, 12))
  console.log(`${(us / 1000 / turns).toFixed(1).padStart(7)}  ${k}`);
await browser.close();
