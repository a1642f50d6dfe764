// Beyond one process (issue 15): saving answers at 300 req/s idle and while a 100,000-response
// release builds in the worker, and saving at saturation with one and with two API processes on one
// PostgreSQL. Starts its own ephemeral embedded PostgreSQL, API process A (with its worker child)
// and, later, API process B (UWE_WORKER=off), all in production mode. Writes
// bench/results/scale.json and scale.md, and the section "Beyond one process" of summary.md.
// `pnpm bench:scale`; BENCH_QUICK=1 for a short run (10,000 responses, shorter loads).
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { startEmbeddedPostgres } from '../apps/api/scripts/start-embedded-postgres.mjs';
import { migrateToLatest } from '../apps/api/src/db/migrate.ts';
import { connect } from '../apps/api/src/db/pool.ts';
import { seedSyntheticResponses } from '../apps/api/src/seed/synthetic-responses.ts';
import { exampleResponse, uwe2026 } from '../packages/schema/src/index.ts';
import { buildApi, freePort, root, rssMb, waitFor, workerPid } from './support.ts';

const resultsDir = path.join(root, 'bench/results');
const quick = process.env.BENCH_QUICK === '1';
const RELEASE_SIZE = quick ? 10_000 : 100_000;
const LOAD_SECONDS = quick ? 8 : 20;
const SEATS = 400;
const ADMIN = { email: 'bench-admin@example.org', password: 'bench-admin-password' };
const t0 = Date.now();
const log = (m: string) => console.log(`[scale ${((Date.now() - t0) / 1000).toFixed(1).padStart(5)} s] ${m}`);

const children = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of children) c.kill('SIGKILL');
});
setTimeout(() => {
  console.error('bench scale: time limit (20 min) reached, stopping');
  process.exit(1);
}, 20 * 60_000).unref();

async function startApi(
  databaseUrl: string,
  dataDir: string,
  secret: string,
  worker: 'process' | 'off',
  nodeArgs: string[] = [],
) {
  const port = await freePort();
  const child = spawn(process.execPath, [...nodeArgs, '--enable-source-maps', 'dist/server.js'], {
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
      UWE_SECRET: secret,
      UWE_DEMO: '0',
      UWE_WORKER: worker,
      UWE_ADMIN_EMAIL: ADMIN.email,
      UWE_ADMIN_PASSWORD: ADMIN.password,
    },
  });
  children.add(child);
  const base = `http://127.0.0.1:${port}`;
  await waitFor(`${base}/api/health`);
  return { child, base };
}

type Summary = { rps: number; p50: number; p99: number; non2xx: number; errors: number };
const summarise = (r: autocannon.Result): Summary => ({
  rps: Math.round(r.requests.average),
  p50: r.latency.p50,
  p99: r.latency.p99,
  non2xx: r.non2xx,
  errors: r.errors + r.timeouts,
});

/** PUT /api/pupil/response with full grade-7 answers, each seat with a rising revision. */
function saves(base: string, tokens: string[], revisions: number[], variants: string[], opts: object) {
  let i = 0;
  return new Promise<autocannon.Result>((resolve, reject) => {
    autocannon(
      {
        url: base,
        timeout: 10,
        ...opts,
        requests: [
          {
            method: 'PUT',
            path: '/api/pupil/response',
            setupRequest(req) {
              const s = i++ % tokens.length;
              const revision = ++revisions[s]!;
              req.body = `{"answers":${variants[s % variants.length]},"language":"de","page":${1 + (revision % 12)},"revision":${revision},"complete":false}`;
              req.headers = { 'content-type': 'application/json', authorization: `Bearer ${tokens[s]}` };
              return req;
            },
          },
        ],
      },
      (err, res) => (err ? reject(err) : resolve(res)),
    );
  });
}

