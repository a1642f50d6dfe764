import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from './helpers.ts';

const run = promisify(execFile);
const apiDir = fileURLToPath(new URL('..', import.meta.url));
// A folder of its own, so a test run never touches the dist/ that `pnpm start` runs.
const outName = `dist-test-${randomBytes(4).toString('hex')}`;
const outDir = path.join(apiDir, outName);
const manifest = JSON.parse(readFileSync(path.join(apiDir, 'package.json'), 'utf8'));

beforeAll(async () => {
  await run(process.execPath, ['--import', 'tsx', 'scripts/build.ts', '--outdir', outName], { cwd: apiDir });
}, 60_000);
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

/** Every module specifier the compiled files import (static and dynamic). */
function importedSpecifiers(): string[] {
  const out = new Set<string>();
  for (const file of readdirSync(outDir).filter((f) => f.endsWith('.js'))) {
    const text = readFileSync(path.join(outDir, file), 'utf8');
    // esbuild writes static imports as whole lines at the top of a file and keeps dynamic ones as import("…").
    for (const m of text.matchAll(/^(?:import|export)\b[^;]*?"([^"]+)";$|\bimport\("([^"]+)"\)/gm)) {
      out.add(m[1] ?? m[2] ?? '');
    }
  }
  return [...out];
}

function startServer(
  env: Record<string, string>,
): Promise<{ child: ChildProcess; baseUrl: string; output: () => string }> {
  const child = spawn(process.execPath, ['--enable-source-maps', `${outName}/server.js`], {
    cwd: apiDir,
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', LOG_LEVEL: 'warn', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (out += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`compiled server did not start:\n${out}`)), 45_000);
    child.stdout?.on('data', () => {
      const m = /running at (http:\/\/\S+?)\/?\s/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve({ child, baseUrl: m[1], output: () => out });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`compiled server exited with ${code}:\n${out}`));
    });
  });
}

describe('the compiled API (scripts/build.ts)', () => {
  it('writes one JavaScript file per program, with source maps, flat in its folder', () => {
    const files = readdirSync(outDir);
    for (const program of ['server', 'worker', 'migrate', 'seed-responses']) {
      expect(files).toContain(`${program}.js`);
      expect(files).toContain(`${program}.js.map`);
    }
    expect(files.every((f) => !f.includes('/'))).toBe(true);
  });

  it('imports only Node built-ins, its own chunks and runtime dependencies: no TypeScript, no tsx', () => {
    const runtime = new Set(Object.keys(manifest.dependencies));
    for (const spec of importedSpecifiers()) {
      if (spec.startsWith('./')) {
        expect(existsSync(path.join(outDir, spec)), spec).toBe(true);
        continue;
      }
      if (spec.startsWith('node:') || builtinModules.includes(spec)) continue;
      if (spec === '#embedded-postgres') continue;
      const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : (spec.split('/')[0] ?? spec);
      expect(runtime.has(name), `${spec} is not a runtime dependency`).toBe(true);
    }
  });

  it('runs with plain node: migrates the database, starts its worker, answers, and stops on SIGTERM', async () => {
    const databaseUrl = await createTestDatabase();
    const { child, baseUrl, output } = await startServer({
      DATABASE_URL: databaseUrl,
      UWE_SECRET: 'compiled-server-secret-0123456789abcdef',
      UWE_DEMO: '0',
      UWE_UI_DIR: '/nonexistent',
    });
    try {
      expect(await (await fetch(`${baseUrl}/api/health`)).json()).toEqual({ status: 'ok', db: 'ok' });
      const docs = (await (await fetch(`${baseUrl}/api/docs/json`)).json()) as { paths: object };
      expect(docs.paths).toHaveProperty('/api/pupil/join');
      // The Swagger UI's own files are read from its package at run time.
      expect((await fetch(`${baseUrl}/api/docs/static/index.html`)).status).toBe(200);
      const migrate = await run(process.execPath, [`${outName}/migrate.js`], {
        cwd: apiDir,
        env: { PATH: process.env.PATH ?? '', DATABASE_URL: databaseUrl },
      });
      expect(migrate.stdout).toContain('Database is up to date.');
      // UWE_WORKER=process (the default): the server forked the compiled worker beside it.
      await expect.poll(output, { timeout: 20_000 }).toContain('"msg":"worker started"');
    } finally {
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  }, 60_000);
});
