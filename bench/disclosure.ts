// Disclosure benchmark (issue 13): how much of the demo city a release publishes, and how far the
// published percentages are from the exact ones. Seeds the demo city exactly as `pnpm start` does
// (a fresh embedded PostgreSQL), builds the current wave's release with the exact values kept beside
// each cell (in-process, never stored), then adds three responses and builds a second release.
// Writes bench/results/disclosure.json and disclosure.md. Run by `pnpm bench` or alone with
// `pnpm bench:disclosure`.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { startEmbeddedPostgres } from '../apps/api/scripts/start-embedded-postgres.mjs';
import { migrateToLatest } from '../apps/api/src/db/migrate.ts';
import { connect } from '../apps/api/src/db/pool.ts';
import { computeRelease } from '../apps/api/src/reports/reports.service.ts';
import { seedDemoCity } from '../apps/api/src/seed/demo-city.ts';
import { seedDemoResults } from '../apps/api/src/seed/demo-results.ts';
import {
  DEFAULT_DISCLOSURE_CONFIG,
  type DisclosureConfig,
  type PublishedCell,
} from '../packages/disclosure/src/index.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const resultsDir = path.join(root, 'bench/results');
const LEVELS = ['city', 'sozialraum', 'school'] as const;
const GOALS = {
  share: { city: 0.99, sozialraum: 0.9, school: 0.75 },
  mad: { city: 0.2, sozialraum: null, school: 1.5 },
};

/** A cell counts as published when it shows a number or a band ("fast alle", "<1"), not "keine Angabe". */
const published = (c: PublishedCell) => c.value !== null || (c.flag !== '' && c.flag !== 'suppressed');

function measure(cells: readonly PublishedCell[]) {
  return LEVELS.map((level) => {
    const at = cells.filter((c) => c.level === level);
    const shown = at.filter(published);
    const pct = shown.filter((c) => c.statistic === 'pct' && c.value !== null && typeof c.exact === 'number');
    const diffs = pct.map((c) => Math.abs(c.value! - (c.exact as number)));
    const means = shown.filter((c) => c.statistic === 'mean' && typeof c.exact === 'number');
    const n = shown.filter((c) => c.statistic === 'n' && typeof c.exact === 'number');
    // Where the hidden cells are: by breakdown group, and whether the whole group or only details are hidden.
    const hiddenBy: Record<string, number> = {};
    const groupShown = new Set(
      at
        .filter((c) => c.statistic === 'n' && c.value !== null)
        .map((c) => `${c.unit_id}|${c.breakdown}|${c.group}|${c.item}`),
    );
    for (const c of at) {
      if (published(c)) continue;
      const g = c.breakdown === 'none' ? 'all' : c.breakdown === 'grade' ? 'grade' : `gender ${c.group}`;
      const why = groupShown.has(`${c.unit_id}|${c.breakdown}|${c.group}|${c.item}`) ? 'detail' : 'group';
      const k = `${g} · ${why}`;
      hiddenBy[k] = (hiddenBy[k] ?? 0) + 1;
    }
    return {
      level,
      cells: at.length,
      published: shown.length,
      share: shown.length / Math.max(1, at.length),
      pctCells: pct.length,
      meanAbsDiffPct: diffs.reduce((a, b) => a + b, 0) / Math.max(1, diffs.length),
      p95AbsDiffPct: diffs.sort((a, b) => a - b)[Math.floor(diffs.length * 0.95)] ?? 0,
      meanAbsDiffMean:
        means.reduce((a, c) => a + Math.abs(c.value! - (c.exact as number)), 0) / Math.max(1, means.length),
      nExactShare: n.filter((c) => c.value === c.exact).length / Math.max(1, n.length),
      hiddenBy: Object.fromEntries(Object.entries(hiddenBy).sort((a, b) => b[1] - a[1])),
    };
  });
}

