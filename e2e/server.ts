// Starts the platform for the browser tests: a fresh embedded PostgreSQL in a temporary folder,
// the demo city, and the API serving the built front end, on real HTTP. The database URL is
// written to test-results/e2e-db.json so tests can check what reached the database.
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmbeddedPostgres } from '../apps/api/scripts/start-embedded-postgres.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const dataDir = mkdtempSync(path.join(tmpdir(), 'uwe-e2e-'));
// PostgreSQL runs as its own user when we are root and must be able to enter the folder.
chmodSync(dataDir, 0o755);

const pg = await startEmbeddedPostgres(path.join(dataDir, 'db'), { ephemeral: true });
const { url } = pg;
mkdirSync(path.join(root, 'test-results'), { recursive: true });
writeFileSync(path.join(root, 'test-results/e2e-db.json'), JSON.stringify({ url }));

const api = spawn(path.join(root, 'apps/api/node_modules/.bin/tsx'), ['src/server.ts'], {
  cwd: path.join(root, 'apps/api'),
  stdio: 'inherit',
  env: {
    ...process.env,
    PORT: process.env.E2E_PORT ?? '3210',
    HOST: '127.0.0.1',
    DATABASE_URL: url,
    UWE_DATA_DIR: dataDir,
    UWE_DEMO: '1',
    UWE_ADMIN_EMAIL: 'e2e-admin@example.org',
    UWE_ADMIN_PASSWORD: 'e2e-admin-password',
    LOG_LEVEL: 'warn',
  },
});

let stopping = false;
const stop = (signal: NodeJS.Signals) => {
  if (stopping) return;
  stopping = true;
  api.kill(signal);
};
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
api.on('exit', (code) => {
  pg.stop().finally(() => {
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(code ?? 0);
  });
});
