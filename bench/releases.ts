// Release benchmarks (issue 8): build time and peak memory of a release for 10,000 and 100,000
// synthetic responses, report request latency afterwards, and CSV/XLSX export time and peak RSS.
// Run by `pnpm bench` after bench/run.ts (or alone: `pnpm bench:releases`). Starts its own
// ephemeral embedded PostgreSQL and the API in production mode; writes bench/results/releases.json
// and bench/results/releases.md.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { startEmbeddedPostgres } from '../apps/api/scripts/start-embedded-postgres.mjs';
import { migrateToLatest } from '../apps/api/src/db/migrate.ts';
import { connect } from '../apps/api/src/db/pool.ts';
import { seedSyntheticResponses } from '../apps/api/src/seed/synthetic-responses.ts';
import { buildApi, freePort, root, rssMb, waitFor, workerPid } from './support.ts';

/** Bytes on the wire (headers and encoded body) and time of one request as a browser makes it (brotli or gzip accepted). */
function transferred(
  url: string,
  headers: Record<string, string>,
  acceptEncoding = 'br, gzip',
): Promise<{ transferredKB: number; compressedMs: number }> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const req = http.get(url, { headers: { ...headers, 'accept-encoding': acceptEncoding } }, (res) => {
      let bytes = 0;
      for (let i = 0; i < res.rawHeaders.length; i += 2)
        bytes += `${res.rawHeaders[i]}: ${res.rawHeaders[i + 1]}\r\n`.length;
      res.on('data', (d: Buffer) => {
        bytes += d.length;
      });
      res.on('end', () =>
        resolve({ transferredKB: Math.round(bytes / 1024), compressedMs: Math.round(performance.now() - start) }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}
const resultsDir = path.join(root, 'bench/results');
const quick = process.env.BENCH_QUICK === '1';
const SIZES = quick ? [2_000, 10_000] : [10_000, 100_000];
const t0 = Date.now();
const log = (m: string) => console.log(`[releases ${((Date.now() - t0) / 1000).toFixed(1).padStart(5)} s] ${m}`);
const ADMIN = { email: 'bench-admin@example.org', password: 'bench-admin-password' };

const children = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of children) c.kill('SIGTERM');
});
setTimeout(() => {
  console.error('bench releases: time limit (15 min) reached, stopping');
  process.exit(1);
}, 15 * 60_000).unref();

/** Peak resident memory of a process while `fn` runs, sampled from /proc every 25 ms. */
async function peakRss<T>(pid: number, fn: () => Promise<T>): Promise<{ result: T; peakMb: number; startMb: number }> {
  const startMb = rssMb(pid);
  let peakMb = startMb;
  const timer = setInterval(() => {
    peakMb = Math.max(peakMb, rssMb(pid));
  }, 25);
  try {
    const result = await fn();
    peakMb = Math.max(peakMb, rssMb(pid));
    return { result, peakMb, startMb };
  } finally {
    clearInterval(timer);
  }
}

