import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const apiDir = fileURLToPath(new URL('..', import.meta.url));
const tsx = path.join(apiDir, 'node_modules/.bin/tsx');
const dataDir = mkdtempSync(path.join(tmpdir(), 'uwe-server-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

interface Running {
  child: ChildProcess;
  output: () => string;
  baseUrl: string;
}

function start(env: Record<string, string>): Promise<Running> {
  const child = spawn(tsx, ['src/server.ts'], {
    cwd: apiDir,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (out += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 45_000);
    child.stdout?.on('data', () => {
      const m = /running at (http:\/\/\S+?)\/?\s/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve({ child, output: () => out, baseUrl: m[1] });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${out}`));
    });
  });
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

function postgresRunningIn(dir: string): boolean {
  const ps = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' });
  return ps.split('\n').some((line) => line.includes('postgres') && line.includes(dir));
}

const env = {
  UWE_DATA_DIR: dataDir,
  PORT: '0',
  UWE_ADMIN_EMAIL: 'leitung@example.org',
  UWE_ADMIN_PASSWORD: 'erste-admin-2026',
};

async function loginStatus(baseUrl: string, email: string, password: string) {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  return res.status;
}

describe('the API server with an embedded PostgreSQL', () => {
  it('starts with nothing but the admin set, seeds the demo city, and stops PostgreSQL on SIGTERM', async () => {
    const s = await start(env);
    expect(s.output()).toContain('(first start)');
    expect(s.output()).toContain('admin@musterstadt.example');
    expect((await fetch(`${s.baseUrl}/api/health`)).status).toBe(200);
    expect(await loginStatus(s.baseUrl, 'leitung@example.org', 'erste-admin-2026')).toBe(200);
    expect(await loginStatus(s.baseUrl, 'lehrkraft@musterstadt.example', 'uwe-demo-2026')).toBe(200);
    expect(postgresRunningIn(dataDir)).toBe(true);
    expect(await stop(s.child)).toBe(0);
    expect(postgresRunningIn(dataDir)).toBe(false);
  }, 90_000);

  it('keeps its data across a restart', async () => {
    const s = await start(env);
    try {
      expect(s.output()).not.toContain('(first start)');
      expect(await loginStatus(s.baseUrl, 'leitung@example.org', 'erste-admin-2026')).toBe(200);
      // The demo city is not seeded twice, but its logins are shown again.
      expect(s.output()).toContain('admin@musterstadt.example');
    } finally {
      expect(await stop(s.child)).toBe(0);
    }
  }, 90_000);

  it('exits with code 1 and names the variable when the configuration is bad', async () => {
    await expect(start({ ...env, PORT: 'achtzig' })).rejects.toThrow(/exited with 1[\s\S]*PORT/);
  }, 30_000);
});