async function main() {
  buildApi();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'uwe-bench-scale-'));
  chmodSync(dataDir, 0o755);
  const pg = await startEmbeddedPostgres(path.join(dataDir, 'db'), { ephemeral: true });
  children.add(pg.process);
  const db = connect(pg.url);
  await migrateToLatest(db as unknown as Parameters<typeof migrateToLatest>[0]);
  const secret = randomBytes(36).toString('base64url');

  // A small city for the saves and a big closed wave for the release.
  const area = await db
    .insertInto('sozialraum')
    .values({ name: 'Bench-Mitte' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const areas = await db
    .insertInto('sozialraum')
    .values(Array.from({ length: 40 }, (_, i) => ({ name: `Bench-Raum ${i + 1}` })))
    .returning('id')
    .execute();
  await db
    .insertInto('school')
    .values(
      Array.from({ length: 150 }, (_, i) => ({
        name: `Bench-Schule ${i + 1}`,
        sozialraum_id: areas[i % areas.length]!.id,
        type: i < 100 ? ('grundschule' as const) : ('gesamtschule' as const),
      })),
    )
    .execute();
  const school = await db
    .insertInto('school')
    .values({ name: 'Bench-Gesamtschule', sozialraum_id: area.id, type: 'gesamtschule' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const wave = (name: string, status: 'in_field' | 'closed') =>
    db
      .insertInto('wave')
      .values({
        name,
        instrument_id: 'uwe-2026',
        grades: [4, 7, 9],
        starts_on: '2026-01-01',
        ends_on: '2026-12-31',
        status,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
  const liveWave = await wave('Bench in field', 'in_field');
  const bigWave = await wave(`Bench release ${RELEASE_SIZE}`, 'closed');
  log(`seeding ${RELEASE_SIZE} synthetic responses for the release …`);
  await seedSyntheticResponses(db, { waveId: bigWave.id, responses: RELEASE_SIZE, seed: 15 });

  const a = await startApi(pg.url, dataDir, secret, 'process');
  const login = await fetch(`${a.base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  const sessions: { code: string }[] = [];
  for (let s = 0; s < SEATS / 40; s++) {
    const r = await fetch(`${a.base}/api/sessions`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({
        waveId: liveWave.id,
        schoolId: school.id,
        grade: 7,
        classLabel: `Bench ${s + 1}`,
        expectedPupils: 40,
      }),
    });
    if (r.status !== 201) throw new Error(`open session: ${r.status} ${await r.text()}`);
    sessions.push((await r.json()) as { code: string });
  }
  const tokens: string[] = [];
  for (let i = 0; i < SEATS; i++) {
    const r = await fetch(`${a.base}/api/pupil/join`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: sessions[Math.floor(i / 40)]!.code }),
    });
    if (r.status !== 201) throw new Error(`join: ${r.status}`);
    tokens.push(((await r.json()) as { token: string }).token);
  }
  let seed = 7;
  const variants = Array.from({ length: 20 }, () =>
    JSON.stringify(
      exampleResponse(uwe2026, 7, (n) => {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        return Math.floor((seed / 2147483648) * n);
      }),
    ),
  );
  const revisions = new Array<number>(SEATS).fill(0);
  log('warm-up …');
  await saves(a.base, tokens, revisions, variants, { connections: 50, amount: SEATS * 2 });

  log('300 req/s, idle …');
  const idle = summarise(
    await saves(a.base, tokens, revisions, variants, { connections: 50, duration: LOAD_SECONDS, overallRate: 300 }),
  );

  const worker = await workerPid(a.child.pid!);
  /** Starts a release of the big wave; resolves when it is ready, with its time and the worker's peak RSS. */
  const timedBuild = async (whileBuilding?: () => Promise<void>) => {
    const started = await fetch(`${a.base}/api/reports/waves/${bigWave.id}/releases`, {
      method: 'POST',
      headers: { cookie },
    });
    if (started.status !== 202) throw new Error(`release: ${started.status} ${await started.text()}`);
    const { number } = (await started.json()) as { number: number };
    const buildStart = Date.now();
    // RSS samples with their time: the peak is taken up to the build's own finishing time, since the
    // worker goes straight on to write the release's export files (a job of its own, measured in
    // bench/releases.ts), and under load the status poll below sees "ready" only later.
    const samples: [number, number][] = [];
    const sampler = setInterval(() => {
      samples.push([Date.now(), rssMb(worker)]);
    }, 50);
    // Wait until the worker is busy with the build before measuring.
    for (let i = 0; i < 100; i++) {
      const r = (await (
        await fetch(`${a.base}/api/reports/waves/${bigWave.id}/releases/${number}`, { headers: { cookie } })
      ).json()) as { progress: number };
      if (r.progress > 0) break;
      await new Promise((res) => setTimeout(res, 100));
    }
    await whileBuilding?.();
    let seconds = 0;
    let finishedAt = 0;
    for (;;) {
      const r = (await (
        await fetch(`${a.base}/api/reports/waves/${bigWave.id}/releases/${number}`, { headers: { cookie } })
      ).json()) as { status: string; error: string | null; finishedAt: string | null };
      if (r.status === 'ready') {
        finishedAt = Date.parse(r.finishedAt!);
        seconds = (finishedAt - buildStart) / 1000;
        break;
      }
      if (r.status === 'failed') throw new Error(`release failed: ${r.error}`);
      await new Promise((res) => setTimeout(res, 200));
    }
    clearInterval(sampler);
    const peak = Math.max(0, ...samples.filter(([t]) => t <= finishedAt).map(([, mb]) => mb));
    log(`  build ${seconds.toFixed(1)} s, worker peak RSS ${peak.toFixed(0)} MB`);
    // The worker goes on writing the release's export files; let it finish before measuring on.
    for (let i = 0; i < 600; i++) {
      const n = await db
        .selectFrom('release_file')
        .select('kind')
        .where(
          'release_id',
          'in',
          db.selectFrom('report_release').select('id').where('number', '=', number).where('wave_id', '=', bigWave.id),
        )
        .execute();
      if (n.length >= 3) break;
      await new Promise((res) => setTimeout(res, 500));
    }
    return { seconds, peak };
  };

  log(`the worker builds the release of ${RELEASE_SIZE}, nothing else running …`);
  const alone = await timedBuild();

  log(`300 req/s while the worker builds the release of ${RELEASE_SIZE} again …`);
  let duringBuild: ReturnType<typeof summarise> | undefined;
  const loaded = await timedBuild(async () => {
    duringBuild = summarise(
      await saves(a.base, tokens, revisions, variants, { connections: 50, duration: LOAD_SECONDS, overallRate: 300 }),
    );
  });
  const buildSeconds = loaded.seconds;
  const workerPeak = loaded.peak;
  const buildStillRunning = buildSeconds > LOAD_SECONDS;

  log('saturation, one API process …');
  const one = summarise(await saves(a.base, tokens, revisions, variants, { connections: 100, duration: LOAD_SECONDS }));

  log('saturation, two API processes (B started with UWE_WORKER=off) …');
  const b = await startApi(pg.url, dataDir, secret, 'off');
  await saves(b.base, tokens, revisions, variants, { connections: 50, amount: SEATS });
  // Each process gets its own half of the seats, so no two requests race for one seat's revision.
  const half = SEATS / 2;
  const [ra, rb] = await Promise.all([
    saves(a.base, tokens.slice(0, half), revisions.slice(0, half), variants, {
      connections: 50,
      duration: LOAD_SECONDS,
    }),
    saves(b.base, tokens.slice(half), revisions.slice(half), variants, { connections: 50, duration: LOAD_SECONDS }),
  ]);
  const two = { a: summarise(ra), b: summarise(rb), rps: Math.round(ra.requests.average + rb.requests.average) };
  await stopChild(b.child);

  log('profile of the save path: API process C with --cpu-prof, saturation …');
  const profDir = path.join(dataDir, 'prof');
  const c = await startApi(pg.url, dataDir, secret, 'off', ['--cpu-prof', `--cpu-prof-dir=${profDir}`]);
  await saves(c.base, tokens, revisions, variants, { connections: 50, amount: SEATS });
  const profiled = summarise(
    await saves(c.base, tokens, revisions, variants, { connections: 100, duration: LOAD_SECONDS }),
  );
  await stopChild(c.child);
  const profile = summariseProfile(profDir);

  for (const c of children) if (c !== pg.process) c.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 1000));
  await db.destroy();
  await pg.stop();
  rmSync(dataDir, { recursive: true, force: true });

  const result = {
    date: new Date().toISOString(),
    machine: `${os.cpus().length}× ${os.cpus()[0]?.model ?? 'CPU'} · ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB · Node ${process.version}`,
    quick,
    releaseSize: RELEASE_SIZE,
    loadSeconds: LOAD_SECONDS,
    idle,
    duringBuild: duringBuild!,
    buildAlone: { seconds: alone.seconds, workerPeakRssMb: Math.round(alone.peak) },
    build: { seconds: buildSeconds, workerPeakRssMb: Math.round(workerPeak), stillRunningAfterLoad: buildStillRunning },
    saturation: { one, two, ratio: Math.round((two.rps / Math.max(1, one.rps)) * 100) / 100 },
    profile: { ...profile, load: profiled },
  };
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(path.join(resultsDir, 'scale.json'), `${JSON.stringify(result, null, 2)}\n`);
  const md = markdown(result);
  writeFileSync(path.join(resultsDir, 'scale.md'), md);
  const summaryFile = path.join(resultsDir, 'summary.md');
  let summary = '';
  try {
    summary = readFileSync(summaryFile, 'utf8');
  } catch {}
  const [before, rest = ''] = summary.split('## Beyond one process');
  const after = rest.includes('\n## ') ? rest.slice(rest.indexOf('\n## ') + 1) : '';
  writeFileSync(summaryFile, `${before!.trimEnd()}\n\n${md}${after ? `\n${after}` : ''}`);
  log('written bench/results/scale.json and scale.md');
  process.exit(0);
}

async function stopChild(child: ChildProcess) {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
  children.delete(child);
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string } }[];
  samples: number[];
  timeDeltas: number[];
}

/** Self time of the API's main thread by where the code lives (a package, Node itself, our code). */
function summariseProfile(dir: string) {
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) return { totalMs: 0, byPlace: [] as { place: string; ms: number; share: number }[], top: [] as string[] };
  const prof = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as CpuProfile;
  const nodes = new Map(prof.nodes.map((n) => [n.id, n.callFrame]));
  const byPlace = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let total = 0;
  prof.samples.forEach((id, i) => {
    const ms = (prof.timeDeltas[i] ?? 0) / 1000;
    const frame = nodes.get(id);
    if (!frame) return;
    total += ms;
    const url = frame.url;
    const pkg = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
    const place =
      frame.functionName === '(idle)'
        ? '(idle: waiting for PostgreSQL or the network)'
        : frame.functionName === '(garbage collector)'
          ? '(garbage collector)'
          : pkg
            ? pkg
            : url.startsWith('node:') || url === ''
              ? '(Node.js internals: HTTP, streams, crypto, JSON)'
              : 'apps/api bundle (our code with @uwe/schema: routes, seat check, answer validation)';
    byPlace.set(place, (byPlace.get(place) ?? 0) + ms);
    const fn = `${frame.functionName || '(anonymous)'} ${url.split('/').slice(-2).join('/')}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + ms);
  });
  const round = (x: number) => Math.round(x);
  return {
    totalMs: round(total),
    byPlace: [...byPlace]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 12)
      .map(([place, ms]) => ({ place, ms: round(ms), share: Math.round((ms / total) * 1000) / 10 })),
    top: [...byFunction]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 12)
      .map(([fn, ms]) => `${fn.trim()} ${Math.round((ms / total) * 1000) / 10} %`),
  };
}

function markdown(r: {
  date: string;
  machine: string;
  releaseSize: number;
  loadSeconds: number;
  idle: Summary;
  duringBuild: Summary;
  /** The same release built with nothing else running (issue 13's target: < 15 s, < 600 MB). */
  buildAlone: { seconds: number; workerPeakRssMb: number };
  build: { seconds: number; workerPeakRssMb: number; stillRunningAfterLoad: boolean };
  saturation: { one: Summary; two: { a: Summary; b: Summary; rps: number }; ratio: number };
  profile: ReturnType<typeof summariseProfile> & { load: Summary };
}) {
  const yes = (ok: boolean) => (ok ? 'yes' : '**no**');
  const line = (s: Summary) =>
    `${s.rps} req/s, p50 ${s.p50} ms, p99 ${s.p99} ms, non-2xx ${s.non2xx}, errors ${s.errors}`;
  const p99Ratio = Math.round((r.duringBuild.p99 / Math.max(1, r.idle.p99)) * 100) / 100;
  return `${[
    '## Beyond one process',
    '',
    `${r.date} · ${r.machine} · bench/scale.ts. PostgreSQL, the API processes, the worker and the load generator share the same cores.`,
    '',
    '| Measure | Result | Target | Met? |',
    '|---|---|---|---|',
    `| Release of ${r.releaseSize.toLocaleString('en')} responses, built by the worker with nothing else running | ${r.buildAlone.seconds.toFixed(1)} s, worker peak RSS ${r.buildAlone.workerPeakRssMb} MB | < 15 s, < 600 MB | ${yes(r.buildAlone.seconds < 15 && r.buildAlone.workerPeakRssMb < 600)} |`,
    `| Saving answers at 300 req/s, idle (${r.loadSeconds} s, 50 conn.) | ${line(r.idle)} | — |  |`,
    `| Saving answers at 300 req/s while the worker builds a release of ${r.releaseSize.toLocaleString('en')} | ${line(r.duringBuild)} (build ${r.build.seconds.toFixed(1)} s${r.build.stillRunningAfterLoad ? ', running during the whole load' : ', finished before the load ended'}; worker peak RSS ${r.build.workerPeakRssMb} MB) | p99 ≤ 1.5 × idle | ${yes(p99Ratio <= 1.5)} (${p99Ratio}×) |`,
    `| Saturation, one API process (100 conn.) | ${line(r.saturation.one)} | — |  |`,
    `| Saturation, two API processes (50 conn. each) | ${r.saturation.two.rps} req/s (A: ${line(r.saturation.two.a)}; B: ${line(r.saturation.two.b)}) | ≥ 1.6 × one process | ${yes(r.saturation.ratio >= 1.6)} (${r.saturation.ratio}×) |`,
    '',
    'Where the ceiling is: on two cores PostgreSQL, both API processes and autocannon compete for the same CPUs,',
    "so a second API process mostly moves work around; the ratio says how much of one process's time was",
    'JavaScript that a second core could take. On a real server the API processes get cores of their own and',
    'PostgreSQL the rest (see "Sizing" in the README).',
    '',
    '### Saving answers: where the time goes',
    '',
    `A separate API process under \`--cpu-prof\` at saturation (${line(r.profile.load)}); self time of its main thread, ${r.profile.totalMs} ms sampled:`,
    '',
    '| Where | Share |',
    '|---|---|',
    ...r.profile.byPlace.map((p) => `| ${p.place} | ${p.share} % |`),
    '',
    `Hottest functions: ${r.profile.top.join('; ')}.`,
  ].join('\n')}\n`;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