/** Latency of /api/health every 50 ms while `fn` runs. */
async function healthDuring<T>(base: string, fn: () => Promise<T>) {
  const times: number[] = [];
  let running = true;
  const probe = (async () => {
    while (running) {
      const start = performance.now();
      await fetch(`${base}/api/health`).then((r) => r.arrayBuffer());
      times.push(performance.now() - start);
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  const result = await fn();
  running = false;
  await probe;
  times.sort((a, b) => a - b);
  return {
    result,
    health: {
      samples: times.length,
      p50Ms: Math.round(times[Math.floor(times.length / 2)] ?? 0),
      maxMs: Math.round(times[times.length - 1] ?? 0),
    },
  };
}

/** A large city: 40 Sozialräume, 150 schools (100 primary, 50 secondary). */
type Db = ReturnType<typeof connect>;

async function createCity(db: Db, name: string) {
  const srs = await db
    .insertInto('sozialraum')
    .values(Array.from({ length: 40 }, (_, i) => ({ name: `${name} Sozialraum ${i + 1}` })))
    .returning('id')
    .execute();
  const types = ['gesamtschule', 'gymnasium', 'realschule', 'hauptschule'] as const;
  await db
    .insertInto('school')
    .values(
      Array.from({ length: 150 }, (_, i) => ({
        name: `${name} Schule ${i + 1}`,
        sozialraum_id: srs[i % srs.length]!.id,
        type: i < 100 ? ('grundschule' as const) : types[i % types.length]!,
      })),
    )
    .execute();
}

async function wave(db: Db, name: string) {
  const row = await db
    .insertInto('wave')
    .values({
      name,
      instrument_id: 'uwe-2026',
      grades: [4, 7, 9],
      starts_on: '2026-02-01',
      ends_on: '2026-03-31',
      status: 'closed',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function main() {
  buildApi();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'uwe-bench-releases-'));
  chmodSync(dataDir, 0o755);
  const server = await startEmbeddedPostgres(path.join(dataDir, 'db'), { ephemeral: true });
  children.add(server.process);
  const db = connect(server.url);
  await migrateToLatest(db as unknown as Parameters<typeof migrateToLatest>[0]);
  await createCity(db, 'Benchstadt');

  const startApi = async () => {
    const port = await freePort();
    const child = spawn(process.execPath, ['--enable-source-maps', 'dist/server.js'], {
      cwd: path.join(root, 'apps/api'),
      stdio: ['ignore', 'ignore', 'inherit'],
      env: {
        ...process.env,
        NODE_ENV: 'production',
        LOG_LEVEL: 'warn',
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_URL: server.url,
        UWE_DATA_DIR: dataDir,
        UWE_SECRET: secret,
        UWE_DEMO: '0',
        UWE_ADMIN_EMAIL: ADMIN.email,
        UWE_ADMIN_PASSWORD: ADMIN.password,
      },
    });
    children.add(child);
    const base = `http://127.0.0.1:${port}`;
    await waitFor(`${base}/api/health`);
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: base },
      body: JSON.stringify(ADMIN),
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    if (!cookie) throw new Error(`login failed: ${login.status}`);
    const stop = async () => {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      children.delete(child);
    };
    return { child, base, headers: { cookie, origin: base }, stop };
  };
  const secret = randomBytes(36).toString('base64url');

  const runs: Record<string, unknown>[] = [];
  for (const size of SIZES) {
    const waveId = await wave(db, `Benchmark ${size}`);
    log(`seeding ${size} synthetic responses …`);
    const seedStart = Date.now();
    await seedSyntheticResponses(db, { waveId, responses: size, seed: size });
    const seedSeconds = (Date.now() - seedStart) / 1000;

    log(`building the release of ${size} responses …`);
    let api = await startApi();
    let { base, headers } = api;
    // The build runs in the worker process the API started; the API process only enqueues it.
    const worker = await workerPid(api.child.pid!);
    let apiPeakDuringBuildMb = 0;
    const apiSampler = setInterval(() => {
      apiPeakDuringBuildMb = Math.max(apiPeakDuringBuildMb, rssMb(api.child.pid!));
    }, 25);
    let releaseId = '';
    const build = await peakRss(worker, async () => {
      const start = Date.now();
      const res = await fetch(`${base}/api/reports/waves/${waveId}/releases`, { method: 'POST', headers });
      if (res.status !== 202) throw new Error(`release: ${res.status} ${await res.text()}`);
      const { number } = (await res.json()) as { number: number };
      for (;;) {
        const r = (await (
          await fetch(`${base}/api/reports/waves/${waveId}/releases/${number}`, { headers })
        ).json()) as {
          status: string;
          cells: number;
          error: string | null;
        };
        if (r.status === 'ready') {
          releaseId = (r as unknown as { id: string }).id;
          return { seconds: (Date.now() - start) / 1000, cells: r.cells };
        }
        if (r.status === 'failed') throw new Error(`release failed: ${r.error}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    });
    clearInterval(apiSampler);
    log(
      `  ${build.result.seconds.toFixed(1)} s, ${build.result.cells} cells, worker peak RSS ${build.peakMb.toFixed(0)} MB, API ${apiPeakDuringBuildMb.toFixed(0)} MB`,
    );
    // Then the worker writes the release's export files (CSV, CSV for Excel, XLSX) once.
    const files = await peakRss(worker, async () => {
      const start = Date.now();
      for (;;) {
        const n = await db.selectFrom('release_file').select('kind').where('release_id', '=', releaseId).execute();
        if (n.length === 3) return { seconds: (Date.now() - start) / 1000 };
        if (Date.now() - start > 10 * 60_000) throw new Error('export files were not written');
        await new Promise((r) => setTimeout(r, 200));
      }
    });
    log(
      `  export files written in ${files.result.seconds.toFixed(1)} s, worker peak RSS ${files.peakMb.toFixed(0)} MB`,
    );
    // Reports and exports are measured on a fresh API process, as any process of a deployment serves them.
    await api.stop();
    api = await startApi();
    ({ base, headers } = api);

    // Report requests as the dashboard makes them.
    const catalogue = (await (await fetch(`${base}/api/reports/waves/${waveId}/catalogue`, { headers })).json()) as {
      units: { level: string; id: string }[];
    };
    const school = catalogue.units.find((u) => u.level === 'school')!;
    const sozialraum = catalogue.units.find((u) => u.level === 'sozialraum')!;
    const paths = [
      `/api/reports/waves/${waveId}/overview?level=sozialraum`,
      `/api/reports/waves/${waveId}/overview?level=school`,
      `/api/reports/waves/${waveId}/units/school/${school.id}`,
      `/api/reports/waves/${waveId}/units/sozialraum/${sozialraum.id}`,
      `/api/reports/waves/${waveId}/items/hap_1?level=school`,
    ];
    // One request at a time per kind, as a person clicking through the dashboard makes them.
    const perPath: {
      path: string;
      p50Ms: number;
      p99Ms: number;
      kB: number;
      non2xx: number;
      transferredKB: number;
      compressedMs: number;
      gzipKB: number;
    }[] = [];
    for (const p of paths) {
      const r = await autocannon({ url: `${base}${p}`, connections: 1, duration: quick ? 2 : 4, headers });
      perPath.push({
        path: p.replace(waveId, ':wave').replace(school.id, ':school').replace(sozialraum.id, ':sozialraum'),
        p50Ms: r.latency.p50,
        p99Ms: r.latency.p99,
        kB: Math.round(r.throughput.total / Math.max(1, r.requests.total) / 1024),
        non2xx: r.non2xx,
        ...(await transferred(`${base}${p}`, headers)),
        gzipKB: (await transferred(`${base}${p}`, headers, 'gzip')).transferredKB,
      });
    }
    const report = {
      p50Ms: Math.max(...perPath.map((x) => x.p50Ms)),
      p99Ms: Math.max(...perPath.map((x) => x.p99Ms)),
      non2xx: perPath.reduce((a, x) => a + x.non2xx, 0),
      perPath,
    };
    log(`  reports: p50 ${report.p50Ms} ms, p99 ${report.p99Ms} ms`);

    // A download as a browser makes it (gzip accepted; fetch unpacks it, so the time includes that).
    const download = async (ext: 'csv' | 'xlsx') => {
      const start = Date.now();
      const res = await fetch(`${base}/api/reports/waves/${waveId}/export.${ext}`, { headers });
      const bytes = (await res.arrayBuffer()).byteLength;
      if (res.status !== 200) throw new Error(`export.${ext}: ${res.status}`);
      return { seconds: (Date.now() - start) / 1000, megabytes: bytes / 1024 / 1024 };
    };
    const exportOf = async (ext: 'csv' | 'xlsx') => {
      const m = await peakRss(api.child.pid!, () => download(ext));
      log(
        `  export.${ext}: ${m.result.seconds.toFixed(2)} s, ${m.result.megabytes.toFixed(1)} MB, peak RSS ${m.peakMb.toFixed(0)} MB`,
      );
      return { ...m.result, peakRssMb: m.peakMb, rssBeforeMb: m.startMb };
    };
    const csv = await exportOf('csv');
    const xlsx = await exportOf('xlsx');
    const parallel = await healthDuring(base, () =>
      peakRss(api.child.pid!, () => Promise.all([1, 2, 3, 4].map(() => download('xlsx')))),
    );
    log(
      `  4 parallel XLSX downloads: health p50 ${parallel.health.p50Ms} ms, max ${parallel.health.maxMs} ms, API peak RSS ${parallel.result.peakMb.toFixed(0)} MB`,
    );
    await api.stop();
    runs.push({
      responses: size,
      seedSeconds,
      build: {
        ...build.result,
        peakRssMb: build.peakMb,
        rssBeforeMb: build.startMb,
        apiPeakRssMb: apiPeakDuringBuildMb,
      },
      files: { seconds: files.result.seconds, workerPeakRssMb: files.peakMb },
      report,
      csv,
      xlsx,
      parallelXlsx: { ...parallel.health, apiPeakRssMb: parallel.result.peakMb },
    });
  }
  await db.destroy();
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });

  const result = {
    date: new Date().toISOString(),
    machine: `${os.cpus().length}× ${os.cpus()[0]?.model ?? 'CPU'} · ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB · Node ${process.version}`,
    city: '40 Sozialräume, 150 schools (100 primary with grade 4, 50 secondary with grades 7 and 9)',
    quick,
    runs,
  };
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(path.join(resultsDir, 'releases.json'), `${JSON.stringify(result, null, 2)}\n`);
  const md = markdown(result);
  writeFileSync(path.join(resultsDir, 'releases.md'), md);
  // The overall summary (written by bench/run.ts) carries this section too.
  const summaryFile = path.join(resultsDir, 'summary.md');
  let summary = '';
  try {
    summary = readFileSync(summaryFile, 'utf8');
  } catch {}
  const head = summary.split('## Releases, reports and exports')[0]!.trimEnd();
  writeFileSync(summaryFile, `${head ? `${head}\n\n` : ''}${md}`);
  log('written bench/results/releases.json and releases.md');
  process.exit(0);
}

type Run = {
  responses: number;
  build: { seconds: number; cells: number; peakRssMb: number; rssBeforeMb: number; apiPeakRssMb?: number };
  files?: { seconds: number; workerPeakRssMb: number };
  parallelXlsx?: { samples: number; p50Ms: number; maxMs: number; apiPeakRssMb: number };
  report: {
    p50Ms: number;
    p99Ms: number;
    non2xx: number;
    perPath: {
      path: string;
      p50Ms: number;
      p99Ms: number;
      kB: number;
      transferredKB?: number;
      compressedMs?: number;
      gzipKB?: number;
    }[];
  };
  csv: { seconds: number; megabytes: number; peakRssMb: number; rssBeforeMb: number };
  xlsx: { seconds: number; megabytes: number; peakRssMb: number };
};

function markdown(r: { date: string; machine: string; city: string; runs: Record<string, unknown>[] }) {
  const yes = (ok: boolean) => (ok ? 'yes' : '**no**');
  const lines = [
    '## Releases, reports and exports',
    '',
    `${r.date} · ${r.machine} · city: ${r.city}. API in production mode. Builds and export files run in the worker process (a child of the API, UWE_WORKER=process); the API process only enqueues them and serves stored files.`,
    '',
    '| Measure | Result | Target | Met? |',
    '|---|---|---|---|',
  ];
  for (const run of r.runs as Run[]) {
    const n = run.responses.toLocaleString('en');
    const big = run.responses >= 100_000;
    lines.push(
      `| Release of ${n} responses: build time (in the worker) | ${run.build.seconds.toFixed(1)} s (${run.build.cells.toLocaleString('en')} cells) | ${big ? '< 15 s' : '—'} | ${big ? yes(run.build.seconds < 15) : ''} |`,
      `| Release of ${n}: peak RSS of the worker | ${run.build.peakRssMb.toFixed(0)} MB (before: ${run.build.rssBeforeMb.toFixed(0)} MB; API process meanwhile: ${run.build.apiPeakRssMb?.toFixed(0) ?? '?'} MB) | ${big ? '< 600 MB' : '—'} | ${big ? yes(run.build.peakRssMb < 600) : ''} |`,
      ...(run.files
        ? [
            `| Export files of ${n} written by the worker after the build (CSV, CSV for Excel, XLSX) | ${run.files.seconds.toFixed(1)} s, worker peak RSS ${run.files.workerPeakRssMb.toFixed(0)} MB | — |  |`,
          ]
        : []),
      `| Report requests after ${n} (slowest of: ${run.report.perPath.map((x) => `${x.path} ${x.p50Ms}/${x.p99Ms} ms, ${x.kB} kB${x.transferredKB === undefined ? '' : ` (${x.transferredKB} kB transferred as a browser asks for it, ${x.compressedMs} ms)`}`).join('; ')}) | p50 ${run.report.p50Ms} ms, p99 ${run.report.p99Ms} ms, non-2xx ${run.report.non2xx} | p50 < 20 ms | ${yes(run.report.p50Ms < 20)} |`,
      ...run.report.perPath
        .filter((x) => x.path.includes('overview?level=school') && x.gzipKB !== undefined)
        .map(
          (x) =>
            `| School-level overview after ${n}, gzip on the wire | ${x.gzipKB} kB (raw ${x.kB} kB) | ≤ 500 kB | ${yes((x.gzipKB ?? 1e9) <= 500)} |`,
        ),
      `| Full CSV download (${n}), as a browser gets it (gzip) | ${run.csv.seconds.toFixed(2)} s, ${run.csv.megabytes.toFixed(1)} MB unpacked, peak RSS ${run.csv.peakRssMb.toFixed(0)} MB (API process, before: ${run.csv.rssBeforeMb.toFixed(0)} MB) | < 5 s, < 300 MB | ${yes(run.csv.seconds < 5 && run.csv.peakRssMb < 300)} |`,
      `| Full XLSX download (${n}) | ${run.xlsx.seconds.toFixed(2)} s, ${run.xlsx.megabytes.toFixed(1)} MB, peak RSS ${run.xlsx.peakRssMb.toFixed(0)} MB | ${run.responses === 10_000 ? '< 5 s' : '—'} | ${run.responses === 10_000 ? yes(run.xlsx.seconds < 5) : ''} |`,
      ...(run.parallelXlsx
        ? [
            `| /api/health during 4 parallel XLSX downloads (${n}) | p50 ${run.parallelXlsx.p50Ms} ms, max ${run.parallelXlsx.maxMs} ms over ${run.parallelXlsx.samples} probes; API peak RSS ${run.parallelXlsx.apiPeakRssMb.toFixed(0)} MB | < 200 ms | ${yes(run.parallelXlsx.maxMs < 200)} |`,
          ]
        : []),
    );
  }
  lines.push(
    '',
    '### Profile of the release build and what changed',
    '',
    '- Version 1 of the disclosure rules (secondary suppression verified by a rank check) built 100,000 responses in 31.7 s',
    '  with a peak RSS of about 1.2 GB, most of it the rank check. Version 2 (the cell key method, packages/disclosure)',
    '  needs no cross-cell search: each item is one pass over its groups (threshold, merge, perturbation table lookup),',
    '  so the build is reading and scoring the responses, one pass per item, sorting and inserting the cells.',
    '- Cells: "divers / keine Angabe" is a gender column only city-wide now, so a release has fewer rows.',
    '- Builds run in the worker (pg-boss job); right after a build the worker writes the export files once and stores',
    '  them in PostgreSQL in 1 MB parts (CSV gzip-compressed). Downloads stream the stored parts: no API process runs',
    '  the XLSX writer, so four parallel downloads cost the event loop almost nothing.',
    '- Report answers are compressed once per release and encoding (brotli or gzip) and revalidated by ETag, so the',
    '  school overview of a large city (4.5 MB of JSON) crosses the wire as about 100 kB without compressing it again.',
    '- Report requests read cached JSON of the frozen release (computed once per release and request); the school',
    '  overview of a large city is several MB, so its time is mostly transfer.',
    '- CSV export: the build runs `analyze report_cell`, so a cold export walks the primary key instead of sorting a whole',
    '  release per page.',
  );
  return `${lines.join('\n')}\n`;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
