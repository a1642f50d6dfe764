/**
 * Backup and restore as the README describes it: pg_dump of a live database, pg_restore into a
 * fresh one, and the platform on the restored database serves the same release and rebuilds an
 * identical one. The embedded PostgreSQL ships no pg_dump, and Debian 12's tools are version 15
 * (pg_dump refuses newer servers), so this test runs its own throw-away PostgreSQL 15 from
 * Debian's packages (`scripts/ensure-pg-tools.mjs` installs them on a fresh machine).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../src/app.ts';
import { parseConfig } from '../src/config.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { TEST_SECRET } from './helpers.ts';
import { answersFor, parseCsv, reportCity, seeded } from './report-scenarios.ts';

const bin = process.env.PG_TOOLS_BIN ?? '/usr/lib/postgresql/15/bin';
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** Runs a PostgreSQL tool; as root, as the postgres user (initdb and postgres refuse root). */
function tool(name: string, args: string[]) {
  const cmd = isRoot ? 'runuser' : `${bin}/${name}`;
  const argv = isRoot ? ['-u', 'postgres', '--', `${bin}/${name}`, ...args] : args;
  return execFileSync(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

async function appOn(url: string): Promise<App> {
  const app = await buildApp({
    // Release builds and export files run in this process.
    config: parseConfig({ UWE_UI_DIR: '/nonexistent', UWE_WORKER: 'inline' }),
    databaseUrl: url,
    secret: TEST_SECRET,
  });
  await migrateToLatest(app.db);
  await app.ready();
  return app;
}

describe('backup with pg_dump and pg_restore', () => {
  let dir: string;
  let base: string;

  beforeAll(async () => {
    if (!existsSync(`${bin}/pg_dump`)) {
      throw new Error(`pg_dump not found in ${bin}: run node scripts/ensure-pg-tools.mjs (pnpm test does)`);
    }
    dir = mkdtempSync(path.join(tmpdir(), 'uwe-backup-'));
    chmodSync(dir, 0o777);
    const port = await freePort();
    tool('initdb', ['-D', `${dir}/data`, '-A', 'trust', '-U', 'postgres', '--no-sync']);
    tool('pg_ctl', [
      '-D',
      `${dir}/data`,
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
      '-w',
      '-l',
      `${dir}/log`,
      'start',
    ]);
    base = `postgres://postgres@127.0.0.1:${port}`;
    const client = new pg.Client({ connectionString: `${base}/postgres` });
    await client.connect();
    await client.query('create database original');
    await client.query('create database restored');
    await client.end();
  }, 60_000);

  afterAll(() => {
    if (!dir) return;
    spawnSync(isRoot ? 'runuser' : `${bin}/pg_ctl`, [
      ...(isRoot ? ['-u', 'postgres', '--', `${bin}/pg_ctl`] : []),
      '-D',
      `${dir}/data`,
      '-m',
      'immediate',
      'stop',
    ]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('restores a dump into a fresh database that serves and rebuilds the identical release', async () => {
    const original = await appOn(`${base}/original`);
    let csvBefore: string;
    let waveId: string;
    try {
      const city = await reportCity(original);
      const rand = seeded(3);
      const wave = await city.admin.wave({ name: 'Welle Sicherung', grades: [7, 9] });
      waveId = wave.id;
      const sr = await city.admin.sozialraum({ name: 'Sicherungsraum' });
      for (let s = 0; s < 3; s++) {
        const school = await city.admin.school(sr.id, { name: `Sicherungsschule ${s}`, type: 'gesamtschule' });
        const kids = Array.from({ length: 14 + s * 5 }, (_, i) => ({
          grade: 7 as const,
          answers: answersFor(7, rand, { gender: i % 2 ? 'f' : 'm' }),
        }));
        await city.surveyClass(wave.id, school.id, kids);
      }
      await city.release(wave.id);
      const res = await city.inject('GET', `/api/reports/waves/${wave.id}/export.csv`);
      expect(res.statusCode).toBe(200);
      csvBefore = res.body;
      expect(parseCsv(csvBefore).rows.some((r) => r.value !== null)).toBe(true);
    } finally {
      await original.close();
    }

    // The README's commands: a custom-format dump, restored into an empty database.
    const dump = path.join(dir, 'uwe.dump');
    tool('pg_dump', ['--format=custom', `--file=${dump}`, `${base}/original`]);
    tool('pg_restore', ['--no-owner', `--dbname=${base}/restored`, dump]);

    const restored = await appOn(`${base}/restored`);
    try {
      const city = await reportCity(restored);
      // The stored release reads back byte for byte …
      const res = await city.inject('GET', `/api/reports/waves/${waveId}/export.csv`);
      expect(res.statusCode).toBe(200);
      expect(res.body).toBe(csvBefore);
      // … and a release rebuilt from the restored answers is identical.
      const rebuilt = await city.release(waveId);
      expect(rebuilt.number).toBe(2);
      const again = await city.inject('GET', `/api/reports/waves/${waveId}/export.csv?release=2`);
      expect(again.body).toBe(csvBefore);
    } finally {
      await restored.close();
    }
  }, 120_000);
});