async function main() {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'uwe-bench-disclosure-'));
  chmodSync(dataDir, 0o755);
  const server = await startEmbeddedPostgres(path.join(dataDir, 'db'), { ephemeral: true });
  const db = connect(server.url);
  try {
    await migrateToLatest(db as unknown as Parameters<typeof migrateToLatest>[0]);
    await seedDemoCity(db);
    await seedDemoResults(db);
    const wave = await db
      .selectFrom('wave')
      .select('id')
      .where('name', '=', 'UWE 2026 (Demo)')
      .executeTakeFirstOrThrow();
    const variants: { name: string; config: DisclosureConfig }[] = [
      {
        name: `default (D = ${DEFAULT_DISCLOSURE_CONFIG.maxDeviation}, V = ${DEFAULT_DISCLOSURE_CONFIG.variance})`,
        config: DEFAULT_DISCLOSURE_CONFIG,
      },
      { name: 'D = 2, V = 0.5', config: { ...DEFAULT_DISCLOSURE_CONFIG, maxDeviation: 2, variance: 0.5 } },
      { name: 'D = 2, V = 1', config: { ...DEFAULT_DISCLOSURE_CONFIG, maxDeviation: 2, variance: 1 } },
      { name: 'whole percentages', config: { ...DEFAULT_DISCLOSURE_CONFIG, pctDecimals: 0 } },
    ];
    const first: Record<string, ReturnType<typeof measure>> = {};
    for (const v of variants) {
      const built = await computeRelease(db, wave.id, { config: v.config }, undefined, true);
      first[v.name] = measure(built.cells);
    }
    // Three more responses (copies of existing answers at one school) and a second release.
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    await client.query(
      `insert into response (seat_id, session_id, wave_id, school_id, grade, language, answers, page, status, revision, started_on, finished_on)
       select gen_random_uuid(), session_id, wave_id, school_id, grade, language, answers, page, status, revision, started_on, finished_on
       from response where wave_id = $1 and status = 'finished' order by seat_id limit 3`,
      [wave.id],
    );
    await client.end();
    const second = measure(
      (await computeRelease(db, wave.id, { config: DEFAULT_DISCLOSURE_CONFIG }, undefined, true)).cells,
    );
    const result = {
      date: new Date().toISOString(),
      wave: 'UWE 2026 (Demo), 3,000 synthetic responses',
      first,
      second,
    };
    mkdirSync(resultsDir, { recursive: true });
    writeFileSync(path.join(resultsDir, 'disclosure.json'), `${JSON.stringify(result, null, 2)}\n`);
    const md = markdown(result, variants[0]!.name);
    writeFileSync(path.join(resultsDir, 'disclosure.md'), md);
    const summaryFile = path.join(resultsDir, 'summary.md');
    let summary = '';
    try {
      summary = readFileSync(summaryFile, 'utf8');
    } catch {}
    const [head, rest] = summary.split('## Disclosure control: published share and noise');
    const tail = rest?.includes('\n## ') ? rest.slice(rest.indexOf('\n## ')) : '';
    writeFileSync(summaryFile, `${head!.trimEnd()}\n\n${md}${tail}`);
    console.log(md);
  } finally {
    // An idle connection the server ends on shutdown is expected here, not a failure.
    process.on('uncaughtException', (err) => {
      if ((err as { code?: string }).code !== '57P01') throw err;
    });
    await db.destroy();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  process.exit(0);
}

function markdown(
  r: {
    date: string;
    wave: string;
    first: Record<string, ReturnType<typeof measure>>;
    second: ReturnType<typeof measure>;
  },
  chosen: string,
) {
  const yes = (ok: boolean) => (ok ? 'yes' : '**no**');
  const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
  const lines = [
    '## Disclosure control: published share and noise',
    '',
    `${r.date} · ${r.wave} (the demo city of \`pnpm start\`). "Published" = a number or a band; "keine Angabe" is not. Differences are between the published and the exact percentage (percentage points), over every published percentage of the level.`,
    '',
    '| Measure | Result | Target | Met? |',
    '|---|---|---|---|',
  ];
  const d = r.first[chosen]!;
  for (const m of d) {
    const share = GOALS.share[m.level];
    lines.push(
      `| Release 1: ${m.level} cells published | ${pct(m.share)} (${m.published} of ${m.cells}) | ≥ ${pct(share)} | ${yes(m.share >= share)} |`,
    );
  }
  for (const m of d) {
    const goal = GOALS.mad[m.level];
    lines.push(
      `| Release 1: ${m.level} mean absolute difference of percentages | ${m.meanAbsDiffPct.toFixed(2)} points (p95 ${m.p95AbsDiffPct.toFixed(1)}; ${m.pctCells} percentages; means off by ${m.meanAbsDiffMean.toFixed(3)} on average; ${pct(m.nExactShare)} of group sizes unchanged) | ${goal === null ? '—' : `≤ ${goal}`} | ${goal === null ? '' : yes(m.meanAbsDiffPct <= goal)} |`,
    );
  }
  const city2 = r.second.find((m) => m.level === 'city')!;
  lines.push(
    `| After 3 more responses, release 2: city cells published | ${pct(city2.share)} | ≥ 99 % | ${yes(city2.share >= 0.99)} |`,
  );
  lines.push(
    '',
    'Other perturbation settings on the same data (for the choice of D and V):',
    '',
    '| Setting | published city / Sozialraum / school | mean abs. difference city / Sozialraum / school |',
    '|---|---|---|',
  );
  for (const [name, ms] of Object.entries(r.first)) {
    lines.push(
      `| ${name} | ${ms.map((m) => pct(m.share)).join(' / ')} | ${ms.map((m) => m.meanAbsDiffPct.toFixed(2)).join(' / ')} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
