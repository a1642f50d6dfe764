// Times one release build in-process, split into computing and storing, with CPU time beside wall time
// (a shared machine inflates wall time): `cd apps/api && node --import tsx ../../bench/prof-release.ts 10000`
// (add --cpu-prof for a profile).
import { chmodSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../apps/api/scripts/start-embedded-postgres.mjs';
import { migrateToLatest } from '../apps/api/src/db/migrate.ts';
import { connect } from '../apps/api/src/db/pool.ts';
import * as repo from '../apps/api/src/reports/reports.repository.ts';
import { computeRelease } from '../apps/api/src/reports/reports.service.ts';
import { seedSyntheticResponses } from '../apps/api/src/seed/synthetic-responses.ts';

/** CPU milliseconds spent so far by the processes under `root` (the embedded PostgreSQL), reaped ones included. */
function treeCpuMs(root: number): number {
  const walk = (pid: number): number => {
    let total = 0;
    try {
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      // utime, stime, cutime, cstime are fields 14–17 (index 11–14 after the command).
      total = Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
      for (const c of readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/)) {
        if (c) total += walk(Number(c));
      }
    } catch {}
    return total;
  };
  return walk(root) * 10; // USER_HZ = 100
}

async function main() {
  const N = Number(process.argv[2] ?? 10000);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'prof-'));
  chmodSync(dir, 0o755);
  const server = await startEmbeddedPostgres(path.join(dir, 'db'), { ephemeral: true });
  const db = connect(server.url);
  await migrateToLatest(db as never);
  const srs = await db
    .insertInto('sozialraum')
    .values(Array.from({ length: 40 }, (_, i) => ({ name: `SR ${i}` })))
    .returning('id')
    .execute();
  await db
    .insertInto('school')
    .values(
      Array.from({ length: 150 }, (_, i) => ({
        name: `S ${i}`,
        sozialraum_id: srs[i % 40]!.id,
        type: i < 100 ? ('grundschule' as const) : ('gesamtschule' as const),
      })),
    )
    .execute();
  const w = await db
    .insertInto('wave')
    .values({
      name: 'W',
      instrument_id: 'uwe-2026',
      grades: [4, 7, 9],
      starts_on: '2026-02-01',
      ends_on: '2026-03-31',
      status: 'closed',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await seedSyntheticResponses(db, { waveId: w.id, responses: N, seed: 1 });
  const rel = await repo.insertRelease(db, w.id, null as never);
  const pgPid = server.process.pid!;
  let pg0 = treeCpuMs(pgPid);
  let t = Date.now();
  const cpu0 = process.cpuUsage();
  const built = await computeRelease(db, w.id, {});
  const c1 = process.cpuUsage(cpu0);
  console.log(
    'compute',
    Date.now() - t,
    'ms wall',
    ((c1.user + c1.system) / 1000).toFixed(0),
    'ms cpu',
    built.cells.length,
    'cells',
    'rss',
    (process.memoryUsage().rss / 2 ** 20).toFixed(0),
    'postgres cpu',
    treeCpuMs(pgPid) - pg0,
  );
  pg0 = treeCpuMs(pgPid);
  t = Date.now();
  const cpu1 = process.cpuUsage();
  await repo.completeRelease(db, rel.id, built.cells, {
    responses: built.responses,
    config: {},
    makeCurrent: true,
    waveId: w.id,
  });
  const c2 = process.cpuUsage(cpu1);
  console.log(
    'store',
    Date.now() - t,
    'ms wall',
    ((c2.user + c2.system) / 1000).toFixed(0),
    'ms cpu',
    'postgres cpu',
    treeCpuMs(pgPid) - pg0,
  );
  await db.destroy();
  await server.stop();
  process.exit(0);
}
main();
